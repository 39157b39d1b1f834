"""audit_topic against a local SNS (moto): encryption, subscriptions, policy."""

from collections.abc import Iterator
from typing import Any

import pytest

from aws_messaging_mcp.audit.models import TopicAudit
from aws_messaging_mcp.audit.topic import audit_topic
from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy import check_policy
from aws_messaging_mcp.policy.models import PolicyContext
from test_audit_support import (
    ACCOUNT,
    REGION,
    Estate,
    OperationLog,
    estate,
    record_operations,
    use_local_aws,
)

EVENTS_PUBLISH = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": "*",
        }
    ],
}


@pytest.fixture
def aws() -> Estate:
    return estate()


@pytest.fixture(autouse=True)
def operations(monkeypatch: pytest.MonkeyPatch, aws: Estate) -> Iterator[OperationLog]:
    use_local_aws(monkeypatch, aws.endpoint)
    log = record_operations(monkeypatch)
    yield log
    assert log.outside_allowlist() == []


def test_well_configured_topic_has_no_audit_findings(aws: Estate) -> None:
    topic = aws.topic("orders", KmsMasterKeyId=aws.key())
    dlq = aws.queue_arn(aws.queue("sub-dlq"))
    queue = aws.queue_arn(aws.queue("consumer"))
    subscription = aws.subscribe(
        topic,
        "sqs",
        queue,
        RawMessageDelivery="true",
        RedrivePolicy={"deadLetterTargetArn": dlq},
    )

    audit = audit_topic(topic)

    assert [f for f in audit.findings if f.origin == "audit"] == []
    assert audit.skipped == []
    assert [(call.operation, call.outcome) for call in audit.calls] == [
        ("sns:GetTopicAttributes", "ok"),
        ("kms:DescribeKey", "ok"),
        ("sns:ListSubscriptionsByTopic", "ok"),
        ("sns:GetSubscriptionAttributes", "ok"),
    ]
    assert [review.model_dump() for review in audit.subscriptions or []] == [
        {
            "subscription_arn": subscription,
            "protocol": "sqs",
            "endpoint": queue,
            "raw_message_delivery": True,
            "dead_letter_queue_arn": dlq,
        }
    ]
    assert (audit.topic_arn, audit.region, audit.account_id) == (
        topic,
        REGION,
        ACCOUNT,
    )
    assert audit.fifo is False
    assert "Policy" not in audit.attributes


def test_topic_policy_findings_come_from_the_policy_checker(aws: Estate) -> None:
    topic = aws.topic("policy")
    policy = aws.client("sns").get_topic_attributes(TopicArn=topic)["Attributes"][
        "Policy"
    ]
    context = PolicyContext(resource_arn=topic, account_id=ACCOUNT)
    expected = check_policy(policy, "sns", context).findings

    audit = audit_topic(topic)

    assert audit.policy == "checked"
    assert [
        (f.id, f.category, f.severity, f.message, f.location)
        for f in audit.findings
        if f.origin == "check_policy"
    ] == [(f.rule_id, f.category, f.severity, f.message, f.location) for f in expected]


@pytest.mark.parametrize(
    ("attributes", "severity", "words"),
    [
        ({}, "warning", "The topic is not encrypted at rest."),
        ({"KmsMasterKeyId": "alias/aws/sns"}, "warning", "AWS managed key"),
        (
            {"KmsMasterKeyId": "alias/aws/sns", "Policy": EVENTS_PUBLISH},
            "error",
            "lets events.amazonaws.com send",
        ),
    ],
    ids=["unencrypted", "aws-managed-key", "aws-managed-key-service"],
)
def test_topic_without_customer_managed_key_is_flagged(
    aws: Estate, attributes: dict[str, Any], severity: str, words: str
) -> None:
    topic = aws.topic("enc", **attributes)

    finding = _only(audit_topic(topic), "not-encrypted-with-cmk")

    assert (finding["severity"], finding["resource_arn"]) == (severity, topic)
    assert words in finding["message"]


def test_topic_key_without_a_grant_for_the_publishing_service_is_an_error(
    aws: Estate,
) -> None:
    key = aws.key()
    topic = aws.topic("enc", KmsMasterKeyId=key, Policy=EVENTS_PUBLISH)

    audit = audit_topic(topic)

    finding = _only(audit, "key-policy-missing-service-grant")
    assert finding["severity"] == "error"
    assert "events.amazonaws.com" in finding["message"]
    assert "kms:GetKeyPolicy" in [call.operation for call in audit.calls]


