"""Whole SARIF documents for the fixture folders, compared with golden files.

Regenerate after an intended change, then review the diff:

    UPDATE_GOLDEN=1 pytest tests/test_sarif_golden.py
"""

import json
import os

import pytest

from aws_messaging_mcp.iac.sarif import to_sarif
from aws_messaging_mcp.iac.scanning import scan_paths
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "iac"
GOLDEN = ROOT / "tests" / "golden" / "sarif"
# The tool version is pinned so that a release does not change every file.
VERSION = "0.0.0"
CASES = ("cloudformation", "cdk.out", "terraform", "bad")


def rendered(folder: str) -> str:
    document = to_sarif(scan_paths([folder]), VERSION)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("folder", CASES)
def test_sarif_matches_its_golden_file(
    folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    golden = GOLDEN / f"{folder.replace('.', '-')}.sarif"
    text = rendered(folder)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_no_golden_file_is_left_without_its_case() -> None:
    expected = {f"{folder.replace('.', '-')}.sarif" for folder in CASES}
    assert {path.name for path in GOLDEN.iterdir()} == expected
