"""The gotcha tools and resources, end to end through the in-memory client."""

import json

import pytest
from mcp import Client
from mcp.types import TextResourceContents

from aws_messaging_mcp.gotchas import catalogue
from aws_messaging_mcp.mcp_server import gotchas as gotcha_tools
from conftest import error_text, structured

pytestmark = pytest.mark.anyio


async def test_gotcha_tools_are_listed_read_only_with_output_schemas(
    client: Client,
) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    for name in ("explain_gotcha", "list_gotchas"):
        tool = tools[name]
        assert tool.annotations is not None and tool.annotations.read_only_hint
        assert tool.annotations.open_world_hint is False
        assert tool.output_schema is not None
    schema = tools["explain_gotcha"].input_schema["properties"]
    assert schema["query"]["maxLength"] == 2000
    assert schema["limit"]["default"] == 3


async def test_explain_gotcha_answers_a_symptom_with_cause_and_fix(
    client: Client,
) -> None:
    answer = structured(
        await client.call_tool(
            "explain_gotcha",
            {
                "query": "my EventBridge rule shows FailedInvocations and the "
                "queue is encrypted",
                "limit": 2,
            },
        )
    )
    assert answer["confident"] is True
    assert answer["closest"] == []
    first = answer["matches"][0]
    assert first["id"] == "eventbridge-to-encrypted-sqs-sns"
    assert first["exact_terms"] == ["FailedInvocations"]
    assert first["gotcha"] == catalogue.gotcha(first["id"]).model_dump(mode="json")
    assert first["why"].startswith("Matched because exact match on FailedInvocations")
    assert len(answer["matches"]) == 2


async def test_explain_gotcha_by_id_returns_the_entry_first(client: Client) -> None:
    answer = structured(
        await client.call_tool(
            "explain_gotcha", {"query": "sns-raw-delivery-envelope", "limit": 1}
        )
    )
    assert [match["id"] for match in answer["matches"]] == ["sns-raw-delivery-envelope"]
    assert answer["note"] == (
        "Best match: sns-raw-delivery-envelope. Apply its fix steps in order and "
        "cite its sources."
    )


async def test_no_confident_match_names_the_closest_titles(client: Client) -> None:
    answer = structured(
        await client.call_tool("explain_gotcha", {"query": "how do I bake bread"})
    )
    assert answer["confident"] is False
    assert answer["matches"] == []
    assert len(answer["closest"]) == 3
    for closest in answer["closest"]:
        assert closest["title"] == catalogue.gotcha(closest["id"]).title
    assert answer["note"].startswith("No confident match")


async def test_service_filter_narrows_the_matches(client: Client) -> None:
    answer = structured(
        await client.call_tool(
            "explain_gotcha",
            {"query": "messages lost", "services": ["kinesis-data-streams"]},
        )
    )
    assert answer["services"] == ["kinesis-data-streams"]
    found = answer["matches"] or answer["closest"]
    for match in found:
        assert "kinesis-data-streams" in catalogue.gotcha(match["id"]).services


async def test_unknown_service_filter_returns_tool_error_listing_choices(
    client: Client,
) -> None:
    message = error_text(
        await client.call_tool(
            "explain_gotcha", {"query": "messages lost", "services": ["sqs"]}
        )
    )
    assert "sqs-standard" in message and "msk-serverless" in message


@pytest.mark.parametrize("query", ["   ", "x" * 2001], ids=["blank", "too-long"])
async def test_blank_or_huge_query_returns_tool_error(
    client: Client, query: str
) -> None:
    message = error_text(await client.call_tool("explain_gotcha", {"query": query}))
    assert "query" in message
    assert "empty" in message or "2000" in message


async def test_limit_out_of_range_returns_tool_error(client: Client) -> None:
    message = error_text(
        await client.call_tool("explain_gotcha", {"query": "dlq", "limit": 50})
    )
    assert "limit" in message


async def test_list_gotchas_lists_every_entry_or_one_services_entries(
    client: Client,
) -> None:
    everything = structured(await client.call_tool("list_gotchas", {}))
    assert everything["count"] == len(catalogue.gotchas())
    assert [item["id"] for item in everything["gotchas"]] == list(catalogue.gotchas())
    sqs_fifo = structured(
        await client.call_tool("list_gotchas", {"service": "sqs-fifo"})
    )
    assert sqs_fifo["service"] == "sqs-fifo"
    assert 0 < sqs_fifo["count"] < everything["count"]
    assert all("sqs-fifo" in item["services"] for item in sqs_fifo["gotchas"])


async def test_list_gotchas_unknown_service_returns_tool_error(client: Client) -> None:
    message = error_text(await client.call_tool("list_gotchas", {"service": "kafka"}))
    assert "msk" in message


async def test_gotcha_resources_list_and_return_entries(client: Client) -> None:
    index = json.loads(
        _text((await client.read_resource("aws-messaging://gotchas")).contents[0])
    )
    assert len(index["gotchas"]) == len(catalogue.gotchas())
    first = index["gotchas"][0]
    assert first["uri"] == f"aws-messaging://gotchas/{first['id']}"
    entry = json.loads(_text((await client.read_resource(first["uri"])).contents[0]))
    assert entry == catalogue.gotcha(first["id"]).model_dump(mode="json")


async def test_unknown_gotcha_resource_is_an_error(client: Client) -> None:
    with pytest.raises(Exception, match="unknown gotcha 'no-such-gotcha'"):
        await client.read_resource("aws-messaging://gotchas/no-such-gotcha")


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        (tool, arguments)
        for tool, examples in gotcha_tools.EXAMPLES.items()
        for arguments in examples
    ],
)
async def test_every_example_is_a_valid_call(
    client: Client, tool: str, arguments: dict[str, object]
) -> None:
    structured(await client.call_tool(tool, arguments))


def _text(contents: object) -> str:
    assert isinstance(contents, TextResourceContents)
    return contents.text
