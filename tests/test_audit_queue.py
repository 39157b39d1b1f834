"""audit_queue against a local SQS (moto): every queue check, and what it reads."""

import json
from collections.abc import Iterator
from typing import Any

import pytest

from aws_messaging_mcp.audit.models import QueueAudit
from aws_messaging_mcp.audit.queue import audit_queue
from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy import check_policy
from aws_messaging_mcp.policy.models import DlqFor, PolicyContext
from test_audit_support import (
    ACCOUNT,
    REGION,
    Estate,
    OperationLog,
    estate,
    record_operations,
    use_local_aws,
)

FOURTEEN_DAYS = 1209600
FOUR_DAYS = 345600
ONE_MIB = 1048576
SNS_SENDS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "TopicSends",
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": "*",
        }
    ],
}


@pytest.fixture
def aws() -> Estate:
    return estate()


@pytest.fixture(autouse=True)
def operations(monkeypatch: pytest.MonkeyPatch, aws: Estate) -> Iterator[OperationLog]:
    """Local AWS for the audit, and a log proving it only called the allowlist."""
    use_local_aws(monkeypatch, aws.endpoint)
    log = record_operations(monkeypatch)
    yield log
    assert log.outside_allowlist() == []


def test_well_configured_queue_has_no_audit_findings(aws: Estate) -> None:
    key = aws.key(policy=_key_policy_for("sns.amazonaws.com"))
    dlq = aws.queue("dlq", MessageRetentionPeriod=FOURTEEN_DAYS)
    url = aws.queue(
        "orders",
        ReceiveMessageWaitTimeSeconds=20,
        VisibilityTimeout=360,
        MessageRetentionPeriod=FOUR_DAYS,
        MaximumMessageSize=ONE_MIB,
        KmsMasterKeyId=key,
        RedrivePolicy={"deadLetterTargetArn": aws.queue_arn(dlq), "maxReceiveCount": 5},
        Policy=SNS_SENDS,
    )
    function = aws.function(timeout=60)
    aws.consume(url, function)

    audit = audit_queue(url)

    assert _audit_findings(audit) == []
    assert audit.skipped == []
    assert [(call.operation, call.attempts, call.outcome) for call in audit.calls] == [
        ("sqs:GetQueueAttributes", 1, "ok"),
        ("sqs:ListDeadLetterSourceQueues", 1, "ok"),
        ("sqs:ListQueueTags", 1, "ok"),
        ("kms:DescribeKey", 1, "ok"),
        ("kms:GetKeyPolicy", 1, "ok"),
        ("sqs:GetQueueAttributes", 1, "ok"),
        ("lambda:ListEventSourceMappings", 1, "ok"),
        ("lambda:GetFunctionConfiguration", 1, "ok"),
    ]
    assert audit.queue_url == url
    assert audit.queue_arn == aws.queue_arn(url)
    assert (audit.region, audit.account_id, audit.fifo) == (REGION, ACCOUNT, False)
    assert audit.tags == {}
    assert audit.dead_letter_source_queues == []
    assert [consumer.model_dump() for consumer in audit.lambda_consumers or []] == [
        {"function_arn": function, "timeout_seconds": 60, "mapping_state": "Enabled"}
    ]
    assert audit.policy == "checked"
    assert "Policy" not in audit.attributes
    assert audit.attributes["VisibilityTimeout"] == "360"


def test_queue_arn_is_resolved_to_its_url_first(aws: Estate) -> None:
    url = aws.queue("by-arn", SqsManagedSseEnabled="false")

    audit = audit_queue(aws.queue_arn(url))

    assert audit.queue_url == url
    assert [call.operation for call in audit.calls][:2] == [
        "sqs:GetQueueUrl",
        "sqs:GetQueueAttributes",
    ]
    assert audit.policy == "none-attached"


