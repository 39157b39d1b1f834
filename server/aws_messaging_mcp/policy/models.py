"""Inputs and outputs of the policy checker; the MCP schemas come from these.

The finding categories are the public vocabulary of POLICY-CATEGORIES: scripts
group and count findings by them. `advice` is for severity info only, and
`internal-error` marks a rule that crashed (the other rules still ran).
"""

from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

ResourceType = Literal["sqs", "sns", "eventbridge-bus", "kms", "iam-trust"]
RESOURCE_TYPES: tuple[ResourceType, ...] = get_args(ResourceType)

Category = Literal[
    "public-access",
    "confused-deputy-missing-source-arn",
    "confused-deputy-missing-source-account",
    "s3-needs-source-account",
    "overly-broad-actions",
    "wildcard-resource",
    "not-principal-allow",
    "invalid-json-or-schema",
    "unknown-action",
    "action-service-mismatch",
    "condition-key-typo-or-unknown",
    "condition-operator-mismatch",
    "missing-dlq-permission",
    "insecure-transport-allowed",
    "cross-account-without-condition",
    "advice",
    "internal-error",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

DlqKind = Literal["sns-subscription", "eventbridge-target", "sqs-redrive"]


class DlqFor(BaseModel):
    """What the checked queue is the dead-letter queue of."""

    kind: DlqKind
    source_arn: str = Field(
        description="The topic (sns-subscription), rule (eventbridge-target) or "
        "source queue (sqs-redrive) ARN."
    )


class PolicyContext(BaseModel):
    """What the document alone cannot tell."""

    resource_arn: str | None = Field(
        default=None, description="The queue, topic, bus, key or role ARN."
    )
    account_id: str | None = Field(
        default=None,
        description="The owner account; defaults to the account in resource_arn.",
    )
    trusted_accounts: list[str] = Field(default_factory=list)
    trusted_org_id: str | None = None
    dlq_for: DlqFor | None = None


class Location(BaseModel):
    pointer: str = Field(description="JSON pointer into the policy, e.g. /Statement/0")
    line: int | None = Field(default=None, description="1-based, for text input.")
    column: int | None = Field(default=None, description="1-based, for text input.")


class Finding(BaseModel):
    rule_id: str
    category: Category
    severity: Severity
    message: str
    location: Location
    fix: str = Field(description="What to change, concretely.")
    references: list[str] = Field(description="AWS documentation URLs.")


class Summary(BaseModel):
    total: int
    errors: int
    warnings: int
    infos: int
    by_category: dict[str, int]


class CheckResult(BaseModel):
    resource_type: ResourceType
    resource_type_inferred: bool = Field(
        description="True when resource_type was not given and was inferred."
    )
    inferred_from: str | None = Field(
        default=None, description="What the inference relied on."
    )
    findings: list[Finding]
    summary: Summary
    repaired_policy: dict[str, Any] | None = Field(
        default=None,
        description="A safely repaired document, where an automatic repair exists.",
    )
