"""Run every rule over one policy and turn what they find into a result.

    check(policy, resource_type, context) -> CheckResult

Steps: read the document (object or text; syntax faults are repaired where
safe), settle the resource type (given, or inferred and said so), run each
rule that applies to that type, locate each finding (JSON pointer, plus line
and column for text), and apply the safe repairs to a copy. A rule that
raises becomes one `internal-error` finding; the other rules still run.
"""

import json
import logging
from functools import cache, lru_cache
from typing import Any

from pydantic import ValidationError

from aws_messaging_mcp.errors import InputError, UnknownIdError
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.inference import infer_resource_type
from aws_messaging_mcp.policy.models import (
    RESOURCE_TYPES,
    CheckResult,
    PolicyContext,
    ResourceType,
)
from aws_messaging_mcp.policy.parse import ParsedDocument, parse_object, parse_text
from aws_messaging_mcp.policy.rules import (
    INTERNAL_ERROR_RULE_ID,
    Issue,
    Rule,
    all_rules,
)

logger = logging.getLogger(__name__)

# The fields of one Finding, as plain data (see `check`).
FindingData = dict[str, Any]

# Never changed by the checker, so one empty context serves every call.
NO_CONTEXT = PolicyContext()

INTERNAL_ERROR_REFERENCE = (
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"
)


def check(
    policy: dict[str, Any] | str,
    resource_type: ResourceType | None = None,
    context: PolicyContext | None = None,
) -> CheckResult:
    """Check one policy document; see the module docstring for the steps."""
    parsed = _read(policy)
    context = _context(context)
    if resource_type is not None and resource_type not in RESOURCE_TYPES:
        raise UnknownIdError("resource_type", str(resource_type), RESOURCE_TYPES)
    inferred_from = None
    if resource_type is None:
        resource_type, inferred_from = infer_resource_type(parsed.value, context)
    checked = Policy(parsed, resource_type, context)
    findings, repairs = _run_rules(checked)
    # One validation of the whole result, from plain data: far cheaper than
    # building each finding, location and the summary as a model of its own.
    return CheckResult.model_validate(
        {
            "resource_type": resource_type,
            "resource_type_inferred": inferred_from is not None,
            "inferred_from": inferred_from,
            "findings": findings,
            "summary": summarize(findings),
            "repaired_policy": _repaired(parsed, repairs),
        }
    )


def _context(context: object) -> PolicyContext:
    """The context as a model; a plain dict (as in-process callers send) is read."""
    if context is None:
        return NO_CONTEXT
    if isinstance(context, dict):
        try:
            context = PolicyContext.model_validate(context)
        except ValidationError as error:
            raise InputError(f"context is not valid: {error}") from None
    if not isinstance(context, PolicyContext):
        kind = type(context).__name__
        raise InputError(f"context must be a PolicyContext or an object, not {kind}")
    return _encodable_context(context)


def _encodable_context(context: PolicyContext) -> PolicyContext:
    """The context, with any lone surrogate made '?' (findings may quote it)."""
    texts = [
        context.resource_arn or "",
        context.account_id or "",
        context.trusted_org_id or "",
        *context.trusted_accounts,
        context.dlq_for.source_arn if context.dlq_for else "",
    ]
    if "".join(texts).isascii():
        return context
    plain = json.dumps(context.model_dump(), ensure_ascii=False)
    return PolicyContext.model_validate_json(
        plain.encode("utf-8", errors="replace").decode("utf-8")
    )


def _read(policy: object) -> ParsedDocument:
    if isinstance(policy, str):
        return parse_text(policy)
    if isinstance(policy, dict):
        return parse_object(policy)
    raise InputError(
        f"policy must be a JSON object or a string holding one, not "
        f"{type(policy).__name__}"
    )


@cache
def applicable_rules(resource_type: ResourceType, parsed: bool) -> tuple[Rule, ...]:
    """The rules for a resource type; only those reading raw text if unparsed."""
    return tuple(
        rule
        for rule in all_rules()
        if resource_type in rule.resource_types and (parsed or rule.reads_unparsed)
    )


@lru_cache(maxsize=1024)
def rules_to_run(rules: tuple[Rule, ...], features: frozenset[str]) -> tuple[Rule, ...]:
    """The rules whose required feature (if any) the document has."""
    return tuple(
        rule for rule in rules if not rule.requires or rule.requires in features
    )


