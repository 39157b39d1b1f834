"""A plain JSON-RPC client, no SDK: newline-delimited messages over a subprocess."""

import json
import subprocess
import sys
from typing import Any

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "plain-json-rpc", "version": "1"},
    },
}


def _exchange(lines: list[str]) -> tuple[list[dict[str, Any]], str]:
    completed = subprocess.run(
        [sys.executable, "-m", "aws_messaging_mcp"],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    messages = [json.loads(line) for line in completed.stdout.splitlines()]
    return messages, completed.stderr


def _request(request_id: int, method: str, **params: Any) -> str:
    message = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params:
        message["params"] = params
    return json.dumps(message)


def test_plain_json_rpc_client_gets_tools_and_answers() -> None:
    messages, _ = _exchange(
        [
            json.dumps(INITIALIZE),
            json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            _request(2, "tools/list"),
            _request(3, "tools/call", name="list_services", arguments={}),
        ]
    )
    by_id = {message["id"]: message for message in messages if "id" in message}
    assert by_id[1]["result"]["serverInfo"]["name"] == "aws-messaging-mcp"
    names = {tool["name"] for tool in by_id[2]["result"]["tools"]}
    assert {"list_services", "get_service_facts", "compare_services"} <= names
    listed = by_id[3]["result"]["structuredContent"]["services"]
    assert listed[0]["id"] == "sqs-standard"


def test_malformed_line_does_not_kill_the_server_and_stdout_stays_clean() -> None:
    messages, _ = _exchange(
        [
            json.dumps(INITIALIZE),
            json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            "{this is not json",
            '{"jsonrpc": "2.0", "id": 7, "method": 12}',
            _request(
                4, "tools/call", name="get_service_facts", arguments={"service": "nope"}
            ),
            _request(5, "tools/list"),
        ]
    )
    by_id = {message.get("id"): message for message in messages}
    assert by_id[4]["result"]["isError"] is True
    assert "sqs-standard" in by_id[4]["result"]["content"][0]["text"]
    assert by_id[5]["result"]["tools"]
    assert all(message.get("jsonrpc") == "2.0" for message in messages)
