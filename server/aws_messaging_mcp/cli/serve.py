"""`serve`: run the MCP server on stdio, or on streamable HTTP."""

import argparse
import logging
from typing import Any

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def add_parser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the MCP server (the default command)",
        description="Run the MCP server on stdio (default) or streamable HTTP.",
    )
    parser.add_argument("--transport", choices=("stdio", "http"), default="stdio")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="HTTP: address to bind (default 127.0.0.1, loopback only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="HTTP: port")
    parser.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help="HTTP: a Host header to accept besides the bind address (repeatable;"
        " HOST:* accepts any port)",
    )
    parser.add_argument(
        "--allowed-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="HTTP: an Origin header to accept, e.g. https://tools.example.com"
        " (repeatable)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aws_messaging_mcp.mcp_server import build_server

    if args.transport == "stdio":
        return run_stdio()
    server = build_server()
    from aws_messaging_mcp.http_app import HttpOptions, serve_http

    options = HttpOptions(
        host=args.host,
        port=args.port,
        allowed_hosts=tuple(args.allowed_host),
        allowed_origins=tuple(args.allowed_origin),
    )
    serve_http(server, options)
    return 0


def run_stdio() -> int:
    import anyio

    from aws_messaging_mcp.mcp_server import build_server
    from aws_messaging_mcp.stdio_transport import AnsweredRequests, serve_stdio

    answered = AnsweredRequests()
    anyio.run(serve_stdio, build_server(middleware=[answered]), answered)
    return 0
