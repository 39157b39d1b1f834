"""What a template or plan declares, in one shape for both readers.

The CloudFormation and Terraform readers each fill an `Inventory`: the policies
to check (with the resources they govern), the queues and topics that receive
messages (and the key that encrypts each), the deliveries that some topic,
rule or bucket makes into them, and the KMS keys. The scanner then needs no
knowledge of either format.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from aws_messaging_mcp.iac.documents import Position
from aws_messaging_mcp.policy.models import ResourceType

TemplateFormat = Literal["cloudformation", "terraform-plan"]
SenderKind = Literal["sns-topic", "eventbridge-rule", "s3-bucket"]
DestinationService = Literal["sqs", "sns"]


@dataclass(frozen=True)
class Origin:
    """Where something is declared: file, resource, and the place in the file."""

    file: str
    resource: str  # the logical id, or the Terraform resource address
    resource_type: str  # AWS::SQS::QueuePolicy, aws_sqs_queue_policy, ...
    position: Position | None
    path: str = ""  # the property inside the resource, e.g. Properties/KeyPolicy
    cdk_path: str | None = None  # the CDK construct path, when CDK wrote it


@dataclass
class PolicySite:
    """One policy document to check, and the resources it applies to."""

    origin: Origin
    resource_type: ResourceType
    document: dict[str, Any] | str | None  # None: not known until apply
    governs: list[str]  # ARNs of the queues, topics, bus, key or role
    node: Any = None  # the document as written, with positions
    unresolved_at: dict[str, Position | None] = field(default_factory=dict)


@dataclass
class Destination:
    """A queue or topic that other resources deliver to."""

    arn: str
    service: DestinationService
    origin: Origin
    kms_key: str | None = None  # key id, key ARN, alias name or alias ARN
    kms_origin: Origin | None = None


@dataclass(frozen=True)
class Delivery:
    """A topic, rule or bucket that sends to a queue or topic."""

    sender: SenderKind
    source_arn: str
    destination_arn: str
    dead_letter: bool  # the destination is the sender's dead-letter queue
    origin: Origin  # where the relation is declared


@dataclass
class Key:
    """A KMS key of the template, and the names it is known by."""

    arn: str
    names: set[str]  # key id, ARN, alias names and alias ARNs
    origin: Origin
    policy: PolicySite | None = None


@dataclass(frozen=True)
class Gap:
    """A value the reader could not know, outside any policy."""

    what: str
    origin: Origin


@dataclass
class Inventory:
    file: str
    format: TemplateFormat
    owner_account: str
    sites: list[PolicySite] = field(default_factory=list)
    destinations: dict[str, Destination] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    # Every topic, rule and bucket declared, whether or not it sends anywhere.
    senders: dict[str, SenderKind] = field(default_factory=dict)

    def key_named(self, name: str) -> Key | None:
        return next((key for key in self.keys if name in key.names), None)

    def sites_governing(self, arn: str) -> list[PolicySite]:
        return [site for site in self.sites if arn in site.governs]
