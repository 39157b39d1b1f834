"""Tool-call throughput and latency, over stdio and over streamable HTTP, side by
side with a one-tool server on the same SDK (bench/one_tool_server.py).

Each server runs as its own process, exactly as a user starts it. Over stdio
one client sends newline-delimited JSON-RPC and waits for each answer; over
HTTP, 1 and then --clients concurrent clients post to the stateless JSON
endpoint. Workloads: the baseline's `echo`, this server's `list_services` (the
closest like-for-like call) and a mix of every offline tool example. Prints
calls per second and p50/p99 latency for each, and this server's ratios to
the baseline.

Usage: python bench/http_load.py [--calls 400] [--clients 16] [--warm-up 40]
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx2

ROOT = Path(__file__).resolve().parent.parent
OURS = [sys.executable, "-m", "aws_messaging_mcp"]
BASELINE = [sys.executable, str(ROOT / "bench" / "one_tool_server.py")]
HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json, text/event-stream",
    "MCP-Protocol-Version": "2025-11-25",
}
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "http-load-bench", "version": "1"},
    },
}
Call = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Figures:
    calls_per_second: float
    p50_ms: float
    p99_ms: float
    server_cpu_ms: float


def figures(latencies: list[float], wall_seconds: float, cpu_seconds: float) -> Figures:
    percentiles = statistics.quantiles(latencies, n=100, method="inclusive")
    return Figures(
        len(latencies) / wall_seconds,
        statistics.median(latencies) * 1000,
        percentiles[98] * 1000,
        cpu_seconds / len(latencies) * 1000,
    )


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc (Linux; else NaN).

    Unlike wall time, it does not count other work on the machine, so the
    per-call server CPU column stays comparable on a busy machine.
    """
    stat = Path(f"/proc/{pid}/stat")
    if not stat.is_file():
        return float("nan")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request(request_id: int, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    params = {"name": name, "arguments": arguments}
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "method": "tools/call",
        "params": params,
    }


def offline_examples() -> list[Call]:
    """Every example of every tool that stays on this machine."""
    from aws_messaging_mcp.mcp_server import REGISTRARS

    live = {"audit_queue", "audit_topic"}
    return [
        (tool, arguments)
        for registrar in REGISTRARS
        for tool, argument_sets in getattr(registrar, "EXAMPLES", {}).items()
        for arguments in argument_sets
        if tool not in live
    ]


# stdio: one client, one request at a time.


