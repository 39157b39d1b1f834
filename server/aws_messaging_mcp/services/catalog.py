"""List, describe and compare services, from the knowledge data alone."""

from collections.abc import Sequence
from typing import get_args

from aws_messaging_mcp.errors import InputError, UnknownIdError
from aws_messaging_mcp.knowledge import loader
from aws_messaging_mcp.knowledge.models import (
    DIMENSION_NAMES,
    FACT_TOPICS,
    Limit,
    Service,
    Source,
)
from aws_messaging_mcp.services.models import (
    CompareDimension,
    Comparison,
    ComparisonRow,
    FactsTopic,
    ServiceFacts,
    ServiceList,
    ServiceSummary,
    SourcedStatement,
    Verdict,
)

SECTION_TOPICS = (
    "summary",
    "dimensions",
    "limits",
    "delivery",
    "ordering",
    "protocols",
    "integrations",
    "pricing",
    "anti-patterns",
    "variants",
)
ALL_TOPICS = tuple(dict.fromkeys(SECTION_TOPICS + FACT_TOPICS))
COMPARE_DIMENSIONS: tuple[CompareDimension, ...] = get_args(CompareDimension)
NOT_APPLICABLE = "not applicable"


def summarize(service: Service) -> ServiceSummary:
    return ServiceSummary(
        id=service.id,
        name=service.name,
        category=service.category,
        summary=service.summary,
    )


def list_services() -> ServiceList:
    return ServiceList(
        services=[summarize(service) for service in loader.services().values()]
    )


def format_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def describe_limit(limit: Limit) -> str:
    """A limit as a person reads it: '1,048,576 bytes (default 262,144)'."""
    text = f"{format_number(limit.value)} {limit.unit}"
    if limit.is_minimum:
        text = f"at least {text}"
    extras = []
    if limit.minimum is not None:
        extras.append(f"minimum {format_number(limit.minimum)}")
    if limit.default is not None:
        extras.append(f"default {format_number(limit.default)}")
    if extras:
        text += f" ({', '.join(extras)})"
    return f"{text}, {limit.scope}"


def statement(fact_id: str, topic: str, text: str, source: Source) -> SourcedStatement:
    return SourcedStatement(
        id=fact_id,
        topic=topic,
        text=text,
        source_url=source.url,
        checked_on=source.checked_on,
        source_note=source.note,
    )


def _section_statements(service: Service, topics: set[str]) -> list[SourcedStatement]:
    found = []
    if "delivery" in topics:
        found.append(
            statement(
                "delivery", "delivery", service.delivery.text, service.delivery.source
            )
        )
    if "ordering" in topics:
        found.append(
            statement(
                "ordering", "ordering", service.ordering.text, service.ordering.source
            )
        )
    if "pricing" in topics:
        found.append(
            statement(
                "pricing-model",
                "pricing",
                service.pricing_model.text,
                service.pricing_model.source,
            )
        )
    if "limits" in topics:
        found.extend(
            statement(
                limit.id,
                "limits",
                f"{limit.name}: {describe_limit(limit)}",
                limit.source,
            )
            for limit in service.limits
        )
    return found


def _check_topics(topics: Sequence[str] | None) -> set[str]:
    if not topics:
        return set(ALL_TOPICS)
    unknown = [topic for topic in topics if topic not in ALL_TOPICS]
    if unknown:
        raise UnknownIdError("topic", unknown[0], ALL_TOPICS)
    return set(topics)


def get_service_facts(
    service_id: str, topics: Sequence[FactsTopic | str] | None = None
) -> ServiceFacts:
    """The facts of one service, limited to `topics`, each with its source."""
    service = loader.service(service_id)
    wanted = _check_topics(topics)
    facts = _section_statements(service, wanted)
    facts.extend(
        statement(fact.id, fact.topic, fact.text, fact.source)
        for fact in service.facts
        if fact.topic in wanted
    )
    return ServiceFacts(
        service=summarize(service),
        topics=[topic for topic in ALL_TOPICS if topic in wanted],
        best_for=service.best_for if "summary" in wanted else [],
        differentiators=service.differentiators if "summary" in wanted else [],
        pick_when=service.pick_when if "summary" in wanted else None,
        anti_patterns=service.anti_patterns if "anti-patterns" in wanted else [],
        dimensions=(service.dimensions.model_dump() if "dimensions" in wanted else {}),
        protocols=service.protocols if "protocols" in wanted else [],
        integrations=service.integrations if "integrations" in wanted else [],
        limits=service.limits if "limits" in wanted else [],
        variants=service.variants if "variants" in wanted else [],
        facts=facts,
    )


def _limits_with(service: Service, prefix: str) -> list[Limit]:
    return [limit for limit in service.limits if limit.id.startswith(prefix)]


def _limit_cell(service: Service, prefix: str) -> str:
    limits = _limits_with(service, prefix)
    if not limits:
        return NOT_APPLICABLE
    return "; ".join(f"{limit.name}: {describe_limit(limit)}" for limit in limits)


def _cell(service: Service, dimension: CompareDimension) -> str:
    if dimension in DIMENSION_NAMES:
        value: str = getattr(service.dimensions, dimension)
        return value
    match dimension:
        case "max_message_size":
            return _limit_cell(service, "max-message-size")
        case "retention":
            return _limit_cell(service, "retention")
        case "throughput":
            return _limit_cell(service, "throughput")
        case "delivery":
            return service.delivery.text
        case "protocols":
            return ", ".join(service.protocols)
        case _:
            return service.pricing_model.text


def _check_services(service_ids: Sequence[str]) -> list[Service]:
    if not 2 <= len(service_ids) <= 6:
        raise InputError(
            f"compare 2 to 6 services, not {len(service_ids)}; list_services names them"
        )
    if len(set(service_ids)) != len(service_ids):
        raise InputError("each service may appear once in a comparison")
    return [loader.service(service_id) for service_id in service_ids]


def compare_services(
    service_ids: Sequence[str],
    dimensions: Sequence[CompareDimension | str] | None = None,
) -> Comparison:
    """A side-by-side table of 2 to 6 services, and when to pick each."""
    chosen = _check_services(service_ids)
    wanted = list(dimensions) if dimensions else list(COMPARE_DIMENSIONS)
    for dimension in wanted:
        if dimension not in COMPARE_DIMENSIONS:
            raise UnknownIdError("dimension", dimension, COMPARE_DIMENSIONS)
    rows = [
        ComparisonRow(
            dimension=dimension,
            values={service.id: _cell(service, dimension) for service in chosen},  # type: ignore[arg-type]
        )
        for dimension in wanted
    ]
    sources = sorted(
        {limit.source.url for service in chosen for limit in service.limits}
        | {service.dimensions_source.url for service in chosen}
    )
    return Comparison(
        services=[summarize(service) for service in chosen],
        rows=rows,
        verdicts=[
            Verdict(
                service=service.id,
                pick_when=service.pick_when,
                avoid_when=service.anti_patterns[0],
            )
            for service in chosen
        ],
        sources=sources,
    )
