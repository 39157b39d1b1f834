"""Subcommands that call the server's tools in-process: one engine, two front ends.

Each command turns its flags (and an optional JSON document of arguments from
`--input FILE` or `--input -`) into the tool's arguments, calls the tool
exactly as an MCP client would, and prints its structured output: JSON by
default when stdout is not a terminal, readable text otherwise. A tool error
goes to stderr with exit status 2.
"""

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_messaging_mcp.cli import output

Arguments = dict[str, Any]


class UsageError(Exception):
    """Command-line input that cannot become tool arguments."""


@dataclass(frozen=True)
class ToolCommand:
    name: str
    tool: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    to_arguments: Callable[[argparse.Namespace], Arguments]


def _pairs(text: str, flag: str) -> dict[str, str]:
    """'type=sns-topic,arn=arn:aws:...' as a dict; the value may hold ':' or '/'."""
    pairs = {}
    for part in text.split(","):
        key, separator, value = part.partition("=")
        if not separator or not key.strip():
            raise UsageError(f"{flag} takes key=value pairs separated by commas")
        pairs[key.strip()] = value.strip()
    return pairs


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None


def _read_json_object(path: str, what: str) -> Arguments:
    try:
        document = json.loads(_read_text(path))
    except json.JSONDecodeError as error:
        raise UsageError(f"{what} is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise UsageError(f"{what} must be a JSON object")
    return document


def _set(arguments: Arguments, key: str, value: Any) -> None:
    if value not in (None, [], ""):
        arguments[key] = value


# facts, compare, services ---------------------------------------------------


def _configure_facts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", nargs="?", help="a service id (see `services`)")
    parser.add_argument("--topic", action="append", default=[], dest="topics")


def _facts_arguments(args: argparse.Namespace) -> Arguments:
    arguments: Arguments = {}
    _set(arguments, "service", args.service)
    _set(arguments, "topics", args.topics)
    return arguments


def _configure_compare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", help="2 to 6 service ids")
    parser.add_argument("--dimension", action="append", default=[], dest="dimensions")


def _compare_arguments(args: argparse.Namespace) -> Arguments:
    arguments: Arguments = {}
    _set(arguments, "services", args.services)
    _set(arguments, "dimensions", args.dimensions)
    return arguments


def _configure_nothing(parser: argparse.ArgumentParser) -> None:
    del parser


def _no_arguments(args: argparse.Namespace) -> Arguments:
    del args
    return {}


# recommend, explain ---------------------------------------------------------


def _configure_recommend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "description",
        nargs="?",
        help="the workload in words; structured "
        "requirements (ordering, replay, ...) come through --input",
    )


def _recommend_arguments(args: argparse.Namespace) -> Arguments:
    arguments: Arguments = {}
    _set(arguments, "description", args.description)
    return arguments


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", help="a symptom, error message or id")
    parser.add_argument("--service", action="append", default=[], dest="services")
    parser.add_argument("--limit", type=int)


def _explain_arguments(args: argparse.Namespace) -> Arguments:
    arguments: Arguments = {}
    _set(arguments, "query", args.query)
    _set(arguments, "services", args.services)
    _set(arguments, "limit", args.limit)
    return arguments


# check-policy ----------------------------------------------------------------


def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="the policy document, or - for stdin")
    parser.add_argument(
        "--resource-type",
        choices=("sqs", "sns", "eventbridge-bus", "kms", "iam-trust"),
    )
    parser.add_argument("--resource-arn")
    parser.add_argument("--account-id")
    parser.add_argument("--trusted-account", action="append", default=[])
    parser.add_argument("--trusted-org-id")
    parser.add_argument(
        "--dlq-for",
        metavar="kind=KIND,source_arn=ARN",
        help="the queue is the DLQ of this source; KIND is sns-subscription, "
        "eventbridge-target or sqs-redrive",
    )


def _check_arguments(args: argparse.Namespace) -> Arguments:
    arguments: Arguments = {}
    if args.file is not None:
        # The raw text, so that findings carry line and column.
        arguments["policy"] = _read_text(args.file)
    _set(arguments, "resource_type", args.resource_type)
    context: Arguments = {}
    _set(context, "resource_arn", args.resource_arn)
    _set(context, "account_id", args.account_id)
    _set(context, "trusted_accounts", args.trusted_account)
    _set(context, "trusted_org_id", args.trusted_org_id)
    if args.dlq_for:
        context["dlq_for"] = _pairs(args.dlq_for, "--dlq-for")
    _set(arguments, "context", context)
    return arguments


