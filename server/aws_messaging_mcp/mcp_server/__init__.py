"""The MCP server: tools, resources and prompts wired to the domain packages.

Each module in `REGISTRARS` registers one capability's tools on the server and
holds no domain logic. Heavy domain modules are imported inside the handlers,
so that starting the server and answering `tools/list` stays fast.
"""

from collections.abc import Sequence
from types import ModuleType
from typing import Any

from mcp.server.context import ServerMiddleware
from mcp.server.mcpserver import MCPServer

from aws_messaging_mcp import __version__
from aws_messaging_mcp.mcp_server import audit, generate, gotchas, services

INSTRUCTIONS = (
    "Offline, sourced guidance on AWS messaging and streaming: SQS, SNS, "
    "EventBridge (buses, Pipes, Scheduler), Amazon MQ, Kinesis Data Streams, "
    "Data Firehose, Managed Service for Apache Flink and MSK. Use list_services "
    "for the service ids, get_service_facts for sourced limits and behaviours, "
    "compare_services to weigh candidates side by side. Every fact carries its "
    "AWS documentation URL and the date it was checked: cite them."
)

REGISTRARS: tuple[ModuleType, ...] = (services, generate, gotchas, audit)


def build_server(middleware: Sequence[ServerMiddleware[Any]] = ()) -> MCPServer:
    """A server with every capability registered; nothing is loaded yet."""
    server = MCPServer(
        "aws-messaging-mcp",
        version=__version__,
        instructions=INSTRUCTIONS,
        warn_on_duplicate_tools=True,
        middleware=middleware,
    )
    for registrar in REGISTRARS:
        registrar.register(server)
    return server
