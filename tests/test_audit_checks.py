"""The audit's checks on snapshots (no AWS), their catalogue, and the parsing
they rely on: queue locations, policy senders and key grants, error codes."""

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from aws_messaging_mcp.audit.catalogue import catalogue
from aws_messaging_mcp.audit.checks import QUEUE_CHECKS, TOPIC_CHECKS, run_checks
from aws_messaging_mcp.audit.documents import missing_key_actions, service_senders
from aws_messaging_mcp.audit.locate import locate_queue, queue_arn_from_url
from aws_messaging_mcp.audit.reader import _codes, _error_text, _outcome
from aws_messaging_mcp.audit.snapshot import (
    KeyFacts,
    LambdaConsumerFacts,
    QueueSnapshot,
    SubscriptionFacts,
    TopicSnapshot,
)
from aws_messaging_mcp.knowledge.loader import canonical_json

CHECKS_FILE = (
    Path(__file__).resolve().parent.parent
    / "server"
    / "aws_messaging_mcp"
    / "audit"
    / "checks.json"
)
QUEUE_ARN = "arn:aws:sqs:us-east-1:111122223333:orders"
FIFO_ARN = "arn:aws:sqs:us-east-1:111122223333:orders.fifo"
TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:events"
CMK = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CUSTOMER_KEY = KeyFacts(CMK, "CUSTOMER")
GOOD_QUEUE = {
    "ReceiveMessageWaitTimeSeconds": "20",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "VisibilityTimeout": "360",
    "RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": QUEUE_ARN + "-dlq", "maxReceiveCount": 5}
    ),
}


def queue(
    arn: str = QUEUE_ARN,
    key: KeyFacts | None = CUSTOMER_KEY,
    senders: tuple[str, ...] = (),
    dlq_retention: int | None = 1209600,
    consumers: tuple[LambdaConsumerFacts, ...] | None = (),
    sources: tuple[str, ...] | None = (),
    **attributes: str,
) -> QueueSnapshot:
    return QueueSnapshot(
        arn=arn,
        attributes={**GOOD_QUEUE, **attributes},
        key=key,
        service_senders=senders,
        dead_letter_sources=sources,
        dlq_retention_seconds=dlq_retention,
        consumers=consumers,
    )


def topic(
    arn: str = TOPIC_ARN,
    key: KeyFacts | None = CUSTOMER_KEY,
    senders: tuple[str, ...] = (),
    subscriptions: tuple[SubscriptionFacts, ...] = (),
) -> TopicSnapshot:
    return TopicSnapshot(
        arn=arn,
        attributes={},
        key=key,
        service_senders=senders,
        subscriptions=subscriptions,
    )


def subscription(
    protocol: str = "sqs", attributes: Mapping[str, str] | None = None
) -> SubscriptionFacts:
    return SubscriptionFacts(
        arn=f"{TOPIC_ARN}:0b1c",
        protocol=protocol,
        endpoint=QUEUE_ARN if protocol == "sqs" else "https://example.com/h",
        attributes=attributes,
    )


