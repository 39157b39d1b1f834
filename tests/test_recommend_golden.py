"""Golden answers of recommend_service for representative workloads.

Each case's whole answer is kept in tests/golden/recommend/<case>.json, so a
change to the rules or the services data reads as a plain diff. Regenerate
them all, then review `git diff`:

    UPDATE_GOLDEN=1 pytest tests/test_recommend_golden.py
"""

import json
import os
from typing import Any

import pytest

from aws_messaging_mcp.recommend.advisor import recommend_service
from aws_messaging_mcp.recommend.models import Requirements
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "recommend"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES: dict[str, dict[str, Any]] = {
    "sns-sqs-fan-out": {"fan_out": True, "competing_consumers": True, "consumers": 3},
    "kinesis-with-flink": {
        "description": "Compute 5-minute rolling averages of sensor readings and "
        "alert when a device stays above a threshold; keep 7 days for replay.",
    },
    "pipe-from-dynamodb-stream": {
        "description": "Each change to our DynamoDB orders table should be filtered "
        "and started as a Step Functions workflow, without glue code.",
    },
    "claim-check-for-large-jobs": {
        "description": "Job queue for PDF rendering.",
        "message_size_kb": 3000,
        "competing_consumers": True,
    },
    "ordered-exactly-once-work": {
        "ordering": "per-key",
        "exactly_once": True,
        "competing_consumers": True,
        "throughput_per_second": 5000,
    },
    "conflict-replay-with-jms": {"replay": True, "protocols": ["jms"]},
    "five-gigabyte-message": {"message_size_kb": 5 * 1024 * 1024},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_answer_matches_its_golden_file(case: str) -> None:
    result = recommend_service(Requirements(**CASES[case]))
    answer = {
        "input": CASES[case],
        "output": result.model_dump(mode="json"),
    }
    text = json.dumps(answer, indent=2, sort_keys=True) + "\n"
    path = GOLDEN / f"{case}.json"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.name} differs; regenerate with UPDATE_GOLDEN=1 and review the diff"
    )


def test_no_golden_file_without_a_case() -> None:
    assert {path.stem for path in GOLDEN.glob("*.json")} == set(CASES)
