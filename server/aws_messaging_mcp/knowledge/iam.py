"""The IAM catalogue: actions, resource types and condition keys, as data.

Files under `knowledge/data/iam/`:

- `services/<prefix>.json`: one service of the Service Authorization Reference
  (its actions, resource types and condition keys), written by
  `scripts/update_iam_catalogue.py`;
- `service-prefixes.json`: every service prefix the reference knows, so that
  an action of an unlisted service can still be told from a typo;
- `global-condition-keys.json`: the `aws:` keys, with their types;
- `sns-topic-policy-actions.json`: the actions a topic policy may contain;
- `policy-quotas.json`: the size and count quotas of queue and topic policies.

Models only and their cached loaders: the policy checker decides what the
facts mean.
"""

from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aws_messaging_mcp.knowledge.loader import data_root, read_json
from aws_messaging_mcp.knowledge.models import AwsUrl, Source

CATALOGUE_SERVICES = ("sqs", "sns", "events", "kms", "sts", "s3", "lambda", "iam")

AccessLevel = Literal["List", "Read", "Write", "Permissions management", "Tagging"]

# The value types the Service Authorization Reference gives condition keys.
KeyType = Literal[
    "String",
    "ARN",
    "Bool",
    "Date",
    "Numeric",
    "IPAddress",
    "Binary",
    "ArrayOfString",
    "ArrayOfARN",
    "ArrayOfBool",
    "ArrayOfDate",
    "ArrayOfNumeric",
]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IamAction(_Data):
    name: str = Field(description="As AWS spells it, e.g. SendMessage.")
    access_level: AccessLevel
    resource_types: list[str]
    condition_keys: list[str]


class IamConditionKey(_Data):
    name: str = Field(description="May hold a ${Placeholder}, e.g. a tag key.")
    types: list[KeyType] = Field(min_length=1)


class IamResourceType(_Data):
    name: str
    arn_formats: list[str]


class IamService(_Data):
    """One service prefix of the Service Authorization Reference."""

    prefix: str
    name: str
    source_url: AwsUrl = Field(description="The machine-readable reference.")
    reference_url: AwsUrl = Field(description="The same reference, for people.")
    checked_on: date
    provenance: str = Field(description="How this copy of the reference was made.")
    actions: list[IamAction] = Field(min_length=1)
    condition_keys: list[IamConditionKey]
    resource_types: list[IamResourceType]


class ServicePrefixes(_Data):
    source: Source
    prefixes: list[str] = Field(min_length=1)


class GlobalConditionKey(_Data):
    name: str
    type: KeyType
    multivalued: bool = Field(
        description="True when a request may carry several values (use ForAnyValue)."
    )
    note: str | None = None


class GlobalConditionKeys(_Data):
    source: Source
    keys: list[GlobalConditionKey] = Field(min_length=1)


class SnsTopicPolicyActions(_Data):
    source: Source
    actions: list[str] = Field(min_length=1)
    accepted_legacy: list[str] = Field(
        description="Not in the documented list, yet present in policies that "
        "SNS itself writes; accepted without a finding."
    )


class PolicyQuota(_Data):
    resource_type: Literal["sqs", "sns"]
    name: Literal["bytes", "statements", "principals", "conditions", "actions"]
    maximum: int
    scope: Literal["policy", "statement"]
    source: Source


class PolicyQuotas(_Data):
    quotas: list[PolicyQuota] = Field(min_length=1)


def _iam_file(name: str) -> object:
    return read_json(data_root() / "iam" / name)


@cache
def iam_services() -> dict[str, IamService]:
    """Every catalogued service, keyed by its lower-case prefix."""
    loaded = {
        prefix: IamService.model_validate(_iam_file(f"services/{prefix}.json"))
        for prefix in CATALOGUE_SERVICES
    }
    return loaded


@cache
def service_prefixes() -> ServicePrefixes:
    return ServicePrefixes.model_validate(_iam_file("service-prefixes.json"))


@cache
def global_condition_keys() -> GlobalConditionKeys:
    return GlobalConditionKeys.model_validate(_iam_file("global-condition-keys.json"))


@cache
def sns_topic_policy_actions() -> SnsTopicPolicyActions:
    return SnsTopicPolicyActions.model_validate(
        _iam_file("sns-topic-policy-actions.json")
    )


@cache
def policy_quotas() -> PolicyQuotas:
    return PolicyQuotas.model_validate(_iam_file("policy-quotas.json"))
