"""PC501: a condition key does not exist."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.catalogue import (
    SpellingBudget,
    key_verdict,
    suggest_key,
)
from aws_messaging_mcp.policy.conditions import ConditionTest
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.repair import rename_key
from aws_messaging_mcp.policy.rules import Issue, Rule


class UnknownConditionKey(Rule):
    id = "PC501"
    title = "A condition key does not exist"
    category = "condition-key-typo-or-unknown"
    severity = "error"
    rationale = (
        "A key no request carries ('aws:SourecArn', 'aws:SourceAcount') is "
        "never present. Under a plain operator the condition is then always "
        "false: an Allow grants nothing and a Deny never applies. Under an "
        "...IfExists or negated operator it is always true: the condition "
        "restricts nothing. Key names compare without regard to case, so "
        "'AWS:SourceARN' is fine."
    )
    fix = (
        "Spell the key as the IAM global keys or the service's Service "
        "Authorization Reference page does."
    )
    source_url = references.GLOBAL_KEYS
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement, test in policy.tests:
            if key_verdict(test.key) == "unknown":
                yield _issue(statement, test, policy.spelling)


def _issue(
    statement: Statement, test: ConditionTest, spelling: SpellingBudget
) -> Issue:
    effect = "Allow" if statement.is_allow else "Deny"
    if test.kill_reason is not None:
        outcome = (
            "the condition is always false, so this Allow grants nothing"
            if effect == "Allow"
            else "the condition is always false, so this Deny never applies"
        )
    else:
        outcome = "the condition is always true, so it restricts nothing"
    message = f"condition key {test.key!r} does not exist; {outcome}"
    intended = suggest_key(test.key) if spelling.allows(test.key) else None
    if intended is None:
        return Issue(test.pointer, message)
    return Issue(
        test.pointer,
        f"{message}. Did you mean {intended!r}?",
        fix=f"Rename the key {test.key!r} to {intended!r}.",
        repair=rename_key(test.pointer, intended),
    )
