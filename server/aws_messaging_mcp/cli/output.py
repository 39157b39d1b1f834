"""How CLI commands print: JSON for scripts, indented text for people.

The only module (with argparse's own help) that writes to stdout.
"""

import argparse
import json
import sys
from typing import Any

import anyio

LIST_INDENT = "  "


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("json", "text"),
        help="output format (default: json when stdout is not a terminal)",
    )


def chosen_format(requested: str | None) -> str:
    if requested:
        return requested
    return "text" if sys.stdout.isatty() else "json"


def error(message: str) -> None:
    print(f"aws-messaging-mcp: {message}", file=sys.stderr)


def write(text: str) -> None:
    """A report already rendered (text, JSON or SARIF), as is."""
    print(text)


def emit(document: Any, requested_format: str | None) -> None:
    if chosen_format(requested_format) == "json":
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print("\n".join(render_text(document)))


def render_text(value: Any, indent: str = "") -> list[str]:
    """A structured result as nested, indented lines."""
    if isinstance(value, dict):
        return [
            line
            for key, item in value.items()
            if item not in (None, [], {})
            for line in _render_entry(str(key), item, indent)
        ]
    if isinstance(value, list):
        return [line for item in value for line in _render_item(item, indent)]
    return [f"{indent}{value}"]


def _render_entry(key: str, item: Any, indent: str) -> list[str]:
    if isinstance(item, dict | list):
        return [f"{indent}{key}:", *render_text(item, indent + LIST_INDENT)]
    return [f"{indent}{key}: {item}"]


def _render_item(item: Any, indent: str) -> list[str]:
    lines = render_text(item, indent + LIST_INDENT)
    if not lines:
        return []
    first = lines[0]
    return [f"{indent}- {first[len(indent) + len(LIST_INDENT) :]}", *lines[1:]]


def call_tool(tool: str, arguments: dict[str, Any]) -> tuple[bool, Any]:
    """Call one tool in-process; (True, structured output) or (False, message)."""
    from mcp.server.mcpserver.exceptions import ToolError

    from aws_messaging_mcp.mcp_server import build_server

    server = build_server()
    try:
        result = anyio.run(server.call_tool, tool, arguments)
    except ToolError as failure:
        return False, str(failure)
    structured = getattr(result, "structured_content", None)
    if getattr(result, "is_error", False) or structured is None:
        return False, "the tool returned no structured result"
    return True, structured


def call_and_print(tool: str, arguments: dict[str, Any], fmt: str | None) -> int:
    succeeded, answer = call_tool(tool, arguments)
    if not succeeded:
        error(str(answer))
        return 2
    emit(answer, fmt)
    return 0