def test_subscription_without_dead_letter_queue_is_a_warning(aws: Estate) -> None:
    topic = aws.topic("subs")
    subscription = aws.subscribe(topic, "https", "https://example.com/hook")

    finding = _only(audit_topic(topic), "subscription-no-dead-letter-queue")

    assert finding == {
        "id": "subscription-no-dead-letter-queue",
        "origin": "audit",
        "severity": "warning",
        "resource_arn": subscription,
        "message": "The https subscription to https://example.com/hook has no "
        "RedrivePolicy: messages SNS cannot deliver after its retries are "
        "discarded.",
        "fix": "Create an SQS queue in the subscription's account and Region "
        "(FIFO for a FIFO topic), allow sns.amazonaws.com to SendMessage to it "
        "with aws:SourceArn set to the topic, and set the subscription's "
        'RedrivePolicy to {"deadLetterTargetArn": "<its ARN>"}.',
        "references": [
            "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html"
        ],
        "category": None,
        "location": None,
    }


def test_fifo_topic_subscription_with_standard_dlq_is_a_type_mismatch(
    aws: Estate,
) -> None:
    topic = aws.topic("fifo", fifo=True)
    standard_dlq = aws.queue_arn(aws.queue("std-dlq"))
    consumer = aws.queue_arn(aws.queue("consumer", fifo=True))
    subscription = aws.subscribe(
        topic,
        "sqs",
        consumer,
        RawMessageDelivery="true",
        RedrivePolicy={"deadLetterTargetArn": standard_dlq},
    )

    audit = audit_topic(topic)

    finding = _only(audit, "dlq-type-mismatch")
    assert finding["resource_arn"] == subscription
    assert finding["severity"] == "error"
    assert finding["message"] == (
        "This subscription of a FIFO topic names the standard queue "
        f"{standard_dlq} as its dead-letter queue."
    )
    assert audit.fifo is True


@pytest.mark.parametrize(
    ("protocol", "endpoint", "raw", "expected"),
    [
        ("sqs", "queue", "false", ["raw-delivery-disabled"]),
        (
            "https",
            "https://example.com/hook",
            "true",
            ["raw-delivery-drops-attributes"],
        ),
        (
            "firehose",
            "arn:aws:firehose:us-east-1:123456789012:deliverystream/audit",
            "true",
            ["raw-delivery-drops-attributes"],
        ),
    ],
)
def test_raw_delivery_settings_are_noted_where_they_matter(
    aws: Estate, protocol: str, endpoint: str, raw: str, expected: list[str]
) -> None:
    topic = aws.topic("raw")
    target = aws.queue_arn(aws.queue("consumer")) if endpoint == "queue" else endpoint
    extra = (
        {"SubscriptionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/firehose"}
        if protocol == "firehose"
        else {}
    )
    aws.subscribe(topic, protocol, target, RawMessageDelivery=raw, **extra)

    audit = audit_topic(topic)

    raw_ids = [f.id for f in audit.findings if f.id.startswith("raw-delivery")]
    assert raw_ids == expected
    assert all(f.severity == "info" for f in audit.findings if f.id in raw_ids)


def test_more_subscriptions_than_the_bound_are_listed_as_skipped(
    aws: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aws_messaging_mcp.audit import topic as topic_module

    monkeypatch.setattr(topic_module, "MAX_SUBSCRIPTIONS", 2)
    topic = aws.topic("many")
    for number in range(3):
        aws.subscribe(topic, "https", f"https://example.com/{number}")

    audit = audit_topic(topic)

    assert len(audit.subscriptions or []) == 2
    assert [call.operation for call in audit.calls].count(
        "sns:GetSubscriptionAttributes"
    ) == 2
    assert [(skip.operation, skip.reason) for skip in audit.skipped] == [
        ("sns:GetSubscriptionAttributes", "limit")
    ]
    assert "only 2 of 3 subscriptions" in audit.skipped[0].consequence


@pytest.mark.parametrize(
    ("topic_arn", "words"),
    [
        ("orders", "not an ARN"),
        ("arn:aws:sqs:us-east-1:111122223333:orders", "not a topic ARN"),
        ("arn:aws:sns:us-east-1:111122223333:or ders", "not a valid topic name"),
        ("arn:aws:sns:us-east-1:42:orders", "12 digits"),
    ],
)
def test_malformed_topic_arn_is_an_input_error_before_any_call(
    topic_arn: str, words: str, operations: OperationLog
) -> None:
    with pytest.raises(InputError, match=words):
        audit_topic(topic_arn)

    assert operations.operations == []


def _only(audit: TopicAudit, check_id: str) -> dict[str, Any]:
    matching = [f.model_dump() for f in audit.findings if f.id == check_id]
    assert len(matching) == 1, audit.findings
    return matching[0]
