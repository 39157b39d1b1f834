"""Intrinsic functions resolve to stable, ARN-shaped placeholders."""

from typing import Any

import pytest

from aws_messaging_mcp.iac import cloudformation, documents, placeholders
from aws_messaging_mcp.iac.documents import DocumentError

TEMPLATE = """\
Parameters:
  Stage: {Type: String, Default: prod}
  Consumer: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "a, b"}
Mappings:
  Names: {Topics: {Orders: orders-v2}}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsConsumerSet: !Not [!Equals [!Ref Consumer, ""]]
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties: {TopicName: !FindInMap [Names, Topics, Orders]}
  Queue: {Type: AWS::SQS::Queue}
  FifoQueue: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true}}
  Bus: {Type: AWS::Events::EventBus, Properties: {Name: partners}}
  Rule: {Type: AWS::Events::Rule, Properties: {EventBusName: !Ref Bus, Name: intake}}
  Key: {Type: AWS::KMS::Key}
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: worker}}
  Bucket: {Type: AWS::S3::Bucket}
  Custom: {Type: Custom::Thing}
"""
ACCOUNT = placeholders.OWNER_ACCOUNT


def _resolve(value: Any) -> Any:
    reader = cloudformation.TemplateReader(documents.load(TEMPLATE, "t.yaml"), "t.yaml")
    return reader.resolver.resolve(documents.load(value, "v.yaml"))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("!Ref AWS::AccountId", ACCOUNT),
        ("!Ref AWS::Region", "us-east-1"),
        ("!Ref AWS::Partition", "aws"),
        ("!Ref Topic", f"arn:aws:sns:us-east-1:{ACCOUNT}:orders-v2"),
        ("!Ref Queue", f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/Queue"),
        ("!GetAtt Queue.Arn", f"arn:aws:sqs:us-east-1:{ACCOUNT}:Queue"),
        ("!GetAtt FifoQueue.Arn", f"arn:aws:sqs:us-east-1:{ACCOUNT}:FifoQueue.fifo"),
        ("{'Fn::GetAtt': [Queue, QueueName]}", "Queue"),
        ("!GetAtt Bus.Arn", f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/partners"),
        (
            "!GetAtt Rule.Arn",
            f"arn:aws:events:us-east-1:{ACCOUNT}:rule/partners/intake",
        ),
        ("!GetAtt Role.Arn", f"arn:aws:iam::{ACCOUNT}:role/worker"),
        ("!GetAtt Bucket.Arn", "arn:aws:s3:::bucket"),
        ("!Ref Key", placeholders.key_id("Key")),
        (
            "!Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:orders-v2",
            f"arn:aws:sns:us-east-1:{ACCOUNT}:orders-v2",
        ),
        ("!Sub '${Queue.Arn}/x'", f"arn:aws:sqs:us-east-1:{ACCOUNT}:Queue/x"),
        ("!Sub ['${Name}-dlq', {Name: !Ref Stage}]", "prod-dlq"),
        ("!Sub '${!Literal}'", "${Literal}"),
        ("!Join [':', [a, !Ref Stage, c]]", "a:prod:c"),
        ("!Select [1, !Split [':', 'x:y:z']]", "y"),
        ("!Select [0, !Ref Subnets]", "a"),
        ("!If [IsProd, first, second]", "first"),
        ("!If [IsConsumerSet, first, second]", "first"),
        ("[a, !Ref AWS::NoValue, b]", ["a", "b"]),
        ("{keep: 1, drop: !Ref AWS::NoValue}", {"keep": 1}),
        ("!Length [a, b, c]", 3),
        ("!ToJsonString {a: [1]}", '{"a":[1]}'),
        ("!Ref Custom", "Custom"),
    ],
)
def test_expression_resolves_to_its_placeholder(expression: str, expected: Any) -> None:
    assert _resolve(expression) == expected


@pytest.mark.parametrize(
    ("expression", "gap"),
    [
        ("!Ref Consumer", "parameter Consumer"),
        ("!ImportValue shared-topic", "import shared-topic"),
        ("!GetAtt Custom.Endpoint", "Custom.Endpoint"),
    ],
)
def test_unknowable_values_become_marked_placeholders(
    expression: str, gap: str
) -> None:
    assert _resolve(expression) == f"UNRESOLVED[{gap}]"


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("!Ref Missing", "t.yaml, line 1, column 1: Ref to 'Missing', which is not"),
        ("!GetAtt Missing.Arn", "Fn::GetAtt names 'Missing', which is not a resource"),
        ("!Join [':']", "Fn::Join takes [delimiter, [values]]"),
        ("!Select [5, [a]]", "Fn::Select index 5 is out of range"),
        ("!If [Nowhere, a, b]", "condition 'Nowhere' is not defined"),
        ("!FindInMap [Names, Topics, Nope]", "Fn::FindInMap finds nothing at"),
    ],
)
def test_what_cloudformation_would_reject_is_a_document_error(
    expression: str, message: str
) -> None:
    with pytest.raises(DocumentError) as raised:
        _resolve(expression)
    assert message in str(raised.value)


def test_a_resource_whose_name_refers_to_itself_is_refused() -> None:
    template = (
        "Resources:\n"
        "  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: !GetAtt Q.Arn}}\n"
    )
    reader = cloudformation.TemplateReader(documents.load(template, "t"), "t")
    with pytest.raises(DocumentError, match="Q refers to itself"):
        reader.arn_of("Q")


@pytest.mark.parametrize(
    ("url", "arn"),
    [
        (
            "https://sqs.eu-west-1.amazonaws.com/111122223333/orders",
            "arn:aws:sqs:eu-west-1:111122223333:orders",
        ),
        (
            "https://queue.amazonaws.com/111122223333/orders.fifo",
            "arn:aws:sqs:us-east-1:111122223333:orders.fifo",
        ),
        ("arn:aws:sqs:eu-west-1:111122223333:orders", None),
    ],
)
def test_queue_urls_map_to_queue_arns(url: str, arn: str | None) -> None:
    assert placeholders.queue_arn_from_url(url) == arn


def test_a_resource_whose_condition_is_false_is_not_read() -> None:
    template = (
        "Parameters: {Stage: {Type: String, Default: dev}}\n"
        "Conditions: {IsProd: !Equals [!Ref Stage, prod]}\n"
        "Resources:\n"
        "  Queue: {Type: AWS::SQS::Queue, Condition: IsProd}\n"
        "  Topic: {Type: AWS::SNS::Topic}\n"
    )
    inventory = cloudformation.read(documents.load(template, "t"), "t")
    assert [d.origin.resource for d in inventory.destinations.values()] == ["Topic"]
