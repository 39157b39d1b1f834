"""A topic's subscriptions: dead-letter queues and raw message delivery.

Subscriptions still pending confirmation have no ARN to read and are left out.
"""

from collections.abc import Iterator

from aws_messaging_mcp.audit.findings import audit_finding
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import (
    FIFO_SUFFIX,
    SubscriptionFacts,
    TopicSnapshot,
)

# Where raw delivery applies, and where it drops message attributes
# (https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html).
ENVELOPE_PROTOCOLS = frozenset({"sqs", "firehose"})
ATTRIBUTE_LOSING_PROTOCOLS = frozenset({"http", "https", "firehose"})


def subscription_no_dead_letter_queue(topic: TopicSnapshot) -> list[AuditFinding]:
    return [
        audit_finding(
            "subscription-no-dead-letter-queue",
            "warning",
            subscription.arn,
            f"The {subscription.protocol} subscription to {subscription.endpoint} "
            "has no RedrivePolicy: messages SNS cannot deliver after its retries "
            "are discarded.",
            "Create an SQS queue in the subscription's account and Region (FIFO "
            "for a FIFO topic), allow sns.amazonaws.com to SendMessage to it "
            "with aws:SourceArn set to the topic, and set the subscription's "
            'RedrivePolicy to {"deadLetterTargetArn": "<its ARN>"}.',
        )
        for subscription in _read(topic)
        if subscription.dead_letter_target is None
    ]


def subscription_dlq_type_mismatch(topic: TopicSnapshot) -> list[AuditFinding]:
    kinds = ("FIFO", "standard") if topic.fifo else ("standard", "FIFO")
    return [
        audit_finding(
            "dlq-type-mismatch",
            "error",
            subscription.arn,
            f"This subscription of a {kinds[0]} topic names the {kinds[1]} "
            f"queue {subscription.dead_letter_target} as its dead-letter queue.",
            f"Point the subscription's RedrivePolicy at a {kinds[0]} queue.",
        )
        for subscription in _read(topic)
        if subscription.dead_letter_target is not None
        and subscription.dead_letter_target.endswith(FIFO_SUFFIX) != topic.fifo
    ]


def raw_delivery_disabled(topic: TopicSnapshot) -> list[AuditFinding]:
    return [
        audit_finding(
            "raw-delivery-disabled",
            "info",
            subscription.arn,
            f"The {subscription.protocol} subscription to {subscription.endpoint} "
            "gets each message wrapped in the SNS JSON envelope, which the "
            "consumer must unwrap and which counts toward the size limits.",
            "If the consumer wants the message as published, set "
            "RawMessageDelivery to true on the subscription and drop the "
            "unwrapping code; keep the envelope if it reads its metadata.",
        )
        for subscription in _read(topic)
        if subscription.protocol in ENVELOPE_PROTOCOLS
        and subscription.raw_delivery is False
    ]


def raw_delivery_drops_attributes(topic: TopicSnapshot) -> list[AuditFinding]:
    return [
        audit_finding(
            "raw-delivery-drops-attributes",
            "info",
            subscription.arn,
            f"Raw delivery is on for the {subscription.protocol} subscription to "
            f"{subscription.endpoint}: it receives the body only, without the "
            "message attributes.",
            "If the endpoint needs message attributes, set RawMessageDelivery to "
            "false and read them from the envelope, or move them into the body.",
        )
        for subscription in _read(topic)
        if subscription.protocol in ATTRIBUTE_LOSING_PROTOCOLS
        and subscription.raw_delivery is True
    ]


def _read(topic: TopicSnapshot) -> Iterator[SubscriptionFacts]:
    """Subscriptions whose attributes the audit could read."""
    for subscription in topic.subscriptions or ():
        if subscription.attributes is not None:
            yield subscription