class StdioSession:
    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.pid = self.process.pid
        self.ask(INITIALIZE)
        notification = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        self.send(notification)

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def ask(self, message: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdout is not None
        self.send(message)
        while True:
            answer: dict[str, Any] = json.loads(self.process.stdout.readline())
            if answer.get("id") == message["id"]:
                return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def stdio_run(command: list[str], calls: list[Call], warm_up: int) -> Figures:
    session = StdioSession(command)
    try:
        for number, (name, arguments) in enumerate(calls[:warm_up], start=1):
            session.ask(request(number, name, arguments))
        latencies = []
        cpu_before, started = cpu_seconds(session.pid), time.perf_counter()
        for number, (name, arguments) in enumerate(calls, start=warm_up + 1):
            sent = time.perf_counter()
            answer = session.ask(request(number, name, arguments))
            latencies.append(time.perf_counter() - sent)
            assert "result" in answer, answer
        wall = time.perf_counter() - started
        return figures(latencies, wall, cpu_seconds(session.pid) - cpu_before)
    finally:
        session.close()


# HTTP: stateless JSON endpoint, concurrent clients.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def http_process(command: list[str]) -> Iterator[tuple[str, int]]:
    """Start an HTTP server; yield its /mcp URL and pid once it answers a ping."""
    port = free_port()
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        wait_for(url, process)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for(url: str, process: "subprocess.Popen[bytes]") -> None:
    ping = {"jsonrpc": "2.0", "id": 0, "method": "ping"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx2.post(url, json=ping, headers=HEADERS, timeout=2)
            return
        except httpx2.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start")


async def http_client(
    http: httpx2.AsyncClient, url: str, calls: list[Call], latencies: list[float]
) -> None:
    for number, (name, arguments) in enumerate(calls, start=1):
        sent = time.perf_counter()
        response = await http.post(
            url, json=request(number, name, arguments), headers=HEADERS
        )
        latencies.append(time.perf_counter() - sent)
        assert "result" in response.json(), response.text


async def http_load(url: str, pid: int, calls: list[Call], clients: int) -> Figures:
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    shares = [calls[index::clients] for index in range(clients)]
    latencies: list[float] = []
    async with httpx2.AsyncClient(limits=limits, timeout=60) as http:
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(
            *(http_client(http, url, share, latencies) for share in shares)
        )
        wall = time.perf_counter() - started
        return figures(latencies, wall, cpu_seconds(pid) - cpu_before)


def http_run(
    server: tuple[str, int], calls: list[Call], clients: int, warm_up: int
) -> Figures:
    asyncio.run(http_load(*server, calls[:warm_up], clients))
    return asyncio.run(http_load(*server, calls, clients))


# Report.


@dataclass(frozen=True)
class Workload:
    name: str
    stdio_command: list[str]
    http_command: list[str]
    calls: list[Call]


def workloads(count: int) -> list[Workload]:
    ours_http = [*OURS, "serve", "--transport", "http"]
    mix = list(islice(cycle(offline_examples()), count))
    return [
        Workload(
            "baseline echo",
            BASELINE,
            [*BASELINE, "--http"],
            [("echo", {"text": "hello"})] * count,
        ),
        Workload("list_services", OURS, ours_http, [("list_services", {})] * count),
        Workload("every tool (mix)", OURS, ours_http, mix),
    ]


Results = dict[tuple[str, int], dict[str, Figures]]


def measure(args: argparse.Namespace) -> Results:
    results: Results = {("stdio", 1): {}, ("http", 1): {}, ("http", args.clients): {}}
    for workload in workloads(args.calls):
        results[("stdio", 1)][workload.name] = stdio_run(
            workload.stdio_command, workload.calls, args.warm_up
        )
        with http_process(workload.http_command) as server:
            for clients in (1, args.clients):
                results[("http", clients)][workload.name] = http_run(
                    server, workload.calls, clients, args.warm_up
                )
    return results


def report(results: Results) -> None:
    print(
        f"{'transport':9} {'clients':>7}  {'workload':18} {'calls/s':>8} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'server CPU ms/call':>19}"
    )
    for (transport, clients), rows in results.items():
        for name, row in rows.items():
            print(
                f"{transport:9} {clients:7d}  {name:18} {row.calls_per_second:8.0f} "
                f"{row.p50_ms:8.2f} {row.p99_ms:8.2f} {row.server_cpu_ms:19.2f}"
            )
    print(
        "\nratios to the one-tool baseline (calls/s: higher is better; "
        "latency and CPU: lower is better)"
    )
    for (transport, clients), rows in results.items():
        base = rows["baseline echo"]
        for name in ("list_services", "every tool (mix)"):
            row = rows[name]
            print(
                f"{transport:5} x{clients:<3d} {name:18} "
                f"calls/s {row.calls_per_second / base.calls_per_second:5.2f}  "
                f"p50 {row.p50_ms / base.p50_ms:5.2f}  "
                f"p99 {row.p99_ms / base.p99_ms:5.2f}  "
                f"CPU {row.server_cpu_ms / base.server_cpu_ms:5.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description="stdio and HTTP throughput")
    parser.add_argument("--calls", type=int, default=400, help="calls per workload")
    parser.add_argument("--clients", type=int, default=16, help="HTTP concurrency")
    parser.add_argument("--warm-up", type=int, default=40, help="untimed calls")
    args = parser.parse_args()
    report(measure(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
