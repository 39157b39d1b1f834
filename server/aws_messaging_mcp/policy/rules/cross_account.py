"""PC103: another account is granted access with no condition bounding it."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.grants import cross_account_narrowed
from aws_messaging_mcp.policy.rules import Issue, Rule


class CrossAccountWithoutCondition(Rule):
    id = "PC103"
    title = "Another account is granted access with no condition"
    category = "cross-account-without-condition"
    severity = "warning"
    rationale = (
        "An AWS principal of an account other than the owner's, and not one "
        "the owner trusts, gets access with nothing to bound it: every "
        "principal that account lets use the grant can. A condition such as "
        "aws:SourceArn, aws:PrincipalOrgID or, in a trust policy, "
        "sts:ExternalId keeps it to what was meant. Needs the owner account in "
        "the context (account_id or resource_arn)."
    )
    fix = (
        "Add the account to the trusted accounts if it is meant, or add a "
        "condition: aws:PrincipalOrgID for your organization, aws:PrincipalArn "
        "for specific roles, or sts:ExternalId in a role trust policy."
    )
    source_url = references.CROSS_ACCOUNT
    requires = "has_account_principals"

    def check(self, policy: Policy) -> Iterator[Issue]:
        owner = policy.owner
        if owner is None:
            return
        trusted = set(policy.context.trusted_accounts)
        for statement in policy.statements:
            principal = statement.principal
            if not statement.live_allow or principal is None or not principal.aws:
                continue
            if statement.is_public or cross_account_narrowed(policy, statement):
                continue
            accounts = sorted(principal.accounts - trusted - {owner})
            if accounts:
                yield Issue(
                    statement.at("Principal"),
                    f"account {', '.join(accounts)} is not the owner ({owner}) nor "
                    "a trusted account, and no condition bounds its access",
                )
