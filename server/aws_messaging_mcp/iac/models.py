"""What a scan returns; the `scan_template` tool's schema comes from these.

A scan finding is a policy checker finding placed in a file: it carries the
checker's rule id, category and severity, or those of one of the scanner's own
cross-resource rules (`iac/rules.py`), whose categories extend the checker's
vocabulary with `kms-key-missing-service-grant`, `missing-source-permission`
and `unresolved-value`.
"""

from typing import Literal

from pydantic import BaseModel, Field

from aws_messaging_mcp.iac import placeholders
from aws_messaging_mcp.policy.models import Category, Severity

ScannerCategory = Literal[
    "kms-key-missing-service-grant",
    "missing-source-permission",
    "unresolved-value",
]
TemplateFormat = Literal["cloudformation", "terraform-plan"]


class ScanFinding(BaseModel):
    rule_id: str = Field(description="PCnnn (policy checker) or IACnnn (scanner).")
    category: Category | ScannerCategory
    severity: Severity
    message: str
    file: str = Field(description="The file, relative to where the scan ran.")
    resource: str = Field(
        description="The logical id (CloudFormation) or resource address "
        "(Terraform) of the resource at fault."
    )
    resource_type: str = Field(description="AWS::SQS::QueuePolicy, aws_sqs_queue, ...")
    line: int | None = Field(description="1-based line of the offending element.")
    column: int | None = Field(description="1-based column of that element.")
    property_path: str = Field(
        description="The property within the resource, e.g. Properties/PolicyDocument."
    )
    pointer: str | None = Field(
        default=None, description="JSON pointer into the policy, for policy findings."
    )
    fix: str = Field(description="What to change, concretely.")
    references: list[str] = Field(description="AWS documentation URLs.")
    cdk_path: str | None = Field(
        default=None, description="The CDK construct path, for CDK output."
    )


class ScanSummary(BaseModel):
    files: int = Field(description="Templates and plans read.")
    policies: int = Field(description="Policy documents checked.")
    total: int
    errors: int
    warnings: int
    infos: int
    by_category: dict[str, int]


class Placeholders(BaseModel):
    """The stand-ins used for values that exist only once deployed."""

    account: str = placeholders.OWNER_ACCOUNT
    region: str = placeholders.REGION
    partition: str = placeholders.PARTITION
    unresolved: str = Field(
        default=placeholders.unresolved("what"),
        description="Marks a value the scanner could not know.",
    )


class TemplateScan(BaseModel):
    """The findings of one template or plan."""

    format: TemplateFormat
    format_inferred: bool
    findings: list[ScanFinding]
    summary: ScanSummary
    placeholders: Placeholders = Field(default_factory=Placeholders)


class UnusableFile(BaseModel):
    file: str
    message: str


class ScanReport(BaseModel):
    """The findings of a scan over files and folders."""

    findings: list[ScanFinding]
    summary: ScanSummary
    unusable: list[UnusableFile] = Field(
        description="Files that could not be read as a template or plan."
    )
    skipped: list[str] = Field(
        description="Named files that are neither a template nor a plan."
    )
