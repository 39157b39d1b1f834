"""The skill's `references/` files, rendered from the knowledge data.

The skill ships these so that an agent without the MCP server still reads the
same sourced facts the tools answer from. They are generated artifacts:
`scripts/regenerate.py` writes them and a test fails when they drift.
"""

from typing import TYPE_CHECKING, Any

from aws_messaging_mcp.knowledge import services
from aws_messaging_mcp.services.render import service_markdown

if TYPE_CHECKING:
    from aws_messaging_mcp.knowledge.gotcha_models import Gotcha

REFERENCES = "skill/references"


def services_reference() -> str:
    """Every service: purpose, dimensions, limits and behaviours with sources."""
    catalogue = services()
    lines = [
        "# Services and limits",
        "",
        "Generated from the project's knowledge data; every limit and behaviour",
        "names the AWS page it comes from and the date it was checked.",
        "",
        "| id | service | category | purpose |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{service.id}` | {service.name} | {service.category} | {service.summary} |"
        for service in catalogue.values()
    ]
    pages = [_demote(service_markdown(service)) for service in catalogue.values()]
    return "\n".join(lines) + "\n\n" + "\n".join(pages)


def _demote(markdown: str) -> str:
    """Push every heading one level down, to nest a page under this file's title."""
    return (
        "\n".join(
            f"#{line}" if line.startswith("#") else line
            for line in markdown.splitlines()
        )
        + "\n"
    )


def _gotcha_section(gotcha: "Gotcha") -> list[str]:
    services = ", ".join(f"`{service}`" for service in gotcha.services)
    lines = [f"## {gotcha.title} (`{gotcha.id}`)", "", f"Services: {services}"]
    if gotcha.other_services:
        lines[-1] += " (with " + ", ".join(gotcha.other_services) + ")"
    lines += ["", "**Symptoms**", "", *(f"- {s}" for s in gotcha.symptoms)]
    if gotcha.error_messages:
        lines += ["", "**Errors seen**", ""]
        lines += [f"- `{message}`" for message in gotcha.error_messages]
    if gotcha.metrics:
        lines += ["", "**Metrics**: " + ", ".join(f"`{m}`" for m in gotcha.metrics)]
    lines += ["", f"**Cause.** {gotcha.cause}", "", "**Fix**", ""]
    lines += [f"{number}. {step}" for number, step in enumerate(gotcha.fix, 1)]
    for snippet in gotcha.snippets:
        fence = {"boto3": "python", "aws-cli": "sh", "cloudformation": "yaml"}
        lines += ["", f"{snippet.title} ({snippet.kind}):", ""]
        lines += [f"```{fence.get(snippet.kind, 'json')}", snippet.code, "```"]
    lines += ["", "Sources:"]
    lines += [
        f"- {source.url} (checked {source.checked_on.isoformat()})"
        for source in gotcha.sources
    ]
    if gotcha.related:
        lines += ["", "Related: " + ", ".join(f"`{r}`" for r in gotcha.related)]
    return [*lines, ""]


def gotchas_reference() -> str:
    """The whole gotcha catalogue: symptoms, cause, ordered fix, sources."""
    from aws_messaging_mcp.gotchas.catalogue import gotchas

    catalogue = gotchas()
    lines = [
        "# Integration gotchas",
        "",
        "Generated from the project's gotcha catalogue. Find an entry by the",
        "symptom or the exact error message you see; each names its cause,",
        "the fix as ordered steps, and the AWS pages it was checked against.",
        "",
    ]
    lines += [f"- [{g.title}](#{g.id}) `{g.id}`" for g in catalogue.values()]
    lines.append("")
    for gotcha in catalogue.values():
        lines += [f'<a id="{gotcha.id}"></a>', "", *_gotcha_section(gotcha)]
    return "\n".join(lines)


ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
QUEUE = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders"
DLQ = f"arn:aws:sqs:us-east-1:{ACCOUNT}:orders-dlq"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:orders-events"
RULE = f"arn:aws:events:us-east-1:{ACCOUNT}:rule/orders-created"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"

