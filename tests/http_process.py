"""A real `serve --transport http` process on a free loopback port, for tests.

The server runs as a subprocess, exactly as an operator starts it; its stdout
and stderr go to files (so a chatty log can never block it), and the tests
read them afterwards. Every wait is bounded.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2

STARTUP_SECONDS = 30.0
MCP_HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json, text/event-stream",
}

# Keeps any tool that reaches AWS (the live audit) on this machine: a closed
# loopback port, fixed credentials, no instance-metadata lookups, no retries.
OFFLINE_AWS_ENVIRONMENT = {
    "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_MAX_ATTEMPTS": "1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


@dataclass
class ServerProcess:
    """The process, and a client bound to its base URL (connections reused)."""

    process: "subprocess.Popen[bytes]"
    port: int
    stdout_path: Path
    stderr_path: Path
    client: httpx2.Client

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mcp_url(self) -> str:
        return f"{self.url}/mcp"

    def is_running(self) -> bool:
        return self.process.poll() is None

    def rss_bytes(self) -> int:
        """Resident set size of the server process, from /proc."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
        return int(line.split()[1]) * 1024

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_healthy(server: ServerProcess) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if not server.is_running():
            raise RuntimeError(f"server exited at startup:\n{server.stderr()}")
        try:
            if server.client.get("/healthz", timeout=1).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"server not healthy in {STARTUP_SECONDS}s:\n{server.stderr()}")


def _stop(server: ServerProcess) -> None:
    if server.is_running():
        server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=5)


def _start(
    folder: Path, flags: tuple[str, ...], environment: Mapping[str, str]
) -> ServerProcess:
    port = free_port()
    stdout_path, stderr_path = folder / f"{port}.stdout", folder / f"{port}.stderr"
    command = [sys.executable, "-m", "aws_messaging_mcp", "-v", "serve"]
    command += ["--transport", "http", "--port", str(port), *flags]
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, **OFFLINE_AWS_ENVIRONMENT, **environment},
        )
    client = httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
    return ServerProcess(process, port, stdout_path, stderr_path, client)


@contextmanager
def http_servers(
    count: int, *flags: str, environment: Mapping[str, str] | None = None
) -> Iterator[list[ServerProcess]]:
    """Run `count` replicas of `serve --transport http FLAGS`, started together."""
    with tempfile.TemporaryDirectory(prefix="mcp-http-") as folder:
        servers = [_start(Path(folder), flags, environment or {}) for _ in range(count)]
        try:
            for server in servers:
                _wait_until_healthy(server)
            yield servers
        finally:
            for server in servers:
                server.client.close()
                _stop(server)


@contextmanager
def http_server(
    *flags: str, environment: Mapping[str, str] | None = None
) -> Iterator[ServerProcess]:
    """Run one `aws-messaging-mcp serve --transport http FLAGS` process."""
    with http_servers(1, *flags, environment=environment) as (server,):
        yield server


def rpc(request_id: int, method: str, **params: object) -> dict[str, object]:
    message: dict[str, object] = {"jsonrpc": "2.0", "id": request_id, "method": method}
    if params:
        message["params"] = params
    return message


def tool_call(request_id: int, name: str, arguments: object) -> dict[str, object]:
    return rpc(request_id, "tools/call", name=name, arguments=arguments)
