"""visibility-timeout-too-short: a Lambda consumer may see its messages again."""

from aws_messaging_mcp.audit.catalogue import threshold
from aws_messaging_mcp.audit.findings import audit_finding
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import LambdaConsumerFacts, QueueSnapshot
from aws_messaging_mcp.policy.models import Severity

CHECK_ID = "visibility-timeout-too-short"


def visibility_timeout_too_short(queue: QueueSnapshot) -> list[AuditFinding]:
    visibility = queue.int_attribute("VisibilityTimeout")
    if visibility is None or not queue.consumers:
        return []
    return [
        _finding(queue.arn, visibility, consumer)
        for consumer in queue.consumers
        if consumer.timeout_seconds is not None
        and visibility < threshold(CHECK_ID) * consumer.timeout_seconds
    ]


def _finding(
    queue_arn: str, visibility: int, consumer: LambdaConsumerFacts
) -> AuditFinding:
    timeout = consumer.timeout_seconds or 0
    wanted = threshold(CHECK_ID) * timeout

    # Below the function timeout itself, a message reappears while the first
    # invocation still runs: duplicates without any throttling at all.
    severity: Severity = "error" if visibility < timeout else "warning"
    return audit_finding(
        CHECK_ID,
        severity,
        queue_arn,
        f"VisibilityTimeout is {visibility} s but {consumer.function_arn} may run "
        f"{timeout} s; when Lambda is throttled it retries a batch, and messages "
        f"can become visible again and be processed twice below {wanted} s.",
        f"Set the queue's VisibilityTimeout to at least {wanted} s (six times "
        "the function timeout, plus MaximumBatchingWindowInSeconds if set), or "
        "shorten the function timeout; make processing idempotent.",
    )
