"""A scan report as SARIF 2.1.0, the format code-scanning services read.

One run; the driver lists every rule that produced a result (policy checker
rules with their title, rationale and source page; the scanner's own rules
likewise), and each result carries its rule, level, message, the file as a
URI relative to `%SRCROOT%` (the folder the scan ran in) with the start line
and column, and the resource as a logical location. Columns count Unicode
code points (`columnKind`), as the template parser does. Files that could not
be read become tool execution notifications, and mark the run unsuccessful.
Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

import hashlib
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from aws_messaging_mcp.iac.models import ScanFinding, ScanReport, UnusableFile
from aws_messaging_mcp.iac.rules import scanner_rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub code scanning ranks security results by this property (0.0 to 10.0).
SECURITY_SEVERITY = {"error": "8.0", "warning": "5.0", "info": "2.0"}
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT = "awsMessagingMcpFinding/v1"


def to_sarif(report: ScanReport, version: str) -> dict[str, Any]:
    rule_ids = sorted({finding.rule_id for finding in report.findings})
    rules = [_rule(rule_id, _example(report.findings, rule_id)) for rule_id in rule_ids]
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "aws-messaging-mcp",
                "version": version,
                "semanticVersion": version,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(finding, index[finding.rule_id]) for finding in report.findings
        ],
        "invocations": [_invocation(report.unusable)],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _example(findings: list[ScanFinding], rule_id: str) -> ScanFinding:
    return next(finding for finding in findings if finding.rule_id == rule_id)


def _rule(rule_id: str, example: ScanFinding) -> dict[str, Any]:
    title, rationale, help_uri = _rule_text(rule_id, example)
    return {
        "id": rule_id,
        "name": "".join(word.capitalize() for word in example.category.split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": rationale},
        "helpUri": help_uri,
        "help": {"text": f"{rationale} See {help_uri}"},
        "defaultConfiguration": {"level": LEVELS[example.severity]},
        "properties": {
            "category": example.category,
            "tags": ["security", "aws", example.category],
            "security-severity": SECURITY_SEVERITY[example.severity],
        },
    }


def _rule_text(rule_id: str, example: ScanFinding) -> tuple[str, str, str]:
    """Title, rationale and help URI, from the rule's own metadata."""
    own = scanner_rule(rule_id)
    if own is not None:
        return own.title, own.rationale, own.source_url
    checker_rule = _checker_rules().get(rule_id)
    if checker_rule is not None:
        return (
            str(checker_rule.title),
            str(checker_rule.rationale),
            str(checker_rule.source_url),
        )
    # A rule without metadata (the checker's internal error): say what we know.
    title = example.category.replace("-", " ").capitalize()
    return title, example.message, example.references[0]


def _checker_rules() -> dict[str, Any]:
    from aws_messaging_mcp.policy.rules import all_rules

    return {rule.id: rule for rule in all_rules()}


def _result(finding: ScanFinding, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.file)}
    if finding.line:
        physical["region"] = {
            "startLine": finding.line,
            "startColumn": finding.column or 1,
        }
    logical_name = finding.resource + (finding.pointer or "")
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": f"{finding.message} Fix: {finding.fix}"},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [
                    {
                        "name": finding.resource,
                        "fullyQualifiedName": logical_name,
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {FINGERPRINT: _fingerprint(finding)},
        "properties": _properties(finding),
    }
    return result


def _properties(finding: ScanFinding) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "category": finding.category,
        "resourceType": finding.resource_type,
    }
    for key, value in (("pointer", finding.pointer), ("cdkPath", finding.cdk_path)):
        if value:
            properties[key] = value
    return properties


def _fingerprint(finding: ScanFinding) -> str:
    """Stable across runs and line moves: what and where, not which line."""
    parts = (
        finding.rule_id,
        finding.file,
        finding.resource,
        finding.pointer or "",
        finding.message,
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def artifact_location(file: str) -> dict[str, Any]:
    path = PurePosixPath(file)
    if path.is_absolute():
        return {"uri": "file://" + quote(file)}
    return {"uri": quote(file), "uriBaseId": SOURCE_ROOT}


def _invocation(unusable: list[UnusableFile]) -> dict[str, Any]:
    notifications = [
        {
            "level": "error",
            "message": {"text": item.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(item.file)}}
            ],
        }
        for item in unusable
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not unusable}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation
