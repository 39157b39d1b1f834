"""Stateless streamable HTTP: every request stands alone, so any replica
behind a load balancer can answer it; the default bind is loopback only."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from http_process import MCP_HEADERS, ServerProcess, http_servers, rpc, tool_call

INITIALIZE = rpc(
    1,
    "initialize",
    protocolVersion="2025-11-25",
    capabilities={},
    clientInfo={"name": "replica-test", "version": "1"},
)
VERSIONED = {**MCP_HEADERS, "MCP-Protocol-Version": "2025-11-25"}


@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[ServerProcess, ServerProcess]]:
    with http_servers(2) as (first, second):
        yield first, second


def test_initialize_opens_no_session(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    response = replicas[0].client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)

    assert response.status_code == 200
    assert "mcp-session-id" not in response.headers
    assert response.json()["result"]["serverInfo"]["name"] == "aws-messaging-mcp"


def test_a_replica_answers_a_call_with_no_handshake_of_its_own(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    first, second = replicas
    first.client.post("/mcp", json=INITIALIZE, headers=MCP_HEADERS)

    call = tool_call(2, "get_service_facts", {"service": "sqs-fifo"})
    answers = [
        replica.client.post("/mcp", json=call, headers=VERSIONED).json()
        for replica in (second, first)
    ]

    assert answers[0] == answers[1]
    assert answers[0]["id"] == 2
    assert answers[0]["result"]["structuredContent"]["service"]["id"] == "sqs-fifo"


def test_a_session_id_from_elsewhere_is_ignored(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    headers = {**VERSIONED, "Mcp-Session-Id": "issued-by-another-replica"}

    response = replicas[1].client.post("/mcp", json=rpc(3, "ping"), headers=headers)

    assert response.json() == {"jsonrpc": "2.0", "id": 3, "result": {}}


def test_a_notification_is_accepted_with_an_empty_body(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    notification = {"jsonrpc": "2.0", "method": "notifications/initialized"}

    response = replicas[0].client.post("/mcp", json=notification, headers=VERSIONED)

    assert response.status_code == 202
    assert response.content == b""


def test_get_opens_no_stream_on_a_stateless_server(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    response = replicas[0].client.get("/mcp", headers=VERSIONED)

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"]["code"] == -32600


def _listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_default_bind_is_loopback_only(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    # 127.0.0.1 as /proc/net/tcp writes it: four little-endian bytes.
    assert _listening_addresses(replicas[0].port) == {"0100007F"}
