"""Inputs and outputs of the queue and topic policy generators.

The field names are a public contract: agents and scripts send and read them.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from aws_messaging_mcp.policy.models import CheckResult

QueueSourceType = Literal[
    "sns-topic", "eventbridge-rule", "s3-bucket", "account", "role"
]
TopicSourceType = Literal[
    "eventbridge-rule", "s3-bucket", "cloudwatch-alarm", "account", "role"
]

ARN_DESCRIPTION = (
    "The source's ARN: a topic, a rule, a bucket (arn:aws:s3:::NAME), an alarm, "
    "an account root (arn:aws:iam::ID:root) or a role. A wildcard (* or ?) may "
    "stand in the resource name of a service source only. Omit it for an "
    "account given by account_id."
)
ACCOUNT_DESCRIPTION = (
    "The 12-digit account that owns the source. Needed for s3-bucket sources "
    "(bucket ARNs carry no account; defaults to the resource's own account, "
    "stated as an assumption); elsewhere it must match the ARN."
)


class QueueSource(BaseModel):
    """Something that sends messages to the queue."""

    model_config = ConfigDict(extra="forbid")

    type: QueueSourceType
    arn: str | None = Field(default=None, description=ARN_DESCRIPTION)
    account_id: str | None = Field(default=None, description=ACCOUNT_DESCRIPTION)


class TopicSource(BaseModel):
    """Something that publishes messages to the topic."""

    model_config = ConfigDict(extra="forbid")

    type: TopicSourceType
    arn: str | None = Field(default=None, description=ARN_DESCRIPTION)
    account_id: str | None = Field(default=None, description=ACCOUNT_DESCRIPTION)


class Consumer(BaseModel):
    """A principal that reads from the queue, or subscribes to the topic."""

    model_config = ConfigDict(extra="forbid")

    principal_arn: str = Field(
        description="An IAM role, user or account root ARN, or a 12-digit account."
    )
    actions: list[str] | None = Field(
        default=None,
        description="Omit for the defaults: for a queue sqs:ReceiveMessage, "
        "sqs:DeleteMessage, sqs:ChangeMessageVisibility and sqs:GetQueueAttributes; "
        "for a topic sns:Subscribe.",
    )


class Boto3Call(BaseModel):
    """One boto3 client call that attaches the policy."""

    service: Literal["sqs", "sns"]
    operation: str = Field(description="The API operation, e.g. SetQueueAttributes.")
    method: str = Field(description="The client method, e.g. set_queue_attributes.")
    region_name: str
    parameters: dict[str, str | dict[str, str]]
    code: str = Field(description="The same call as runnable Python.")


class PolicyFormats(BaseModel):
    """The same policy in the forms people deploy with."""

    cloudformation: str = Field(
        description="YAML: an AWS::SQS::QueuePolicy or AWS::SNS::TopicPolicy."
    )
    terraform: str = Field(
        description="HCL: an aws_sqs_queue_policy or aws_sns_topic_policy."
    )
    aws_cli: str = Field(description="One AWS CLI command, quoted for a POSIX shell.")
    boto3: Boto3Call


class GeneratedPolicy(BaseModel):
    """A resource policy, why each statement is there, and what else it needs."""

    resource_arn: str
    policy: dict[str, Any]
    explanation: list[str] = Field(
        description="One line per statement: who may do what, and what pins it."
    )
    assumptions: list[str] = Field(
        description="What the generator assumed where the input left it open."
    )
    kms_key_policy_statements: list[dict[str, Any]] = Field(
        description="Statements to merge into the customer managed key's policy "
        "(never replace the whole key policy with them)."
    )
    kms_notes: list[str]
    formats: PolicyFormats
    check: CheckResult = Field(description="check_policy on the generated policy.")
    references: list[str] = Field(description="The AWS pages the statements follow.")