# generate-queue-policy, generate-topic-policy --------------------------------


def _configure_generate(resource: str) -> Callable[[argparse.ArgumentParser], None]:
    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(f"--{resource}-arn")
        parser.add_argument(
            "--source",
            action="append",
            default=[],
            metavar="type=TYPE,arn=ARN[,account_id=ID]",
        )
        parser.add_argument(
            "--consumer",
            action="append",
            default=[],
            metavar="principal_arn=ARN[,actions=A|B]",
        )
        parser.add_argument("--kms-key-arn")
        parser.add_argument(
            "--allow-insecure-transport",
            action="store_true",
            help="omit the statement that denies requests without TLS",
        )
        parser.add_argument("--existing-policy", metavar="FILE")

    return configure


def _consumer(text: str) -> Arguments:
    consumer: Arguments = dict(_pairs(text, "--consumer"))
    if "actions" in consumer:
        consumer["actions"] = [a for a in consumer["actions"].split("|") if a]
    return consumer


def _generate_arguments(resource: str) -> Callable[[argparse.Namespace], Arguments]:
    def to_arguments(args: argparse.Namespace) -> Arguments:
        arguments: Arguments = {}
        _set(arguments, f"{resource}_arn", getattr(args, f"{resource}_arn"))
        _set(arguments, "sources", [_pairs(s, "--source") for s in args.source])
        _set(arguments, "consumers", [_consumer(c) for c in args.consumer])
        _set(arguments, "kms_key_arn", args.kms_key_arn)
        if args.allow_insecure_transport:
            arguments["deny_insecure_transport"] = False
        if args.existing_policy:
            arguments["existing_policy"] = _read_json_object(
                args.existing_policy, "--existing-policy"
            )
        return arguments

    return to_arguments


COMMANDS = (
    ToolCommand(
        "services",
        "list_services",
        "list the service ids",
        _configure_nothing,
        _no_arguments,
    ),
    ToolCommand(
        "facts",
        "get_service_facts",
        "sourced facts of one service",
        _configure_facts,
        _facts_arguments,
    ),
    ToolCommand(
        "compare",
        "compare_services",
        "compare 2 to 6 services",
        _configure_compare,
        _compare_arguments,
    ),
    ToolCommand(
        "recommend",
        "recommend_service",
        "recommend a service for a workload",
        _configure_recommend,
        _recommend_arguments,
    ),
    ToolCommand(
        "explain",
        "explain_gotcha",
        "explain a symptom or error",
        _configure_explain,
        _explain_arguments,
    ),
    ToolCommand(
        "check-policy",
        "check_policy",
        "check a queue, topic, bus, key or trust policy",
        _configure_check,
        _check_arguments,
    ),
    ToolCommand(
        "generate-queue-policy",
        "generate_queue_policy",
        "generate a least-privilege SQS queue policy",
        _configure_generate("queue"),
        _generate_arguments("queue"),
    ),
    ToolCommand(
        "generate-topic-policy",
        "generate_topic_policy",
        "generate a least-privilege SNS topic policy",
        _configure_generate("topic"),
        _generate_arguments("topic"),
    ),
)


def add_parser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    for command in COMMANDS:
        parser = subparsers.add_parser(
            command.name,
            help=command.help,
            description=f"{command.help[0].upper()}{command.help[1:]}: the "
            f"{command.tool} tool, from the shell.",
        )
        command.configure(parser)
        parser.add_argument(
            "--input",
            metavar="FILE",
            help="a JSON object of the tool's arguments (- for stdin); flags "
            "override its fields",
        )
        output.add_format_argument(parser)
        parser.set_defaults(run=run, tool_command=command)


def run(args: argparse.Namespace) -> int:
    command: ToolCommand = args.tool_command
    try:
        arguments = _read_json_object(args.input, "--input") if args.input else {}
        arguments.update(command.to_arguments(args))
    except UsageError as error:
        output.error(f"{command.name}: {error}")
        return 2
    return output.call_and_print(command.tool, arguments, args.format)