def _run_rules(policy: Policy) -> tuple[list[FindingData], list[Issue]]:
    raised: list[tuple[Rule, Issue] | FindingData] = []
    parsed = policy.parsed.fatal is None
    rules = applicable_rules(policy.resource_type, parsed)
    for rule in rules_to_run(rules, policy.features):
        try:
            issues = list(rule.check(policy))
        except Exception as error:  # one broken rule must not hide the others
            logger.debug("rule %s crashed", rule.id, exc_info=True)
            raised.append(_internal_error(rule, error))
            continue
        if issues:
            raised.extend([(rule, issue) for issue in issues])
    return _findings(raised, policy)


def _findings(
    raised: list[tuple[Rule, Issue] | FindingData], policy: Policy
) -> tuple[list[FindingData], list[Issue]]:
    """Findings in the order raised, located together (one scan of the text)."""
    if not raised:
        return [], []
    parsed = policy.parsed
    pointers = [
        item[1].pointer
        for item in raised
        if isinstance(item, tuple) and item[1].offset is None
    ]
    places = parsed.locate_all(pointers) if parsed.text is not None else {}
    findings, repairs = [], []
    for item in raised:
        if isinstance(item, dict):
            findings.append(item)
            continue
        rule, issue = item
        if issue.offset is not None:
            place: tuple[int, int] | None = parsed.line_column(issue.offset)
        else:
            place = places.get(issue.pointer)
        findings.append(_finding(rule, issue, place))
        if issue.repair is not None:
            repairs.append(issue)
    return findings, repairs


def _finding(rule: Rule, issue: Issue, place: tuple[int, int] | None) -> FindingData:
    """A Finding's fields; CheckResult validates them with the rest."""
    line, column = place if place is not None else (None, None)
    references = list(dict.fromkeys((rule.source_url, *issue.references)))
    return {
        "rule_id": rule.id,
        "category": rule.category,
        "severity": rule.severity,
        "message": issue.message,
        "location": {"pointer": issue.pointer, "line": line, "column": column},
        "fix": issue.fix or rule.fix,
        "references": references,
    }


def _internal_error(rule: Rule, error: Exception) -> FindingData:
    return {
        "rule_id": INTERNAL_ERROR_RULE_ID,
        "category": "internal-error",
        "severity": "error",
        "message": (
            f"rule {rule.id} ({rule.title}) failed with {type(error).__name__} "
            "and was skipped; the other rules ran. This is a checker bug, "
            "not a problem with the policy."
        ),
        "location": {"pointer": "", "line": None, "column": None},
        "fix": "Report this with the policy that caused it; check what this rule "
        "covers by hand meanwhile.",
        "references": [INTERNAL_ERROR_REFERENCE],
    }


def _repaired(parsed: ParsedDocument, repairs: list[Issue]) -> dict[str, Any] | None:
    """The document with every safe repair applied, or None if there is none."""
    if parsed.fatal is not None or not isinstance(parsed.value, dict):
        return None
    if not repairs and not parsed.repaired:
        return None
    # The value is the checker's own (decoded from the text, or from the
    # object's JSON) and the rules are done with it: repairs edit it in place.
    document: dict[str, Any] = parsed.value
    applied = parsed.repaired
    for issue in repairs:
        assert issue.repair is not None
        try:
            issue.repair(document)
            applied = True
        except (KeyError, IndexError, TypeError, ValueError):
            # The document changed shape under an earlier repair: skip this one.
            logger.debug("repair at %s skipped", issue.pointer, exc_info=True)
    return document if applied else None


def summarize(findings: list[FindingData]) -> dict[str, Any]:
    """A Summary's fields: counts by severity and by category."""
    severities = {"error": 0, "warning": 0, "info": 0}
    categories: dict[str, int] = {}
    for finding in findings:
        severities[finding["severity"]] += 1
        categories[finding["category"]] = categories.get(finding["category"], 0) + 1
    return {
        "total": len(findings),
        "errors": severities["error"],
        "warnings": severities["warning"],
        "infos": severities["info"],
        "by_category": dict(sorted(categories.items())),
    }
