"""What a condition means: operators, values, and when a condition narrows.

IAM semantics this module relies on
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):

- Keys under one operator, and operators in one block, are ANDed; the values
  of one key are ORed.
- A plain operator is false when the key is absent from the request; its
  `...IfExists` form is true then; a negated operator (`StringNotEquals`,
  `ArnNotLike`, `NotIpAddress`, ...) is true then.
- `ForAllValues:` is true when the key is absent or empty, so it never
  narrows; `ForAnyValue:` is false then
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
- `*` and `?` are wildcards only under the `...Like` operators and the ARN
  operators (`ArnEquals` behaves as `ArnLike`); elsewhere they are literal.
- ARN matching compares the six colon-separated parts one by one, and is
  case-sensitive, as are all condition values.

"Narrows" is the contract of POLICY-CATEGORIES: a condition narrows a
statement when its operator is not negated, matches the key's type, and
tests one of `NARROWING_KEYS` with values that are not bare wildcards.
"""

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from aws_messaging_mcp.policy.arn import Arn, try_parse_arn
from aws_messaging_mcp.policy.catalogue import KeyInfo, key_info, key_verdict
from aws_messaging_mcp.policy.parse import escape_pointer_segment as escape_segment
from aws_messaging_mcp.policy.wildcards import wildcard_match

# Operator families, and the key types each can compare.
_FAMILIES = {
    "String": (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    ),
    "Numeric": (
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
    ),
    "Date": (
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
    ),
    "Bool": ("Bool",),
    "Binary": ("BinaryEquals",),
    "IpAddress": ("IpAddress", "NotIpAddress"),
    "Arn": ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"),
    "Null": ("Null",),
}
# Which key types an operator family can test without being always false.
FAMILY_KEY_TYPES = {
    # Text comparison works on booleans, numbers and dates written as text,
    # but not on addresses: a CIDR compared as text never matches an address.
    "String": frozenset({"String", "ARN", "Bool", "Numeric", "Date"}),
    # Some keys of type String hold ARNs (kms:GranteePrincipal); a value that
    # is not an ARN is what makes an Arn operator fail, checked on its own.
    "Arn": frozenset({"ARN", "String"}),
    # aws:EpochTime is a Date key that takes Numeric operators too.
    "Numeric": frozenset({"Numeric", "Date"}),
    "Date": frozenset({"Date"}),
    "Bool": frozenset({"Bool"}),
    "Binary": frozenset({"Binary"}),
    "IpAddress": frozenset({"IPAddress"}),
    "Null": frozenset(
        {"String", "ARN", "Bool", "Numeric", "Date", "IPAddress", "Binary"}
    ),
}

NARROWING_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOwner",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:userid",
        "kms:CallerAccount",
        "aws:SourceIp",
    )
)
# Keys whose real values never hold '*' or '?': a literal wildcard in an exact
# comparison with one of these can never match.
IDENTIFIER_KEYS = NARROWING_KEYS | frozenset(
    key.lower()
    for key in (
        "aws:ResourceAccount",
        "aws:ResourceOrgID",
        "aws:VpceAccount",
        "aws:VpceOrgID",
        "aws:PrincipalType",
        "aws:PrincipalServiceName",
        "aws:SecureTransport",
        "sts:ExternalId",
    )
)
WILDCARD_CHARACTERS = ("*", "?")


