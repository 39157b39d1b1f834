"""Rewrite the expected findings of every rule fixture from the current checker.

Usage: python scripts/update_policy_rule_fixtures.py

Each file under tests/fixtures/policy_rules/ holds one rule's good and bad
cases (the inputs are written by hand). This fills in each case's `expected`
findings and `repaired_policy` from what check_policy returns now; review the
diff before committing, since the test then holds the checker to it.
"""

import json
import sys
from pathlib import Path
from typing import Any

from aws_messaging_mcp.policy import PolicyContext, check_policy

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "policy_rules"


def run_case(case: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The findings (as JSON) and repaired policy check_policy gives a case."""
    document = case["policy_text"] if "policy_text" in case else case["policy"]
    context = PolicyContext(**case["context"]) if "context" in case else None
    result = check_policy(document, case["resource_type"], context)
    findings = [finding.model_dump(mode="json") for finding in result.findings]
    return findings, result.repaired_policy


def main() -> int:
    paths = sorted(FIXTURES.glob("*.json"))
    for path in paths:
        fixture = json.loads(path.read_text(encoding="utf-8"))
        for case in fixture["cases"]:
            case["expected"], case["repaired_policy"] = run_case(case)
        text = json.dumps(fixture, indent=2, sort_keys=True, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
    print(f"updated {len(paths)} fixture files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
