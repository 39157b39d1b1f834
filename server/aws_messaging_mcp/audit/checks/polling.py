"""long-polling-disabled: receives return at once instead of waiting for messages."""

from aws_messaging_mcp.audit.catalogue import threshold
from aws_messaging_mcp.audit.findings import audit_finding
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import QueueSnapshot

CHECK_ID = "long-polling-disabled"


def long_polling_disabled(queue: QueueSnapshot) -> list[AuditFinding]:
    wait = queue.int_attribute("ReceiveMessageWaitTimeSeconds")
    longest = threshold(CHECK_ID)
    if wait is None or wait >= longest:
        return []

    # Zero means short polling: empty and false-empty receives, each billed.
    # A shorter wait is a choice some consumers make, so it is only noted.
    behaviour = (
        "short-poll: they return at once, often empty even when messages wait"
        if wait == 0
        else f"wait only {wait} s for messages"
    )
    return [
        audit_finding(
            CHECK_ID,
            "warning" if wait == 0 else "info",
            queue.arn,
            f"ReceiveMessageWaitTimeSeconds is {wait}, so receives that do not "
            f"pass WaitTimeSeconds {behaviour}.",
            f"Set ReceiveMessageWaitTimeSeconds to {longest} with "
            f"SetQueueAttributes, or pass WaitTimeSeconds={longest} on every "
            "ReceiveMessage; keep the client's read timeout above the wait.",
        )
    ]