# One instance per operator (see OPERATORS), so identity is equality; hashing
# by identity keeps the look-ups cached by operator cheap.
@dataclass(frozen=True, slots=True, eq=False)
class Operator:
    """One condition operator, decomposed."""

    name: str  # AWS's spelling, e.g. 'ForAnyValue:StringLikeIfExists'
    base: str  # 'StringLike'
    family: str  # 'String'
    negated: bool
    wildcards: bool  # '*' and '?' match text
    if_exists: bool
    set_operator: str | None  # 'ForAllValues', 'ForAnyValue' or None
    # Derived from the above once, when the table is built: checks ask often.
    # An exact String operator: '*' and '?' are taken literally.
    exact_string: bool = field(init=False)
    # When the key is present, a value must match (not negated, not
    # ForAllValues, and a String or ARN comparison).
    asserts: bool = field(init=False)
    # The key must be present and a value match.
    positive: bool = field(init=False)

    def __post_init__(self) -> None:
        derived = {
            "exact_string": self.family == "String" and not self.wildcards,
            "asserts": not self.negated
            and self.set_operator != "ForAllValues"
            and self.family in ("String", "Arn"),
            "positive": not self.negated
            and not self.if_exists
            and self.set_operator != "ForAllValues"
            and self.family != "Null",
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


def _build_operators() -> dict[str, Operator]:
    table = {}
    for family, bases in _FAMILIES.items():
        for base in bases:
            negated = "Not" in base
            wildcards = base.endswith("Like") or family == "Arn"
            for set_operator in (None, "ForAllValues", "ForAnyValue"):
                for if_exists in (False, True):
                    if if_exists and family == "Null":
                        continue
                    name = (f"{set_operator}:" if set_operator else "") + base
                    name += "IfExists" if if_exists else ""
                    table[name.lower()] = Operator(
                        name,
                        base,
                        family,
                        negated,
                        wildcards,
                        if_exists,
                        set_operator,
                    )
    return table


OPERATORS = _build_operators()


def operator(name: str) -> Operator | None:
    """The operator `name` spells, compared without regard to case."""
    return OPERATORS.get(name.lower())


@lru_cache(maxsize=1024)
def intended_operator(name: str) -> Operator | None:
    """The one operator a misspelt name is close to ('StringEqual'), or None."""
    match = difflib.get_close_matches(name.lower(), list(OPERATORS), n=1, cutoff=0.85)
    return OPERATORS[match[0]] if match else None


def condition_values(raw: Any) -> tuple[str, ...] | None:
    """The values of one key as IAM reads them; None when they are not scalars.

    IAM accepts JSON booleans and numbers as values and compares their text.
    """
    if isinstance(raw, str):
        return (raw,)
    items = raw if isinstance(raw, list) else [raw]
    values = []
    for item in items:
        if isinstance(item, bool):
            values.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            values.append(str(item))
        else:
            return None
    return tuple(values)


# Parsing an ARN is cheap, but the same few ARNs are parsed by many rules;
# Arn is frozen, so a cached one can be shared.
arn_of = lru_cache(maxsize=4096)(try_parse_arn)


def string_like(pattern: str, value: str) -> bool:
    """`StringLike`: '*' any text, '?' any one character, case-sensitive."""
    return wildcard_match(pattern, value)


def arn_like(pattern: str, value: str) -> bool:
    """`ArnLike`: each of the six ARN parts matched on its own, with wildcards."""
    if pattern == "*":
        return True
    pattern_parts = pattern.split(":", 5)
    value_parts = value.split(":", 5)
    if len(pattern_parts) != 6 or len(value_parts) != 6:
        return False
    return all(
        string_like(wanted, actual)
        for wanted, actual in zip(pattern_parts, value_parts, strict=True)
    )


def is_arn_operand(value: str) -> bool:
    """A value an ARN operator can match: an ARN, '*', or a policy variable."""
    return value == "*" or "${" in value or arn_of(value) is not None


def is_bare_wildcard(value: str) -> bool:
    """'*', '**', '?*': a value that matches anything (under a Like operator)."""
    return bool(value) and not value.strip("*?")


def has_wildcard(value: str) -> bool:
    return "*" in value or "?" in value


# The account-less services: their ARNs name no account, so aws:SourceArn
# cannot pin one (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
ACCOUNTLESS_SERVICES = frozenset({"s3", "route53"})


@lru_cache(maxsize=4096)
def arn_matches_every_resource(value: str) -> bool:
    """True for '*', 'arn:aws:sns:*:*:*', 'arn:aws:s3:::*': any account's any."""
    if is_bare_wildcard(value):
        return True
    arn = arn_of(value)
    if arn is None:
        return False
    account_open = arn.account in ("", "*") or is_bare_wildcard(arn.account)
    name = arn.resource.rpartition("/")[2] if "/" in arn.resource else arn.resource
    return account_open and (is_bare_wildcard(name) or name == "")


def source_arn_account_open(arn: Arn) -> bool:
    """An aws:SourceArn pattern whose account part any account can satisfy."""
    return arn.account == "" or has_wildcard(arn.account)


class ConditionTest:
    """One key tested by one operator in a statement's Condition block.

    What the rules ask of every test (is the key known, can the test ever
    hold, does it narrow) is worked out once, here; the pointer is built only
    when a finding needs it.
    """

    __slots__ = (
        "_base",
        "info",
        "key",
        "key_lower",
        "key_unknown",
        "kill_reason",
        "narrows",
        "operator",
        "operator_name",
        "routine",
        "values",
    )

    def __init__(
        self,
        operator_name: str,
        key: str,
        values: tuple[str, ...],
        base: str,
        found: Operator | None,
    ) -> None:
        self.operator_name = operator_name
        self.key = key
        self.values = values
        self._base = base  # the pointer of the Condition block
        self.operator = found
        (
            self.key_lower,
            self.info,
            self.key_unknown,
            self.kill_reason,
            self.narrows,
            self.routine,
        ) = _facts(found, operator_name, key, values)

    @property
    def pointer(self) -> str:
        return "/".join(
            (self._base, escape_segment(self.operator_name), escape_segment(self.key))
        )

    def matches(self, actual: str | None) -> bool | None:
        """Whether this test holds for one request value (None: key absent).

        Returns None where the answer needs what this module does not model
        (dates, numbers, IP ranges, binary).
        """
        op = self.operator
        if op is None:
            return None
        if actual is None:
            if op.family == "Null":
                return any(value.lower() == "true" for value in self.values)
            return op.negated or op.if_exists or op.set_operator == "ForAllValues"
        if op.family == "Null":
            return any(value.lower() == "false" for value in self.values)
        hit = self._value_hit(op, actual)
        if hit is None:
            return None
        return not hit if op.negated else hit

    def _value_hit(self, op: Operator, actual: str) -> bool | None:
        if op.family == "Arn":
            return any(arn_like(value, actual) for value in self.values)
        if op.family == "Bool":
            return any(value.lower() == actual.lower() for value in self.values)
        if op.family != "String":
            return None
        if op.wildcards:
            return any(string_like(value, actual) for value in self.values)
        if op.base.endswith("IgnoreCase"):
            return any(value.lower() == actual.lower() for value in self.values)
        return actual in self.values


@lru_cache(maxsize=4096)
def routine_test(operator_name: str, key: str, values: tuple[str, ...]) -> bool:
    """True when no condition rule (PC501 to PC506, PC601 to PC603) can object.

    That is: the operator is spelt right (case aside), has no set prefix and
    fits the catalogued key's type; an exact operator compares neither an ARN
    key nor a wildcard; an ARN operator compares ARNs; and the key is not
    aws:SecureTransport or a misspelling of it. The checker skips those rules
    for a document of routine tests; a test holds this to their verdicts.
    """
    op = operator(operator_name)
    info = key_info(key)
    if op is None or info is None or op.set_operator is not None:
        return False
    if info.type not in FAMILY_KEY_TYPES[op.family]:
        return False
    if op.exact_string and (info.type == "ARN" or any(map(has_wildcard, values))):
        return False
    if op.family == "Arn" and not all(map(is_arn_operand, values)):
        return False
    # The transport rules test aws:SecureTransport, or keys misspelt from it;
    # of the catalogued keys, only the key itself.
    return info.name.lower() != "aws:securetransport"


Facts = tuple[str, KeyInfo | None, bool, str | None, bool, bool]


@lru_cache(maxsize=4096)
def _facts(
    op: Operator | None, operator_name: str, key: str, values: tuple[str, ...]
) -> Facts:
    """What the rules ask of a test, worked out once per distinct test."""
    key_lower = key.lower()
    info = key_info(key)
    unknown = info is None and key_verdict(key) == "unknown"
    kill_reason = _kill_reason(op, key_lower, info, unknown, values)
    narrows = kill_reason is None and _narrows(op, key_lower, values)
    routine = routine_test(operator_name, key, values)
    return key_lower, info, unknown, kill_reason, narrows, routine


def _kill_reason(
    op: Operator | None,
    key_lower: str,
    info: KeyInfo | None,
    unknown: bool,
    values: tuple[str, ...],
) -> str | None:
    """Why a test can never be true, making its statement dead; or None."""
    if op is None:
        return None
    if unknown:
        if op.family == "Null":
            absent_required = all(value.lower() == "false" for value in values)
            return "the key does not exist" if absent_required else None
        return "the key does not exist" if op.positive else None
    if not op.positive:
        return None
    return _never_matches(op, key_lower, info, values)


def _never_matches(
    op: Operator, key_lower: str, info: KeyInfo | None, values: tuple[str, ...]
) -> str | None:
    if info is not None and info.type not in FAMILY_KEY_TYPES[op.family]:
        return f"{op.base} cannot compare a key of type {info.type}"
    if op.family == "Bool" and not any(
        value.lower() in ("true", "false") for value in values
    ):
        return "Bool values are 'true' or 'false'"
    if op.family == "Arn" and not any(
        value == "*" or arn_of(value) is not None for value in values
    ):
        return "no value is an ARN"
    literal = op.exact_string and key_lower in IDENTIFIER_KEYS
    if literal and all(has_wildcard(value) for value in values):
        return f"{op.base} takes '*' and '?' literally"
    return None


def _narrows(op: Operator | None, key_lower: str, values: tuple[str, ...]) -> bool:
    """The contract's 'narrows': a positive, type-matched, non-wildcard test.

    Called only for a test that can hold.
    """
    if op is None or key_lower not in NARROWING_KEYS:
        return False
    if op.negated or op.if_exists or op.family == "Null":
        return False
    if op.set_operator == "ForAllValues":
        return False
    if key_lower == "aws:sourceip":
        return op.family == "IpAddress" and all(
            not value.endswith("/0") for value in values
        )
    if op.family not in ("String", "Arn"):
        return False
    if any(is_bare_wildcard(value) for value in values):
        return False
    if key_lower == "aws:sourcearn":
        return all(_source_arn_narrows(value) for value in values)
    return True


def _source_arn_narrows(value: str) -> bool:
    """An aws:SourceArn value narrows with a fixed account, or names S3."""
    arn = arn_of(value)
    if arn is None:
        return not is_bare_wildcard(value)
    if arn.service in ACCOUNTLESS_SERVICES:
        return True
    return not source_arn_account_open(arn)
