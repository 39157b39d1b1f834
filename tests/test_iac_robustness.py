"""Whatever a template or plan holds, the scanner answers or raises InputError."""

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.iac.scanning import scan_document

RESOURCE_TYPES = [
    "AWS::SQS::Queue",
    "AWS::SQS::QueuePolicy",
    "AWS::SQS::QueueInlinePolicy",
    "AWS::SNS::Topic",
    "AWS::SNS::TopicPolicy",
    "AWS::SNS::Subscription",
    "AWS::Events::Rule",
    "AWS::Events::EventBus",
    "AWS::Events::EventBusPolicy",
    "AWS::KMS::Key",
    "AWS::KMS::Alias",
    "AWS::IAM::Role",
    "AWS::S3::Bucket",
]
PROPERTY_NAMES = [
    "Queues",
    "Topics",
    "PolicyDocument",
    "KeyPolicy",
    "AssumeRolePolicyDocument",
    "Statement",
    "EventBusName",
    "TopicArn",
    "Endpoint",
    "Protocol",
    "RedrivePolicy",
    "Targets",
    "KmsMasterKeyId",
    "TargetKeyId",
    "AliasName",
    "QueueName",
    "Name",
    "NotificationConfiguration",
    "Subscription",
    "Principal",
    "Action",
    "Condition",
]
LOGICAL_IDS = ["A", "B", "C"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(
        ["sqs", "sns.amazonaws.com", "arn:aws:sqs:us-east-1:111122223333:q", "*", ""]
    ),
    st.text(max_size=8),
)
intrinsics = st.one_of(
    st.builds(
        lambda name: {"Ref": name}, st.sampled_from([*LOGICAL_IDS, "AWS::Region"])
    ),
    st.builds(lambda name: {"Fn::GetAtt": [name, "Arn"]}, st.sampled_from(LOGICAL_IDS)),
    st.builds(
        lambda text: {"Fn::Sub": text}, st.sampled_from(["${A}", "${B.Arn}:x", "x"])
    ),
    st.builds(lambda a: {"Fn::Join": [":", a]}, st.lists(scalars, max_size=3)),
    st.builds(lambda a: {"Fn::Select": [0, a]}, st.lists(scalars, max_size=2)),
    st.builds(lambda a: {"Fn::If": ["Missing", a, a]}, scalars),
)
values = st.recursive(
    st.one_of(scalars, intrinsics),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(PROPERTY_NAMES), inner, max_size=4),
    ),
    max_leaves=12,
)
resources = st.dictionaries(
    st.sampled_from(LOGICAL_IDS),
    st.fixed_dictionaries(
        {"Type": st.sampled_from(RESOURCE_TYPES)},
        optional={
            "Properties": st.dictionaries(st.sampled_from(PROPERTY_NAMES), values)
        },
    ),
    min_size=1,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resources)
def test_random_templates_never_crash_the_scanner(found: dict[str, Any]) -> None:
    with contextlib.suppress(InputError):
        scan_document({"Resources": found}, "fuzz.yaml")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text_is_a_template_or_an_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        scan_document(text, "fuzz.yaml")


TERRAFORM_TYPES = [
    "aws_sqs_queue",
    "aws_sqs_queue_policy",
    "aws_sns_topic",
    "aws_sns_topic_policy",
    "aws_sns_topic_subscription",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target",
    "aws_cloudwatch_event_bus_policy",
    "aws_kms_key",
    "aws_kms_alias",
    "aws_iam_role",
    "aws_s3_bucket_notification",
]
ATTRIBUTES = [
    "arn",
    "name",
    "policy",
    "queue_url",
    "topic_arn",
    "endpoint",
    "protocol",
    "redrive_policy",
    "rule",
    "dead_letter_config",
    "kms_master_key_id",
    "target_key_id",
    "assume_role_policy",
    "queue",
    "bucket",
    "event_bus_name",
]
planned = st.lists(
    st.builds(
        lambda kind, name, found: {
            "address": f"{kind}.{name}",
            "mode": "managed",
            "type": kind,
            "name": name,
            "values": found,
        },
        st.sampled_from(TERRAFORM_TYPES),
        st.sampled_from(["a", "b"]),
        st.dictionaries(st.sampled_from(ATTRIBUTES), values, max_size=5),
    ),
    max_size=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned)
def test_random_plans_never_crash_the_scanner(found: list[dict[str, Any]]) -> None:
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": found}},
        "resource_changes": [{"address": item["address"]} for item in found],
    }
    with contextlib.suppress(InputError):
        scan_document(plan, "fuzz.plan.json")
