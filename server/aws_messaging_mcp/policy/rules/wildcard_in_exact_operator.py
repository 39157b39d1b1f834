"""PC502: a wildcard in the value of an exact string operator."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import ConditionTest, has_wildcard
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.repair import Repair, rename_key
from aws_messaging_mcp.policy.rules import Issue, Rule

LIKE_OF = {"StringEquals": "StringLike", "StringNotEquals": "StringNotLike"}


class WildcardInExactOperator(Rule):
    id = "PC502"
    title = "A wildcard in the value of an exact string operator"
    category = "condition-operator-mismatch"
    severity = "error"
    rationale = (
        "StringEquals, StringNotEquals and their IgnoreCase forms compare text "
        "exactly: '*' and '?' are taken literally. No account id or ARN holds "
        "a '*', so an Allow conditioned this way grants nothing, and a Deny "
        "conditioned with StringNotEquals applies to everyone."
    )
    fix = "Use StringLike (or ArnLike for an ARN) to match a pattern."
    source_url = references.OPERATORS
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement, test in policy.tests:
            op = test.operator
            if op is None or not op.exact_string:
                continue
            wild = [value for value in test.values if has_wildcard(value)]
            if wild:
                yield _issue(statement, test, wild[0])


def _issue(statement: Statement, test: ConditionTest, value: str) -> Issue:
    assert test.operator is not None
    like = LIKE_OF.get(test.operator.base)
    message = (
        f"{test.operator_name} compares {test.key!r} with {value!r} literally; "
        "the wildcard matches only a '*' or '?' character"
    )
    if like is None:
        return Issue(test.pointer, message)
    intended = test.operator_name.replace(test.operator.base, like)
    return Issue(
        test.pointer,
        message,
        fix=f"Use {intended} for {test.key!r}.",
        repair=_to_like(statement, test, intended),
    )


def _to_like(statement: Statement, test: ConditionTest, intended: str) -> Repair | None:
    """Rename the operator, when it tests only this key and the target is free."""
    block = statement.body.get("Condition")
    if not isinstance(block, dict) or intended in block:
        return None
    keys = block.get(test.operator_name)
    if not isinstance(keys, dict) or len(keys) != 1:
        return None
    return rename_key(statement.at("Condition", test.operator_name), intended)
