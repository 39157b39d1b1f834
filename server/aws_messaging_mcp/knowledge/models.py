"""Pydantic models of the knowledge data: every file is validated by these at load.

Models are strict (`extra="forbid"`) so a misspelt field in a data file fails the
load, and frozen so that cached data cannot be changed by a caller.
"""

from datetime import date
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ServiceId = Literal[
    "sqs-standard",
    "sqs-fifo",
    "sns-standard",
    "sns-fifo",
    "eventbridge",
    "eventbridge-pipes",
    "eventbridge-scheduler",
    "amazon-mq-activemq",
    "amazon-mq-rabbitmq",
    "kinesis-data-streams",
    "data-firehose",
    "managed-flink",
    "msk",
    "msk-serverless",
]
SERVICE_IDS: tuple[ServiceId, ...] = get_args(ServiceId)

Category = Literal["messaging", "streaming", "integration"]

KebabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
AwsUrl = Annotated[
    str,
    StringConstraints(
        pattern=r"^https://[a-z0-9.-]+\.(aws|amazon\.com|amazonaws\.com|apache\.org|github\.com)(/\S*)?$"
    ),
]

Unit = Literal[
    "bytes",
    "KiB",
    "MiB",
    "GiB",
    "TiB",
    "KB",
    "MB",
    "GB",
    "TB",
    "milliseconds",
    "seconds",
    "minutes",
    "hours",
    "days",
    "count",
    "messages/second",
    "transactions/second",
    "requests/second",
    "records/second",
    "events/second",
    "KB/second",
    "MB/second",
    "MiB/second",
    "GB/second",
    "percent",
]
LimitKind = Literal[
    "size", "retention", "throughput", "timeout", "delay", "count", "other"
]
FactTopic = Literal[
    "delivery",
    "ordering",
    "retention",
    "replay",
    "throughput",
    "scaling",
    "consumption",
    "filtering",
    "dead-letter",
    "encryption",
    "security",
    "protocols",
    "integrations",
    "pricing",
    "operations",
    "availability",
    "monitoring",
    "capacity",
]
FACT_TOPICS: tuple[FactTopic, ...] = get_args(FactTopic)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Data):
    """Where a fact was read, and when someone last checked that it still holds."""

    url: AwsUrl
    checked_on: date
    note: str | None = Field(
        default=None,
        description="How sources disagree, or what was inferred, when it matters.",
    )


class SourcedText(_Data):
    text: str
    source: Source


class Limit(_Data):
    """A quota or hard limit, with a typed value in the unit AWS states it in."""

    id: KebabId
    name: str
    kind: LimitKind
    value: float = Field(description="The limit: the maximum, unless `is_minimum`.")
    unit: Unit
    default: float | None = Field(
        default=None, description="The value a new resource gets, in `unit`."
    )
    minimum: float | None = Field(
        default=None, description="The lowest value allowed, where it is a range."
    )
    is_minimum: bool = False
    adjustable: bool | None = Field(
        default=None, description="Whether a quota increase can raise it."
    )
    scope: str = Field(description="What it applies to: per queue, per shard, ...")
    note: str | None = None
    source: Source


class Fact(_Data):
    """A behaviour of a service that a user can act on."""

    id: KebabId
    topic: FactTopic
    text: str
    source: Source


class Variant(_Data):
    """A mode or flavour of one service, such as a capacity mode or broker type."""

    id: KebabId
    name: str
    text: str
    source: Source


class Dimensions(_Data):
    """Where a service sits on each messaging-versus-streaming dimension."""

    data_lifecycle: str
    ordering: str
    consumer_model: str
    throughput_pattern: str
    replay: str
    typical_latency: str
    scaling_unit: str


DIMENSION_NAMES: tuple[str, ...] = tuple(Dimensions.model_fields)


class Service(_Data):
    """One service or variant, as a user chooses and operates it."""

    id: ServiceId
    name: str
    category: Category
    summary: str = Field(description="One line: what it is for.")
    best_for: list[str] = Field(min_length=1)
    differentiators: list[str] = Field(min_length=1)
    pick_when: str = Field(description="A short verdict: when to pick it.")
    anti_patterns: list[str] = Field(min_length=1)
    dimensions: Dimensions
    dimensions_source: Source
    delivery: SourcedText
    ordering: SourcedText
    protocols: list[str] = Field(min_length=1)
    integrations: list[str] = Field(min_length=1)
    pricing_model: SourcedText
    limits: list[Limit] = Field(min_length=1)
    facts: list[Fact] = Field(min_length=1)
    variants: list[Variant] = Field(default_factory=list)
    related: list[ServiceId] = Field(default_factory=list)
