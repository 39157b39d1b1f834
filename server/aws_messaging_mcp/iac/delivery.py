"""Does a resource or key policy let a service deliver on behalf of one source?

A narrow evaluator for the scanner's cross-resource rules, not a full IAM
engine: it reads Allow statements only (a Deny can only take a grant away, so
ignoring Deny never invents a missing-grant finding), matches principals,
actions and resources with IAM's wildcards, and of the conditions decides
only `aws:SourceArn`, `aws:SourceAccount` and `aws:SourceOwner`, which a
delivering service sets (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
Any other condition is taken as met, and so is one whose value holds a
placeholder: the scanner never reports a missing grant it cannot be sure of.
"""

import json
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from aws_messaging_mcp.iac.placeholders import is_unresolved

SOURCE_KEYS = {"aws:sourcearn": "arn", "aws:sourceaccount": "account"}
SOURCE_KEYS["aws:sourceowner"] = "account"
_EXACT = ("stringequals", "stringequalsignorecase")
_NEGATED = ("stringnotequals", "stringnotlike", "arnnotequals", "arnnotlike")


@dataclass(frozen=True)
class Request:
    """One call a service makes: who, what, on which resource, for which source."""

    principal: str  # sns.amazonaws.com
    action: str  # sqs:SendMessage
    resource: str | None  # None for key policies, where Resource "*" is the key
    source_arn: str
    source_account: str


@dataclass
class Verdict:
    allowed: bool
    # aws:SourceArn values of statements that would allow the call for
    # another source: what the policy names instead of this sender.
    other_sources: list[str] = field(default_factory=list)


def statements(document: dict[str, Any] | str | None) -> list[dict[str, Any]] | None:
    """The statements of a document, or None when it cannot be read."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return None
    if not isinstance(document, dict):
        return None
    found = document.get("Statement")
    found = [found] if isinstance(found, dict) else found
    if not isinstance(found, list):
        return None
    return [item for item in found if isinstance(item, dict)]


def evaluate(document: dict[str, Any] | str | None, request: Request) -> Verdict | None:
    """Whether some Allow statement grants `request`; None if unreadable."""
    found = statements(document)
    if found is None:
        return None
    verdict = Verdict(allowed=False)
    for statement in found:
        if not _grants_regardless_of_source(statement, request):
            continue
        if _source_conditions_met(statement, request, verdict):
            verdict.allowed = True
    return verdict


def granted_sources(document: dict[str, Any] | str | None) -> list[str]:
    """The aws:SourceArn values that Allow statements of a document name."""
    found: list[str] = []
    for statement in statements(document) or []:
        conditions = statement.get("Condition")
        if statement.get("Effect") != "Allow" or not isinstance(conditions, dict):
            continue
        for operator, tests in conditions.items():
            if "not" in str(operator).lower() or not isinstance(tests, dict):
                continue
            for key, values in tests.items():
                if str(key).lower() == "aws:sourcearn":
                    found.extend(_texts(values))
    return list(dict.fromkeys(found))


def _grants_regardless_of_source(statement: dict[str, Any], request: Request) -> bool:
    if statement.get("Effect") != "Allow":
        return False
    return (
        _principal_matches(statement, request.principal)
        and _listed_or_not(statement, "Action", request.action, ignore_case=True)
        and _resource_matches(statement, request.resource)
    )


def _principal_matches(statement: dict[str, Any], service: str) -> bool:
    if "NotPrincipal" in statement:
        excluded = statement["NotPrincipal"]
        return not (isinstance(excluded, dict) and service in _texts(excluded))
    principal = statement.get("Principal")
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    listed = [*_texts(principal.get("AWS")), *_texts(principal.get("Service"))]
    return "*" in listed or service.lower() in (item.lower() for item in listed)


def _listed_or_not(
    statement: dict[str, Any], key: str, value: str, *, ignore_case: bool
) -> bool:
    """`value` matches `key` (e.g. Action), or is not excluded by `Not<key>`."""
    if key in statement:
        return _any_match(value, _texts(statement[key]), ignore_case)
    if f"Not{key}" in statement:
        return not _any_match(value, _texts(statement[f"Not{key}"]), ignore_case)
    return False


def _resource_matches(statement: dict[str, Any], resource: str | None) -> bool:
    if resource is None or (
        "Resource" not in statement and "NotResource" not in statement
    ):
        return True
    return _listed_or_not(statement, "Resource", resource, ignore_case=False)


def _source_conditions_met(
    statement: dict[str, Any], request: Request, verdict: Verdict
) -> bool:
    conditions = statement.get("Condition")
    if not isinstance(conditions, dict):
        return True
    met = True
    for operator, tests in conditions.items():
        if not isinstance(tests, dict):
            continue
        for key, values in tests.items():
            kind = SOURCE_KEYS.get(str(key).lower())
            if kind is None or is_unresolved(values):
                continue
            actual = request.source_arn if kind == "arn" else request.source_account
            if not _condition_holds(str(operator), _texts(values), actual):
                met = False
                if kind == "arn":
                    verdict.other_sources.extend(_texts(values))
    return met


def _condition_holds(operator: str, values: list[str], actual: str) -> bool:
    name = operator.lower().split(":", 1)[-1].removesuffix("ifexists")
    if name == "null":
        return "false" in (value.lower() for value in values)
    if name in _NEGATED:
        return not _any_match(actual, values, ignore_case=False, exact="equals" in name)
    if name in _EXACT:
        return _any_match(
            actual, values, ignore_case=name.endswith("ignorecase"), exact=True
        )
    if name.startswith(("string", "arn")):
        return _any_match(actual, values, ignore_case=False)
    return True  # another type of test on these keys is the checker's concern


def _any_match(
    value: str, patterns: list[str], ignore_case: bool, exact: bool = False
) -> bool:
    if ignore_case:
        value = value.lower()
        patterns = [pattern.lower() for pattern in patterns]
    if exact:
        return value in patterns
    # IAM wildcards are * and ? only: a "[" is literal. A placeholder matches.
    return any(
        is_unresolved(pattern) or fnmatchcase(value, pattern.replace("[", "[[]"))
        for pattern in patterns
    )


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    return []