def test_short_polling_is_a_warning_with_the_fix_and_sources(aws: Estate) -> None:
    url = aws.queue("short")

    finding = _only(audit_queue(url), "long-polling-disabled")

    assert finding == {
        "id": "long-polling-disabled",
        "origin": "audit",
        "severity": "warning",
        "resource_arn": aws.queue_arn(url),
        "message": "ReceiveMessageWaitTimeSeconds is 0, so receives that do not "
        "pass WaitTimeSeconds short-poll: they return at once, often empty even "
        "when messages wait.",
        "fix": "Set ReceiveMessageWaitTimeSeconds to 20 with SetQueueAttributes, "
        "or pass WaitTimeSeconds=20 on every ReceiveMessage; keep the client's "
        "read timeout above the wait.",
        "references": [
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/"
            "SQSDeveloperGuide/best-practices-setting-up-long-polling.html",
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/"
            "SQSDeveloperGuide/quotas-queues.html",
        ],
        "category": None,
        "location": None,
    }


def test_queue_without_dead_letter_queue_is_a_warning(aws: Estate) -> None:
    url = aws.queue("no-dlq")

    finding = _only(audit_queue(url), "no-dead-letter-queue")

    assert finding["severity"] == "warning"
    assert finding["resource_arn"] == aws.queue_arn(url)
    assert "no RedrivePolicy" in finding["message"]
    assert '"maxReceiveCount": 5' in finding["fix"]


def test_fifo_queue_without_dead_letter_queue_is_only_noted(aws: Estate) -> None:
    url = aws.queue("no-dlq", fifo=True)

    finding = _only(audit_queue(url), "no-dead-letter-queue")

    assert finding["severity"] == "info"
    assert "order of a message group" in finding["message"]


def test_a_dead_letter_queue_needs_no_dead_letter_queue_of_its_own(
    aws: Estate,
) -> None:
    dlq = aws.queue("dlq", MessageRetentionPeriod=FOURTEEN_DAYS)
    source = aws.queue(
        "src",
        RedrivePolicy={"deadLetterTargetArn": aws.queue_arn(dlq), "maxReceiveCount": 3},
    )

    audit = audit_queue(dlq)

    assert audit.dead_letter_source_queues == [source]
    assert _severities(audit, "no-dead-letter-queue") == []


