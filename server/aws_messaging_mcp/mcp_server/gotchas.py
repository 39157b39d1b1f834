"""Tools and resources that explain integration gotchas.

Only the output models are imported here; the catalogue and its index load
on the first call, inside the handlers.
"""

import json
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from pydantic import Field

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.gotchas.models import (
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    GotchaAnswer,
    GotchaList,
)
from aws_messaging_mcp.knowledge.models import ServiceId
from aws_messaging_mcp.mcp_server.boundary import add_tools, tool_boundary

EXAMPLES: dict[str, list[dict[str, object]]] = {
    "explain_gotcha": [
        {
            "query": "my EventBridge rule shows FailedInvocations and the queue is "
            "encrypted",
        },
        {"query": "QueueDeletedRecently", "services": ["sqs-standard"], "limit": 1},
        {"query": "sns-raw-delivery-envelope"},
    ],
    "list_gotchas": [{}, {"service": "kinesis-data-streams"}],
}


@tool_boundary
def explain_gotcha(
    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="A symptom in plain words, an exact error message, a "
            "metric or attribute name, or a gotcha id.",
        ),
    ],
    services: Annotated[
        list[ServiceId] | None,
        Field(description="Only gotchas involving one of these services."),
    ] = None,
    limit: Annotated[
        int, Field(ge=1, le=MAX_LIMIT, description="How many matches at most.")
    ] = 3,
) -> GotchaAnswer:
    """Explain an AWS messaging integration problem: from a symptom, an error
    message or a gotcha id to its cause and the fix.

    Returns `matches`, best first, each with its score, why it matched, and
    the full entry: symptoms, cause, fix steps in order (exact APIs,
    attributes and CLI names), snippets (boto3, AWS CLI, policy JSON,
    CloudFormation) and sourced AWS pages. Quote exact error strings such as
    `KMS.AccessDeniedException` or metric names such as
    `InvocationsFailedToBeSentToDLQ` when you have them. When `confident` is
    false nothing fits well: `matches` is empty and `closest` lists the
    nearest titles; rephrase, or call list_gotchas.
    """
    from aws_messaging_mcp.gotchas import explain

    return explain.explain_gotcha(query, services, limit)


@tool_boundary
def list_gotchas(
    service: Annotated[
        ServiceId | None,
        Field(description="Only gotchas involving this service; omit for all."),
    ] = None,
) -> GotchaList:
    """List the integration gotchas this server knows, with ids and titles.

    Pass an id to explain_gotcha for the cause, the fix and the sources, or
    read the resource aws-messaging://gotchas/{id}.
    """
    from aws_messaging_mcp.gotchas import explain

    return explain.list_gotchas(service)


def gotcha_json(id: str) -> str:
    """One gotcha's full entry as JSON: symptoms, cause, fix, snippets, sources."""
    from aws_messaging_mcp.gotchas import explain

    try:
        return explain.get_gotcha(id).model_dump_json(indent=2)
    except InputError as error:
        raise ResourceError(str(error)) from None


def gotchas_index() -> str:
    """Every gotcha id with its title, services and resource URI."""
    from aws_messaging_mcp.gotchas import explain

    listing = [
        {**summary.model_dump(), "uri": f"aws-messaging://gotchas/{summary.id}"}
        for summary in explain.list_gotchas().gotchas
    ]
    return json.dumps({"gotchas": listing}, indent=2)


def register(server: MCPServer) -> None:
    add_tools(server, (explain_gotcha, list_gotchas))
    server.resource(
        "aws-messaging://gotchas",
        name="gotchas",
        mime_type="application/json",
    )(gotchas_index)
    server.resource(
        "aws-messaging://gotchas/{id}",
        name="gotcha",
        mime_type="application/json",
    )(gotcha_json)
