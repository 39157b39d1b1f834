"""PC003: the document is not an object holding a list of statements."""

from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import (
    POLICY_ELEMENTS,
    Policy,
    canonical_names,
    intended_name,
)
from aws_messaging_mcp.policy.parse import escape_pointer_segment
from aws_messaging_mcp.policy.repair import rename_key
from aws_messaging_mcp.policy.rules import Issue, Rule


class PolicyStructure(Rule):
    id = "PC003"
    title = "The policy is not an object with a Statement list"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "A policy is a JSON object whose only elements are Version, Id and "
        "Statement; Statement holds one statement object or a list of them. "
        "Services reject any other shape, and a misspelt element name is not "
        "ignored but refused."
    )
    fix = (
        'Shape the document as {"Version": "2012-10-17", "Statement": '
        "[{...}, ...]}, with each statement an object."
    )
    source_url = references.GRAMMAR
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        root = policy.root
        if not isinstance(root, dict):
            kind = type(root).__name__ if root is not None else "null"
            yield Issue(
                "", f"the policy is a JSON {_json_kind(root) or kind}, not an object"
            )
            return
        yield from _unknown_elements(root)
        names = canonical_names(root, POLICY_ELEMENTS)
        if "Id" in names and not isinstance(root[names["Id"]], str):
            yield Issue(
                f"/{escape_pointer_segment(names['Id'])}", "Id must be a string"
            )
        key = names.get("Statement")
        if key is None:
            yield Issue("", "the policy has no Statement element")
            return
        yield from _statement_shape(root[key], f"/{escape_pointer_segment(key)}")


def _json_kind(value: Any) -> str | None:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool | int | float):
        return "number or boolean"
    return None


def _unknown_elements(root: dict[str, Any]) -> Iterator[Issue]:
    names = canonical_names(root, POLICY_ELEMENTS)
    for key in root:
        if key in POLICY_ELEMENTS:
            continue
        pointer = f"/{escape_pointer_segment(key)}"
        target = intended_name(key, POLICY_ELEMENTS)
        if target is not None and names.get(target) == key:
            yield Issue(
                pointer,
                f"the policy element {key!r} is not recognized; element names "
                f"are case-sensitive: write {target!r}",
                fix=f"Rename {key!r} to {target!r}.",
                repair=rename_key(pointer, target),
            )
        else:
            yield Issue(
                pointer,
                f"the policy element {key!r} is not recognized; a policy holds "
                "only Version, Id and Statement",
                fix=f"Remove {key!r}, or move it into a statement if it belongs there.",
            )


def _statement_shape(element: Any, pointer: str) -> Iterator[Issue]:
    if isinstance(element, dict):
        return
    if not isinstance(element, list):
        yield Issue(pointer, "Statement must be a statement object or a list of them")
        return
    if not element:
        yield Issue(pointer, "Statement is an empty list; a policy needs a statement")
    for index, item in enumerate(element):
        if not isinstance(item, dict):
            yield Issue(
                f"{pointer}/{index}",
                f"statement {index} is a JSON {_json_kind(item) or 'null'}, "
                "not an object",
            )