def test_dlq_keeping_messages_no_longer_than_the_source_is_flagged(
    aws: Estate,
) -> None:
    dlq = aws.queue("dlq", MessageRetentionPeriod=FOUR_DAYS)
    dlq_arn = aws.queue_arn(dlq)
    url = aws.queue(
        "src",
        MessageRetentionPeriod=FOUR_DAYS,
        RedrivePolicy={"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3},
    )

    finding = _only(audit_queue(url), "dlq-retention-too-short")

    assert finding["severity"] == "warning"
    assert finding["message"].startswith(
        f"The dead-letter queue {dlq_arn} keeps messages 345600 s and this queue "
        "345600 s."
    )
    assert finding["fix"] == (
        "Raise the dead-letter queue's MessageRetentionPeriod above 345600 s, up "
        "to 1209600 s (14 days)."
    )


def test_both_queues_at_fourteen_days_ask_to_lower_the_source(aws: Estate) -> None:
    dlq = aws.queue("dlq", MessageRetentionPeriod=FOURTEEN_DAYS)
    url = aws.queue(
        "src",
        MessageRetentionPeriod=FOURTEEN_DAYS,
        RedrivePolicy={"deadLetterTargetArn": aws.queue_arn(dlq), "maxReceiveCount": 3},
    )

    finding = _only(audit_queue(url), "dlq-retention-too-short")

    assert finding["fix"].startswith(
        "Lower this queue's MessageRetentionPeriod below 1209600 s"
    )


def test_fifo_dlq_retention_is_not_compared(aws: Estate) -> None:
    # FIFO queues restart a message's retention when it moves to the DLQ.
    dlq = aws.queue("dlq", fifo=True, MessageRetentionPeriod=FOUR_DAYS)
    url = aws.queue(
        "src",
        fifo=True,
        MessageRetentionPeriod=FOURTEEN_DAYS,
        RedrivePolicy={"deadLetterTargetArn": aws.queue_arn(dlq), "maxReceiveCount": 3},
    )

    assert _severities(audit_queue(url), "dlq-retention-too-short") == []


def test_sqs_refuses_to_create_a_dlq_type_mismatch(aws: Estate) -> None:
    # So the queue-side check is covered on a snapshot in test_audit_checks;
    # the topic side (which SNS accepts) is covered live in test_audit_topic.
    standard = aws.queue("std-dlq")
    with pytest.raises(Exception, match="non fifo dead letter"):
        aws.queue(
            "src",
            fifo=True,
            RedrivePolicy={
                "deadLetterTargetArn": aws.queue_arn(standard),
                "maxReceiveCount": 3,
            },
        )


@pytest.mark.parametrize(
    ("attributes", "severity", "words"),
    [
        ({"SqsManagedSseEnabled": "false"}, "warning", "not encrypted at rest"),
        ({"SqsManagedSseEnabled": "true"}, "info", "SSE-SQS"),
        ({"KmsMasterKeyId": "alias/aws/sqs"}, "warning", "AWS managed key"),
        (
            {"KmsMasterKeyId": "alias/aws/sqs", "Policy": SNS_SENDS},
            "error",
            "lets sns.amazonaws.com send",
        ),
    ],
    ids=["unencrypted", "sse-sqs", "aws-managed-key", "aws-managed-key-service"],
)
def test_queue_without_customer_managed_key_is_flagged(
    aws: Estate, attributes: dict[str, Any], severity: str, words: str
) -> None:
    url = aws.queue("enc", **attributes)

    finding = _only(audit_queue(url), "not-encrypted-with-cmk")

    assert finding["severity"] == severity
    assert words in finding["message"]
    assert "KmsMasterKeyId" in finding["fix"]


def test_aws_managed_key_alias_needs_no_kms_call(aws: Estate) -> None:
    url = aws.queue("enc", KmsMasterKeyId="alias/aws/sqs")

    operations = [call.operation for call in audit_queue(url).calls]

    assert not [operation for operation in operations if operation.startswith("kms")]


def test_customer_managed_key_without_a_grant_for_the_sender_is_an_error(
    aws: Estate,
) -> None:
    key = aws.key()  # the default key policy: the account only
    url = aws.queue("enc", KmsMasterKeyId=key, Policy=SNS_SENDS)

    audit = audit_queue(url)

    assert _severities(audit, "not-encrypted-with-cmk") == []
    finding = _only(audit, "key-policy-missing-service-grant")
    assert finding["severity"] == "error"
    assert finding["message"] == (
        f"The resource policy lets sns.amazonaws.com send, but the key policy of "
        f"{key} does not allow it kms:GenerateDataKey, kms:Decrypt; its messages "
        "fail to encrypt and are not delivered."
    )


def test_key_policy_is_read_only_when_a_service_sends(aws: Estate) -> None:
    url = aws.queue("enc", KmsMasterKeyId=aws.key())

    operations = [call.operation for call in audit_queue(url).calls]

    assert "kms:DescribeKey" in operations
    assert "kms:GetKeyPolicy" not in operations


def test_message_size_pinned_below_one_mebibyte_is_noted(aws: Estate) -> None:
    url = aws.queue("size", MaximumMessageSize=262144)

    finding = _only(audit_queue(url), "max-message-size-below-limit")

    assert finding["severity"] == "info"
    assert finding["message"].startswith(
        "MaximumMessageSize is 262144 bytes (256 KiB); SQS accepts up to 1048576 "
        "bytes (1 MiB)"
    )


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [(30, ["error"]), (120, ["warning"])],
)
def test_visibility_timeout_below_six_function_timeouts_is_flagged(
    aws: Estate, visibility: int, expected: list[str]
) -> None:
    url = aws.queue("vt", VisibilityTimeout=visibility)
    function = aws.function(timeout=60)
    aws.consume(url, function)

    audit = audit_queue(url)

    assert _severities(audit, "visibility-timeout-too-short") == expected
    if expected:
        finding = _only(audit, "visibility-timeout-too-short")
        assert function in finding["message"]
        assert finding["fix"].startswith(
            "Set the queue's VisibilityTimeout to at least 360 s"
        )


