"""The check_policy tool, end to end through the in-memory client."""

import json
from typing import Any

import pytest
from mcp import Client

from aws_messaging_mcp.mcp_server.policy import EXAMPLES
from aws_messaging_mcp.policy import check_policy
from conftest import error_text, structured

pytestmark = pytest.mark.anyio

QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders-dlq"
TOPIC = "arn:aws:sns:us-east-1:111122223333:orders"


async def test_check_policy_is_listed_with_object_or_text_input(client: Client) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    schema = tools["check_policy"].input_schema
    assert schema["required"] == ["policy"]
    kinds = {option["type"] for option in schema["properties"]["policy"]["anyOf"]}
    assert kinds == {"object", "string"}
    assert tools["check_policy"].output_schema is not None


@pytest.mark.parametrize("arguments", EXAMPLES["check_policy"])
async def test_every_example_is_answered(
    client: Client, arguments: dict[str, object]
) -> None:
    result = structured(await client.call_tool("check_policy", arguments))
    assert set(result) >= {"resource_type", "findings", "summary"}


async def test_a_correct_dead_letter_queue_policy_has_no_finding(
    client: Client,
) -> None:
    result = structured(
        await client.call_tool("check_policy", EXAMPLES["check_policy"][0])
    )
    assert result["findings"] == []
    assert result["summary"]["total"] == 0
    assert result["resource_type_inferred"] is False


async def test_a_dead_letter_queue_without_its_grant_is_reported(
    client: Client,
) -> None:
    owner_only = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sqs:*",
                "Resource": QUEUE,
            }
        ]
    }
    context = {
        "resource_arn": QUEUE,
        "dlq_for": {"kind": "sns-subscription", "source_arn": TOPIC},
    }
    result = structured(
        await client.call_tool(
            "check_policy", {"policy": owner_only, "context": context}
        )
    )
    assert result["resource_type"] == "sqs"
    assert result["inferred_from"] == "context.resource_arn"
    (finding,) = result["findings"]
    assert finding["category"] == "missing-dlq-permission"
    assert finding["location"] == {
        "pointer": "/Statement",
        "line": None,
        "column": None,
    }
    added = result["repaired_policy"]["Statement"][1]
    assert added["Principal"] == {"Service": "sns.amazonaws.com"}
    assert added["Condition"] == {"ArnEquals": {"aws:SourceArn": TOPIC}}


async def test_malformed_text_is_located_and_repaired(client: Client) -> None:
    text = EXAMPLES["check_policy"][1]["policy"]
    result = structured(await client.call_tool("check_policy", {"policy": text}))
    categories = [(f["category"], f["location"]["line"]) for f in result["findings"]]
    assert categories == [
        ("invalid-json-or-schema", 1),
        ("public-access", 1),
        ("overly-broad-actions", 1),
        ("wildcard-resource", 1),
    ]
    assert result["findings"][0]["location"]["column"] == 88
    assert result["repaired_policy"]["Statement"][0]["Resource"] == "*"


PUBLIC_QUEUE_TEXT = """\
{
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:SendMessage",
      "Resource": "arn:aws:sqs:us-east-1:111122223333:orders"%s
    }
  ]
}"""


def locations(result: dict[str, Any]) -> list[tuple[str, str, int | None, int | None]]:
    return [
        (
            f["category"],
            f["location"]["pointer"],
            f["location"]["line"],
            f["location"]["column"],
        )
        for f in result["findings"]
    ]


async def test_text_that_is_valid_json_keeps_its_lines_and_columns(
    client: Client,
) -> None:
    # The SDK would parse JSON text into an object if the parameter were not
    # typed as text, and the lines would be lost.
    text = PUBLIC_QUEUE_TEXT % ""
    result = structured(
        await client.call_tool("check_policy", {"policy": text, "resource_type": "sqs"})
    )
    assert locations(result) == [("public-access", "/Statement/0/Principal", 5, 7)]
    assert result == check_policy(text, "sqs").model_dump(mode="json")


async def test_text_with_a_trailing_comma_is_located_and_its_repair_checked(
    client: Client,
) -> None:
    text = PUBLIC_QUEUE_TEXT % ","
    result = structured(
        await client.call_tool("check_policy", {"policy": text, "resource_type": "sqs"})
    )
    assert locations(result) == [
        ("invalid-json-or-schema", "", 7, 62),
        ("public-access", "/Statement/0/Principal", 5, 7),
    ]
    assert result["repaired_policy"] == json.loads(PUBLIC_QUEUE_TEXT % "")
    assert result == check_policy(text, "sqs").model_dump(mode="json")


async def test_an_object_is_checked_as_an_object_without_lines(
    client: Client,
) -> None:
    document = json.loads(PUBLIC_QUEUE_TEXT % "")
    result = structured(
        await client.call_tool(
            "check_policy", {"policy": document, "resource_type": "sqs"}
        )
    )
    assert locations(result) == [
        ("public-access", "/Statement/0/Principal", None, None)
    ]


async def test_an_unknown_resource_type_is_a_tool_error(client: Client) -> None:
    result = await client.call_tool(
        "check_policy", {"policy": {"Statement": []}, "resource_type": "queue"}
    )
    assert "resource_type" in error_text(result)


async def test_a_policy_that_is_neither_object_nor_text_is_a_tool_error(
    client: Client,
) -> None:
    result = await client.call_tool("check_policy", {"policy": 5})
    assert "policy" in error_text(result)


async def test_a_list_is_a_tool_error_that_says_what_to_send(client: Client) -> None:
    result = await client.call_tool("check_policy", {"policy": [{"Statement": []}]})
    assert "policy must be a JSON object or a string holding one, not list" in (
        error_text(result)
    )
