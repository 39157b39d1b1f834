"""Fast, case-insensitive look-ups over the IAM catalogue in `knowledge.iam`.

IAM compares action names and condition key names without regard to case
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
so every table here is keyed by the lower-case name and keeps AWS's spelling
for messages. The tables are built once, on first use, and every answer for
a given name is cached: the checker asks the same few questions of almost
every policy.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from aws_messaging_mcp.knowledge import iam
from aws_messaging_mcp.policy.wildcards import wildcard_match

KeyVerdict = Literal["known", "unknown", "unverifiable"]
ActionVerdict = Literal["known", "unknown", "malformed", "unverifiable"]

_ACTION_SHAPE = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$")
# Keys whose placeholder part (${TagKey}, <key>) stands for any text.
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|<[^>]*>")


# Finding the name a misspelling meant (difflib) takes up to a millisecond a
# name. One check may look up this many distinct names, so that a document
# holding thousands of misspellings is still checked fast; past it, a name is
# reported without a suggestion (and a misspelt operator is read as unknown).
# No policy within the service quotas comes near it.
SUGGESTION_LIMIT = 64


class SpellingBudget:
    """The distinct names one check may still look up a close spelling for."""

    def __init__(self, limit: int = SUGGESTION_LIMIT) -> None:
        self.limit = limit
        self.asked: set[str] = set()

    def allows(self, name: str) -> bool:
        """True for a name already looked up, or while the budget lasts."""
        if name in self.asked:
            return True
        if len(self.asked) >= self.limit:
            return False
        self.asked.add(name)
        return True


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A condition key as the catalogue defines it."""

    name: str
    type: str = "String"
    multivalued: bool = False


@dataclass(frozen=True, slots=True)
class Catalogue:
    actions: dict[str, dict[str, str]]  # prefix -> lower name -> AWS spelling
    prefixes: frozenset[str]
    keys: dict[str, KeyInfo]  # lower-case key -> info
    key_templates: tuple[tuple[str, KeyInfo], ...]  # lower-case prefix -> info
    key_prefixes: frozenset[str]  # prefixes whose keys are all catalogued
    sns_topic_actions: frozenset[str]  # lower-case names without "sns:"


def _base_type(types: list[str]) -> tuple[str, bool]:
    """'ArrayOfARN' is a multivalued ARN key; the first type listed decides."""
    first = types[0]
    if first.startswith("ArrayOf"):
        return first.removeprefix("ArrayOf"), True
    return first, False


def _add_key(
    keys: dict[str, KeyInfo],
    templates: dict[str, KeyInfo],
    name: str,
    info: KeyInfo,
) -> None:
    placeholder = _PLACEHOLDER.search(name)
    if placeholder is None:
        keys.setdefault(name.lower(), info)
    else:
        templates.setdefault(name[: placeholder.start()].lower(), info)


@cache
def catalogue() -> Catalogue:
    """The look-up tables, built from the knowledge data once."""
    keys: dict[str, KeyInfo] = {}
    templates: dict[str, KeyInfo] = {}
    for key in iam.global_condition_keys().keys:
        key_type = _base_type([key.type])[0]
        info = KeyInfo(key.name, key_type, key.multivalued)
        _add_key(keys, templates, key.name, info)
    actions: dict[str, dict[str, str]] = {}
    for prefix, service in iam.iam_services().items():
        actions[prefix] = {
            action.name.lower(): action.name for action in service.actions
        }
        for condition_key in service.condition_keys:
            key_type, multivalued = _base_type(list(condition_key.types))
            info = KeyInfo(condition_key.name, key_type, multivalued)
            _add_key(keys, templates, condition_key.name, info)
    key_prefixes = {"aws", "saml", *actions}
    topic = iam.sns_topic_policy_actions()
    # SNS's own older default topic policy names sns:Receive, which the
    # reference lacks; SNS accepts it, so it is no typo.
    for name in topic.accepted_legacy:
        actions["sns"].setdefault(name.lower(), name)
    return Catalogue(
        actions=actions,
        prefixes=frozenset(iam.service_prefixes().prefixes),
        keys=keys,
        key_templates=tuple(sorted(templates.items(), key=lambda item: -len(item[0]))),
        key_prefixes=frozenset(key_prefixes),
        sns_topic_actions=frozenset(
            name.lower() for name in (*topic.actions, *topic.accepted_legacy)
        ),
    )


