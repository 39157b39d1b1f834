"""Dead-letter queues of a queue: present, of the right type, keeping long enough."""

from aws_messaging_mcp.audit.catalogue import threshold
from aws_messaging_mcp.audit.findings import audit_finding
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import FIFO_SUFFIX, QueueSnapshot

RETENTION_CHECK = "dlq-retention-too-short"


def no_dead_letter_queue(queue: QueueSnapshot) -> list[AuditFinding]:
    if queue.dead_letter_target or queue.dead_letter_sources:
        return []

    # A DLQ for a FIFO queue breaks the order of its message group when a
    # message moves, so there it is a trade-off rather than a must.
    caveat = (
        " If this queue is itself a dead-letter queue, ignore this: the audit "
        "could not list its source queues."
        if queue.dead_letter_sources is None
        else ""
    )
    fifo_note = (
        " On a FIFO queue a DLQ trades the order of a message group for not "
        "blocking it; skip it only if order must never break."
        if queue.fifo
        else ""
    )
    return [
        audit_finding(
            "no-dead-letter-queue",
            "info" if queue.fifo else "warning",
            queue.arn,
            "The queue has no RedrivePolicy: a message that always fails is "
            f"received again and again until it expires.{fifo_note}{caveat}",
            "Create a queue of the same type and set RedrivePolicy to "
            '{"deadLetterTargetArn": "<its ARN>", "maxReceiveCount": 5}, then '
            "alarm on its ApproximateNumberOfMessagesVisible.",
        )
    ]


def dlq_type_mismatch(queue: QueueSnapshot) -> list[AuditFinding]:
    target = queue.dead_letter_target
    if target is None or target.endswith(FIFO_SUFFIX) == queue.fifo:
        return []
    kinds = ("FIFO", "standard") if queue.fifo else ("standard", "FIFO")
    return [
        audit_finding(
            "dlq-type-mismatch",
            "error",
            queue.arn,
            f"This {kinds[0]} queue names the {kinds[1]} queue {target} as its "
            "dead-letter queue; SQS requires both to be of one type.",
            f"Point RedrivePolicy at a {kinds[0]} queue"
            + (" (its name ends in .fifo)." if queue.fifo else "."),
        )
    ]


def dlq_retention_too_short(queue: QueueSnapshot) -> list[AuditFinding]:
    source = queue.int_attribute("MessageRetentionPeriod")
    kept = queue.dlq_retention_seconds
    # FIFO queues restart the retention clock when a message moves to the
    # DLQ; standard queues keep the original enqueue time, so only they lose
    # messages early.
    if queue.fifo or source is None or kept is None or kept > source:
        return []
    longest = threshold(RETENTION_CHECK)
    fix = (
        f"Raise the dead-letter queue's MessageRetentionPeriod above {source} s, "
        f"up to {longest} s (14 days)."
        if source < longest
        else f"Lower this queue's MessageRetentionPeriod below {kept} s: both are "
        "at the 14-day maximum, so the DLQ cannot keep messages longer."
    )
    return [
        audit_finding(
            RETENTION_CHECK,
            "warning",
            queue.arn,
            f"The dead-letter queue {queue.dead_letter_target} keeps messages "
            f"{kept} s and this queue {source} s. A message keeps its original "
            "enqueue time when it moves, so it can expire in the DLQ almost at "
            "once.",
            fix,
        )
    ]
