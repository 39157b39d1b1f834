"""Tools that generate least-privilege queue and topic policies."""

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from aws_messaging_mcp.mcp_server.boundary import add_tools, tool_boundary
from aws_messaging_mcp.policy.generate.models import (
    Consumer,
    GeneratedPolicy,
    QueueSource,
    TopicSource,
)

CONSUMERS = (
    "Principals that read (queue) or subscribe (topic), each with optional "
    "actions; omit actions for the defaults."
)
DENY_INSECURE_TRANSPORT = "Add a statement that denies requests not sent over TLS."
EXISTING_POLICY = (
    "The policy already attached, as an object or JSON text. Statements whose "
    "Sid starts with AwsMessagingMcp are replaced; all others are kept."
)
KMS_KEY_ARN = (
    "The customer managed key (or alias) ARN, when the resource uses SSE-KMS; "
    "returns the key policy statements the sources need."
)


@tool_boundary
def generate_queue_policy(
    queue_arn: Annotated[
        str, Field(description="e.g. arn:aws:sqs:us-east-1:111122223333:orders")
    ],
    sources: Annotated[
        list[QueueSource] | None,
        Field(
            description="What sends to the queue: sns-topic, eventbridge-rule, "
            "s3-bucket (with account_id, the bucket owner), account or role."
        ),
    ] = None,
    consumers: Annotated[list[Consumer] | None, Field(description=CONSUMERS)] = None,
    deny_insecure_transport: Annotated[
        bool, Field(description=DENY_INSECURE_TRANSPORT)
    ] = True,
    existing_policy: Annotated[
        dict[str, Any] | str | None, Field(description=EXISTING_POLICY)
    ] = None,
    kms_key_arn: Annotated[str | None, Field(description=KMS_KEY_ARN)] = None,
) -> GeneratedPolicy:
    """Generate a least-privilege SQS queue policy for what sends to a queue
    (SNS topics, EventBridge rules, S3 buckets, accounts, roles) and what
    consumes from it, including dead-letter queues of SNS subscriptions and
    EventBridge targets.

    Each service source gets only sqs:SendMessage on this queue, pinned by
    aws:SourceArn (S3 also by aws:SourceAccount: give the bucket owner as
    account_id). Consumers get receive, delete, change-visibility and
    get-attributes unless you list actions. Pass existing_policy to merge
    (rerunning on the output changes nothing), and kms_key_arn for an SSE-KMS
    queue to get the key policy statements. Returns the policy, one line per
    statement, assumptions, key statements and notes, CloudFormation,
    Terraform, AWS CLI and boto3 forms, and check_policy's result.
    """
    from aws_messaging_mcp.policy.generate.generator import generate_queue_policy

    return generate_queue_policy(
        queue_arn,
        sources or (),
        consumers or (),
        deny_insecure_transport,
        existing_policy,
        kms_key_arn,
    )


@tool_boundary
def generate_topic_policy(
    topic_arn: Annotated[
        str, Field(description="e.g. arn:aws:sns:us-east-1:111122223333:alerts")
    ],
    sources: Annotated[
        list[TopicSource] | None,
        Field(
            description="What publishes to the topic: eventbridge-rule, "
            "s3-bucket (with account_id, the bucket owner), cloudwatch-alarm, "
            "account or role."
        ),
    ] = None,
    consumers: Annotated[list[Consumer] | None, Field(description=CONSUMERS)] = None,
    deny_insecure_transport: Annotated[
        bool, Field(description=DENY_INSECURE_TRANSPORT)
    ] = True,
    existing_policy: Annotated[
        dict[str, Any] | str | None, Field(description=EXISTING_POLICY)
    ] = None,
    kms_key_arn: Annotated[str | None, Field(description=KMS_KEY_ARN)] = None,
) -> GeneratedPolicy:
    """Generate a least-privilege SNS topic policy for what publishes to a
    topic (EventBridge rules, S3 buckets, CloudWatch alarms, accounts, roles)
    and who may subscribe.

    Each service source gets only sns:Publish on this topic, pinned by
    aws:SourceArn (S3 also by aws:SourceAccount: give the bucket owner as
    account_id; an alarm ARN may use * in its name). Consumers get
    sns:Subscribe unless you list actions. Pass existing_policy to merge (the
    SNS default statement is kept), and kms_key_arn for an encrypted topic to
    get the key policy statements. Returns the policy, one line per statement,
    assumptions, key statements and notes, CloudFormation, Terraform, AWS CLI
    and boto3 forms, and check_policy's result.
    """
    from aws_messaging_mcp.policy.generate.generator import generate_topic_policy

    return generate_topic_policy(
        topic_arn,
        sources or (),
        consumers or (),
        deny_insecure_transport,
        existing_policy,
        kms_key_arn,
    )


EXAMPLES: dict[str, list[dict[str, object]]] = {
    "generate_queue_policy": [
        {
            "queue_arn": "arn:aws:sqs:us-east-1:111122223333:orders",
            "sources": [
                {
                    "type": "sns-topic",
                    "arn": "arn:aws:sns:us-east-1:111122223333:orders-events",
                }
            ],
            "consumers": [
                {"principal_arn": "arn:aws:iam::111122223333:role/orders-worker"}
            ],
        },
        {
            "queue_arn": "arn:aws:sqs:us-east-1:111122223333:uploads",
            "sources": [
                {
                    "type": "s3-bucket",
                    "arn": "arn:aws:s3:::orders-uploads",
                    "account_id": "111122223333",
                }
            ],
            "kms_key_arn": "arn:aws:kms:us-east-1:111122223333:key/"
            "1234abcd-12ab-34cd-56ef-1234567890ab",
        },
    ],
    "generate_topic_policy": [
        {
            "topic_arn": "arn:aws:sns:us-east-1:111122223333:alerts",
            "sources": [
                {
                    "type": "cloudwatch-alarm",
                    "arn": "arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-*",
                },
                {
                    "type": "eventbridge-rule",
                    "arn": "arn:aws:events:us-east-1:111122223333:rule/orders-failed",
                },
            ],
        }
    ],
}


def register(server: MCPServer) -> None:
    add_tools(server, (generate_queue_policy, generate_topic_policy))
