"""The pydantic model of a gotcha: one file per entry under `data/gotchas/`.

A gotcha is an integration trap between AWS messaging services: what a user
sees (symptoms, exact error messages, metric names), why it happens, and the
ordered steps that fix it, with snippets and the AWS pages it was checked
against. Entries are data only; `aws_messaging_mcp.gotchas` searches them.
"""

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from aws_messaging_mcp.knowledge.models import KebabId, ServiceId, Source

# AWS services outside the messaging vocabulary that a gotcha involves.
OtherService = Literal[
    "athena",
    "cloudformation",
    "cloudwatch",
    "dynamodb-streams",
    "iam",
    "kms",
    "lambda",
    "s3",
    "secrets-manager",
    "sts",
    "vpc",
    "x-ray",
]
OTHER_SERVICES: tuple[OtherService, ...] = get_args(OtherService)

SnippetKind = Literal["boto3", "aws-cli", "policy-json", "cloudformation", "json"]

NonBlank = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Snippet(_Entry):
    """A piece of code or configuration that applies the fix."""

    kind: SnippetKind
    title: NonBlank = Field(description="What the snippet does, in a few words.")
    code: NonBlank


class Gotcha(_Entry):
    """One integration trap, from what the user sees to the fix."""

    id: KebabId
    title: NonBlank
    services: list[ServiceId] = Field(
        min_length=1, description="The messaging services involved."
    )
    other_services: list[OtherService] = Field(
        default_factory=list, description="Other AWS services involved."
    )
    symptoms: list[NonBlank] = Field(
        min_length=3, description="What users see, in the words they would use."
    )
    error_messages: list[NonBlank] = Field(
        default_factory=list,
        description="Exact error codes and messages, as APIs and consoles show them.",
    )
    metrics: list[NonBlank] = Field(
        default_factory=list, description="CloudWatch metric names that reveal it."
    )
    cause: NonBlank
    fix: list[NonBlank] = Field(
        min_length=1, description="Ordered steps, naming exact APIs and attributes."
    )
    snippets: list[Snippet] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    related: list[KebabId] = Field(
        default_factory=list, description="Ids of gotchas worth reading next."
    )
