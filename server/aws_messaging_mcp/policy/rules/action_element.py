"""PC006: Action (or NotAction) is missing, doubled, empty or not strings."""

from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.shape import strings_ok


class ActionElement(Rule):
    id = "PC006"
    title = "Action is missing, doubled, empty or not a list of strings"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Each statement names what it allows or denies in exactly one of "
        "Action or NotAction, as a string or a non-empty list of strings. "
        "Without one, or with both, the service rejects the policy."
    )
    fix = 'Give the statement one Action, e.g. "Action": "sqs:SendMessage".'
    source_url = references.ACTION
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if isinstance(statement.raw, dict):
                yield from _statement_actions(statement)


def _statement_actions(statement: Statement) -> Iterator[Issue]:
    present = [name for name in ("Action", "NotAction") if name in statement.body]
    if not present:
        yield Issue(statement.pointer, "the statement has neither Action nor NotAction")
        return
    if len(present) == 2:
        yield Issue(
            statement.at("NotAction"),
            "the statement has both Action and NotAction; it may have only one",
            fix="Keep Action (what is allowed or denied) and remove NotAction.",
        )
    for name in present:
        if not strings_ok(statement.body[name]):
            yield from _shape(statement.body[name], statement.at(name), name)


def _shape(value: Any, pointer: str, name: str) -> Iterator[Issue]:
    if isinstance(value, str):
        return
    if not isinstance(value, list):
        yield Issue(pointer, f"{name} must be a string or a list of strings")
        return
    if not value:
        yield Issue(pointer, f"{name} is an empty list")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            yield Issue(f"{pointer}/{index}", f"{name} entry {index} is not a string")
