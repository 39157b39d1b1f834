"""generate_queue_policy and generate_topic_policy, end to end through the client."""

import json
from typing import Any

import pytest
from mcp import Client

from aws_messaging_mcp.mcp_server.generate import EXAMPLES
from conftest import error_text, structured

pytestmark = pytest.mark.anyio

QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders"
TOPIC = "arn:aws:sns:us-east-1:111122223333:orders-events"


async def test_both_tools_are_listed_with_their_source_types(client: Client) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    queue_schema = json.dumps(tools["generate_queue_policy"].input_schema)
    topic_schema = json.dumps(tools["generate_topic_policy"].input_schema)
    for source_type in (
        "sns-topic",
        "eventbridge-rule",
        "s3-bucket",
        "account",
        "role",
    ):
        assert f'"{source_type}"' in queue_schema
    for source_type in ("eventbridge-rule", "s3-bucket", "cloudwatch-alarm"):
        assert f'"{source_type}"' in topic_schema
    assert '"cloudwatch-alarm"' not in queue_schema
    assert '"sns-topic"' not in topic_schema
    assert tools["generate_queue_policy"].input_schema["required"] == ["queue_arn"]


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        (tool, arguments)
        for tool, examples in EXAMPLES.items()
        for arguments in examples
    ],
)
async def test_every_example_generates_a_policy_without_findings(
    client: Client, tool: str, arguments: dict[str, Any]
) -> None:
    output = structured(await client.call_tool(tool, arguments))
    resource = arguments.get("queue_arn") or arguments["topic_arn"]
    assert output["resource_arn"] == resource
    assert output["check"]["findings"] == []
    assert len(output["explanation"]) == len(output["policy"]["Statement"])
    assert set(output["formats"]) == {"cloudformation", "terraform", "aws_cli", "boto3"}


async def test_an_existing_policy_can_be_sent_as_json_text(client: Client) -> None:
    arguments = {
        "queue_arn": QUEUE,
        "sources": [{"type": "sns-topic", "arn": TOPIC}],
    }
    first = structured(await client.call_tool("generate_queue_policy", arguments))
    again = structured(
        await client.call_tool(
            "generate_queue_policy",
            {**arguments, "existing_policy": json.dumps(first["policy"])},
        )
    )
    assert again == first


async def test_a_source_of_the_wrong_service_is_a_tool_error(client: Client) -> None:
    message = error_text(
        await client.call_tool(
            "generate_queue_policy",
            {"queue_arn": QUEUE, "sources": [{"type": "sns-topic", "arn": QUEUE}]},
        )
    )
    assert "source 1 (sns-topic)" in message
    assert "sns-topic sources need an ARN like arn:aws:sns:" in message


async def test_a_queue_only_source_type_is_refused_for_a_topic(client: Client) -> None:
    message = error_text(
        await client.call_tool(
            "generate_topic_policy",
            {"topic_arn": TOPIC, "sources": [{"type": "sns-topic", "arn": TOPIC}]},
        )
    )
    assert "sources" in message


async def test_a_malformed_queue_arn_is_a_tool_error(client: Client) -> None:
    message = error_text(
        await client.call_tool("generate_queue_policy", {"queue_arn": "orders"})
    )
    assert "queue_arn 'orders' is not an ARN" in message


async def test_an_unknown_field_in_a_source_is_a_tool_error(client: Client) -> None:
    message = error_text(
        await client.call_tool(
            "generate_queue_policy",
            {
                "queue_arn": QUEUE,
                "sources": [{"type": "sns-topic", "arn": TOPIC, "region": "x"}],
            },
        )
    )
    assert "region" in message
