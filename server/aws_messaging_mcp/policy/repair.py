"""Edits that rules offer as safe repairs, addressed by JSON pointer.

Each function returns a `Repair`: a closure the checker applies to a copy of
the document. Repairs only replace values or rename keys in place, so the
pointers of other findings stay valid while they are applied one by one.
"""

from collections.abc import Callable
from typing import Any

Repair = Callable[[Any], None]


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def resolve(document: Any, pointer: str) -> Any:
    """The value at an RFC 6901 pointer; KeyError or IndexError if absent."""
    value = document
    for segment in pointer.split("/")[1:]:
        token = _unescape(segment)
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def _parent(document: Any, pointer: str) -> tuple[Any, str | int]:
    head, _, last = pointer.rpartition("/")
    container = resolve(document, head)
    token = _unescape(last)
    return container, int(token) if isinstance(container, list) else token


def set_value(pointer: str, value: Any) -> Repair:
    """Replace the value at `pointer`."""

    def repair(document: Any) -> None:
        container, token = _parent(document, pointer)
        container[token] = value

    return repair


def rename_key(pointer: str, new_name: str) -> Repair:
    """Rename the member at `pointer`, keeping its value; refuse to overwrite."""

    def repair(document: Any) -> None:
        container, token = _parent(document, pointer)
        if not isinstance(container, dict) or new_name in container:
            raise ValueError(f"cannot rename {pointer} to {new_name}")
        container[new_name] = container.pop(token)

    return repair


def replace_string(pointer: str, old: str, new: str) -> Repair:
    """Replace `old` by `new` in a string element or a list of strings."""

    def repair(document: Any) -> None:
        container, token = _parent(document, pointer)
        value = container[token]
        if isinstance(value, list):
            container[token] = [new if item == old else item for item in value]
        elif value == old:
            container[token] = new
        else:
            raise ValueError(f"{pointer} no longer holds {old!r}")

    return repair
