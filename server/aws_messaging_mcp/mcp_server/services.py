"""Tools and resources that describe and compare services."""

import json
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from pydantic import Field

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.knowledge import loader
from aws_messaging_mcp.knowledge.models import ServiceId
from aws_messaging_mcp.mcp_server.boundary import add_tools, tool_boundary
from aws_messaging_mcp.services import catalog, render
from aws_messaging_mcp.services.models import (
    CompareDimension,
    Comparison,
    FactsTopic,
    ServiceFacts,
    ServiceList,
)

EXAMPLES: dict[str, list[dict[str, object]]] = {
    "list_services": [{}],
    "get_service_facts": [
        {"service": "sqs-fifo"},
        {"service": "kinesis-data-streams", "topics": ["limits"]},
    ],
    "compare_services": [
        {"services": ["sqs-standard", "kinesis-data-streams"]},
        {"services": ["sns-standard", "eventbridge", "msk"]},
    ],
}


@tool_boundary
def list_services() -> ServiceList:
    """List every AWS messaging and streaming service this server knows.

    Returns each service's id (use it with the other tools), name, category
    (messaging, streaming or integration) and a one-line purpose.
    """
    return catalog.list_services()


@tool_boundary
def get_service_facts(
    service: Annotated[ServiceId, Field(description="A service id.")],
    topics: Annotated[
        list[FactsTopic] | None,
        Field(description="Only these topics; omit for everything."),
    ] = None,
) -> ServiceFacts:
    """Get the sourced facts of one service: limits with units, guarantees,
    dimensions, protocols, integrations, pricing model and behaviours.

    Every fact carries its AWS documentation URL and the date it was checked;
    cite them when you answer. Narrow with `topics` (for example ["limits"] or
    ["delivery", "ordering"]) to keep the answer short.
    """
    return catalog.get_service_facts(service, topics)


@tool_boundary
def compare_services(
    services: Annotated[
        list[ServiceId],
        Field(min_length=2, max_length=6, description="2 to 6 service ids."),
    ],
    dimensions: Annotated[
        list[CompareDimension] | None,
        Field(description="Rows to show; omit for all."),
    ] = None,
) -> Comparison:
    """Compare 2 to 6 services side by side.

    Rows cover the messaging-versus-streaming dimensions (data lifecycle,
    ordering, consumer model, throughput pattern, replay, latency, scaling
    unit) and key limits (message size, retention, throughput); verdicts say
    when to pick each service and when to avoid it.
    """
    return catalog.compare_services(services, dimensions)


def _service_or_resource_error(service_id: str) -> str:
    try:
        return loader.service(service_id).id
    except InputError as error:
        raise ResourceError(str(error)) from None


def service_json(id: str) -> str:
    """One service's full record as JSON: limits, facts, sources."""
    service = loader.service(_service_or_resource_error(id))
    return service.model_dump_json(indent=2)


def service_markdown(id: str) -> str:
    """One service as a readable page with its sources."""
    return render.service_markdown(loader.service(_service_or_resource_error(id)))


def services_index() -> str:
    """Every service id with its name, category, purpose and resource URIs."""
    listing = [
        {
            **summary.model_dump(),
            "uri": f"aws-messaging://services/{summary.id}",
            "markdown_uri": f"aws-messaging://services/{summary.id}/markdown",
        }
        for summary in catalog.list_services().services
    ]
    return json.dumps({"services": listing}, indent=2)


def design_messaging_architecture(workload: str) -> str:
    """Design a messaging or streaming architecture for a workload."""
    return (
        "Design an AWS messaging or streaming architecture for this workload:\n\n"
        f"{workload}\n\n"
        "Work from sourced facts, not memory:\n"
        "1. Call recommend_service with the workload's requirements (ordering, "
        "replay, retention, fan-out, throughput, message size, protocols, "
        "destinations); if it is not available, call list_services.\n"
        "2. Call compare_services on the top two or three candidates and read "
        "the verdicts.\n"
        "3. Call get_service_facts with topics such as limits, delivery and "
        "ordering for the chosen services, and check each requirement "
        "against a limit.\n"
        "4. Call explain_gotcha for each integration you wire (for example an "
        "EventBridge rule to an encrypted queue) and apply the fixes.\n"
        "5. Generate each resource policy with generate_queue_policy or "
        "generate_topic_policy and verify it with check_policy.\n"
        "Answer with the chosen services, why, what was rejected and why, "
        "the configuration, and the sources you relied on."
    )


def register(server: MCPServer) -> None:
    add_tools(server, (list_services, get_service_facts, compare_services))
    server.resource(
        "aws-messaging://services",
        name="services",
        mime_type="application/json",
    )(services_index)
    server.resource(
        "aws-messaging://services/{id}",
        name="service",
        mime_type="application/json",
    )(service_json)
    server.resource(
        "aws-messaging://services/{id}/markdown",
        name="service-markdown",
        mime_type="text/markdown",
    )(service_markdown)
    server.prompt(name="design_messaging_architecture")(design_messaging_architecture)
