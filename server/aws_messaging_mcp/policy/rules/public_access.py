"""PC101: an Allow statement is open to any account or anonymous caller."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class PublicAccess(Rule):
    id = "PC101"
    title = "An Allow statement is open to any account or anonymous caller"
    category = "public-access"
    severity = "error"
    rationale = (
        'A wildcard principal (\'*\', {"AWS": "*"}) or NotPrincipal with '
        "Allow lets every AWS account, and anonymous callers where the service "
        "allows them, use the resource unless a condition narrows it to known "
        "callers (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, "
        "aws:SourceVpce, ...). Time windows, aws:SecureTransport, "
        "aws:UserAgent, aws:Referer and sts:ExternalId do not narrow who calls."
    )
    fix = (
        "Name the accounts, roles or service principal that need access, or "
        "add a condition that narrows the caller, such as aws:SourceArn with "
        "the topic or rule ARN for a service, or aws:PrincipalOrgID for your "
        "organization."
    )
    source_url = references.PRINCIPAL
    requires = "has_open_principals"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not statement.is_public:
                continue
            element = "NotPrincipal" if statement.not_principal else "Principal"
            actions = ", ".join(statement.actions) or "every action but NotAction"
            yield Issue(
                statement.at(element),
                f"{element} lets any AWS account or anonymous caller perform "
                f"{actions}, and no condition narrows who calls",
                references=(references.SQS_BEST_PRACTICES,),
            )
