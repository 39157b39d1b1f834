"""The check_policy tool: queue, topic, bus, key and trust policies.

Only the models are imported here; the rules load on the first call.
"""

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import Field, PlainValidator, WithJsonSchema

from aws_messaging_mcp.mcp_server.boundary import add_tools, tool_boundary
from aws_messaging_mcp.policy.models import CheckResult, PolicyContext, ResourceType

_QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders-dlq"
_TOPIC = "arn:aws:sns:us-east-1:111122223333:orders"

EXAMPLES: dict[str, list[dict[str, object]]] = {
    "check_policy": [
        {
            "policy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "sns.amazonaws.com"},
                        "Action": "sqs:SendMessage",
                        "Resource": _QUEUE,
                        "Condition": {"ArnEquals": {"aws:SourceArn": _TOPIC}},
                    }
                ],
            },
            "resource_type": "sqs",
            "context": {
                "resource_arn": _QUEUE,
                "dlq_for": {"kind": "sns-subscription", "source_arn": _TOPIC},
            },
        },
        {
            "policy": '{"Statement": [{"Effect": "Allow", "Principal": "*", '
            '"Action": "sqs:*", "Resource": "*",}]}',
        },
        {
            "policy": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "events.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            "resource_type": "iam-trust",
        },
    ]
}


def _as_sent(value: object) -> object:
    """The argument unchanged: an object stays an object, text stays text.

    check_policy itself refuses anything else, with a message saying what to
    send instead.
    """
    return value


# Typed as text, so that the SDK does not parse JSON text into an object (and
# lose its lines and columns) before the handler sees it; the validator lets
# an object through as it came, and the schema offers both. At run time the
# value is therefore a dict or a str, which is what check_policy takes.
PolicyDocument = Annotated[
    str,
    PlainValidator(_as_sent),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "object", "additionalProperties": True},
                {"type": "string"},
            ]
        }
    ),
]


@tool_boundary
def check_policy(
    policy: Annotated[
        PolicyDocument,
        Field(
            description="The policy document: a JSON object, or a string holding "
            "the raw JSON (which may be malformed; line and column are reported)."
        ),
    ],
    resource_type: Annotated[
        ResourceType | None,
        Field(
            description="sqs, sns, eventbridge-bus, kms or iam-trust; omit to "
            "infer it from the context or the document."
        ),
    ] = None,
    context: Annotated[
        PolicyContext | None,
        Field(
            description="What the document cannot tell: the resource ARN, the "
            "owner account, trusted accounts and organization, and for a "
            "dead-letter queue what it serves (dlq_for)."
        ),
    ] = None,
) -> CheckResult:
    """Check an SQS queue, SNS topic, EventBridge bus, KMS key or IAM role trust
    policy for the mistakes that break or expose messaging integrations.

    Reports each finding with a rule id, a category (public-access,
    confused-deputy-missing-source-arn, s3-needs-source-account,
    missing-dlq-permission, action-service-mismatch, unknown-action,
    condition-key-typo-or-unknown, invalid-json-or-schema, ...), a severity,
    a JSON pointer (plus line and column for string input), a concrete fix
    and AWS documentation links; a summary by category; and
    `repaired_policy` where a safe automatic repair exists (a trailing comma,
    a misspelt condition key, 'allow' for 'Allow'). No findings means the
    policy is correct for its context. Give `context.resource_arn` and
    `context.account_id` so cross-account grants can be judged, and
    `context.dlq_for` when the queue is a dead-letter queue of an SNS
    subscription or EventBridge target. Run it on every policy you write or
    generate, and fix the findings before deploying.
    """
    from aws_messaging_mcp.policy import check_policy as check

    return check(policy, resource_type, context)


def register(server: MCPServer) -> None:
    add_tools(server, (check_policy,))
