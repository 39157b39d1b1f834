"""Inputs and outputs of the service tools; the MCP schemas come from these."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from aws_messaging_mcp.knowledge.models import (
    Category,
    FactTopic,
    Limit,
    ServiceId,
    Variant,
)

FactsTopic = (
    Literal[
        "summary",
        "dimensions",
        "limits",
        "delivery",
        "ordering",
        "protocols",
        "integrations",
        "pricing",
        "anti-patterns",
        "variants",
    ]
    | FactTopic
)

CompareDimension = Literal[
    "data_lifecycle",
    "ordering",
    "consumer_model",
    "throughput_pattern",
    "replay",
    "typical_latency",
    "scaling_unit",
    "max_message_size",
    "retention",
    "throughput",
    "delivery",
    "protocols",
    "pricing",
]


class ServiceSummary(BaseModel):
    id: ServiceId
    name: str
    category: Category
    summary: str


class ServiceList(BaseModel):
    services: list[ServiceSummary]


class SourcedStatement(BaseModel):
    """One fact of a service, ready to cite."""

    id: str = Field(description="Stable within the service, e.g. 'max-message-size'.")
    topic: str
    text: str
    source_url: str
    checked_on: date
    source_note: str | None = None


class ServiceFacts(BaseModel):
    service: ServiceSummary
    topics: list[str] = Field(description="The topics this answer covers.")
    best_for: list[str] = Field(default_factory=list)
    differentiators: list[str] = Field(default_factory=list)
    pick_when: str | None = None
    anti_patterns: list[str] = Field(default_factory=list)
    dimensions: dict[str, str] = Field(default_factory=dict)
    protocols: list[str] = Field(default_factory=list)
    integrations: list[str] = Field(default_factory=list)
    limits: list[Limit] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list)
    facts: list[SourcedStatement] = Field(
        default_factory=list,
        description="Every behaviour in the chosen topics, each with its source.",
    )


class ComparisonRow(BaseModel):
    dimension: str
    values: dict[str, str] = Field(description="Service id to its value.")


class Verdict(BaseModel):
    service: ServiceId
    pick_when: str
    avoid_when: str


class Comparison(BaseModel):
    services: list[ServiceSummary]
    rows: list[ComparisonRow]
    verdicts: list[Verdict]
    sources: list[str] = Field(description="The pages the limits come from.")
