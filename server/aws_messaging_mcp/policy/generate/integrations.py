"""What each resource and each service source needs: facts, kept as data.

`integrations.json` (beside this module) holds, per resource service (sqs,
sns), the action a sender needs, the actions a consumer may get, and the key
actions of producers and consumers; and per service source, the service
principal, the shape of its ARN and what its statement in a customer managed
key's policy looks like. Every entry carries the AWS pages it relies on and
the date they were checked. Policy quotas come from the shared IAM catalogue
(`knowledge.iam.policy_quotas`).
"""

import json
from functools import cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict

from aws_messaging_mcp.errors import InputError

ResourceService = Literal["sqs", "sns"]


class ResourceFacts(BaseModel):
    """What a queue or topic policy may grant, and to whom."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    service: ResourceService
    noun: str
    send_action: str
    consumer_actions: tuple[str, ...]
    default_consumer_actions: tuple[str, ...]
    insecure_transport_actions: tuple[str, ...]
    aws_managed_key: str
    producer_key_actions: tuple[str, ...]
    consumer_key_actions: tuple[str, ...]
    references: tuple[str, ...]
    checked_on: str


class ServiceSource(BaseModel):
    """One AWS service that delivers to a queue or topic on its own behalf."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    resource_service: ResourceService
    type: str
    principal: str
    arn_service: str
    resource_prefix: str
    arn_example: str
    label: str
    key_actions: tuple[str, ...]
    key_pinned: bool
    references: tuple[str, ...]
    checked_on: str


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    resources: tuple[ResourceFacts, ...]
    service_sources: tuple[ServiceSource, ...]


def catalog_text() -> str:
    return (files(__package__) / "integrations.json").read_text(encoding="utf-8")


@cache
def catalog() -> Catalog:
    return Catalog.model_validate(json.loads(catalog_text()))


def resource_facts(service: ResourceService) -> ResourceFacts:
    return next(item for item in catalog().resources if item.service == service)


def service_source(service: ResourceService, source_type: str) -> ServiceSource | None:
    """The service source of `source_type` for this resource; None for principals."""
    for item in catalog().service_sources:
        if item.resource_service == service and item.type == source_type:
            return item
    return None


def source_types(service: ResourceService) -> tuple[str, ...]:
    """Every source type a resource accepts: its service sources, then principals."""
    services = [
        item.type
        for item in catalog().service_sources
        if item.resource_service == service
    ]
    return (*services, "account", "role")


def require_source_type(service: ResourceService, source_type: str) -> None:
    if source_type not in source_types(service):
        choices = ", ".join(source_types(service))
        raise InputError(
            f"source type {source_type!r} cannot deliver to an {service.upper()} "
            f"{resource_facts(service).noun}; use one of: {choices}"
        )
