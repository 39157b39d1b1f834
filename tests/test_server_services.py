"""The service tools and resources, end to end through the in-memory client."""

import json

import pytest
from mcp import Client
from mcp.types import TextResourceContents

from aws_messaging_mcp.knowledge import SERVICE_IDS
from conftest import error_text, structured

pytestmark = pytest.mark.anyio

EXPECTED_ANNOTATIONS = {
    "readOnlyHint": True,
    "destructiveHint": False,
    "openWorldHint": False,
}


async def test_every_tool_is_read_only_offline_and_has_an_output_schema(
    client: Client,
) -> None:
    tools = (await client.list_tools()).tools
    offline = [tool for tool in tools if not tool.name.startswith("audit_")]
    assert offline
    for tool in offline:
        annotations = tool.annotations.model_dump(by_alias=True, exclude_none=True)
        assert EXPECTED_ANNOTATIONS.items() <= annotations.items(), tool.name
        assert tool.output_schema is not None, tool.name
        assert tool.description and len(tool.description) > 40, tool.name


async def test_list_services_names_the_whole_vocabulary(client: Client) -> None:
    listed = structured(await client.call_tool("list_services", {}))
    assert [entry["id"] for entry in listed["services"]] == list(SERVICE_IDS)
    assert {entry["category"] for entry in listed["services"]} == {
        "messaging",
        "streaming",
        "integration",
    }


@pytest.mark.parametrize("service_id", SERVICE_IDS)
async def test_every_service_returns_sourced_facts(
    client: Client, service_id: str
) -> None:
    facts = structured(
        await client.call_tool("get_service_facts", {"service": service_id})
    )
    assert facts["service"]["id"] == service_id
    assert facts["limits"] and facts["facts"]
    for fact in facts["facts"]:
        assert fact["source_url"].startswith("https://"), fact
        assert fact["checked_on"], fact


async def test_sqs_and_sns_messages_reach_one_mebibyte(client: Client) -> None:
    for service_id in ("sqs-standard", "sns-standard"):
        facts = structured(
            await client.call_tool(
                "get_service_facts", {"service": service_id, "topics": ["limits"]}
            )
        )
        size = next(
            limit for limit in facts["limits"] if limit["id"] == "max-message-size"
        )
        in_bytes = {"bytes": 1, "KiB": 1024, "MiB": 1024**2}[size["unit"]]
        assert size["value"] * in_bytes == 1024 * 1024, service_id


async def test_topics_narrow_the_answer(client: Client) -> None:
    facts = structured(
        await client.call_tool(
            "get_service_facts", {"service": "sqs-fifo", "topics": ["ordering"]}
        )
    )
    assert facts["topics"] == ["ordering"]
    assert facts["limits"] == []
    assert {fact["topic"] for fact in facts["facts"]} == {"ordering"}


async def test_unknown_service_returns_tool_error_listing_choices(
    client: Client,
) -> None:
    message = error_text(
        await client.call_tool("get_service_facts", {"service": "sqs"})
    )
    assert "sqs-standard" in message and "msk-serverless" in message


async def test_missing_argument_returns_tool_error(client: Client) -> None:
    message = error_text(await client.call_tool("get_service_facts", {}))
    assert "service" in message


async def test_wrong_type_returns_tool_error(client: Client) -> None:
    message = error_text(
        await client.call_tool("compare_services", {"services": "sqs-standard"})
    )
    assert "services" in message


async def test_compare_services_gives_rows_and_verdicts(client: Client) -> None:
    comparison = structured(
        await client.call_tool(
            "compare_services",
            {"services": ["sqs-standard", "kinesis-data-streams", "msk"]},
        )
    )
    dimensions = [row["dimension"] for row in comparison["rows"]]
    assert dimensions[:7] == [
        "data_lifecycle",
        "ordering",
        "consumer_model",
        "throughput_pattern",
        "replay",
        "typical_latency",
        "scaling_unit",
    ]
    assert "max_message_size" in dimensions
    for row in comparison["rows"]:
        assert set(row["values"]) == {"sqs-standard", "kinesis-data-streams", "msk"}
    assert [verdict["service"] for verdict in comparison["verdicts"]] == [
        "sqs-standard",
        "kinesis-data-streams",
        "msk",
    ]


@pytest.mark.parametrize(
    "services",
    [["sqs-standard"], ["sqs-standard"] * 2, [*SERVICE_IDS[:7]]],
    ids=["one", "duplicate", "seven"],
)
async def test_compare_rejects_bad_service_lists(
    client: Client, services: list[str]
) -> None:
    error_text(await client.call_tool("compare_services", {"services": services}))


async def test_service_resources_come_as_json_and_markdown(client: Client) -> None:
    index = await client.read_resource("aws-messaging://services")
    listing = json.loads(_text(index.contents[0]))
    assert len(listing["services"]) == len(SERVICE_IDS)
    as_json = await client.read_resource("aws-messaging://services/msk")
    assert json.loads(_text(as_json.contents[0]))["id"] == "msk"
    as_markdown = await client.read_resource("aws-messaging://services/msk/markdown")
    assert _text(as_markdown.contents[0]).startswith("# ")


async def test_design_prompt_mentions_the_tools(client: Client) -> None:
    prompt = await client.get_prompt(
        "design_messaging_architecture", {"workload": "orders fan out to 3 teams"}
    )
    assert "compare_services" in str(prompt.messages[0].content)


def _text(contents: object) -> str:
    assert isinstance(contents, TextResourceContents)
    return contents.text


async def test_listing_before_registration_equals_the_registered_listing() -> None:
    from aws_messaging_mcp.mcp_server import build_server

    shipped = await build_server().list_tools()
    registered = await build_server(registered=True).list_tools()
    assert [tool.model_dump() for tool in shipped] == [
        tool.model_dump() for tool in registered
    ]


async def test_first_tool_call_registers_the_capabilities(client: Client) -> None:
    # A fresh server answers a call with no tools/list first.
    listed = structured(await client.call_tool("list_services", {}))
    assert listed["services"]
