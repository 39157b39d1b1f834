"""`serve`: run the MCP server on stdio, or on streamable HTTP.

The HTTP flags are the security settings of a hosted server: what it binds,
which Host and Origin headers it accepts, how large a request may be and,
optionally, the bearer token it requires. The token is read from an
environment variable named on the command line, never from the command line
itself, where other users of the machine could read it in the process list.
"""

import argparse
import logging
import os
import sys
from typing import Any

logger = logging.getLogger(__name__)

MIN_TOKEN_LENGTH = 16


def add_parser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the MCP server (the default command)",
        description="Run the MCP server on stdio (default) or streamable HTTP.",
        # No abbreviations: `--auth-token SECRET` must not pass as
        # `--auth-token-env` and echo the secret back in an error message.
        allow_abbrev=False,
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
        help="HTTP: a Host header to accept besides loopback and the bind address"
        " (repeatable; HOST alone accepts any port, '*' any host when a proxy in"
        " front checks it)",
    )
    parser.add_argument(
        "--allowed-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="HTTP: an Origin header to accept, e.g. https://tools.example.com"
        " (repeatable; ORIGIN:* accepts any port)",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=_positive_int,
        default=4 * 1024 * 1024,
        metavar="N",
        help="HTTP: refuse request bodies larger than N bytes (default 4 MiB)",
    )
    parser.add_argument(
        "--auth-token-env",
        metavar="NAME",
        help="HTTP: require 'Authorization: Bearer <token>', the token being the"
        " value of environment variable NAME (/healthz stays open)",
    )
    parser.set_defaults(run=run)


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, not {text}")
    return value


def _token_from_environment(name: str | None) -> str | None:
    """The bearer token held in variable `name`; ValueError says what is wrong."""
    if name is None:
        return None
    token = os.environ.get(name, "").strip()
    if not token:
        raise ValueError(f"environment variable {name} is unset or empty")
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(
            f"the token in {name} is shorter than {MIN_TOKEN_LENGTH} characters;"
            " generate one with: python -c 'import secrets;"
            " print(secrets.token_urlsafe(32))'"
        )
    return token


def run(args: argparse.Namespace) -> int:
    if args.transport == "stdio":
        return run_stdio()
    return run_http(args)


def run_http(args: argparse.Namespace) -> int:
    try:
        token = _token_from_environment(args.auth_token_env)
    except ValueError as error:
        print(f"aws-messaging-mcp serve: --auth-token-env: {error}", file=sys.stderr)
        return 2
    from aws_messaging_mcp.http_app import HttpOptions, serve_http
    from aws_messaging_mcp.mcp_server import build_server

    options = HttpOptions(
        host=args.host,
        port=args.port,
        allowed_hosts=tuple(args.allowed_host),
        allowed_origins=tuple(args.allowed_origin),
        max_body_bytes=args.max_body_bytes,
        auth_token=token,
    )
    serve_http(build_server(), options)
    return 0


def run_stdio() -> int:
    import anyio

    from aws_messaging_mcp.mcp_server import build_server
    from aws_messaging_mcp.stdio_transport import AnsweredRequests, serve_stdio

    answered = AnsweredRequests()
    anyio.run(serve_stdio, build_server(middleware=[answered]), answered)
    return 0
