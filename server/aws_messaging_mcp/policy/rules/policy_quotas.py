"""PC012: a queue or topic policy exceeds a size or count quota."""

import json
from functools import cache

from aws_messaging_mcp.knowledge.iam import PolicyQuota, policy_quotas
from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.rules import Issue, Rule


class PolicyQuotas(Rule):
    id = "PC012"
    title = "The policy exceeds a queue or topic policy quota"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "SQS accepts at most 8,192 bytes, 20 statements, 50 principals, 10 "
        "conditions and 7 actions per statement; SNS at most 30 KB, 100 "
        "statements and 200 principals. A larger policy is refused "
        "('OverLimit'), typically when a tool adds one statement per "
        "subscribed topic or rule."
    )
    fix = (
        "Merge statements that differ only in their source: one statement "
        "whose aws:SourceArn condition lists every topic or rule ARN (or an "
        "ArnLike pattern) instead of one statement each."
    )
    source_url = references.SQS_QUOTAS
    resource_types = frozenset({"sqs", "sns"})

    def check(self, policy: Policy) -> list[Issue]:
        quotas = quotas_for(policy.resource_type)
        issues = _policy_wide(policy, quotas)
        conditions, actions = quotas.get("conditions"), quotas.get("actions")
        for statement in policy.statements:
            count = len(statement.conditions)
            if conditions is not None and count > conditions.maximum:
                issues.append(_over(statement, conditions, count, "Condition"))
            count = len(statement.actions) + len(statement.not_actions)
            if actions is not None and count > actions.maximum:
                element = statement.action_element
                issues.append(_over(statement, actions, count, element))
        return issues


@cache
def quotas_for(resource_type: str) -> dict[str, PolicyQuota]:
    """The quotas of one resource type, by name."""
    return {
        quota.name: quota
        for quota in policy_quotas().quotas
        if quota.resource_type == resource_type
    }


def _policy_wide(policy: Policy, quotas: dict[str, PolicyQuota]) -> list[Issue]:
    issues = []
    if "bytes" in quotas:
        limit, source = quotas["bytes"].maximum, (quotas["bytes"].source.url,)
        size = _size(policy, limit)
        if size > limit:
            message = f"the policy is {size:,} bytes; the limit is {limit:,}"
            issues.append(Issue("", message, references=source))
    if "statements" in quotas:
        limit, count = quotas["statements"].maximum, len(policy.statements)
        if count > limit:
            message = f"the policy has {count} statements; the limit is {limit}"
            source = (quotas["statements"].source.url,)
            issues.append(Issue("/Statement", message, references=source))
    if "principals" in quotas:
        limit = quotas["principals"].maximum
        count = sum([_principal_count(statement) for statement in policy.statements])
        if count > limit:
            message = f"the policy names {count} principals; the limit is {limit}"
            source = (quotas["principals"].source.url,)
            issues.append(Issue("", message, references=source))
    return issues


def _over(statement: Statement, quota: PolicyQuota, count: int, element: str) -> Issue:
    return Issue(
        statement.at(element),
        f"the statement has {count} {quota.name}; the limit is "
        f"{quota.maximum} per statement",
        fix="Split the statement in two, or use a wildcard such as "
        "'sqs:Get*' where it grants nothing more than intended.",
        references=(quota.source.url,),
    )


def _size(policy: Policy, limit: int) -> int:
    """Bytes as tools send it: compact JSON (whitespace is not the policy's)."""
    if policy.parsed.size_bytes <= limit:
        return policy.parsed.size_bytes
    compact = json.dumps(policy.root, separators=(",", ":"), ensure_ascii=False)
    return len(compact.encode("utf-8"))


def _principal_count(statement: Statement) -> int:
    count = 0
    for principals in (statement.principal, statement.not_principal):
        if principals is not None:
            count += principals.count or int(principals.wildcard)
    return count
