"""Rewrite every knowledge data file in canonical form (sorted keys, indent 2)."""

import json
from pathlib import Path

from aws_messaging_mcp.knowledge import canonical_json

DATA = (
    Path(__file__).resolve().parent.parent / "server/aws_messaging_mcp/knowledge/data"
)


def main() -> int:
    for path in sorted(DATA.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        path.write_text(canonical_json(json.loads(text)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
