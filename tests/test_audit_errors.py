"""What an audit does when AWS says no: credentials, access, absence, throttling.

Access denied comes from moto enforcing IAM for a user with a narrow policy;
throttling, and access denied on a call moto cannot authorise, come from an
endpoint in front of moto that answers AWS-shaped errors over HTTP.
"""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aws_messaging_mcp.audit.queue import audit_queue
from aws_messaging_mcp.audit.reader import RetryPolicy
from aws_messaging_mcp.audit.topic import audit_topic
from aws_messaging_mcp.errors import InputError
from test_audit_support import (
    Estate,
    Fault,
    FaultyEndpoint,
    OperationLog,
    estate,
    record_operations,
    use_local_aws,
)

FAST = RetryPolicy(max_attempts=4, base_delay_seconds=0.001, max_delay_seconds=0.01)


@pytest.fixture
def aws() -> Estate:
    return estate()


@pytest.fixture(autouse=True)
def operations(monkeypatch: pytest.MonkeyPatch, aws: Estate) -> Iterator[OperationLog]:
    use_local_aws(monkeypatch, aws.endpoint)
    log = record_operations(monkeypatch)
    yield log
    assert log.outside_allowlist() == []


@pytest.fixture
def faulty(aws: Estate, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultyEndpoint]:
    with FaultyEndpoint(aws.endpoint) as endpoint:
        monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint.url)
        yield endpoint


def test_no_credentials_is_an_input_error_that_says_how_to_provide_them(
    aws: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = aws.queue("creds")
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    started = time.monotonic()

    with pytest.raises(InputError) as raised:
        audit_queue(url)

    assert str(raised.value) == (
        "no usable AWS credentials for the audit (Unable to locate credentials); "
        "set AWS_PROFILE or pass profile, export AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY, or run 'aws sso login' for an SSO profile"
    )
    assert time.monotonic() - started < 5


def test_unknown_profile_names_the_configured_ones(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile audit]\nregion = eu-west-1\n[default]\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))

    with pytest.raises(InputError) as raised:
        audit_topic("arn:aws:sns:us-east-1:111122223333:orders", profile="ghost")

    assert str(raised.value) == (
        "AWS profile 'ghost' is not configured; use one of: audit, default, or "
        "omit profile"
    )


