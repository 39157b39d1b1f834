"""The HTTP front door: Host and Origin allowlists, bearer token, body limit,
health check, and errors that never carry a stack trace.

Most tests talk to one real `serve --transport http` process started with
every security flag; the allowlists and the error shield are also tested
directly.
"""

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import pytest
from starlette.types import Receive, Scope, Send

from aws_messaging_mcp.http_app import ErrorShield, HostAllowlist, OriginAllowlist
from http_process import MCP_HEADERS, ServerProcess, http_server, rpc

TOKEN = "k3Jx9-test-token-0123456789abcdef"
TOKEN_VARIABLE = "AWS_MESSAGING_MCP_TEST_TOKEN"
BODY_LIMIT = 2048
AUTHORIZED = {**MCP_HEADERS, "Authorization": f"Bearer {TOKEN}"}
PING = rpc(1, "ping")


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with http_server(
        "--auth-token-env",
        TOKEN_VARIABLE,
        "--max-body-bytes",
        str(BODY_LIMIT),
        "--allowed-host",
        "mcp.example.com",
        "--allowed-host",
        "gateway.example.com:8443",
        "--allowed-origin",
        "https://tools.example.com",
        environment={TOKEN_VARIABLE: TOKEN},
    ) as running:
        yield running


def post(server: ServerProcess, body: Any = PING, **headers: str) -> httpx2.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return server.client.post(
        "/mcp", content=content, headers={**AUTHORIZED, **headers}
    )


def refusal(code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": None, "error": {"code": code, "message": message}}


# Host: DNS-rebinding protection.


def test_foreign_host_header_is_refused_with_a_json_rpc_error(
    server: ServerProcess,
) -> None:
    response = post(server, Host="evil.example.com")

    assert response.status_code == 421
    assert response.json() == refusal(-32600, "Host header not allowed")


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "127.0.0.1:1234",
        "[::1]:8000",
        "mcp.example.com",
        "MCP.example.com:443",
        "gateway.example.com:8443",
    ],
)
def test_loopback_and_allowed_host_headers_are_answered(
    server: ServerProcess, host: str
) -> None:
    response = post(server, Host=host)

    assert response.status_code == 200
    assert response.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}


def test_allowed_host_with_a_pinned_port_refuses_other_ports(
    server: ServerProcess,
) -> None:
    assert post(server, Host="gateway.example.com:9443").status_code == 421


# Origin: browsers name the page that sent the request.


@pytest.mark.parametrize(
    "origin", ["http://evil.example.com", "null", "https://tools.example.com.evil.io"]
)
def test_foreign_origin_is_refused_with_a_json_rpc_error(
    server: ServerProcess, origin: str
) -> None:
    response = post(server, Origin=origin)

    assert response.status_code == 403
    assert response.json() == refusal(-32600, "Origin header not allowed")


@pytest.mark.parametrize(
    "origin", ["https://tools.example.com", "http://localhost:6274", "http://127.0.0.1"]
)
def test_allowed_and_loopback_origins_are_answered(
    server: ServerProcess, origin: str
) -> None:
    assert post(server, Origin=origin).status_code == 200


# Bearer token.


def test_request_without_a_token_gets_401_with_a_bearer_challenge(
    server: ServerProcess,
) -> None:
    response = server.client.post("/mcp", json=PING, headers=MCP_HEADERS)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="aws-messaging-mcp"'
    assert response.json() == refusal(
        -32600, "Unauthorized: send 'Authorization: Bearer <token>'"
    )


@pytest.mark.parametrize(
    "authorization",
    [f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN, "Bearer"],
)
def test_wrong_token_gets_401_invalid_token(
    server: ServerProcess, authorization: str
) -> None:
    response = post(server, Authorization=authorization)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == (
        'Bearer realm="aws-messaging-mcp", error="invalid_token"'
    )


def test_token_scheme_is_case_insensitive(server: ServerProcess) -> None:
    assert post(server, Authorization=f"bearer {TOKEN}").status_code == 200


