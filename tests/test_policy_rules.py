"""Every rule: its metadata, and its table of good and bad cases.

The cases live in tests/fixtures/policy_rules/<rule id>.json, one file per
rule: inputs written by hand, each with the full findings and repaired policy
expected. After a deliberate change, regenerate the expectations with
`python scripts/update_policy_rule_fixtures.py` and review the diff.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from aws_messaging_mcp.policy import PolicyContext, check_policy
from aws_messaging_mcp.policy.models import CATEGORIES, SEVERITIES
from aws_messaging_mcp.policy.rules import (
    INTERNAL_ERROR_RULE_ID,
    RULE_ID_PATTERN,
    Rule,
    all_rules,
)
from aws_messaging_mcp.policy.rules_reference import rules_reference

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "policy_rules"
RULES = all_rules()
RULE_IDS = [rule.id for rule in RULES]


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        cases.extend((fixture["rule_id"], case) for case in fixture["cases"])
    return cases


CASES = load_cases()


def run(case: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    document = case["policy_text"] if "policy_text" in case else case["policy"]
    context = PolicyContext(**case["context"]) if "context" in case else None
    result = check_policy(document, case["resource_type"], context)
    findings = [finding.model_dump(mode="json") for finding in result.findings]
    return findings, result.repaired_policy


def test_rule_ids_are_unique() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS))


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_id_follows_the_documented_pattern(rule: Rule) -> None:
    assert RULE_ID_PATTERN.match(rule.id), rule.id
    assert rule.id != INTERNAL_ERROR_RULE_ID


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_metadata_is_complete_and_well_formed(rule: Rule) -> None:
    assert rule.category in CATEGORIES and rule.category != "internal-error"
    assert rule.severity in SEVERITIES
    if rule.category == "advice":
        assert rule.severity == "info"
    assert rule.title and not rule.title.endswith("."), rule.title
    assert rule.rationale.endswith(".") and len(rule.rationale) > 60
    assert rule.fix.endswith(".") and len(rule.fix) > 20
    assert rule.source_url.startswith("https://docs.aws.amazon.com/")
    assert rule.resource_types


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_every_rule_has_a_good_and_a_bad_case(rule: Rule) -> None:
    kinds = {case["kind"] for rule_id, case in CASES if rule_id == rule.id}
    assert kinds == {"good", "bad"}, rule.id


def test_every_fixture_names_a_rule() -> None:
    assert {rule_id for rule_id, _ in CASES} <= set(RULE_IDS)


@pytest.mark.parametrize(
    ("rule_id", "case"), CASES, ids=[f"{r}-{c['name']}" for r, c in CASES]
)
def test_case_yields_exactly_the_expected_findings(
    rule_id: str, case: dict[str, Any]
) -> None:
    findings, repaired = run(case)
    assert findings == case["expected"]
    assert repaired == case["repaired_policy"]


@pytest.mark.parametrize(
    ("rule_id", "case"), CASES, ids=[f"{r}-{c['name']}" for r, c in CASES]
)
def test_bad_cases_trip_their_rule_and_good_cases_are_clean(
    rule_id: str, case: dict[str, Any]
) -> None:
    findings, _ = run(case)
    fired = {finding["rule_id"] for finding in findings}
    if case["kind"] == "bad":
        assert rule_id in fired
    else:
        assert findings == []


def test_repaired_policies_no_longer_trip_the_repaired_rule() -> None:
    for rule_id, case in CASES:
        if case["repaired_policy"] is None or rule_id == "PC001":
            continue
        repaired = dict(case, policy=case["repaired_policy"])
        repaired.pop("policy_text", None)
        findings, _ = run(repaired)
        assert rule_id not in {f["rule_id"] for f in findings}, case["name"]


def test_rules_reference_documents_every_rule() -> None:
    (content,) = rules_reference().values()
    for rule in RULES:
        assert f"## {rule.id}\n" in content
        assert rule.rationale in content
    assert f"## {INTERNAL_ERROR_RULE_ID}\n" in content
