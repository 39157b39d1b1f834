"""The delivery evaluator: does a policy let a service deliver for one source?"""

from typing import Any

import pytest

from aws_messaging_mcp.iac.delivery import Request, evaluate

QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders"
TOPIC = "arn:aws:sns:us-east-1:111122223333:orders-events"
OTHER_TOPIC = "arn:aws:sns:us-east-1:111122223333:returns"
REQUEST = Request("sns.amazonaws.com", "sqs:SendMessage", QUEUE, TOPIC, "111122223333")


def _policy(**statement: Any) -> dict[str, Any]:
    base = {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": QUEUE,
    }
    base.update(statement)
    return {"Version": "2012-10-17", "Statement": [base]}


@pytest.mark.parametrize(
    ("policy", "allowed"),
    [
        (_policy(), True),
        (_policy(Condition={"ArnEquals": {"aws:SourceArn": TOPIC}}), True),
        (
            _policy(
                Condition={"ArnLike": {"AWS:SOURCEARN": "arn:aws:sns:*:*:orders-*"}}
            ),
            True,
        ),
        (
            _policy(Condition={"StringEquals": {"aws:SourceAccount": "111122223333"}}),
            True,
        ),
        (
            _policy(Condition={"ArnEquals": {"aws:SourceArn": [OTHER_TOPIC, TOPIC]}}),
            True,
        ),
        (_policy(Condition={"ArnNotEquals": {"aws:SourceArn": OTHER_TOPIC}}), True),
        (_policy(Condition={"Null": {"aws:SourceArn": "false"}}), True),
        (_policy(Condition={"Bool": {"aws:SecureTransport": "true"}}), True),
        (
            _policy(Principal="*", Condition={"ArnEquals": {"aws:SourceArn": TOPIC}}),
            True,
        ),
        (_policy(Principal={"AWS": "*"}), True),
        (_policy(Action="SQS:*"), True),
        (_policy(Action=["sqs:Send*"]), True),
        (_policy(Resource="arn:aws:sqs:*:111122223333:*"), True),
        (
            _policy(Condition={"ArnEquals": {"aws:SourceArn": "UNRESOLVED[import x]"}}),
            True,
        ),
        (_policy(Condition={"ArnEquals": {"aws:SourceArn": OTHER_TOPIC}}), False),
        (
            _policy(Condition={"StringEquals": {"aws:SourceAccount": "444455556666"}}),
            False,
        ),
        (
            _policy(
                Condition={"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:orders*"}}
            ),
            False,
        ),
        (_policy(Principal={"Service": "events.amazonaws.com"}), False),
        (_policy(Principal={"AWS": "arn:aws:iam::111122223333:root"}), False),
        (_policy(Action="sqs:ReceiveMessage"), False),
        (_policy(Resource="arn:aws:sqs:us-east-1:111122223333:other"), False),
        (_policy(Effect="Deny"), False),
        ({"Statement": []}, False),
    ],
)
def test_grant_decision(policy: dict[str, Any], allowed: bool) -> None:
    verdict = evaluate(policy, REQUEST)
    assert verdict is not None and verdict.allowed is allowed


def test_a_grant_for_another_source_is_named() -> None:
    policy = _policy(Condition={"ArnEquals": {"aws:SourceArn": OTHER_TOPIC}})
    verdict = evaluate(policy, REQUEST)
    assert verdict is not None and verdict.other_sources == [OTHER_TOPIC]


def test_policy_text_is_read_and_unreadable_text_is_no_verdict() -> None:
    assert evaluate(
        '{"Statement": {"Effect": "Allow", "Principal": "*", '
        '"Action": "*", "Resource": "*"}}',
        REQUEST,
    ).allowed  # type: ignore[union-attr]
    assert evaluate("{not json", REQUEST) is None
    assert evaluate(None, REQUEST) is None


def test_key_policies_match_any_resource_and_action_wildcards() -> None:
    key_policy = _policy(Action=["kms:GenerateDataKey*", "kms:Decrypt"], Resource="*")
    for action in ("kms:GenerateDataKey", "kms:Decrypt"):
        request = Request("sns.amazonaws.com", action, None, TOPIC, "111122223333")
        assert evaluate(key_policy, request).allowed  # type: ignore[union-attr]
    request = Request("sns.amazonaws.com", "kms:Encrypt", None, TOPIC, "111122223333")
    assert not evaluate(key_policy, request).allowed  # type: ignore[union-attr]


def test_granted_sources_are_the_source_arns_of_allow_statements() -> None:
    from aws_messaging_mcp.iac.delivery import granted_sources

    policy = _policy(Condition={"ArnEquals": {"aws:SourceArn": [TOPIC, OTHER_TOPIC]}})
    policy["Statement"].append(
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sqs:*",
            "Resource": QUEUE,
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:x:1:denied"}},
        }
    )
    assert granted_sources(policy) == [TOPIC, OTHER_TOPIC]
