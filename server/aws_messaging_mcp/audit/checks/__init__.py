"""The audit's checks: each a small function from a snapshot to findings.

A check reads only the snapshot (it never calls AWS), takes its numbers from
`checks.json` through `catalogue.threshold`, and returns findings built with
`findings.audit_finding`. A check that raises becomes one `internal-error`
finding; the others still run.
"""

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from aws_messaging_mcp.audit.checks import (
    dead_letter,
    encryption,
    message_size,
    polling,
    subscriptions,
    visibility,
)
from aws_messaging_mcp.audit.findings import crashed_check
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import QueueSnapshot, TopicSnapshot

logger = logging.getLogger(__name__)

SnapshotT = TypeVar("SnapshotT", QueueSnapshot, TopicSnapshot)
Check = Callable[[SnapshotT], list[AuditFinding]]

QUEUE_CHECKS: tuple[Check[QueueSnapshot], ...] = (
    polling.long_polling_disabled,
    dead_letter.no_dead_letter_queue,
    dead_letter.dlq_type_mismatch,
    dead_letter.dlq_retention_too_short,
    encryption.not_encrypted_with_cmk,
    encryption.key_policy_missing_service_grant,
    message_size.max_message_size_below_limit,
    visibility.visibility_timeout_too_short,
)
TOPIC_CHECKS: tuple[Check[TopicSnapshot], ...] = (
    encryption.not_encrypted_with_cmk,
    encryption.key_policy_missing_service_grant,
    subscriptions.subscription_no_dead_letter_queue,
    subscriptions.subscription_dlq_type_mismatch,
    subscriptions.raw_delivery_disabled,
    subscriptions.raw_delivery_drops_attributes,
)


def run_checks(
    checks: Sequence[Check[SnapshotT]], snapshot: SnapshotT
) -> list[AuditFinding]:
    findings: list[AuditFinding] = []
    for check in checks:
        try:
            findings.extend(check(snapshot))
        except Exception:
            logger.debug("audit check %s crashed", check.__name__, exc_info=True)
            findings.append(crashed_check(check.__name__, snapshot.arn))
    return findings