@lru_cache(maxsize=4096)
def key_info(key: str) -> KeyInfo | None:
    """The catalogued key `key` names, case-insensitively, or None."""
    tables = catalogue()
    lowered = key.lower()
    found = tables.keys.get(lowered)
    if found is not None:
        return found
    for prefix, info in tables.key_templates:
        if lowered.startswith(prefix) and len(lowered) > len(prefix):
            return info
    return None


@lru_cache(maxsize=4096)
def key_verdict(key: str) -> KeyVerdict:
    """Whether `key` exists: 'unverifiable' for services the catalogue lacks."""
    if key_info(key) is not None:
        return "known"
    prefix, colon, name = key.partition(":")
    if not colon or not prefix or not name or prefix != prefix.strip():
        return "unknown"
    prefix = prefix.lower()
    tables = catalogue()
    if prefix in tables.key_prefixes:
        return "unknown"
    # Web identity and SAML providers name their keys after the provider's
    # host (token.actions.githubusercontent.com:sub); those cannot be listed.
    if prefix in tables.prefixes or "." in prefix or "/" in prefix:
        return "unverifiable"
    return "unknown"


@lru_cache(maxsize=4096)
def suggest_key(key: str) -> str | None:
    """The catalogued key `key` was most likely meant to be, if one is close."""
    candidates = _key_spellings()
    match = difflib.get_close_matches(key.lower(), list(candidates), n=1, cutoff=0.8)
    return candidates[match[0]] if match else None


@cache
def _key_spellings() -> dict[str, str]:
    """Every catalogued key, lower case, to AWS's spelling."""
    return {info.name.lower(): info.name for info in catalogue().keys.values()}


@lru_cache(maxsize=4096)
def expand_action(action: str) -> tuple[str, ...]:
    """Catalogued 'prefix:name' actions (lower case) that `action` matches."""
    lowered = action.lower()
    if lowered == "*":
        return tuple(
            f"{prefix}:{name}"
            for prefix, names in catalogue().actions.items()
            for name in names
        )
    prefix, _, name = lowered.partition(":")
    names = catalogue().actions.get(prefix, {})
    if "*" not in name and "?" not in name:
        return (lowered,) if name in names else ()
    return tuple(f"{prefix}:{known}" for known in names if wildcard_match(name, known))


@lru_cache(maxsize=4096)
def action_verdict(action: str) -> ActionVerdict:
    """Whether `action` names a real action (or a pattern that matches one)."""
    if action == "*":
        return "known"
    if not _ACTION_SHAPE.match(action):
        return "malformed"
    prefix = action.partition(":")[0].lower()
    tables = catalogue()
    if prefix in tables.actions:
        return "known" if expand_action(action) else "unknown"
    return "unverifiable" if prefix in tables.prefixes else "unknown"


def action_service(action: str) -> str | None:
    """The lower-case service prefix of an action, or None for '*' or junk."""
    prefix, colon, _ = action.partition(":")
    return prefix.lower() if colon and prefix else None


@lru_cache(maxsize=4096)
def suggest_action(action: str) -> str | None:
    """The real action `action` was most likely meant to be, in AWS's spelling."""
    prefix, _, name = action.partition(":")
    names = catalogue().actions.get(prefix.lower())
    if not names or not name:
        return None
    lowered = name.lower()
    # Batch APIs are authorized by their single-message action.
    if lowered.endswith("batch") and lowered.removesuffix("batch") in names:
        return f"{prefix}:{names[lowered.removesuffix('batch')]}"
    match = difflib.get_close_matches(lowered, list(names), n=1, cutoff=0.8)
    return f"{prefix}:{names[match[0]]}" if match else None


def is_sns_topic_action(action: str) -> bool:
    """True when a topic policy may hold `action` (an 'sns:' name, any case)."""
    name = action.partition(":")[2].lower()
    return name in catalogue().sns_topic_actions
