"""Building audit findings and their summary."""

from collections import Counter

from aws_messaging_mcp.audit.catalogue import check_spec
from aws_messaging_mcp.audit.models import AuditFinding, AuditSummary
from aws_messaging_mcp.policy.models import Finding, Severity

INTERNAL_ERROR = "internal-error"


def audit_finding(
    check_id: str, severity: Severity, resource_arn: str, message: str, fix: str
) -> AuditFinding:
    """A finding of one of the audit's checks, citing the check's sources."""
    return AuditFinding(
        id=check_id,
        origin="audit",
        severity=severity,
        resource_arn=resource_arn,
        message=message,
        fix=fix,
        references=check_spec(check_id).references,
    )


def from_policy_finding(finding: Finding, resource_arn: str) -> AuditFinding:
    """A policy checker finding, kept whole, as an audit finding."""
    return AuditFinding(
        id=finding.rule_id,
        origin="check_policy",
        severity=finding.severity,
        resource_arn=resource_arn,
        message=finding.message,
        fix=finding.fix,
        references=finding.references,
        category=finding.category,
        location=finding.location,
    )


def crashed_check(check_name: str, resource_arn: str) -> AuditFinding:
    """Stands in for a check that raised; the other checks still ran."""
    return AuditFinding(
        id=INTERNAL_ERROR,
        origin="audit",
        severity="error",
        resource_arn=resource_arn,
        message=f"the audit check {check_name} failed on this resource; its "
        "verdict is missing from this report",
        fix="report this with the audit output; the other findings stand",
        references=[],
    )


def summarise(findings: list[AuditFinding]) -> AuditSummary:
    severities = Counter(finding.severity for finding in findings)
    return AuditSummary(
        total=len(findings),
        errors=severities["error"],
        warnings=severities["warning"],
        infos=severities["info"],
        by_id=dict(sorted(Counter(finding.id for finding in findings).items())),
    )
