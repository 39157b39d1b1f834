"""Where domain exceptions become tool errors, and the annotations tools share.

Domain code raises `InputError` with a message that says what to change; the
boundary passes that message on as a tool error (`isError: true`). Anything
else is a bug: the caller gets a short internal-error message, and the
traceback goes to the log at debug level, never to stdout.
"""

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations

from aws_messaging_mcp.errors import InputError

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

OFFLINE_READ_ONLY = ToolAnnotations(
    readOnlyHint=True,
    destructiveHint=False,
    idempotentHint=True,
    openWorldHint=False,
)
LIVE_READ_ONLY = ToolAnnotations(
    readOnlyHint=True,
    destructiveHint=False,
    idempotentHint=True,
    openWorldHint=True,
)


def tool_boundary(handler: Callable[P, R]) -> Callable[P, R]:
    """Turn domain exceptions raised by `handler` into tool errors."""

    @functools.wraps(handler)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return handler(*args, **kwargs)
        except ToolError:
            raise
        except InputError as error:
            raise ToolError(str(error)) from None
        except Exception as error:
            logger.debug("tool %s failed", handler.__name__, exc_info=True)
            raise ToolError(
                f"internal error ({type(error).__name__}); the input was not "
                "at fault. Please report this with the arguments you sent."
            ) from None

    return guarded


def add_tools(
    server: MCPServer,
    handlers: tuple[Callable[..., Any], ...],
    annotations: ToolAnnotations = OFFLINE_READ_ONLY,
) -> None:
    """Register handlers as tools, each described by its cleaned docstring."""
    for handler in handlers:
        server.add_tool(
            handler,
            description=inspect.cleandoc(handler.__doc__ or ""),
            annotations=annotations,
            structured_output=True,
        )
