"""The only AWS operations an audit may call: reads, listed by name.

Every client the audit creates carries `refuse_unlisted` on its `before-call`
event, which botocore emits before it signs or sends a request: an operation
missing from `ALLOWED_OPERATIONS` raises there, so nothing that could change
an account ever leaves the process, whatever code asks for it.
"""

from typing import Any

ALLOWED_OPERATIONS: dict[str, frozenset[str]] = {
    "sqs": frozenset(
        {
            "GetQueueUrl",
            "GetQueueAttributes",
            "ListDeadLetterSourceQueues",
            "ListQueueTags",
        }
    ),
    "sns": frozenset(
        {
            "GetTopicAttributes",
            "ListSubscriptionsByTopic",
            "GetSubscriptionAttributes",
        }
    ),
    "kms": frozenset({"DescribeKey", "GetKeyPolicy"}),
    "lambda": frozenset({"ListEventSourceMappings", "GetFunctionConfiguration"}),
}


class ForbiddenOperationError(RuntimeError):
    """An audit tried an operation outside the read allowlist: a bug, refused."""


def is_allowed(service: str, operation: str) -> bool:
    return operation in ALLOWED_OPERATIONS.get(service, frozenset())


def refuse_unlisted(model: Any, **_: Any) -> None:
    """botocore `before-call` handler: raise unless the operation is listed."""
    service = model.service_model.endpoint_prefix
    if not is_allowed(service, model.name):
        raise ForbiddenOperationError(
            f"{service}:{model.name} is not on the audit's read-only allowlist"
        )
