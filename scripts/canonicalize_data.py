"""Rewrite every hand-kept JSON data file of the package in canonical form."""

import json
from pathlib import Path

from aws_messaging_mcp.artifacts import hand_kept_data_files
from aws_messaging_mcp.knowledge import canonical_json

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for path in hand_kept_data_files(ROOT):
        text = path.read_text(encoding="utf-8")
        path.write_text(canonical_json(json.loads(text)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
