"""Markdown views of the service data, for resources and the skill references."""

from aws_messaging_mcp.knowledge.models import Service, Source
from aws_messaging_mcp.services.catalog import describe_limit


def _cite(source: Source) -> str:
    return f"[source]({source.url}), checked {source.checked_on.isoformat()}"


def _bullets(items: list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def service_markdown(service: Service) -> str:
    """One service as a markdown page: purpose, dimensions, limits, facts."""
    lines = [f"# {service.name} (`{service.id}`)", "", service.summary, ""]
    lines += ["**Category:** " + service.category, ""]
    lines += ["## Best for", "", *_bullets(service.best_for), ""]
    lines += ["## Differentiators", "", *_bullets(service.differentiators), ""]
    lines += ["## Pick it when", "", service.pick_when, ""]
    lines += ["## Avoid it when", "", *_bullets(service.anti_patterns), ""]
    lines += ["## Messaging versus streaming dimensions", ""]
    lines += [
        f"- {name.replace('_', ' ')}: {value}"
        for name, value in service.dimensions.model_dump().items()
    ]
    lines += ["", f"Dimensions: {_cite(service.dimensions_source)}", ""]
    lines += ["## Guarantees", ""]
    lines += [f"- Delivery: {service.delivery.text} ({_cite(service.delivery.source)})"]
    lines += [f"- Ordering: {service.ordering.text} ({_cite(service.ordering.source)})"]
    lines += ["", "## Limits", "", "| limit | value | source |", "| --- | --- | --- |"]
    lines += [
        f"| {limit.name} | {describe_limit(limit)} | {_cite(limit.source)} |"
        for limit in service.limits
    ]
    lines += ["", "## Behaviours", ""]
    lines += [
        f"- **{fact.topic}**: {fact.text} ({_cite(fact.source)})"
        for fact in service.facts
    ]
    if service.variants:
        lines += ["", "## Variants", ""]
        lines += [
            f"- **{variant.name}**: {variant.text} ({_cite(variant.source)})"
            for variant in service.variants
        ]
    lines += ["", "## Protocols", "", *_bullets(service.protocols)]
    lines += ["", "## Integrations", "", *_bullets(service.integrations)]
    lines += ["", "## Pricing model", "", service.pricing_model.text]
    lines += ["", _cite(service.pricing_model.source), ""]
    return "\n".join(lines)
