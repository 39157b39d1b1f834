"""Stdio that answers everything it was asked before it exits.

A script that pipes requests in (`printf ... | aws-messaging-mcp`) closes stdin
right after its last line. The SDK's stdio transport ends the session at that
EOF and drops answers still being computed, so the script would lose them.
Here stdin reports EOF only once every request read has been answered, or
after `DRAIN_SECONDS`, whichever comes first.
"""

import json
import logging
import sys
from collections.abc import AsyncIterator
from io import TextIOWrapper
from typing import Any

import anyio
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.server.mcpserver import MCPServer
from mcp.server.stdio import stdio_server

logger = logging.getLogger(__name__)

DRAIN_SECONDS = 60.0
# Time for the last answer to leave the writer after its handler returned.
FLUSH_SECONDS = 0.2


class AnsweredRequests:
    """Middleware that counts the requests whose handling has finished."""

    def __init__(self) -> None:
        self.finished = 0

    async def __call__(
        self, ctx: ServerRequestContext[Any, Any], call_next: CallNext
    ) -> HandlerResult:
        try:
            return await call_next(ctx)
        finally:
            if ctx.request_id is not None:
                self.finished += 1


def _is_request(line: str) -> bool:
    try:
        message = json.loads(line)
    except ValueError:
        return False
    return (
        isinstance(message, dict)
        and message.get("jsonrpc") == "2.0"
        and "id" in message
        and isinstance(message.get("method"), str)
    )


class DrainingStdin:
    """Lines of stdin; at EOF, waits until every request read was answered."""

    def __init__(self, answered: AnsweredRequests) -> None:
        self.answered = answered
        self.requests = 0
        text = TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        self.lines = anyio.wrap_file(text)

    async def __aiter__(self) -> AsyncIterator[str]:
        async for line in self.lines:
            if _is_request(line):
                self.requests += 1
            yield line
        await self._drain()

    async def _drain(self) -> None:
        with anyio.move_on_after(DRAIN_SECONDS) as scope:
            while self.answered.finished < self.requests:
                await anyio.sleep(0.01)
            await anyio.sleep(FLUSH_SECONDS)
        if scope.cancelled_caught:
            logger.warning("stdin closed with requests still unanswered")


async def serve_stdio(server: MCPServer, answered: AnsweredRequests) -> None:
    """Serve on stdin/stdout until stdin ends and every request is answered."""
    # MCPServer.run_stdio_async offers no way to pass our stdin, so this reaches
    # the low-level server it wraps, as that method itself does.
    lowlevel = server._lowlevel_server
    stdin: Any = DrainingStdin(answered)
    async with stdio_server(stdin=stdin) as (read_stream, write_stream):
        await lowlevel.run(
            read_stream, write_stream, lowlevel.create_initialization_options()
        )
