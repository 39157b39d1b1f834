"""Cold start to the `tools/list` answer: this server against a one-tool server.

Both are timed in the same run, alternating rounds so that both see the same
machine load, with the shared timer `mcp-coldstart.py` (looked up in
../shared/tools beside the checkout, or at $MCP_COLDSTART). Prints both medians
and the ratio; the foundation's bar is a ratio of at most 1.15.

Usage: python bench/coldstart.py [--rounds 5] [--runs 3]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMER = Path(
    os.environ.get(
        "MCP_COLDSTART", ROOT.parent / "shared" / "tools" / "mcp-coldstart.py"
    )
)
COMMANDS = {
    "aws-messaging-mcp": [sys.executable, "-m", "aws_messaging_mcp"],
    "one-tool baseline": [sys.executable, str(ROOT / "bench" / "one_tool_server.py")],
}


def time_once(command: list[str], runs: int) -> list[float]:
    completed = subprocess.run(
        [
            sys.executable,
            str(TIMER),
            "--runs",
            str(runs),
            "--warmup",
            "1",
            "--json",
            "--",
            *command,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return [float(run["tools_ms"]) for run in figures["runs"]]


def main() -> int:
    parser = argparse.ArgumentParser(description="cold-start ratio")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not TIMER.is_file():
        print(f"timer not found at {TIMER}; set MCP_COLDSTART", file=sys.stderr)
        return 2
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.rounds):
        for name, command in COMMANDS.items():
            samples[name].extend(time_once(command, args.runs))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, median in medians.items():
        print(
            f"{name:20} median tools/list {median:8.1f} ms "
            f"over {len(samples[name])} runs"
        )
    ratio = medians["aws-messaging-mcp"] / medians["one-tool baseline"]
    print(f"ratio {ratio:.3f} (bar: 1.15)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