def test_token_never_appears_in_the_log(server: ServerProcess) -> None:
    post(server, Authorization="Bearer wrong")

    assert TOKEN not in server.stderr()


# Health check.


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_health_check_needs_no_token_and_accepts_any_host(
    server: ServerProcess, method: str
) -> None:
    response = server.client.request(
        method, "/healthz", headers={"Host": "10.0.3.7:8000"}
    )

    assert response.status_code == 200
    if method == "GET":
        assert response.json() == {"status": "ok"}


# Body size and type.


def test_body_declared_over_the_limit_is_refused(server: ServerProcess) -> None:
    padded = rpc(1, "ping", padding="x" * BODY_LIMIT)

    response = post(server, padded)

    assert response.status_code == 413
    assert response.json() == refusal(
        -32600, f"Request body larger than {BODY_LIMIT} bytes"
    )


def test_chunked_body_over_the_limit_is_refused(server: ServerProcess) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(8):
            yield b" " * 512

    response = server.client.post("/mcp", content=chunks(), headers=AUTHORIZED)

    assert "content-length" not in response.request.headers
    assert response.status_code == 413


def test_body_just_under_the_limit_is_answered(server: ServerProcess) -> None:
    body = json.dumps(PING).encode()
    body = body[:-1] + b" " * (BODY_LIMIT - len(body)) + b"}"

    assert len(body) == BODY_LIMIT
    assert post(server, body).json() == {"jsonrpc": "2.0", "id": 1, "result": {}}


