"""recommend_service end to end through the in-memory MCP client."""

from typing import Any

import pytest
from mcp import Client

from aws_messaging_mcp.mcp_server.recommend import EXAMPLES
from conftest import error_text, structured

pytestmark = pytest.mark.anyio

CONTRACT_FIELDS = [
    "description",
    "ordering",
    "replay",
    "retention_days",
    "consumers",
    "competing_consumers",
    "fan_out",
    "throughput_per_second",
    "message_size_kb",
    "latency",
    "protocols",
    "exactly_once",
    "destinations",
    "stateful_processing",
    "content_routing",
    "cross_account",
    "saas_sources",
    "aws_service_events",
    "schedule",
    "delay_seconds",
    "point_to_point",
    "change_data_capture",
    "migrating_from",
    "multi_tenant",
    "broker_features",
    "serverless_preferred",
]


async def _tool(client: Client) -> Any:
    tools = (await client.list_tools()).tools
    return next(tool for tool in tools if tool.name == "recommend_service")


async def test_the_tool_takes_exactly_the_public_input_fields(client: Client) -> None:
    tool = await _tool(client)
    assert sorted(tool.input_schema["properties"]) == sorted(CONTRACT_FIELDS)
    assert tool.input_schema.get("required", []) == []
    protocols = tool.input_schema["properties"]["protocols"]
    assert "kafka" in str(protocols) and "mobile-push" in str(protocols)


async def test_the_answer_has_the_public_output_fields(client: Client) -> None:
    tool = await _tool(client)
    assert set(tool.output_schema["properties"]) == {
        "recommendations",
        "rejected",
        "assumptions",
        "follow_up_questions",
        "conflicts",
    }
    assert "recommend_service" in EXAMPLES


@pytest.mark.parametrize(
    "arguments", EXAMPLES["recommend_service"], ids=lambda item: str(sorted(item))
)
async def test_every_example_answers(
    client: Client, arguments: dict[str, object]
) -> None:
    answer = structured(await client.call_tool("recommend_service", arguments))
    assert answer["recommendations"]
    first = answer["recommendations"][0]
    assert set(first) >= {
        "service",
        "score",
        "fit",
        "combined_with",
        "reasons",
        "caveats",
        "configuration",
        "patterns",
    }


async def test_fan_out_to_worker_pools_is_sns_with_sqs(client: Client) -> None:
    answer = structured(
        await client.call_tool(
            "recommend_service",
            {"fan_out": True, "competing_consumers": True, "consumers": 3},
        )
    )
    first = answer["recommendations"][0]
    assert (first["service"], first["fit"], first["combined_with"]) == (
        "sns-standard",
        "strong",
        ["sqs-standard"],
    )
    assert [pattern["id"] for pattern in first["patterns"]] == [
        "pattern-sns-sqs-fan-out"
    ]
    reason = first["reasons"][0]
    assert reason == {
        "text": "SNS pushes a copy of every message to each subscription",
        "rule": "pref-fan-out",
        "requirement": "fan_out = true",
        "fact": {
            "service": "sns-standard",
            "id": "dimensions",
            "source_url": reason["fact"]["source_url"],
            "checked_on": reason["fact"]["checked_on"],
        },
    }
    assert reason["fact"]["source_url"].startswith("https://docs.aws.amazon.com/")


async def test_rejections_name_the_requirement_that_rules_a_service_out(
    client: Client,
) -> None:
    answer = structured(
        await client.call_tool("recommend_service", {"protocols": ["kafka"]})
    )
    assert answer["recommendations"][0]["service"] in ("msk", "msk-serverless")
    kinesis = next(
        item for item in answer["rejected"] if item["service"] == "kinesis-data-streams"
    )
    assert kinesis["requirement"] == "protocols = kafka"
    assert kinesis["rule"] == "req-protocol-kafka"


async def test_contradictory_input_is_explained_not_refused(client: Client) -> None:
    answer = structured(
        await client.call_tool(
            "recommend_service", {"replay": True, "protocols": ["mqtt"]}
        )
    )
    assert answer["conflicts"]
    assert "No single service" in answer["conflicts"][0]["text"]
    assert answer["recommendations"][0]["fit"] == "possible"


@pytest.mark.parametrize(
    ("arguments", "mentioned"),
    [
        ({}, "describe the workload"),
        ({"description": "  "}, "describe the workload"),
        ({"message_size_kb": -1}, "message_size_kb"),
        ({"retention_days": -3}, "retention_days"),
        ({"consumers": 0}, "consumers"),
        ({"protocols": ["smtp"]}, "protocols"),
        ({"latency": "instant"}, "latency"),
        ({"replay": "sometimes"}, "replay"),
    ],
    ids=str,
)
async def test_invalid_input_returns_a_tool_error(
    client: Client, arguments: dict[str, object], mentioned: str
) -> None:
    message = error_text(await client.call_tool("recommend_service", arguments))
    assert mentioned in message
