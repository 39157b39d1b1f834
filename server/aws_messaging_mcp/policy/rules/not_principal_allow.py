"""PC102: an Allow statement uses NotPrincipal."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class NotPrincipalAllow(Rule):
    id = "PC102"
    title = "An Allow statement uses NotPrincipal"
    category = "not-principal-allow"
    severity = "error"
    rationale = (
        "NotPrincipal with Allow grants everyone except the principals named, "
        "including every other AWS account and anonymous callers. AWS advises "
        "against it; what is meant is almost always a Principal list."
    )
    fix = (
        "Replace NotPrincipal with Principal naming who should have access; to "
        "exclude principals, use a Deny statement with a condition on "
        "aws:PrincipalArn instead."
    )
    source_url = references.NOT_PRINCIPAL
    requires = "has_not_principals"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if statement.is_allow and statement.not_principal is not None:
                yield Issue(
                    statement.at("NotPrincipal"),
                    "Allow with NotPrincipal grants every principal not named, "
                    "in any account",
                )