DLQ_OF = json.dumps({"deadLetterTargetArn": QUEUE_ARN + "-dlq"})
KEY_POLICY_WITH_GRANT = {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": ["sns.amazonaws.com"]},
            "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
            "Resource": "*",
        }
    ]
}
QUEUE_CASES: list[tuple[str, QueueSnapshot, list[tuple[str, str]]]] = [
    ("good", queue(), []),
    (
        "short-poll",
        queue(ReceiveMessageWaitTimeSeconds="0"),
        [("long-polling-disabled", "warning")],
    ),
    (
        "shorter-wait",
        queue(ReceiveMessageWaitTimeSeconds="10"),
        [("long-polling-disabled", "info")],
    ),
    ("no-dlq", queue(RedrivePolicy=""), [("no-dead-letter-queue", "warning")]),
    (
        "no-dlq-fifo",
        queue(FIFO_ARN, RedrivePolicy=""),
        [("no-dead-letter-queue", "info")],
    ),
    ("is-a-dlq", queue(RedrivePolicy="", sources=("https://q/1/src",)), []),
    (
        "fifo-with-standard-dlq",
        queue(FIFO_ARN),
        [("dlq-type-mismatch", "error")],
    ),
    (
        "standard-with-fifo-dlq",
        queue(RedrivePolicy=json.dumps({"deadLetterTargetArn": FIFO_ARN + "x.fifo"})),
        [("dlq-type-mismatch", "error")],
    ),
    (
        "dlq-retention-equal",
        queue(dlq_retention=345600),
        [("dlq-retention-too-short", "warning")],
    ),
    ("dlq-retention-unknown", queue(dlq_retention=None), []),
    (
        "unencrypted",
        queue(key=None, SqsManagedSseEnabled="false"),
        [("not-encrypted-with-cmk", "warning")],
    ),
    (
        "sse-sqs",
        queue(key=None, SqsManagedSseEnabled="true"),
        [("not-encrypted-with-cmk", "info")],
    ),
    (
        "aws-managed-key-with-sender",
        queue(key=KeyFacts("alias/aws/sqs", "AWS"), senders=("sns.amazonaws.com",)),
        [("not-encrypted-with-cmk", "error")],
    ),
    ("key-manager-unknown", queue(key=KeyFacts(CMK, None)), []),
    (
        "cmk-without-grant",
        queue(key=KeyFacts(CMK, "CUSTOMER", {}), senders=("sns.amazonaws.com",)),
        [("key-policy-missing-service-grant", "error")],
    ),
    (
        "cmk-with-grant",
        queue(
            key=KeyFacts(CMK, "CUSTOMER", KEY_POLICY_WITH_GRANT),
            senders=("sns.amazonaws.com",),
        ),
        [],
    ),
    (
        "size-256k",
        queue(MaximumMessageSize="262144"),
        [("max-message-size-below-limit", "info")],
    ),
    (
        "visibility-below-timeout",
        queue(
            consumers=(LambdaConsumerFacts("arn:aws:lambda:f", 900, "Enabled"),),
        ),
        [("visibility-timeout-too-short", "error")],
    ),
    (
        "visibility-below-six-timeouts",
        queue(consumers=(LambdaConsumerFacts("arn:aws:lambda:f", 61, "Enabled"),)),
        [("visibility-timeout-too-short", "warning")],
    ),
    (
        "consumer-timeout-unknown",
        queue(consumers=(LambdaConsumerFacts("arn:aws:lambda:f", None, None),)),
        [],
    ),
]
TOPIC_CASES: list[tuple[str, TopicSnapshot, list[tuple[str, str]]]] = [
    ("good", topic(), []),
    ("unencrypted", topic(key=None), [("not-encrypted-with-cmk", "warning")]),
    (
        "subscription-without-dlq",
        topic(subscriptions=(subscription(attributes={"RawMessageDelivery": "true"}),)),
        [("subscription-no-dead-letter-queue", "warning")],
    ),
    (
        "fifo-topic-standard-dlq",
        topic(
            TOPIC_ARN + ".fifo",
            subscriptions=(
                subscription(
                    attributes={"RawMessageDelivery": "true", "RedrivePolicy": DLQ_OF}
                ),
            ),
        ),
        [("dlq-type-mismatch", "error")],
    ),
    (
        "envelope-to-sqs",
        topic(subscriptions=(subscription(attributes={"RedrivePolicy": DLQ_OF}),)),
        [("raw-delivery-disabled", "info")],
    ),
    (
        "raw-to-https",
        topic(
            subscriptions=(
                subscription(
                    "https",
                    {"RawMessageDelivery": "true", "RedrivePolicy": DLQ_OF},
                ),
            )
        ),
        [("raw-delivery-drops-attributes", "info")],
    ),
    ("subscription-unread", topic(subscriptions=(subscription(attributes=None),)), []),
]


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [case[1:] for case in QUEUE_CASES],
    ids=[case[0] for case in QUEUE_CASES],
)
def test_queue_checks_table(
    snapshot: QueueSnapshot, expected: list[tuple[str, str]]
) -> None:
    findings = run_checks(QUEUE_CHECKS, snapshot)

    assert [(f.id, f.severity) for f in findings] == expected
    for finding in findings:
        assert finding.references == catalogue()[finding.id].references
        assert finding.message.endswith(".") and finding.fix.endswith(".")


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [case[1:] for case in TOPIC_CASES],
    ids=[case[0] for case in TOPIC_CASES],
)
def test_topic_checks_table(
    snapshot: TopicSnapshot, expected: list[tuple[str, str]]
) -> None:
    findings = run_checks(TOPIC_CHECKS, snapshot)

    assert [(f.id, f.severity) for f in findings] == expected


def test_queue_dlq_type_mismatch_finding_in_full() -> None:
    (finding,) = run_checks(QUEUE_CHECKS, queue(FIFO_ARN))

    assert finding.model_dump() == {
        "id": "dlq-type-mismatch",
        "origin": "audit",
        "severity": "error",
        "resource_arn": FIFO_ARN,
        "message": f"This FIFO queue names the standard queue {QUEUE_ARN}-dlq as "
        "its dead-letter queue; SQS requires both to be of one type.",
        "fix": "Point RedrivePolicy at a FIFO queue (its name ends in .fifo).",
        "references": [
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/"
            "SQSDeveloperGuide/sqs-configure-dead-letter-queue.html",
            "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html",
        ],
        "category": None,
        "location": None,
    }


def test_every_catalogued_check_is_exercised_by_the_tables() -> None:
    produced = {
        check_id for case in [*QUEUE_CASES, *TOPIC_CASES] for check_id, _ in case[2]
    }

    assert produced == set(catalogue())


def test_a_crashing_check_becomes_an_internal_error_and_the_rest_still_run() -> None:
    def broken(snapshot: QueueSnapshot) -> list[Any]:
        raise KeyError("boom")

    findings = run_checks(
        (broken, *QUEUE_CHECKS), queue(ReceiveMessageWaitTimeSeconds="0")
    )

    assert [(f.id, f.severity) for f in findings] == [
        ("internal-error", "error"),
        ("long-polling-disabled", "warning"),
    ]
    assert "broken" in findings[0].message


