"""The MCP server: tools, resources and prompts wired to the domain packages.

Each module named in `REGISTRAR_NAMES` registers one capability's tools,
resources and prompts, and holds no domain logic.

Start-up is kept to what the SDK itself costs. Registering a tool builds
pydantic models and JSON schemas for its arguments and output, which for a
dozen rich tools takes a noticeable share of a cold start. So the server
answers `tools/list` from `tools.json`, the listing that registration
produces, generated beside this module (`scripts/regenerate.py`; a test fails
when it drifts), and registers the capabilities on the first request that
needs them.
"""

import importlib
import json
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from types import ModuleType
from typing import Any

from mcp.server.context import ServerMiddleware
from mcp.server.mcpserver import MCPServer
from mcp.types import Prompt, Resource, ResourceTemplate, Tool

from aws_messaging_mcp import __version__

INSTRUCTIONS = (
    "Offline, sourced guidance on AWS messaging and streaming: SQS, SNS, "
    "EventBridge (buses, Pipes, Scheduler), Amazon MQ, Kinesis Data Streams, "
    "Data Firehose, Managed Service for Apache Flink and MSK. Use list_services "
    "for the service ids, get_service_facts for sourced limits and behaviours, "
    "compare_services to weigh candidates side by side, recommend_service to "
    "choose for a workload, explain_gotcha for a symptom or error, and "
    "check_policy or generate_queue_policy for resource policies. Every fact "
    "carries its AWS documentation URL and the date it was checked: cite them."
)

REGISTRAR_NAMES: tuple[str, ...] = (
    "services",
    "recommend",
    "gotchas",
    "policy",
    "generate",
    "iac",
    "audit",
)
TOOL_LISTING = "tools.json"


def registrar_modules() -> tuple[ModuleType, ...]:
    return tuple(
        importlib.import_module(f"{__name__}.{name}") for name in REGISTRAR_NAMES
    )


def __getattr__(name: str) -> Any:
    # REGISTRARS imports every capability module: only on request.
    if name == "REGISTRARS":
        return registrar_modules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def shipped_tool_listing() -> tuple[Tool, ...]:
    listing = json.loads((files(__name__) / TOOL_LISTING).read_text("utf-8"))
    return tuple(Tool.model_validate(entry) for entry in listing)


class MessagingServer(MCPServer):
    """An MCPServer that registers its capabilities when first needed."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self._registered = False

    def register_capabilities(self) -> None:
        if self._registered:
            return
        self._registered = True
        for registrar in registrar_modules():
            registrar.register(self)

    async def list_tools(self) -> list[Tool]:
        if self._registered:
            return await super().list_tools()
        return list(shipped_tool_listing())

    def _tool_input_schema(self, name: str) -> dict[str, Any] | None:
        self.register_capabilities()
        return super()._tool_input_schema(name)

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Any = None
    ) -> Any:
        self.register_capabilities()
        return await super().call_tool(name, arguments, context)

    async def list_resources(self) -> list[Resource]:
        self.register_capabilities()
        return await super().list_resources()

    async def list_resource_templates(self) -> list[ResourceTemplate]:
        self.register_capabilities()
        return await super().list_resource_templates()

    async def read_resource(self, uri: Any, context: Any = None) -> Any:
        self.register_capabilities()
        return await super().read_resource(uri, context)

    async def list_prompts(self) -> list[Prompt]:
        self.register_capabilities()
        return await super().list_prompts()

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None, context: Any = None
    ) -> Any:
        self.register_capabilities()
        return await super().get_prompt(name, arguments, context)


def build_server(
    middleware: Sequence[ServerMiddleware[Any]] = (), *, registered: bool = False
) -> MessagingServer:
    """The server; with `registered`, every capability is registered at once."""
    server = MessagingServer(
        name="aws-messaging-mcp",
        version=__version__,
        instructions=INSTRUCTIONS,
        warn_on_duplicate_tools=True,
        middleware=middleware,
    )
    if registered:
        server.register_capabilities()
    return server
