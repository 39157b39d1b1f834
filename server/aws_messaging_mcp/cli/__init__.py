"""The `aws-messaging-mcp` command: the MCP server, and the same answers for scripts.

Each module in `COMMANDS` adds one subcommand (`add_parser`) and runs it
(`run`, returning the exit status). With no subcommand, the stdio server runs.
Logs go to stderr only: on stdio, stdout carries the protocol.
"""

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from aws_messaging_mcp import __version__
from aws_messaging_mcp.cli import audit, scan, serve, tools

COMMANDS: tuple[ModuleType, ...] = (serve, tools, audit, scan)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aws-messaging-mcp",
        description=(
            "Sourced guidance on AWS messaging and streaming. With no command, "
            "runs the MCP server on stdio."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more to stderr (-v info, -vv debug)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def configure_logging(verbosity: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "serve"])
    try:
        status: int = args.run(args)
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, as shell tools do,
        # and keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        return 130
    return status
