"""JSON values written as HCL expressions, laid out the way `terraform fmt` does.

Objects keep their key order; keys that are not identifiers are quoted;
a run of single-line attributes has its `=` signs aligned, as `terraform fmt`
aligns them. Strings escape `${` and `%{`, which would otherwise start a
template (https://developer.hashicorp.com/terraform/language/expressions/strings).
"""

import json
import re
from typing import Any

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INDENT = "  "
INLINE_LIST_WIDTH = 60


def hcl_string(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("${", "$${").replace("%{", "%%{")


def hcl_key(key: str) -> str:
    return key if IDENTIFIER.match(key) else hcl_string(key)


def hcl_value(value: Any, depth: int = 0) -> str:
    """One HCL expression; nested objects and lists indent from `depth`."""
    if isinstance(value, dict):
        return _object(value, depth)
    if isinstance(value, list):
        return _list(value, depth)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return json.dumps(value)
    return hcl_string(str(value))


def attributes(entries: list[tuple[str, str]], depth: int) -> list[str]:
    """`key = value` lines, aligning runs of single-line values."""
    pad = INDENT * depth
    lines: list[str] = []
    run: list[tuple[str, str]] = []
    for key, value in entries:
        if "\n" in value:
            lines.extend(_aligned(run, pad))
            run = []
            lines.append(f"{pad}{key} = {value}")
        else:
            run.append((key, value))
    lines.extend(_aligned(run, pad))
    return lines


def _aligned(run: list[tuple[str, str]], pad: str) -> list[str]:
    width = max((len(key) for key, _ in run), default=0)
    return [f"{pad}{key.ljust(width)} = {value}" for key, value in run]


def _object(value: dict[str, Any], depth: int) -> str:
    if not value:
        return "{}"
    entries = [
        (hcl_key(str(key)), hcl_value(item, depth + 1)) for key, item in value.items()
    ]
    closing = INDENT * depth
    return "{\n" + "\n".join(attributes(entries, depth + 1)) + f"\n{closing}}}"


def _list(value: list[Any], depth: int) -> str:
    items = [hcl_value(item, depth + 1) for item in value]
    inline = "[" + ", ".join(items) + "]"
    if "\n" not in inline and len(inline) <= INLINE_LIST_WIDTH:
        return inline
    pad = INDENT * (depth + 1)
    body = "".join(f"{pad}{item},\n" for item in items)
    return f"[\n{body}{INDENT * depth}]"
