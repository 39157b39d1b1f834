"""PC506: an exact string comparison of an ARN-typed key."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import has_wildcard
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class ExactOperatorOnArnKey(Rule):
    id = "PC506"
    title = "An ARN key is compared with an exact string operator"
    category = "condition-operator-mismatch"
    severity = "info"
    rationale = (
        "aws:SourceArn and aws:PrincipalArn are ARNs. StringEquals works on "
        "them as exact text, but ArnEquals and ArnLike compare the ARN's parts "
        "and say what is meant; StringLike is accepted too (AWS's own "
        "examples use it)."
    )
    fix = "Compare ARN keys with ArnEquals (or ArnLike for a pattern)."
    source_url = references.OPERATORS
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for _, test in policy.tests:
            op, info = test.operator, test.info
            if op is None or info is None or info.type != "ARN":
                continue
            if not op.exact_string or any(has_wildcard(v) for v in test.values):
                continue
            arn_operator = "ArnNotEquals" if op.negated else "ArnEquals"
            yield Issue(
                test.pointer,
                f"{test.operator_name} compares the ARN key {test.key!r} as plain text",
                fix=f"Use {arn_operator} for {test.key!r}.",
            )
