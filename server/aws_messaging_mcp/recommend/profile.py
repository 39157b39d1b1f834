"""The requirement profile the rules are evaluated on.

Structured fields are taken as given; the description fills in only the
fields they leave open. Each value remembers where it came from, so that
reasons can quote the input they answer.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from aws_messaging_mcp.knowledge.recommend_models import REQUIREMENT_FIELDS
from aws_messaging_mcp.recommend.extract import (
    CompiledTerm,
    Reading,
    Value,
    read_description,
)
from aws_messaging_mcp.recommend.models import Requirements


@dataclass(frozen=True)
class Profile:
    """Requirement values by field, and what the description said about them:
    `read` (used), `overridden` (contradicted by a structured field) and
    `described` (every field it mentioned)."""

    values: Mapping[str, Value]
    read: Mapping[str, Reading] = field(default_factory=dict)
    overridden: Mapping[str, Reading] = field(default_factory=dict)
    described: frozenset[str] = frozenset()

    def get(self, name: str) -> Value | None:
        return self.values.get(name)

    def with_value(self, name: str, value: Value) -> "Profile":
        """The same profile with one more requirement (for what-if probes)."""
        return replace(self, values={**self.values, name: value})

    def describe(self, name: str) -> str:
        """'replay = true', with the description's words when it was read."""
        text = f"{name} = {format_value(self.values[name])}"
        reading = self.read.get(name)
        if reading is not None:
            text += f' (read from "{reading.evidence}")'
        return text


def format_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return ", ".join(sorted(value))
    if isinstance(value, float):
        whole = value == int(value) or value >= 1000
        return f"{value:,.0f}" if whole else f"{value:,.4g}"
    return value


def _structured(requirements: Requirements) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for name in REQUIREMENT_FIELDS:
        given = getattr(requirements, name)
        if given is None:
            continue
        if isinstance(given, list):
            values[name] = frozenset(given)
        elif isinstance(given, int) and not isinstance(given, bool):
            values[name] = float(given)
        else:
            values[name] = given
    return values


def build_profile(
    requirements: Requirements, terms: tuple[CompiledTerm, ...]
) -> Profile:
    """Merge the structured fields with what the description says."""
    values = _structured(requirements)
    if not requirements.description:
        return Profile(values)
    readings = read_description(requirements.description, terms)
    read = {name: reading for name, reading in readings.items() if name not in values}
    overridden = {
        name: reading
        for name, reading in readings.items()
        if name in values and values[name] != reading.value
    }
    values.update({name: reading.value for name, reading in read.items()})
    return Profile(values, read, overridden, frozenset(readings))