def test_non_json_content_type_is_refused(server: ServerProcess) -> None:
    response = post(server, **{"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.json() == refusal(-32600, "Content-Type must be application/json")


# Malformed requests: a JSON-RPC error each, never a stack trace.

MALFORMED: list[tuple[str, str, bytes, dict[str, str]]] = [
    ("POST", "/mcp", b"{not json", {}),
    ("POST", "/mcp", b"", {}),
    ("POST", "/mcp", b"[]", {}),
    ("POST", "/mcp", b"[1, 2, 3]", {}),
    ("POST", "/mcp", b'"a string"', {}),
    ("POST", "/mcp", b'{"jsonrpc": "1.0", "id": 1, "method": "ping"}', {}),
    ("POST", "/mcp", b'{"jsonrpc": "2.0", "id": 1, "method": 7}', {}),
    ("POST", "/mcp", b'{"jsonrpc": "2.0", "id": {}, "method": "ping"}', {}),
    ("POST", "/mcp", b'{"jsonrpc": "2.0", "id": 1, "method": "no/such"}', {}),
    ("POST", "/mcp", b'{"jsonrpc":"2.0","id":1,"method":"tools/call"}', {}),
    ("POST", "/mcp", b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":7}', {}),
    ("POST", "/mcp", b"\xff\xfe\x00garbage", {}),
    ("POST", "/mcp", b'{"jsonrpc":"2.0","id":1,"method":"ping"}', {"Accept": "x/y"}),
    ("POST", "/mcp", b"{}", {"MCP-Protocol-Version": "1999-01-01"}),
    ("GET", "/mcp", b"", {}),
    ("DELETE", "/mcp", b"", {}),
    ("PUT", "/mcp", b"{}", {}),
    ("GET", "/no/such/path", b"", {}),
    ("POST", "/healthz", b"{}", {}),
]


@pytest.mark.parametrize(("method", "path", "body", "headers"), MALFORMED)
def test_malformed_request_gets_a_json_rpc_error_without_a_stack_trace(
    server: ServerProcess,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str],
) -> None:
    response = server.client.request(
        method, path, content=body, headers={**AUTHORIZED, **headers}
    )

    assert 400 <= response.status_code < 500 or response.status_code == 200
    answer = response.json()
    assert answer["jsonrpc"] == "2.0"
    assert isinstance(answer["error"]["code"], int)
    assert "Traceback" not in response.text
    assert '.py", line' not in response.text


def test_server_survives_malformed_requests_and_keeps_stdout_empty(
    server: ServerProcess,
) -> None:
    for method, path, body, headers in MALFORMED:
        server.client.request(
            method, path, content=body, headers={**AUTHORIZED, **headers}
        )

    assert server.is_running()
    assert post(server).json() == {"jsonrpc": "2.0", "id": 1, "result": {}}
    assert server.stdout() == ""


# The error shield, directly: whatever escapes the app stays out of the body.


async def exploding_app(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("secret detail /srv/app/internal.py")


@pytest.mark.anyio
async def test_unhandled_error_becomes_a_plain_json_rpc_500() -> None:
    transport = httpx2.ASGITransport(app=ErrorShield(exploding_app))

    with anyio.fail_after(10):
        async with httpx2.AsyncClient(
            transport=transport, base_url="http://127.0.0.1"
        ) as client:
            response = await client.post("/mcp", json=PING)

    assert response.status_code == 500
    assert response.json() == refusal(-32603, "Internal error")
    assert "secret detail" not in response.text


# The allowlists, directly.


@pytest.mark.parametrize(
    ("bind", "extra", "host", "allowed"),
    [
        ("127.0.0.1", (), "127.0.0.1:8000", True),
        ("127.0.0.1", (), "localhost", True),
        ("127.0.0.1", (), "[::1]:80", True),
        ("127.0.0.1", (), "evil.example.com", False),
        ("127.0.0.1", (), "127.0.0.1.evil.example.com", False),
        ("127.0.0.1", (), None, False),
        ("127.0.0.1", (), "", False),
        ("10.0.0.5", (), "10.0.0.5:8000", True),
        ("::", (), "[::]:8000", False),
        ("0.0.0.0", (), "0.0.0.0:8000", False),
        ("0.0.0.0", ("mcp.example.com",), "mcp.example.com", True),
        ("0.0.0.0", ("mcp.example.com:*",), "mcp.example.com:9", True),
        ("0.0.0.0", ("mcp.example.com:443",), "mcp.example.com", False),
        ("0.0.0.0", ("mcp.example.com:443",), "mcp.example.com:443", True),
        ("0.0.0.0", ("*",), "anything.example.net:1", True),
    ],
)
def test_host_allowlist(
    bind: str, extra: tuple[str, ...], host: str | None, allowed: bool
) -> None:
    assert HostAllowlist.build(bind, extra).allows(host) is allowed


@pytest.mark.parametrize(
    ("extra", "origin", "allowed"),
    [
        ((), None, True),
        ((), "http://localhost:6274", True),
        ((), "http://localhost", True),
        ((), "https://localhost:6274", False),
        ((), "http://localhost.evil.io", False),
        ((), "http://localhost:80.evil.io", False),
        (("https://tools.example.com/",), "https://tools.example.com", True),
        (("https://tools.example.com",), "https://TOOLS.example.com", True),
        (("https://tools.example.com",), "https://tools.example.com:444", False),
        (("https://tools.example.com:*",), "https://tools.example.com:444", True),
    ],
)
def test_origin_allowlist(
    extra: tuple[str, ...], origin: str | None, allowed: bool
) -> None:
    assert OriginAllowlist.build(extra).allows(origin) is allowed


# The token comes from the environment, never the command line.


def _serve(*flags: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "aws_messaging_mcp",
            "serve",
            "--transport",
            "http",
            *flags,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", **environment},
    )


def test_unset_token_variable_is_a_usage_error() -> None:
    completed = _serve("--auth-token-env", "NO_SUCH_VARIABLE")

    assert completed.returncode == 2
    assert completed.stderr == (
        "aws-messaging-mcp serve: --auth-token-env: environment variable "
        "NO_SUCH_VARIABLE is unset or empty\n"
    )


def test_short_token_is_a_usage_error() -> None:
    completed = _serve("--auth-token-env", "SHORT", SHORT="abc")

    assert completed.returncode == 2
    assert "shorter than 16 characters" in completed.stderr


def test_token_cannot_be_given_on_the_command_line() -> None:
    completed = _serve("--auth-token", TOKEN)

    assert completed.returncode == 2
    assert "unrecognized arguments" in completed.stderr
