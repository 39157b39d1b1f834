"""The input contract of `recommend_service` and the shape of its answer.

Field names are public: they are the tool's arguments and result. Each
argument is declared once, as an annotated alias, and used both by the
`Requirements` model and by the MCP tool's signature.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aws_messaging_mcp.knowledge.models import ServiceId

Ordering = Literal["none", "per-key", "total"]
Latency = Literal["sub-second", "seconds", "minutes"]
Protocol = Literal[
    "amqp",
    "mqtt",
    "jms",
    "stomp",
    "openwire",
    "kafka",
    "https",
    "email",
    "sms",
    "mobile-push",
]
Schedule = Literal["none", "one-time", "recurring"]
MigratingFrom = Literal["activemq", "rabbitmq", "kafka", "ibm-mq", "other"]
BrokerFeature = Literal[
    "request-reply", "priorities", "selectors", "exchanges", "dead-letter-exchange"
]
Fit = Literal["strong", "good", "possible"]

KNOWN_DESTINATIONS = (
    "s3",
    "redshift",
    "opensearch",
    "splunk",
    "snowflake",
    "iceberg",
    "http-endpoint",
    "lambda",
    "sqs",
    "step-functions",
)

Description = Annotated[
    str | None,
    Field(
        max_length=4000,
        description="The workload in plain words; fills in what the other "
        "fields leave open (terms such as replay, fan out, exactly once, JMS, "
        "Kafka, cron, S3, windowed are recognised).",
    ),
]
OrderingArg = Annotated[
    Ordering | None,
    Field(description="none, per-key (per customer, device...) or total order."),
]
Flag = Annotated[bool | None, Field(description="Omit when unknown.")]
ReplayArg = Annotated[
    bool | None, Field(description="Consumers must re-read past data.")
]
RetentionArg = Annotated[
    float | None,
    Field(
        ge=0,
        le=36500,
        allow_inf_nan=False,
        description="How long data must stay readable, in days.",
    ),
]
ConsumersArg = Annotated[
    int | None,
    Field(ge=1, le=100000, description="Independent consuming applications."),
]
CompetingArg = Annotated[
    bool | None,
    Field(description="A pool of workers sharing one stream of work."),
]
ThroughputArg = Annotated[
    float | None,
    Field(
        ge=0,
        le=1e12,
        allow_inf_nan=False,
        description="Peak messages per second.",
    ),
]
SizeArg = Annotated[
    float | None,
    Field(
        gt=0,
        le=1e12,
        allow_inf_nan=False,
        description="Largest message, in KB (read as KiB, 1,024 bytes).",
    ),
]
LatencyArg = Annotated[
    Latency | None, Field(description="How fast consumers must see a message.")
]
ProtocolsArg = Annotated[
    list[Protocol] | None,
    Field(max_length=10, description="Protocols clients must keep speaking."),
]
ExactlyOnceArg = Annotated[
    bool | None,
    Field(description="Deduplication or exactly-once processing is required."),
]
DestinationsArg = Annotated[
    list[str] | None,
    Field(
        max_length=20,
        description="Where data must end up: s3, redshift, opensearch, splunk, "
        "snowflake, iceberg, http-endpoint, lambda, sqs, step-functions, or "
        "other service names.",
    ),
]
StatefulArg = Annotated[
    bool | None,
    Field(
        description="Windows, joins, aggregations, pattern detection or SQL on streams."
    ),
]
ScheduleArg = Annotated[
    Schedule | None, Field(description="Time-based invocation: one-time or recurring.")
]
DelayArg = Annotated[
    float | None,
    Field(
        ge=0,
        le=31_536_000 * 10,
        allow_inf_nan=False,
        description="Deliver each message this many seconds after it is sent.",
    ),
]
PointToPointArg = Annotated[
    bool | None,
    Field(
        description="One source to one target with filtering, enrichment or "
        "transformation."
    ),
]
MigratingArg = Annotated[
    MigratingFrom | None, Field(description="The broker or platform being replaced.")
]
BrokerFeaturesArg = Annotated[
    list[BrokerFeature] | None,
    Field(max_length=5, description="Broker features the applications rely on."),
]
ServerlessArg = Annotated[
    bool | None, Field(description="No capacity planning wanted.")
]


class Requirements(BaseModel):
    """A workload's requirements; every field is optional, but not all of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: Description = None
    ordering: OrderingArg = None
    replay: ReplayArg = None
    retention_days: RetentionArg = None
    consumers: ConsumersArg = None
    competing_consumers: CompetingArg = None
    fan_out: Flag = None
    throughput_per_second: ThroughputArg = None
    message_size_kb: SizeArg = None
    latency: LatencyArg = None
    protocols: ProtocolsArg = None
    exactly_once: ExactlyOnceArg = None
    destinations: DestinationsArg = None
    stateful_processing: StatefulArg = None
    content_routing: Flag = None
    cross_account: Flag = None
    saas_sources: Flag = None
    aws_service_events: Flag = None
    schedule: ScheduleArg = None
    delay_seconds: DelayArg = None
    point_to_point: PointToPointArg = None
    change_data_capture: Flag = None
    migrating_from: MigratingArg = None
    multi_tenant: Flag = None
    broker_features: BrokerFeaturesArg = None
    serverless_preferred: ServerlessArg = None

    @field_validator("destinations")
    @classmethod
    def _normalise_destinations(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        names = [item.strip().lower().replace(" ", "-") for item in value]
        if any(not name or len(name) > 64 for name in names):
            raise ValueError("each destination is a name of 1 to 64 characters")
        return names


class FactCitation(BaseModel):
    """The sourced statement of the services data that a reason rests on."""

    service: ServiceId
    id: str = Field(description="A limit, fact or variant id of that service.")
    source_url: str
    checked_on: date


class Note(BaseModel):
    """A reason, caveat or piece of configuration advice, traced to its rule."""

    text: str
    rule: str = Field(description="The id of the rule that produced it.")
    requirement: str | None = Field(
        default=None, description="The input it answers, as given or as read."
    )
    fact: FactCitation | None = None


class PatternUse(BaseModel):
    """A named combination or technique the recommendation relies on."""

    id: str
    name: str
    text: str
    combined_with: list[ServiceId] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    facts: list[FactCitation]
    source_url: str


class Recommendation(BaseModel):
    service: ServiceId
    name: str
    score: float = Field(ge=0, le=1)
    fit: Fit
    combined_with: list[ServiceId] = Field(
        default_factory=list,
        description="Services this one should be used together with.",
    )
    summary: str
    reasons: list[Note]
    caveats: list[Note] = Field(default_factory=list)
    configuration: list[Note] = Field(default_factory=list)
    patterns: list[PatternUse] = Field(default_factory=list)


class Rejection(BaseModel):
    service: ServiceId
    requirement: str
    rule: str
    reason: str
    fact: FactCitation


class FollowUpQuestion(BaseModel):
    question: str
    field: str = Field(description="The input field the answer would fill.")
    would_favour: ServiceId = Field(
        description="The service that would rank first if the answer were yes "
        "(or the value tried)."
    )


class Conflict(BaseModel):
    """Requirements that no single service meets together."""

    text: str
    requirements: list[str]
    rules: list[str]


class RecommendationResult(BaseModel):
    recommendations: list[Recommendation]
    rejected: list[Rejection]
    assumptions: list[str]
    follow_up_questions: list[FollowUpQuestion]
    conflicts: list[Conflict] = Field(default_factory=list)
