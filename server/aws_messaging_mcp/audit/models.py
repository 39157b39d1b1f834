"""What an audit returns; the MCP output schemas come from these models.

Findings of the audit's own checks carry a stable `id` from `checks.json`
(public: scripts filter on them). Findings of the policy checker on the
attached policy keep its `rule_id` as `id`, with its category and location.
`calls` lists every AWS request the audit sent, and `skipped` what it could
not read and which checks that cost.
"""

from typing import Literal

from pydantic import BaseModel, Field

from aws_messaging_mcp.policy.models import Category, Location, Severity

Origin = Literal["audit", "check_policy"]
ReadFailure = Literal["access-denied", "throttled", "not-found", "failed"]
CallOutcome = Literal["ok", "access-denied", "throttled", "not-found", "failed"]
SkipReason = Literal["access-denied", "throttled", "not-found", "failed", "limit"]
PolicyStatus = Literal["checked", "none-attached", "not-read"]


class AuditFinding(BaseModel):
    id: str = Field(
        description="The audit check id (e.g. 'long-polling-disabled'), or the "
        "policy checker's rule id when origin is 'check_policy'."
    )
    origin: Origin
    severity: Severity
    resource_arn: str = Field(description="The queue, topic or subscription at fault.")
    message: str
    fix: str = Field(description="What to change, concretely.")
    references: list[str] = Field(description="AWS documentation URLs.")
    category: Category | None = Field(
        default=None, description="The policy checker's category (check_policy only)."
    )
    location: Location | None = Field(
        default=None, description="Where in the policy (check_policy only)."
    )


class ApiCall(BaseModel):
    operation: str = Field(description="service:Operation, e.g. sqs:GetQueueAttributes")
    attempts: int = Field(
        description="Requests sent, retries after throttling included."
    )
    outcome: CallOutcome


class SkippedRead(BaseModel):
    operation: str
    reason: SkipReason
    consequence: str = Field(
        description="What the audit could not check because of it."
    )
    fix: str = Field(description="How to let the audit read it next time.")


class AuditSummary(BaseModel):
    total: int
    errors: int
    warnings: int
    infos: int
    by_id: dict[str, int]


class LambdaConsumer(BaseModel):
    function_arn: str
    timeout_seconds: int | None = Field(
        description="The function timeout; null when it could not be read."
    )
    mapping_state: str | None = None


class SubscriptionReview(BaseModel):
    subscription_arn: str
    protocol: str
    endpoint: str
    raw_message_delivery: bool | None = Field(
        default=None, description="null when the attributes could not be read."
    )
    dead_letter_queue_arn: str | None = None


class _Audit(BaseModel):
    region: str
    account_id: str
    fifo: bool
    attributes: dict[str, str] = Field(
        description="The attributes AWS returned, without the policy documents."
    )
    policy: PolicyStatus = Field(
        description="Whether the attached resource policy was read and checked."
    )
    findings: list[AuditFinding]
    summary: AuditSummary
    calls: list[ApiCall]
    skipped: list[SkippedRead]


class QueueAudit(_Audit):
    queue_url: str
    queue_arn: str
    tags: dict[str, str] | None = Field(description="null when tags were not read.")
    dead_letter_source_queues: list[str] | None = Field(
        description="Queue URLs that use this queue as their DLQ; null if not read."
    )
    lambda_consumers: list[LambdaConsumer] | None = Field(
        description="Functions with an event source mapping on the queue; null if "
        "not read."
    )


class TopicAudit(_Audit):
    topic_arn: str
    subscriptions: list[SubscriptionReview] | None = Field(
        description="null when the subscriptions could not be listed."
    )
