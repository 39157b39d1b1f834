"""Regenerate every derived file: tools_schema/, the skill references, docs/rules.md.

Usage: python scripts/regenerate.py [--check]

With --check, write nothing and exit 1 when a file is missing, stale or extra.
"""

import argparse
import sys
from pathlib import Path

from aws_messaging_mcp.artifacts import drift, generate_all, write

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    generated = generate_all()
    if args.check:
        problems = drift(ROOT, generated)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    write(ROOT, generated)
    print(f"wrote {len(generated)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
