"""PC009: the Condition block is malformed or names an unknown operator."""

from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import (
    condition_values,
    intended_operator,
    operator,
)
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.parse import escape_pointer_segment
from aws_messaging_mcp.policy.repair import rename_key
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.shape import condition_keys_ok


class ConditionBlock(Rule):
    id = "PC009"
    title = "The Condition block is malformed or names an unknown operator"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Condition maps operators (StringEquals, ArnLike, Bool, ...) to objects "
        "that map condition keys to a value or a list of values. An unknown "
        "operator or a value of the wrong shape makes the service reject the "
        "whole policy."
    )
    fix = (
        'Write conditions as {"<Operator>": {"<key>": "<value>" or '
        '["<value>", ...]}} with an operator from the IAM reference.'
    )
    source_url = references.OPERATORS
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if "Condition" in statement.body:
                yield from _block(statement)


def _block(statement: Statement) -> Iterator[Issue]:
    block = statement.body["Condition"]
    pointer = statement.at("Condition")
    if not isinstance(block, dict):
        yield Issue(pointer, "Condition must be an object of operators")
        return
    for name, keys in block.items():
        known = operator(name) is not None
        if known and condition_keys_ok(keys):
            continue
        child = f"{pointer}/{escape_pointer_segment(name)}"
        if not known:
            allowed = statement.spelling.allows(name)
            yield _unknown_operator(name, child, block, allowed)
        if not isinstance(keys, dict) or not keys:
            yield Issue(child, f"{name} must map condition keys to values")
            continue
        for key, values in keys.items():
            yield from _values(values, f"{child}/{escape_pointer_segment(key)}", key)


def _unknown_operator(
    name: str, pointer: str, block: dict[str, Any], suggest: bool
) -> Issue:
    intended = intended_operator(name) if suggest else None
    if intended is None:
        return Issue(pointer, f"{name!r} is not a condition operator")
    repair = rename_key(pointer, intended.name) if intended.name not in block else None
    return Issue(
        pointer,
        f"{name!r} is not a condition operator; did you mean {intended.name!r}? "
        "(checked as if it were)",
        fix=f"Rename the operator {name!r} to {intended.name!r}.",
        repair=repair,
    )


def _values(values: Any, pointer: str, key: str) -> Iterator[Issue]:
    if condition_values(values) is None:
        yield Issue(
            pointer, f"the value of {key!r} must be a string or a list of strings"
        )
    elif values == []:
        yield Issue(pointer, f"the value list of {key!r} is empty")