def test_checks_file_is_canonical_and_every_check_is_sourced() -> None:
    text = CHECKS_FILE.read_text(encoding="utf-8")

    assert text == canonical_json(json.loads(text))
    for spec in catalogue().values():
        assert spec.sources, spec.id
        for source in spec.sources:
            assert source.url.startswith("https://"), spec.id
            assert source.checked_on == date(2026, 12, 3)
        assert not spec.title.endswith(".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "https://sqs.eu-west-1.amazonaws.com/111122223333/orders",
            ("orders", "111122223333", "eu-west-1", "aws"),
        ),
        (
            "https://us-west-2.queue.amazonaws.com/111122223333/a.fifo",
            ("a.fifo", "111122223333", "us-west-2", "aws"),
        ),
        (
            "https://queue.amazonaws.com/111122223333/legacy",
            ("legacy", "111122223333", None, "aws"),
        ),
        (
            "https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q",
            ("q", "111122223333", "cn-north-1", "aws-cn"),
        ),
        (
            "http://127.0.0.1:5000/123456789012/local",
            ("local", "123456789012", None, "aws"),
        ),
        (
            "arn:aws-us-gov:sqs:us-gov-west-1:111122223333:gov",
            ("gov", "111122223333", "us-gov-west-1", "aws-us-gov"),
        ),
    ],
)
def test_queue_locations_from_urls_and_arns(
    text: str, expected: tuple[str, str, str | None, str]
) -> None:
    location = locate_queue(text)

    assert (
        location.name,
        location.account_id,
        location.region,
        location.partition,
    ) == expected


def test_dead_letter_source_urls_become_arns() -> None:
    assert (
        queue_arn_from_url(
            "https://sqs.us-east-1.amazonaws.com/111122223333/src", "us-east-1", "aws"
        )
        == "arn:aws:sqs:us-east-1:111122223333:src"
    )


@pytest.mark.parametrize(
    ("statement", "senders"),
    [
        (
            {
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
            },
            ("sns.amazonaws.com",),
        ),
        (
            {"Principal": {"Service": ["events.amazonaws.com"]}, "Action": "SQS:*"},
            ("events.amazonaws.com",),
        ),
        ({"Principal": {"Service": "s3.amazonaws.com"}, "Action": "sqs:Receive*"}, ()),
        ({"Principal": {"AWS": "*"}, "Action": "sqs:SendMessage"}, ()),
        (
            {
                "Principal": "*",
                "Action": "sqs:SendMessage",
                "Condition": {
                    "ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:topic"}
                },
            },
            ("sns.amazonaws.com",),
        ),
        (
            {
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sqs:SendMessage",
                "Condition": {
                    "ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:topic"}
                },
            },
            (),
        ),
    ],
)
def test_service_senders_are_read_from_allow_statements(
    statement: dict[str, Any], senders: tuple[str, ...]
) -> None:
    policy = {"Statement": [{"Effect": "Allow", "Resource": "*", **statement}]}

    assert service_senders(policy, "sqs:SendMessage") == senders


@pytest.mark.parametrize(
    ("statement", "missing"),
    [
        ({"Principal": {"Service": "sns.amazonaws.com"}, "Action": "kms:*"}, []),
        ({"Principal": "*", "Action": ["kms:GenerateDataKey", "kms:Decrypt"]}, []),
        (
            {"Principal": {"Service": "sns.amazonaws.com"}, "Action": "kms:Decrypt"},
            ["kms:GenerateDataKey"],
        ),
        (
            {"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*"},
            ["kms:GenerateDataKey", "kms:Decrypt"],
        ),
    ],
)
def test_key_grants_for_a_service(
    statement: dict[str, Any], missing: list[str]
) -> None:
    policy = {"Statement": [{"Effect": "Allow", "Resource": "*", **statement}]}

    assert missing_key_actions(policy, "sns.amazonaws.com") == missing


@pytest.mark.parametrize(
    ("code", "status", "outcome"),
    [
        ("ThrottlingException", 400, "throttled"),
        ("RequestThrottled", 403, "throttled"),
        ("Anything", 429, "throttled"),
        ("AWS.SimpleQueueService.NonExistentQueue", 400, "not-found"),
        ("NotFound", 404, "not-found"),
        ("AccessDeniedException", 400, "access-denied"),
        ("AuthorizationError", 403, "access-denied"),
        ("InternalError", 500, "failed"),
    ],
)
def test_error_codes_are_classified(code: str, status: int, outcome: str) -> None:
    assert _outcome(_client_error(code, "m", status)) == outcome


def test_an_xml_error_inside_a_json_answer_is_read_for_its_code() -> None:
    error = _client_error(
        "403",
        '<?xml version="1.0"?><ErrorResponse><Errors><Error><Code>AccessDenied'
        "</Code><Message>no</Message></Error></Errors></ErrorResponse>",
        403,
    )

    assert "AccessDenied" in _codes(error)
    assert _error_text(error) == "AccessDenied: no"


def _client_error(code: str, message: str, status: int) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status},
        },
        "GetQueueAttributes",
    )