def test_rejected_credentials_stop_the_audit(
    aws: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = aws.queue("rejected")
    with aws.enforcing_iam(["sqs:*"]):
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUNKNOWNUNKNOWN00")

        with pytest.raises(InputError, match="AWS rejected the credentials"):
            audit_queue(url)


def test_access_denied_on_one_read_is_skipped_and_the_audit_goes_on(
    aws: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = aws.topic("denied")
    subscription = aws.subscribe(topic, "https", "https://example.com/hook")
    allowed = ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"]

    with aws.enforcing_iam(allowed) as credentials:
        for name, value in credentials.items():
            monkeypatch.setenv(name, value)
        audit = audit_topic(topic)

    assert [(call.operation, call.outcome) for call in audit.calls] == [
        ("sns:GetTopicAttributes", "ok"),
        ("sns:ListSubscriptionsByTopic", "ok"),
        ("sns:GetSubscriptionAttributes", "access-denied"),
    ]
    assert [skip.model_dump() for skip in audit.skipped] == [
        {
            "operation": "sns:GetSubscriptionAttributes",
            "reason": "access-denied",
            "consequence": f"the dead-letter queue and raw delivery of "
            f"{subscription} were not checked",
            "fix": "allow sns:GetSubscriptionAttributes for the identity that "
            "runs the audit",
        }
    ]
    assert [review.raw_message_delivery for review in audit.subscriptions or []] == [
        None
    ]
    assert [f.id for f in audit.findings if f.origin == "audit"] == [
        "not-encrypted-with-cmk"
    ]


def test_access_denied_on_the_queue_itself_says_what_to_allow(
    aws: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = aws.queue("denied")

    with aws.enforcing_iam(["sns:GetTopicAttributes"]) as credentials:
        for name, value in credentials.items():
            monkeypatch.setenv(name, value)
        with pytest.raises(InputError) as raised:
            audit_queue(url)

    assert str(raised.value).startswith(
        "access denied to sqs:GetQueueAttributes, which the audit cannot do "
        "without; allow it for the identity in use"
    )


def test_access_denied_on_tags_leaves_them_unreported(
    aws: Estate, faulty: FaultyEndpoint
) -> None:
    url = aws.queue("tags")
    faulty.always["sqs:ListQueueTags"] = Fault.access_denied()

    audit = audit_queue(url)

    assert audit.tags is None
    assert [skip.model_dump() for skip in audit.skipped] == [
        {
            "operation": "sqs:ListQueueTags",
            "reason": "access-denied",
            "consequence": "the queue's tags are not reported",
            "fix": "allow sqs:ListQueueTags for the identity that runs the audit",
        }
    ]
    assert [f.id for f in audit.findings] == [
        "long-polling-disabled",
        "no-dead-letter-queue",
        "not-encrypted-with-cmk",
    ]


def test_missing_queue_url_is_an_input_error(aws: Estate) -> None:
    url = aws.queue("gone")
    aws.client("sqs").delete_queue(QueueUrl=url)

    with pytest.raises(InputError) as raised:
        audit_queue(url)

    name = url.rsplit("/", 1)[1]
    assert str(raised.value) == (
        f"queue {name!r} of account 123456789012 does not exist in us-east-1, "
        "or this identity cannot see it; check the URL or ARN, the region and "
        "the profile"
    )


def test_missing_queue_arn_fails_on_get_queue_url(operations: OperationLog) -> None:
    with pytest.raises(InputError, match="does not exist in us-east-1"):
        audit_queue("arn:aws:sqs:us-east-1:123456789012:never-created")

    assert operations.operations == ["sqs:GetQueueUrl"]


def test_missing_topic_is_an_input_error() -> None:
    with pytest.raises(InputError) as raised:
        audit_topic("arn:aws:sns:us-east-1:123456789012:never-created")

    assert str(raised.value) == (
        "topic arn:aws:sns:us-east-1:123456789012:never-created does not exist, "
        "or this identity cannot see it; check the ARN and the profile"
    )


def test_deleted_dead_letter_queue_is_reported_as_skipped(aws: Estate) -> None:
    dlq = aws.queue("dlq")
    dlq_arn = aws.queue_arn(dlq)
    url = aws.queue(
        "src", RedrivePolicy={"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3}
    )
    aws.client("sqs").delete_queue(QueueUrl=dlq)

    audit = audit_queue(url)

    assert [skip.model_dump() for skip in audit.skipped] == [
        {
            "operation": "sqs:GetQueueAttributes",
            "reason": "not-found",
            "consequence": "the dead-letter queue's retention was not compared",
            "fix": f"RedrivePolicy names {dlq_arn}, which does not exist: create "
            "it or point RedrivePolicy at an existing queue",
        }
    ]


def test_throttled_read_is_retried_until_it_succeeds(
    aws: Estate, faulty: FaultyEndpoint
) -> None:
    url = aws.queue("throttled", tags={"team": "orders"})
    faulty.faults["sqs:ListQueueTags"] = [Fault.throttling(), Fault.throttling()]

    audit = audit_queue(url, retry=FAST)

    assert audit.tags == {"team": "orders"}
    assert faulty.seen["sqs:ListQueueTags"] == 3
    tags_call = next(c for c in audit.calls if c.operation == "sqs:ListQueueTags")
    assert (tags_call.attempts, tags_call.outcome) == (3, "ok")
    assert audit.skipped == []


def test_throttling_that_persists_is_bounded_then_skipped(
    aws: Estate, faulty: FaultyEndpoint
) -> None:
    url = aws.queue("throttled")
    faulty.always["sqs:ListQueueTags"] = Fault.throttling()
    started = time.monotonic()

    audit = audit_queue(url, retry=FAST)

    assert time.monotonic() - started < 5
    assert faulty.seen["sqs:ListQueueTags"] == FAST.max_attempts
    assert [skip.model_dump() for skip in audit.skipped] == [
        {
            "operation": "sqs:ListQueueTags",
            "reason": "throttled",
            "consequence": "the queue's tags are not reported",
            "fix": "still throttled after 4 attempts; run the audit later",
        }
    ]


def test_throttling_of_the_queue_itself_ends_the_audit(
    aws: Estate, faulty: FaultyEndpoint
) -> None:
    url = aws.queue("throttled")
    faulty.always["sqs:GetQueueAttributes"] = Fault.throttling()

    with pytest.raises(InputError, match="kept throttling sqs:GetQueueAttributes"):
        audit_queue(url, retry=FAST)

    assert faulty.seen["sqs:GetQueueAttributes"] == FAST.max_attempts


def test_default_backoff_waits_at_most_a_few_seconds_in_all() -> None:
    policy = RetryPolicy()
    ceilings = [
        min(policy.max_delay_seconds, policy.base_delay_seconds * 2**attempt)
        for attempt in range(1, policy.max_attempts)
    ]

    assert policy.max_attempts == 4
    assert sum(ceilings) <= 4
    for attempt in range(1, policy.max_attempts):
        assert 0 <= policy.delay(attempt) <= ceilings[attempt - 1]


def test_unreachable_endpoint_is_an_input_error(
    aws: Estate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")

    with pytest.raises(InputError, match="could not reach AWS"):
        audit_topic("arn:aws:sns:us-east-1:123456789012:orders")
