"""Every fixture template and plan yields exactly its expected findings.

`tests/fixtures/iac/expected.json` lists, per fixture, each finding as
[rule id, category, severity, logical id or address, line, column]. The
fixtures are real-world shapes (CloudFormation YAML with short-form tags and
JSON, CDK synthesis output, `terraform show -json` plans, pretty-printed and
on one line), correct ones and ones with one realistic mistake each.
"""

import json
from pathlib import Path

import pytest

from aws_messaging_mcp.iac.scanning import scan_paths
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "iac"
EXPECTED: dict[str, list[list[object]]] = json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")
)
SCANNED_FOLDERS = ("cloudformation", "cdk.out", "terraform")


def _fixture_files() -> list[str]:
    found = []
    for folder in SCANNED_FOLDERS:
        for path in sorted((FIXTURES / folder).iterdir()):
            if path.suffix in (".json", ".yaml") and path.name != "manifest.json":
                found.append(path.relative_to(FIXTURES).as_posix())
    return found


def test_there_are_at_least_thirty_templates_and_plans_with_expectations() -> None:
    assert len(EXPECTED) >= 30
    assert sorted(EXPECTED) == sorted(_fixture_files())
    formats = {name.split("/")[0] for name in EXPECTED}
    assert formats == set(SCANNED_FOLDERS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_yields_exactly_its_expected_findings(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    report = scan_paths([name])
    assert report.unusable == []
    found = [
        [f.rule_id, f.category, f.severity, f.resource, f.line, f.column]
        for f in report.findings
    ]
    assert found == EXPECTED[name]
    assert all(finding.file == name for finding in report.findings)


def test_scanning_the_fixture_folders_finds_every_fixture_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIXTURES)
    report = scan_paths(list(SCANNED_FOLDERS))
    assert report.summary.files == len(EXPECTED)
    assert report.summary.total == sum(len(found) for found in EXPECTED.values())
    assert report.unusable == [] and report.skipped == []


def test_each_scanner_rule_fires_in_some_fixture() -> None:
    from aws_messaging_mcp.iac.rules import SCANNER_RULES

    fired = {finding[0] for found in EXPECTED.values() for finding in found}
    assert {rule.id for rule in SCANNER_RULES} <= fired


def test_findings_carry_a_fix_and_documentation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIXTURES)
    for finding in scan_paths(list(SCANNED_FOLDERS)).findings:
        assert finding.fix, finding
        assert finding.references, finding
        assert all(url.startswith("https://") for url in finding.references)


def test_cdk_output_carries_the_construct_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    report = scan_paths(["cdk.out/AlertsStack.template.json"])
    assert [finding.cdk_path for finding in report.findings] == [
        "AlertsStack/AlertsTopic/Policy/Resource",
        "AlertsStack/AlertsDlq/Resource",
    ]


def test_policy_findings_point_into_the_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    [finding] = scan_paths(["cloudformation/sns-sqs-no-source-condition.yaml"]).findings
    assert finding.property_path == "Properties/PolicyDocument"
    assert finding.pointer == "/Statement/0/Principal"
    line = Path(finding.file).read_text(encoding="utf-8").splitlines()[finding.line - 1]
    assert line.strip() == "Principal:"
