"""Load over streamable HTTP: 50 concurrent clients, each making 100 tool calls
across every tool, with malformed requests mixed in.

Every valid call must answer exactly what the in-memory server answers for the
same arguments, every malformed request must get a JSON-RPC error, the server
must stay up, and its resident memory must not grow between the end of a
warm-up round and the end of the run. The arguments come from each
capability's `EXAMPLES`, so a new tool without examples fails here first.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count, cycle, islice
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client

from aws_messaging_mcp.mcp_server import REGISTRARS, build_server
from http_process import MCP_HEADERS, ServerProcess, http_server, rpc, tool_call

CLIENTS = 50
CALLS_PER_CLIENT = 100
WARM_UP_CALLS_PER_CLIENT = 20
MALFORMED_EVERY = 10
MALFORMED_PER_CLIENT = CALLS_PER_CLIENT // MALFORMED_EVERY
BODY_LIMIT = 64 * 1024
# Python returns freed memory to the system lazily: allow some slack, far
# below what a leak of per-request state over 5,000 calls would add.
RSS_GROWTH_LIMIT = 16 * 1024 * 1024
HEADERS = {**MCP_HEADERS, "MCP-Protocol-Version": "2025-11-25"}

Example = tuple[str, dict[str, object]]


def examples() -> list[Example]:
    """Every (tool, arguments) pair that the capability modules declare."""
    return [
        (tool, arguments)
        for registrar in REGISTRARS
        for tool, argument_sets in getattr(registrar, "EXAMPLES", {}).items()
        for arguments in argument_sets
    ]


@dataclass(frozen=True)
class Malformed:
    """A request the server must refuse with a JSON-RPC error and this status."""

    name: str
    body: bytes
    status: int
    headers: dict[str, str] = field(default_factory=dict)


MALFORMED = [
    Malformed("unparseable", b'{"jsonrpc": "2.0", "id": 1,', 400),
    Malformed("empty batch", b"[]", 400),
    Malformed("not an object", b'"tools/list"', 400),
    Malformed("object id", b'{"jsonrpc": "2.0", "id": {}, "method": "ping"}', 400),
    Malformed("unknown method", b'{"jsonrpc":"2.0","id":9,"method":"tools/run"}', 200),
    Malformed("wrong version", b'{"jsonrpc":"1.0","id":9,"method":"ping"}', 400),
    Malformed("oversized", b'{"pad": "' + b"x" * BODY_LIMIT + b'"}', 413),
    Malformed("text body", b"ping", 415, {"Content-Type": "text/plain"}),
    Malformed("foreign host", b"{}", 421, {"Host": "rebound.example.com"}),
    Malformed("accepts no json", b"{}", 406, {"Accept": "text/html"}),
]


@dataclass
class Tally:
    """What the clients saw; problems are collected, not raised mid-run."""

    answered: int = 0
    refused: int = 0
    problems: list[str] = field(default_factory=list)


@pytest.mark.anyio
async def test_every_advertised_tool_has_an_example() -> None:
    advertised = {tool.name for tool in await build_server().list_tools()}
    with_examples = {tool for tool, _ in examples()}

    assert advertised - with_examples == set(), "tools without EXAMPLES"
    assert with_examples - advertised == set(), "EXAMPLES for unknown tools"


async def reference_answers(offline: list[Example]) -> dict[str, dict[str, Any]]:
    """What the in-memory server answers for each offline example."""
    answers = {}
    async with Client(build_server()) as client:
        for tool, arguments in offline:
            result = await client.call_tool(tool, arguments)
            dumped = result.model_dump(mode="json", by_alias=True, exclude_none=True)
            answers[_key(tool, arguments)] = tool_answer(dumped)
    return answers


def tool_answer(result: dict[str, Any]) -> dict[str, Any]:
    """What a caller reads in a tool result; transport metadata left out."""
    return {
        "content": result.get("content"),
        "structuredContent": result.get("structuredContent"),
        "isError": result.get("isError", False),
    }


def _key(tool: str, arguments: dict[str, object]) -> str:
    return json.dumps([tool, arguments], sort_keys=True)


def client_plan(
    client_number: int, live: list[Example], offline: list[Example]
) -> list[Example]:
    """One client's calls: every example once, then offline ones round-robin.

    Tools that reach AWS run once per client only: against the closed local
    endpoint they answer with a tool error, and each builds a boto3 client.
    """
    plan = [*live, *offline]
    rotation = cycle(offline[client_number % len(offline) :] + offline)
    return plan + list(islice(rotation, CALLS_PER_CLIENT - len(plan)))


async def run_client(
    http: httpx2.AsyncClient,
    plan: list[Example],
    expected: dict[str, dict[str, Any]],
    ids: Iterator[int],
    tally: Tally,
    first: int,
) -> None:
    for number, (tool, arguments) in enumerate(plan, start=first):
        request_id = next(ids)
        response = await http.post(
            "/mcp", json=tool_call(request_id, tool, arguments), headers=HEADERS
        )
        check_answer(response, request_id, expected.get(_key(tool, arguments)), tally)
        if number % MALFORMED_EVERY == 0:
            malformed = MALFORMED[(number // MALFORMED_EVERY - 1) % len(MALFORMED)]
            await send_malformed(http, malformed, tally)


def check_answer(
    response: httpx2.Response,
    request_id: int,
    expected: dict[str, Any] | None,
    tally: Tally,
) -> None:
    answer = response.json() if response.status_code == 200 else None
    if answer is None or answer.get("id") != request_id or "result" not in answer:
        tally.problems.append(f"call {request_id}: {response.status_code} {answer}")
    elif expected is not None and tool_answer(answer["result"]) != expected:
        tally.problems.append(f"call {request_id}: answer differs from in-memory")
    elif expected is None and not answer["result"].get("content"):
        tally.problems.append(f"call {request_id}: live tool gave no content")
    else:
        tally.answered += 1


async def send_malformed(
    http: httpx2.AsyncClient, malformed: Malformed, tally: Tally
) -> None:
    response = await http.post(
        "/mcp", content=malformed.body, headers={**HEADERS, **malformed.headers}
    )
    body = response.json()
    if response.status_code != malformed.status or not isinstance(
        body.get("error", {}).get("code"), int
    ):
        tally.problems.append(f"{malformed.name}: {response.status_code} {body}")
    else:
        tally.refused += 1


async def run_load(
    server: ServerProcess,
    plans: list[list[Example]],
    expected: dict[str, dict[str, Any]],
    first: int = 1,
) -> Tally:
    """Every plan run by its own client, all at once; `first` numbers the calls."""
    tally, ids = Tally(), count(1000)
    limits = httpx2.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with (
        httpx2.AsyncClient(base_url=server.url, limits=limits, timeout=60) as http,
        anyio.create_task_group() as clients,
    ):
        for plan in plans:
            clients.start_soon(run_client, http, plan, expected, ids, tally, first)
    return tally


async def advertised_tools(server: ServerProcess) -> list[dict[str, Any]]:
    response = server.client.post("/mcp", json=rpc(1, "tools/list"), headers=HEADERS)
    tools: list[dict[str, Any]] = response.json()["result"]["tools"]
    return tools


def split_by_reach(
    tools: list[dict[str, Any]],
) -> tuple[list[Example], list[Example]]:
    reaches_out = {
        tool["name"] for tool in tools if tool["annotations"].get("openWorldHint")
    }
    live = [example for example in examples() if example[0] in reaches_out]
    offline = [example for example in examples() if example[0] not in reaches_out]
    return live, offline


@pytest.mark.anyio
async def test_fifty_clients_get_correct_answers_and_memory_stays_flat() -> None:
    with http_server("--max-body-bytes", str(BODY_LIMIT)) as server:
        live, offline = split_by_reach(await advertised_tools(server))
        expected = await reference_answers(offline)
        plans = [client_plan(n, live, offline) for n in range(CLIENTS)]

        # Each client's first calls warm the server up (every tool, the live
        # ones included); memory is measured there and again at the end.
        with anyio.fail_after(240):
            warm_up = await run_load(
                server, [plan[:WARM_UP_CALLS_PER_CLIENT] for plan in plans], expected
            )
            rss_after_warm_up = server.rss_bytes()
            rest = await run_load(
                server,
                [plan[WARM_UP_CALLS_PER_CLIENT:] for plan in plans],
                expected,
                first=WARM_UP_CALLS_PER_CLIENT + 1,
            )
            rss_at_end = server.rss_bytes()

        assert warm_up.problems + rest.problems == []
        assert warm_up.answered + rest.answered == CLIENTS * CALLS_PER_CLIENT
        assert warm_up.refused + rest.refused == CLIENTS * MALFORMED_PER_CLIENT
        assert server.is_running()
        assert server.client.get("/healthz").json() == {"status": "ok"}
        assert rss_at_end - rss_after_warm_up < RSS_GROWTH_LIMIT, (
            f"RSS grew from {rss_after_warm_up} to {rss_at_end} bytes"
        )
        assert server.stdout() == ""
