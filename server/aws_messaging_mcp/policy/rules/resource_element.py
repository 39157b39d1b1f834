"""PC008: Resource is missing where required, present where forbidden, or malformed."""

from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.shape import strings_ok


class ResourceElement(Rule):
    id = "PC008"
    title = "Resource is missing, forbidden here, or not a list of strings"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Queue, topic and bus policies must name the resource each statement "
        "covers; a role trust policy must not (the role is the resource), and "
        "IAM rejects a trust policy with a Resource element. Key policies name "
        '"*", meaning the key itself.'
    )
    fix = (
        "In a queue, topic or bus policy, set Resource to the queue, topic or "
        "bus ARN; in a trust policy, remove Resource."
    )
    source_url = references.RESOURCE
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if isinstance(statement.raw, dict):
                yield from _statement_resources(policy, statement)


def _statement_resources(policy: Policy, statement: Statement) -> Iterator[Issue]:
    present = [n for n in ("Resource", "NotResource") if n in statement.body]
    if policy.resource_type == "iam-trust":
        for name in present:
            yield Issue(
                statement.at(name),
                f"a role trust policy may not have {name}; the role is the resource",
                fix=f"Remove {name} from the trust policy statement.",
            )
        return
    if not present and policy.is_resource_policy:
        kind = {"sqs": "queue", "sns": "topic"}.get(policy.resource_type, "event bus")
        article = "an" if kind == "event bus" else "a"
        yield Issue(
            statement.pointer,
            f"the statement has no Resource; {article} {kind} policy must name "
            f"the {kind}",
        )
    for name in present:
        if not strings_ok(statement.body[name]):
            yield from _shape(statement.body[name], statement.at(name), name)


def _shape(value: Any, pointer: str, name: str) -> Iterator[Issue]:
    if isinstance(value, str):
        return
    if not isinstance(value, list) or not value:
        yield Issue(pointer, f"{name} must be a string or a non-empty list of strings")
        return
    for index, item in enumerate(value):
        if not isinstance(item, str):
            yield Issue(f"{pointer}/{index}", f"{name} entry {index} is not a string")
