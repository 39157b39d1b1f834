"""Merging generated statements into an existing policy, idempotently.

The generator owns exactly the statements whose Sid starts with `SID_PREFIX`.
Merging keeps every other statement as it is and in its place, drops the
owned ones, and appends the new ones; so running the generator on its own
output, with the same input, gives the same document again.
"""

import json
from collections.abc import Sequence
from typing import Any

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy.generate.statements import SID_PREFIX, Statement

Document = dict[str, Any]

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_LEVEL_KEYS = ("Version", "Id", "Statement")


def existing_document(existing: Document | str | None) -> Document | None:
    """The existing policy as an object; an InputError if it cannot be one."""
    if existing is None:
        return None
    if isinstance(existing, str):
        existing = _parse(existing)
    if not isinstance(existing, dict):
        raise InputError("existing_policy must be a JSON object with a Statement")
    unknown = sorted(set(existing) - set(TOP_LEVEL_KEYS))
    if unknown:
        raise InputError(
            f"existing_policy has top-level key(s) {', '.join(unknown)}; a policy "
            "holds only Version, Id and Statement"
        )
    for number, statement in enumerate(existing_statements(existing), start=1):
        if not isinstance(statement, dict):
            raise InputError(
                f"existing_policy statement {number} is not an object; fix or remove it"
            )
    return existing


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"existing_policy is not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg}); pass the policy document as JSON, or "
            "check it with check_policy first"
        ) from None


def existing_statements(document: Document) -> list[Any]:
    """Statement as a list; SQS and SNS also accept a single statement object."""
    statements = document.get("Statement", [])
    return statements if isinstance(statements, list) else [statements]


def is_owned(statement: Any) -> bool:
    sid = statement.get("Sid") if isinstance(statement, dict) else None
    return isinstance(sid, str) and sid.startswith(SID_PREFIX)


def merge(
    existing: Document | None, generated: Sequence[Statement]
) -> tuple[Document, list[str], list[str]]:
    """The merged policy, one explanation line per statement, and assumptions."""
    kept = [s for s in existing_statements(existing or {}) if not is_owned(s)]
    version, assumptions = _version(existing)
    document: Document = {"Version": version}
    if existing and "Id" in existing:
        document["Id"] = existing["Id"]
    document["Statement"] = [*kept, *(statement.document for statement in generated)]
    explanation = [_kept_line(number, s) for number, s in enumerate(kept, start=1)]
    explanation.extend(statement.explanation for statement in generated)
    return document, explanation, assumptions


def _version(existing: Document | None) -> tuple[str, list[str]]:
    version = (existing or {}).get("Version")
    if version in VERSIONS:
        return str(version), []
    if existing is None or version is None:
        return VERSIONS[0], []
    return VERSIONS[0], [
        f"existing_policy had Version {version!r}, which SQS and SNS reject; the "
        f"merged policy uses {VERSIONS[0]}."
    ]


def _kept_line(number: int, statement: Document) -> str:
    sid = statement.get("Sid")
    name = sid if isinstance(sid, str) and sid else f"existing statement {number}"
    return f"{name}: kept unchanged from existing_policy (not managed here)."
