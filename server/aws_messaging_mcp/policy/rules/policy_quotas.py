"""PC012: a queue or topic policy exceeds a size or count quota."""

import json
from collections.abc import Iterator

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

    def check(self, policy: Policy) -> Iterator[Issue]:
        for quota in policy_quotas().quotas:
            if quota.resource_type == policy.resource_type:
                yield from _measure(policy, quota)


def _measure(policy: Policy, quota: PolicyQuota) -> Iterator[Issue]:
    limit = quota.maximum
    source = (quota.source.url,)
    if quota.name == "bytes":
        size = _size(policy, limit)
        if size > limit:
            message = f"the policy is {size:,} bytes; the limit is {limit:,}"
            yield Issue("", message, references=source)
    elif quota.name == "statements" and len(policy.statements) > limit:
        count = len(policy.statements)
        message = f"the policy has {count} statements; the limit is {limit}"
        yield Issue("/Statement", message, references=source)
    elif quota.name == "principals":
        count = sum(_principal_count(statement) for statement in policy.statements)
        if count > limit:
            message = f"the policy names {count} principals; the limit is {limit}"
            yield Issue("", message, references=source)
    else:
        yield from _per_statement(policy, quota)


def _per_statement(policy: Policy, quota: PolicyQuota) -> Iterator[Issue]:
    limit = quota.maximum
    for statement in policy.statements:
        if quota.name == "conditions":
            count, element = len(statement.conditions), "Condition"
        else:
            count = len(statement.actions) + len(statement.not_actions)
            element = statement.action_element
        if count > limit:
            yield Issue(
                statement.at(element),
                f"the statement has {count} {quota.name}; the limit is {limit} "
                "per statement",
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
