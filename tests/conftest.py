"""Shared fixtures: the real server object, and a way to call its tools."""

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent

from aws_messaging_mcp.mcp_server import build_server

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    """An in-memory MCP client connected to a freshly built server."""
    with anyio.fail_after(30):
        async with Client(build_server()) as connected:
            yield connected


def error_text(result: CallToolResult) -> str:
    """The message of a tool error; fails the test if the call succeeded."""
    assert result.is_error, f"expected a tool error, got {result.structured_content}"
    block = result.content[0]
    assert isinstance(block, TextContent)
    return block.text


def structured(result: CallToolResult) -> dict[str, Any]:
    """The structured content of a successful call, checked against its text."""
    assert not result.is_error, result.content
    assert result.structured_content is not None
    block = result.content[0]
    assert isinstance(block, TextContent)
    assert json.loads(block.text) == result.structured_content
    return result.structured_content