def test_every_check_policy_finding_is_kept_with_the_real_context(
    aws: Estate,
) -> None:
    source = aws.queue("src")
    public = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}
        ],
    }
    url = aws.queue("dlq", Policy=public)
    aws.client("sqs").set_queue_attributes(
        QueueUrl=source,
        Attributes={
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": aws.queue_arn(url), "maxReceiveCount": 3}
            )
        },
    )
    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["Policy"]
    )["Attributes"]
    context = PolicyContext(
        resource_arn=aws.queue_arn(url),
        account_id=ACCOUNT,
        dlq_for=DlqFor(kind="sqs-redrive", source_arn=aws.queue_arn(source)),
    )
    expected = check_policy(attributes["Policy"], "sqs", context).findings

    audit = audit_queue(url)

    from_checker = [f for f in audit.findings if f.origin == "check_policy"]
    assert [
        (f.id, f.category, f.severity, f.message, f.fix, f.location)
        for f in from_checker
    ] == [
        (f.rule_id, f.category, f.severity, f.message, f.fix, f.location)
        for f in expected
    ]
    assert {f.resource_arn for f in from_checker} == {aws.queue_arn(url)}
    assert "public-access" in {f.category for f in from_checker}
    assert audit.policy == "checked"


def test_summary_counts_every_finding(aws: Estate) -> None:
    url = aws.queue("sum", SqsManagedSseEnabled="false", MaximumMessageSize=262144)

    audit = audit_queue(url)

    assert audit.summary.model_dump() == {
        "total": 4,
        "errors": 0,
        "warnings": 3,
        "infos": 1,
        "by_id": {
            "long-polling-disabled": 1,
            "max-message-size-below-limit": 1,
            "no-dead-letter-queue": 1,
            "not-encrypted-with-cmk": 1,
        },
    }


@pytest.mark.parametrize(
    ("queue", "words"),
    [
        ("orders", "neither a queue URL nor an ARN"),
        ("arn:aws:sns:us-east-1:111122223333:orders", "not of an SQS queue"),
        ("https://sqs.us-east-1.amazonaws.com/orders", "should end in /ACCOUNT/NAME"),
        ("https://sqs.us-east-1.amazonaws.com/1234/orders", "12 digits"),
        ("https://sqs.us-east-1.amazonaws.com/111122223333/or ders", "not a valid"),
    ],
)
def test_malformed_queue_is_an_input_error_before_any_call(
    queue: str, words: str, operations: OperationLog
) -> None:
    with pytest.raises(InputError, match=words):
        audit_queue(queue)

    assert operations.operations == []


def test_region_that_contradicts_the_queue_is_an_input_error() -> None:
    with pytest.raises(InputError, match="is in us-east-1 but region is eu-west-1"):
        audit_queue("arn:aws:sqs:us-east-1:111122223333:orders", region="eu-west-1")


def test_queue_url_without_region_needs_one_from_somewhere(
    monkeypatch: pytest.MonkeyPatch, aws: Estate
) -> None:
    url = aws.queue("where")
    monkeypatch.delenv("AWS_DEFAULT_REGION")

    with pytest.raises(InputError, match="pass region"):
        audit_queue(url)

    assert audit_queue(url, region=REGION).region == REGION


def _key_policy_for(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Account",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "Sender",
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                "Resource": "*",
            },
        ],
    }


def _audit_findings(audit: QueueAudit) -> list[dict[str, Any]]:
    return [f.model_dump() for f in audit.findings if f.origin == "audit"]


def _severities(audit: QueueAudit, check_id: str) -> list[str]:
    return [f.severity for f in audit.findings if f.id == check_id]


def _only(audit: QueueAudit, check_id: str) -> dict[str, Any]:
    matching = [f.model_dump() for f in audit.findings if f.id == check_id]
    assert len(matching) == 1, audit.findings
    return matching[0]
