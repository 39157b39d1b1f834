"""max-message-size-below-limit: a queue still capped below what SQS accepts."""

from aws_messaging_mcp.audit.catalogue import threshold
from aws_messaging_mcp.audit.findings import audit_finding
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import QueueSnapshot

CHECK_ID = "max-message-size-below-limit"


def max_message_size_below_limit(queue: QueueSnapshot) -> list[AuditFinding]:
    size = queue.int_attribute("MaximumMessageSize")
    limit = threshold(CHECK_ID)
    if size is None or size >= limit:
        return []

    # Queues created before the raise, and templates that still pass the old
    # 256 KiB, keep their cap until someone raises the attribute.
    return [
        audit_finding(
            CHECK_ID,
            "info",
            queue.arn,
            f"MaximumMessageSize is {size} bytes ({size // 1024} KiB); SQS "
            f"accepts up to {limit} bytes (1 MiB), so larger sends are rejected "
            "by this setting, not by SQS.",
            f"If producers may send larger messages, set MaximumMessageSize to "
            f"{limit} with SetQueueAttributes and in the template that owns the "
            "queue; keep the cap only if it is deliberate.",
        )
    ]
