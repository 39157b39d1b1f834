"""PC005: Effect is missing or is not exactly Allow or Deny."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.repair import set_value
from aws_messaging_mcp.policy.rules import Issue, Rule


class Effect(Rule):
    id = "PC005"
    title = "Effect is missing or not exactly Allow or Deny"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Every statement needs an Effect, and its value is case-sensitive: "
        "'allow' or 'ALLOW' is rejected like a missing one."
    )
    fix = 'Set "Effect": "Allow" or "Effect": "Deny".'
    source_url = references.EFFECT
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not isinstance(statement.raw, dict):
                continue
            effect = statement.effect
            if "Effect" not in statement.body:
                yield Issue(statement.pointer, "the statement has no Effect")
            elif effect not in ("Allow", "Deny"):
                yield self._wrong(statement.at("Effect"), effect)

    def _wrong(self, pointer: str, effect: object) -> Issue:
        intended = {"allow": "Allow", "deny": "Deny"}.get(
            effect.strip().lower() if isinstance(effect, str) else ""
        )
        if intended is None:
            return Issue(pointer, f"Effect is {effect!r}; it must be Allow or Deny")
        return Issue(
            pointer,
            f"Effect is {effect!r}; the value is case-sensitive and must be "
            f"{intended!r} (checked as if it were)",
            fix=f'Write "Effect": "{intended}".',
            repair=set_value(pointer, intended),
        )