# (title, when to use it, tool, arguments): the common integrations.
RECIPES: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (
        "SNS topic to SQS queue, same account",
        "Fan-out: a queue subscribed to a topic.",
        "queue",
        {"queue_arn": QUEUE, "sources": [{"type": "sns-topic", "arn": TOPIC}]},
    ),
    (
        "SNS topic in another account to SQS queue",
        "The topic owner publishes; the queue owner grants the topic.",
        "queue",
        {
            "queue_arn": QUEUE,
            "sources": [
                {
                    "type": "sns-topic",
                    "arn": f"arn:aws:sns:us-east-1:{OTHER_ACCOUNT}:partner-events",
                }
            ],
        },
    ),
    (
        "EventBridge rule to SQS queue",
        "A rule's target is a queue (no RoleArn on the target).",
        "queue",
        {"queue_arn": QUEUE, "sources": [{"type": "eventbridge-rule", "arn": RULE}]},
    ),
    (
        "S3 event notifications to SQS queue",
        "Bucket ARNs carry no account: aws:SourceAccount pins the owner.",
        "queue",
        {
            "queue_arn": QUEUE,
            "sources": [
                {
                    "type": "s3-bucket",
                    "arn": "arn:aws:s3:::orders-uploads",
                    "account_id": ACCOUNT,
                }
            ],
        },
    ),
    (
        "Dead-letter queue of an SNS subscription",
        "RedrivePolicy deadLetterTargetArn points here; SNS must be allowed.",
        "queue",
        {"queue_arn": DLQ, "sources": [{"type": "sns-topic", "arn": TOPIC}]},
    ),
    (
        "Dead-letter queue of an EventBridge rule target",
        "DeadLetterConfig.Arn points here; EventBridge must be allowed.",
        "queue",
        {"queue_arn": DLQ, "sources": [{"type": "eventbridge-rule", "arn": RULE}]},
    ),
    (
        "SNS topic to an SSE-KMS encrypted queue",
        "The key policy must let SNS use the customer managed key.",
        "queue",
        {
            "queue_arn": QUEUE,
            "sources": [{"type": "sns-topic", "arn": TOPIC}],
            "kms_key_arn": KEY,
        },
    ),
    (
        "EventBridge rule to SNS topic",
        "A rule's target is a topic.",
        "topic",
        {"topic_arn": TOPIC, "sources": [{"type": "eventbridge-rule", "arn": RULE}]},
    ),
    (
        "CloudWatch alarm to SNS topic",
        "Alarm actions publish to the topic.",
        "topic",
        {
            "topic_arn": TOPIC,
            "sources": [
                {
                    "type": "cloudwatch-alarm",
                    "arn": f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:orders-lag",
                }
            ],
        },
    ),
)


def _json_block(document: object) -> list[str]:
    import json

    return ["```json", json.dumps(document, indent=2), "```"]


def policy_recipes_reference() -> str:
    """Generated policies for the common integrations, with their explanations."""
    from aws_messaging_mcp.policy.generate.generator import (
        generate_queue_policy,
        generate_topic_policy,
    )
    from aws_messaging_mcp.policy.generate.models import QueueSource, TopicSource

    lines = [
        "# Policy recipes",
        "",
        "Generated by the project's policy generator, and checked by its policy",
        "checker with no finding. Replace the example account ids and ARNs.",
        "",
    ]
    for title, purpose, kind, arguments in RECIPES:
        source_model = QueueSource if kind == "queue" else TopicSource
        sources = [source_model.model_validate(s) for s in arguments["sources"]]
        options = {**arguments, "sources": sources}
        generate = generate_queue_policy if kind == "queue" else generate_topic_policy
        result = generate(**options)
        lines += [f"## {title}", "", purpose, ""]
        lines += [f"- {line}" for line in result.explanation]
        lines += ["", *_json_block(result.policy), ""]
        if result.kms_key_policy_statements:
            lines += ["Key policy statements for the customer managed key:", ""]
            lines += [*_json_block(result.kms_key_policy_statements), ""]
        lines += [f"Note: {note}" for note in result.kms_notes]
        lines += [f"Assumption: {item}" for item in result.assumptions]
        if result.kms_notes or result.assumptions:
            lines.append("")
    return "\n".join(lines)


def skill_references() -> dict[str, str]:
    return {
        f"{REFERENCES}/services.md": services_reference(),
        f"{REFERENCES}/gotchas.md": gotchas_reference(),
        f"{REFERENCES}/policy-recipes.md": policy_recipes_reference(),
    }
