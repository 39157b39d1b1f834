"""`audit queue|topic`: the live, read-only audit, printed as JSON.

Exit status: 0 without error findings, 1 with at least one, 2 when the audit
could not run (bad input, no credentials, resource not found).
"""

import argparse
import sys
from typing import Any

from aws_messaging_mcp.errors import InputError


def add_parser(subparsers: "argparse._SubParsersAction[Any]") -> None:
    parser = subparsers.add_parser(
        "audit",
        help="audit a live queue or topic, read-only (needs AWS credentials)",
        description="Read a queue's or topic's configuration and policy with "
        "read-only calls and print the findings as JSON. Credentials, region "
        "and endpoint come from the standard AWS chain (AWS_PROFILE, "
        "AWS_REGION, AWS_ENDPOINT_URL, ...).",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    queue = kinds.add_parser("queue", help="audit an SQS queue")
    queue.add_argument("queue", help="queue URL or ARN")
    topic = kinds.add_parser("topic", help="audit an SNS topic")
    topic.add_argument("topic_arn", help="topic ARN")
    for kind in (queue, topic):
        kind.add_argument("--region", help="AWS Region (default: from the ARN/URL)")
        kind.add_argument("--profile", help="named profile of the AWS config")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        audit = _audit(args)
    except InputError as error:
        print(f"aws-messaging-mcp audit: {error}", file=sys.stderr)
        return 2
    print(audit.model_dump_json(indent=2))
    return 1 if audit.summary.errors else 0


def _audit(args: argparse.Namespace) -> Any:
    if args.kind == "queue":
        from aws_messaging_mcp.audit.queue import audit_queue

        return audit_queue(args.queue, args.region, args.profile)
    from aws_messaging_mcp.audit.topic import audit_topic

    return audit_topic(args.topic_arn, args.region, args.profile)
