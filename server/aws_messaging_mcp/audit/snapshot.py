"""What an audit read, as plain values: the checks judge these and call nothing.

`None` means "could not be read" wherever a read may be skipped, so that a
check can tell an empty answer from a missing one.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aws_messaging_mcp.audit.documents import parse_policy

FIFO_SUFFIX = ".fifo"
KeyManager = Literal["AWS", "CUSTOMER"]


@dataclass(frozen=True)
class KeyFacts:
    """The KMS key a queue or topic names in KmsMasterKeyId."""

    key_id: str
    manager: KeyManager | None
    policy: dict[str, Any] | None = None


@dataclass(frozen=True)
class LambdaConsumerFacts:
    function_arn: str
    timeout_seconds: int | None
    state: str | None


@dataclass(frozen=True)
class _Resource:
    arn: str
    attributes: Mapping[str, str]
    key: KeyFacts | None
    service_senders: tuple[str, ...]

    @property
    def fifo(self) -> bool:
        return self.arn.endswith(FIFO_SUFFIX)

    @property
    def policy(self) -> dict[str, Any] | None:
        return parse_policy(self.attributes.get("Policy"))

    def int_attribute(self, name: str) -> int | None:
        value = self.attributes.get(name)
        return int(value) if value is not None and value.isdigit() else None


@dataclass(frozen=True)
class QueueSnapshot(_Resource):
    dead_letter_sources: tuple[str, ...] | None
    dlq_retention_seconds: int | None
    consumers: tuple[LambdaConsumerFacts, ...] | None

    @property
    def dead_letter_target(self) -> str | None:
        return redrive_target(self.attributes.get("RedrivePolicy"))


@dataclass(frozen=True)
class SubscriptionFacts:
    arn: str
    protocol: str
    endpoint: str
    attributes: Mapping[str, str] | None

    @property
    def raw_delivery(self) -> bool | None:
        if self.attributes is None:
            return None
        return self.attributes.get("RawMessageDelivery", "false").lower() == "true"

    @property
    def dead_letter_target(self) -> str | None:
        if self.attributes is None:
            return None
        return redrive_target(self.attributes.get("RedrivePolicy"))


@dataclass(frozen=True)
class TopicSnapshot(_Resource):
    subscriptions: tuple[SubscriptionFacts, ...] | None


def redrive_target(redrive_policy: str | None) -> str | None:
    """deadLetterTargetArn of a RedrivePolicy attribute, if it names one."""
    if not redrive_policy:
        return None
    try:
        target = json.loads(redrive_policy).get("deadLetterTargetArn")
    except (ValueError, AttributeError):
        return None
    return target if isinstance(target, str) and target else None
