"""The command line: version, help, and logs kept off stdout."""

import subprocess
import sys

from aws_messaging_mcp import __version__


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aws_messaging_mcp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_version_prints_the_package_version() -> None:
    completed = _run("--version")
    assert completed.returncode == 0
    assert completed.stdout.strip() == f"aws-messaging-mcp {__version__}"


def test_help_lists_serve() -> None:
    completed = _run("--help")
    assert completed.returncode == 0
    assert "serve" in completed.stdout


def test_verbose_stdio_server_logs_to_stderr_only() -> None:
    completed = _run("-vv", "serve")
    assert completed.returncode == 0
    assert completed.stdout == ""


def test_unknown_transport_is_a_usage_error() -> None:
    completed = _run("serve", "--transport", "carrier-pigeon")
    assert completed.returncode == 2
    assert "invalid choice" in completed.stderr
