"""The policy checker run on the attached resource policy, with the real context.

The audit knows what a pasted policy cannot tell: the resource's ARN and
owner account, and for a queue whether it is another queue's dead-letter
queue. Every finding of the checker is kept, as an audit finding.
"""

from aws_messaging_mcp.audit.findings import from_policy_finding
from aws_messaging_mcp.audit.models import AuditFinding, PolicyStatus
from aws_messaging_mcp.policy.models import PolicyContext, ResourceType


def review_policy(
    policy_text: str | None, resource_type: ResourceType, context: PolicyContext
) -> tuple[PolicyStatus, list[AuditFinding]]:
    if not policy_text:
        return "none-attached", []
    from aws_messaging_mcp.policy import check_policy

    # The text, not a parsed dict, so that findings carry line and column.
    result = check_policy(policy_text, resource_type, context)
    resource_arn = context.resource_arn or ""
    return "checked", [
        from_policy_finding(finding, resource_arn) for finding in result.findings
    ]
