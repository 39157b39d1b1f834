"""PC011: two statements of a queue or topic policy share a Sid."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.repair import set_value
from aws_messaging_mcp.policy.rules import Issue, Rule


class DuplicateSid(Rule):
    id = "PC011"
    title = "Two statements share a Sid"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "SQS and SNS require each statement's Sid to be unique within the "
        "policy and reject a policy where two match. An empty Sid, or Sids "
        "with spaces, hyphens, underscores or colons, are accepted."
    )
    fix = "Give each statement its own Sid."
    source_url = references.SNS_PERMISSIONS
    resource_types = frozenset({"sqs", "sns"})
    requires = "has_several_statements"

    def check(self, policy: Policy) -> Iterator[Issue]:
        taken = {s.sid for s in policy.statements if isinstance(s.sid, str)}
        seen: set[str] = set()
        for statement in policy.statements:
            sid = statement.sid
            if not isinstance(sid, str) or not sid:
                continue
            if sid not in seen:
                seen.add(sid)
                continue
            fresh = _fresh(sid, taken)
            taken.add(fresh)
            yield Issue(
                statement.at("Sid"),
                f"the Sid {sid!r} is already used by an earlier statement",
                fix=f"Rename this statement's Sid, e.g. to {fresh!r}.",
                repair=set_value(statement.at("Sid"), fresh),
                references=(references.SQS_QUOTAS,),
            )


def _fresh(sid: str, taken: set[str]) -> str:
    number = 2
    while f"{sid}{number}" in taken:
        number += 1
    return f"{sid}{number}"
