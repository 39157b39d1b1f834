"""Tools that audit a live queue or topic, read-only, through boto3.

Unlike the other tools these reach AWS (openWorldHint), with the caller's
credentials from the standard chain. boto3 is imported inside the handlers,
so the server starts, and lists its tools, without AWS configuration.
"""

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import Field

from aws_messaging_mcp.audit.models import QueueAudit, TopicAudit
from aws_messaging_mcp.mcp_server.boundary import (
    LIVE_READ_ONLY,
    add_tools,
    tool_boundary,
)

Region = Annotated[
    str | None,
    Field(
        description="AWS Region, e.g. us-east-1; omit to use the one in the URL "
        "or ARN, else AWS_REGION or the profile's."
    ),
]
Profile = Annotated[
    str | None,
    Field(description="Named profile from the AWS config; omit for the default."),
]

EXAMPLES: dict[str, list[dict[str, object]]] = {
    "audit_queue": [
        {"queue": "https://sqs.us-east-1.amazonaws.com/111122223333/orders"},
        {"queue": "arn:aws:sqs:eu-west-1:111122223333:orders.fifo", "profile": "audit"},
    ],
    "audit_topic": [
        {"topic_arn": "arn:aws:sns:us-east-1:111122223333:order-events"},
    ],
}


@tool_boundary
def audit_queue(
    queue: Annotated[
        str,
        Field(
            description="Queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME) "
            "or ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)."
        ),
    ],
    region: Region = None,
    profile: Profile = None,
) -> QueueAudit:
    """Audit a live SQS queue, read-only: its attributes, dead-letter queue,
    encryption key, Lambda consumers and attached policy.

    Findings carry stable ids (long-polling-disabled, no-dead-letter-queue,
    dlq-type-mismatch, dlq-retention-too-short, not-encrypted-with-cmk,
    key-policy-missing-service-grant, max-message-size-below-limit,
    visibility-timeout-too-short), a concrete fix and AWS documentation URLs;
    findings with origin check_policy come from the policy checker run on the
    queue policy with the queue's real ARN and account. Only read calls from a
    fixed allowlist are made; `calls` lists them and `skipped` says what could
    not be read (for example access denied) and what that left unchecked.
    """
    from aws_messaging_mcp.audit import queue as queue_audit

    return queue_audit.audit_queue(queue, region, profile)


@tool_boundary
def audit_topic(
    topic_arn: Annotated[
        str,
        Field(description="Topic ARN, e.g. arn:aws:sns:us-east-1:111122223333:orders"),
    ],
    region: Region = None,
    profile: Profile = None,
) -> TopicAudit:
    """Audit a live SNS topic, read-only: its encryption, its subscriptions'
    dead-letter queues and raw delivery settings, and its topic policy.

    Findings carry stable ids (not-encrypted-with-cmk,
    key-policy-missing-service-grant, subscription-no-dead-letter-queue,
    dlq-type-mismatch, raw-delivery-disabled, raw-delivery-drops-attributes),
    a fix and AWS documentation URLs, plus the policy checker's findings on
    the topic policy (origin check_policy). `calls` lists every read made and
    `skipped` what could not be read.
    """
    from aws_messaging_mcp.audit import topic as topic_audit

    return topic_audit.audit_topic(topic_arn, region, profile)


def register(server: MCPServer) -> None:
    add_tools(server, (audit_queue, audit_topic), LIVE_READ_ONLY)
