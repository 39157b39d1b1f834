"""What the audit needs from policy documents: who may send, and with which keys.

Deliberately narrow: only Allow statements are read, conditions are ignored
and a Deny is not subtracted, so a sender blocked by a condition or a Deny
still counts as a sender. The full analysis of the attached policy is the
policy checker's; these answers only steer the encryption checks.
"""

import json
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

# Both must be allowed for a service to write into an SSE-KMS queue or topic
# (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
SERVICE_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
# Services that send to queues and topics as event sources, named by the
# aws:SourceArn of the resource that sends.
SOURCE_ARN_SENDERS = frozenset(
    {"sns.amazonaws.com", "events.amazonaws.com", "s3.amazonaws.com"}
)


def parse_policy(text: str | None) -> dict[str, Any] | None:
    """The document, or None when there is none or it is not a JSON object."""
    if not text:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def service_senders(policy: dict[str, Any] | None, action: str) -> tuple[str, ...]:
    """Service principals that an Allow statement lets perform `action`.

    Older SNS-to-SQS policies name no service: they allow everyone and pin
    aws:SourceArn to the topic. Such a statement counts as the service of
    that ARN sending.
    """
    senders = {
        service
        for statement in _allow_statements(policy)
        if covers(_as_list(statement.get("Action")), action)
        for service in (
            _services(statement.get("Principal")) + _source_arn_services(statement)
        )
    }
    return tuple(sorted(senders))


def missing_key_actions(policy: dict[str, Any] | None, service: str) -> list[str]:
    """The SERVICE_KEY_ACTIONS that the key policy does not allow `service`."""
    allowed = [
        pattern
        for statement in _allow_statements(policy)
        if _admits(statement.get("Principal"), service)
        for pattern in _as_list(statement.get("Action"))
    ]
    return [action for action in SERVICE_KEY_ACTIONS if not covers(allowed, action)]


def covers(patterns: list[str], action: str) -> bool:
    """Whether an action pattern (IAM wildcards, any case) matches `action`."""
    return any(fnmatchcase(action.lower(), pattern.lower()) for pattern in patterns)


def _allow_statements(policy: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
    statements = (policy or {}).get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            yield statement


def _services(principal: Any) -> list[str]:
    if not isinstance(principal, dict):
        return []
    return [str(service) for service in _as_list(principal.get("Service"))]


def _source_arn_services(statement: dict[str, Any]) -> list[str]:
    if not _is_everyone(statement.get("Principal")):
        return []
    conditions = statement.get("Condition")
    values = [
        value
        for block in (conditions.values() if isinstance(conditions, dict) else [])
        if isinstance(block, dict)
        for key, value in block.items()
        if key.lower() == "aws:sourcearn"
    ]
    services = {
        f"{arn.split(':')[2]}.amazonaws.com"
        for value in values
        for arn in _as_list(value)
        if isinstance(arn, str) and arn.count(":") >= 5
    }
    return sorted(services & SOURCE_ARN_SENDERS)


def _admits(principal: Any, service: str) -> bool:
    return _is_everyone(principal) or service in _services(principal)


def _is_everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _as_list(principal.get("AWS"))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
