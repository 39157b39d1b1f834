"""The parsed policy as rules see it: statements, principals, conditions.

A `Policy` is built once per check from the parsed document and handed to
every rule. Each `Statement` normalizes the IAM grammar (a string or a list
for Action, Resource and principal values; `Statement` as an object or a
list) and keeps the JSON pointer of each element, so a rule can say where a
problem is. Elements of the wrong shape normalize to empty: the schema rules
report them, and the other rules see a statement that grants nothing there.

The derived facts that several rules share (is the statement dead, is it
narrowed, is it public) are worked out once, as the statement is read; the
policy flags what the document holds, so that rules which cannot apply to it
are not run.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from typing import Any

from aws_messaging_mcp.policy.actions import routine_action
from aws_messaging_mcp.policy.arn import is_account_id
from aws_messaging_mcp.policy.catalogue import SpellingBudget
from aws_messaging_mcp.policy.conditions import (
    ConditionTest,
    arn_of,
    condition_values,
    intended_operator,
    operator,
)
from aws_messaging_mcp.policy.models import PolicyContext, ResourceType
from aws_messaging_mcp.policy.parse import ParsedDocument, escape_pointer_segment
from aws_messaging_mcp.policy.shape import (
    resource_shape_ok,
    root_shape_ok,
    strings_ok,
    valid_aws_principal,
    valid_service_principal,
)

PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")
STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
POLICY_ELEMENTS = ("Version", "Id", "Statement")
_STATEMENT_ELEMENT_SET = frozenset(STATEMENT_ELEMENTS)
_PRINCIPAL_TYPE_SET = frozenset(PRINCIPAL_TYPES)
RESOURCE_POLICY_TYPES: frozenset[ResourceType] = frozenset(
    {"sqs", "sns", "eventbridge-bus"}
)
# What a document may hold that a rule requires (`Rule.requires`): the
# checker runs a rule only if `Policy.features` has its requirement.
FEATURES = (
    "has_syntax_faults",
    "has_several_statements",
    "is_dead_letter_queue",
    "has_misspelt_elements",
    "has_open_principals",
    "has_not_principals",
    "has_service_or_open_principals",
    "has_account_principals",
    "has_wildcard_resources",
    "has_unusual_actions",
    "has_unusual_conditions",
    "shape_suspect",
)


def canonical_names(present: Iterable[str], known: tuple[str, ...]) -> dict[str, str]:
    """Map each known element name to the key the document spells it with.

    A key that is not exact is matched without regard to case, then to one
    close spelling ('Actions' for 'Action'), unless the exact name is also
    present. Rules read the statement as if the spelling were right, which is
    its smallest repair; the schema rules report the misspelling.
    """
    keys = list(present)
    names = {key: key for key in keys if key in known}
    if len(names) == len(keys):
        return names
    for key in keys:
        if key in names.values():
            continue
        target = intended_name(key, known)
        if target is not None and target not in names:
            names[target] = key
    return names


@lru_cache(maxsize=1024)
def intended_name(key: str, known: tuple[str, ...]) -> str | None:
    """The known element name `key` most likely means, or None."""
    for name in known:
        if name.lower() == key.lower():
            return name
    lowered = {name.lower(): name for name in known}
    match = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.8)
    return lowered[match[0]] if match else None


def as_strings(value: Any) -> tuple[str, ...]:
    """The strings of an element that may be one string or a list of them."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        if all(map(isinstance, value, repeat(str))):
            return tuple(value)
        return tuple([item for item in value if isinstance(item, str)])
    return ()


@lru_cache(maxsize=4096)
def principal_account(value: str) -> str | None:
    """The account of an AWS principal: an account id, or an IAM/STS ARN's."""
    if is_account_id(value):
        return value
    arn = arn_of(value)
    if arn is not None and is_account_id(arn.account):
        return arn.account
    return None


@dataclass(slots=True)
class Principals:
    """A Principal or NotPrincipal element, sorted by principal type."""

    wildcard: bool
    aws: tuple[str, ...]
    services: tuple[str, ...]
    federated: tuple[str, ...]
    canonical: tuple[str, ...]
    # Exactly as the grammar wants it (see shape.principal_ok).
    well_formed: bool

    @classmethod
    def read(cls, raw: Any) -> "Principals":
        if isinstance(raw, str):
            return cls(raw == "*", (), (), (), (), raw == "*")
        if not isinstance(raw, dict):
            return cls(False, (), (), (), (), False)
        exact = raw.keys() <= _PRINCIPAL_TYPE_SET
        if not exact:
            names = canonical_names(raw, PRINCIPAL_TYPES)
            raw = {name: raw[key] for name, key in names.items()}
        aws = as_strings(raw["AWS"]) if "AWS" in raw else ()
        services = as_strings(raw["Service"]) if "Service" in raw else ()
        canonical = as_strings(raw["CanonicalUser"]) if "CanonicalUser" in raw else ()
        well_formed = (
            exact
            and bool(raw)
            and all(map(strings_ok, raw.values()))
            and all(map(valid_aws_principal, aws))
            and all(map(valid_service_principal, services))
        )
        return cls(
            "*" in aws or "*" in canonical,
            aws,
            services,
            as_strings(raw["Federated"]) if "Federated" in raw else (),
            canonical,
            well_formed,
        )

    @property
    def accounts(self) -> frozenset[str]:
        """The accounts the AWS principals name (an id, or an IAM or STS ARN's)."""
        return frozenset(filter(None, map(principal_account, self.aws)))

    @property
    def count(self) -> int:
        return (
            len(self.aws)
            + len(self.services)
            + len(self.federated)
            + len(self.canonical)
        )


class Statement:
    """One statement of the policy, normalized, with its pointer.

    The facts most rules ask for (dead, narrowing, public, live Allow) are
    worked out here once.
    """

    def __init__(
        self,
        raw: Any,
        pointer: str,
        index: int,
        spelling: SpellingBudget | None = None,
    ) -> None:
        self.raw = raw
        self.spelling = spelling or SpellingBudget()
        self._positions: dict[str, dict[str, int]] = {}
        self.pointer = pointer
        self.index = index
        present: dict[str, Any] = raw if isinstance(raw, dict) else {}
        # Canonical element name -> the key the document uses, where they differ.
        self.keys: dict[str, str] = {}
        body = present
        self.all_known = present.keys() <= _STATEMENT_ELEMENT_SET
        if not self.all_known:
            self.keys = canonical_names(present, STATEMENT_ELEMENTS)
            body = {name: present[key] for name, key in self.keys.items()}
        self.body = body
        self.sid = body.get("Sid")
        self.effect = effect = body.get("Effect")
        if effect not in ("Allow", "Deny") and isinstance(effect, str):
            effect = effect.strip().capitalize()
        self.is_allow = effect == "Allow"
        self.is_deny = effect == "Deny"
        self.principal = (
            Principals.read(body["Principal"]) if "Principal" in body else None
        )
        self.not_principal = (
            Principals.read(body["NotPrincipal"]) if "NotPrincipal" in body else None
        )
        # With both Action and NotAction (invalid), read it as its repair: Action.
        self.action_element = "Action" if "Action" in body else "NotAction"
        self.actions = as_strings(body.get("Action"))
        self.not_actions = () if "Action" in body else as_strings(body.get("NotAction"))
        self.resource_element = "Resource" if "Resource" in body else "NotResource"
        self.resources = as_strings(body.get("Resource"))
        self.conditions_ok = True  # until _conditions finds otherwise
        self.tests_by_key: dict[str, tuple[ConditionTest, ...]] = {}
        self.conditions: tuple[ConditionTest, ...] = ()
        if "Condition" in body:
            self.conditions = self._conditions(body["Condition"])
        self._analyse()
        self.grammar_ok = self.all_known and self._grammar_ok()

    def _analyse(self) -> None:
        self.dead: tuple[ConditionTest, str] | None = None
        self.narrowing: tuple[ConditionTest, ...] = ()
        if self.conditions:
            for test in self.conditions:
                if test.kill_reason is not None:
                    self.dead = (test, test.kill_reason)
                    break
            self.narrowing = tuple([test for test in self.conditions if test.narrows])
        principal = self.principal
        self.wildcard_principal = principal is not None and principal.wildcard
        self.services: tuple[str, ...] = principal.services if principal else ()
        self.live_allow = self.is_allow and self.dead is None
        open_principal = self.wildcard_principal or self.not_principal is not None
        self.is_public = self.live_allow and open_principal and not self.narrowing

    def _grammar_ok(self) -> bool:
        """No grammar rule (PC003 to PC010) can fault this statement, but for
        what the resource type asks of Resource (see `Policy.shape_ok`).

        Worked out from what reading the statement found, so that a sound
        document is not walked a second time.
        """
        body = self.body
        if self.effect not in ("Allow", "Deny") or not self.conditions_ok:
            return False
        if ("Action" in body) == ("NotAction" in body):
            return False
        if ("Principal" in body) == ("NotPrincipal" in body):
            return False
        # A string, or a non-empty list of strings only (as shape.strings_ok).
        actions = body.get(self.action_element)
        if not isinstance(actions, str) and not (
            isinstance(actions, list)
            and actions
            and len(actions) == len(self.actions or self.not_actions)
        ):
            return False
        principals = self.principal or self.not_principal
        return principals is not None and principals.well_formed

    def at(self, *segments: str | int) -> str:
        """The pointer of an element of this statement, as the document spells it."""
        if segments and isinstance(segments[0], str):
            segments = (self.keys.get(segments[0], segments[0]), *segments[1:])
        tail = "".join(f"/{escape_pointer_segment(segment)}" for segment in segments)
        return self.pointer + tail

    def _conditions(self, block: Any) -> tuple[ConditionTest, ...]:
        """The tests of the Condition block, also filed by lower-case key.

        Notes in `conditions_ok` whether the block is as the grammar wants it
        (see shape.condition_keys_ok): known operators, each over a non-empty
        object of keys whose values are scalars or non-empty lists of them.
        """
        if not isinstance(block, dict):
            self.conditions_ok = False
            return ()
        tests = []
        element = self.keys.get("Condition", "Condition")
        base = f"{self.pointer}/{escape_pointer_segment(element)}"
        for operator_name, keys in block.items():
            if not isinstance(keys, dict) or not keys:
                self.conditions_ok = False
                if not isinstance(keys, dict):
                    continue
            exact = operator(operator_name)
            found = exact
            if exact is None and self.spelling.allows(operator_name):
                found = intended_operator(operator_name)
            self.conditions_ok = self.conditions_ok and exact is not None
            for key, raw_values in keys.items():
                values = condition_values(raw_values)
                if not values:
                    self.conditions_ok = False
                if values is None:
                    continue
                test = ConditionTest(operator_name, key, values, base, found)
                tests.append(test)
                by_key = self.tests_by_key
                by_key[test.key_lower] = (*by_key.get(test.key_lower, ()), test)
        return tuple(tests)

    def action_pointer(self, action: str) -> str:
        """The pointer of one entry of Action (or NotAction)."""
        return self._entry_pointer(self.action_element, action)

    def resource_pointer(self, resource: str) -> str:
        return self._entry_pointer(self.resource_element, resource)

    def _entry_pointer(self, element: str, value: str) -> str:
        """The pointer of the first `value` in a list element, or of the element.

        Positions are indexed once per element: a rule may point at every
        entry of a list thousands long.
        """
        entries = self.body.get(element)
        if not isinstance(entries, list):
            return self.at(element)
        positions = self._positions.get(element)
        if positions is None:
            positions = self._positions[element] = {}
            for index, entry in enumerate(entries):
                if isinstance(entry, str):
                    positions.setdefault(entry, index)
        position = positions.get(value)
        return self.at(element) if position is None else self.at(element, position)

    def tests_of(self, key_lower: str) -> tuple[ConditionTest, ...]:
        return self.tests_by_key.get(key_lower, ())


class Policy:
    """Everything a rule may consult about the checked document."""

    def __init__(
        self,
        parsed: ParsedDocument,
        resource_type: ResourceType,
        context: PolicyContext,
    ) -> None:
        self.parsed = parsed
        self.resource_type = resource_type
        self.context = context
        self.root = parsed.value
        self.owner = context_owner(context)
        self.spelling = SpellingBudget()
        self.statements = read_statements(self.root, self.spelling)
        # Facts that several rules derive the same way, kept by name.
        self.memo: dict[str, Any] = {}
        self._flag_features()

    def _flag_features(self) -> None:
        """What the document holds (`FEATURES`), so rules that cannot apply are
        not run.

        A rule names one of these in `Rule.requires`; see rules/__init__.py.
        One pass over the statements: this runs for every check.
        """
        misspelt = open_principals = not_principals = services = False
        account_principals = wildcard_resources = unusual_actions = False
        resource_type = self.resource_type
        unusual_conditions = False
        for statement in self.statements:
            misspelt = misspelt or not statement.all_known
            if not unusual_conditions and statement.conditions:
                unusual_conditions = not all(
                    [test.routine for test in statement.conditions]
                )
            if not unusual_actions:
                unusual_actions = bool(statement.not_actions) or not all(
                    map(routine_action, statement.actions, repeat(resource_type))
                )
            if statement.not_principal is not None:
                not_principals = open_principals = True
            open_principals = open_principals or statement.wildcard_principal
            services = services or bool(statement.services)
            principal = statement.principal
            if principal is not None and principal.aws:
                account_principals = True
            if not wildcard_resources:
                joined = "".join(statement.resources)
                wildcard_resources = "*" in joined or "?" in joined
        flags = {
            "has_syntax_faults": bool(self.parsed.faults or self.parsed.fatal),
            "has_several_statements": len(self.statements) > 1,
            "is_dead_letter_queue": self.context.dlq_for is not None,
            "has_misspelt_elements": misspelt,
            "has_open_principals": open_principals,
            "has_not_principals": not_principals,
            "has_service_or_open_principals": services or open_principals,
            "has_account_principals": account_principals and self.owner is not None,
            "has_wildcard_resources": wildcard_resources,
            "has_unusual_actions": unusual_actions,
            "has_unusual_conditions": unusual_conditions,
            "shape_suspect": not self.shape_ok(),
        }
        self.features = frozenset(compress(flags, flags.values()))

    @property
    def tests(self) -> tuple[tuple[Statement, ConditionTest], ...]:
        """Every condition test with its statement, for the rules on conditions."""
        found = self.memo.get("tests")
        if found is None:
            found = self.memo["tests"] = tuple(
                [
                    (statement, test)
                    for statement in self.statements
                    for test in statement.conditions
                ]
            )
        return found

    def shape_ok(self) -> bool:
        """True only when no grammar rule (PC003 to PC010) can find a fault."""
        if not root_shape_ok(self.root):
            return False
        resource_type = self.resource_type
        return all(
            statement.grammar_ok and resource_shape_ok(statement.body, resource_type)
            for statement in self.statements
        )

    @property
    def is_resource_policy(self) -> bool:
        """A queue, topic or bus policy (not a key or trust policy)."""
        return self.resource_type in RESOURCE_POLICY_TYPES

    @property
    def likely_owner(self) -> str | None:
        """The owner from the context, else the one account all Resource ARNs name."""
        if self.owner is not None:
            return self.owner
        if "likely_owner" not in self.memo:
            self.memo["likely_owner"] = self._resource_account()
        owner: str | None = self.memo["likely_owner"]
        return owner

    def _resource_account(self) -> str | None:
        accounts = {
            arn.account
            for statement in self.statements
            for resource in statement.resources
            if (arn := arn_of(resource)) is not None and is_account_id(arn.account)
        }
        return accounts.pop() if len(accounts) == 1 else None


def context_owner(context: PolicyContext) -> str | None:
    if context.account_id:
        return context.account_id
    arn = arn_of(context.resource_arn or "")
    if arn is not None and is_account_id(arn.account):
        return arn.account
    return None


def read_statements(
    root: Any, spelling: SpellingBudget | None = None
) -> tuple[Statement, ...]:
    """The statements of a document; an object Statement is one statement."""
    if not isinstance(root, dict):
        return ()
    spelling = spelling or SpellingBudget()
    key = "Statement"
    if key not in root:
        spelt = canonical_names(root, POLICY_ELEMENTS).get("Statement")
        if spelt is None:
            return ()
        key = spelt
    element, pointer = root[key], f"/{escape_pointer_segment(key)}"
    if isinstance(element, dict):
        return (Statement(element, pointer, 0, spelling),)
    if isinstance(element, list):
        return tuple(
            [
                Statement(item, f"{pointer}/{index}", index, spelling)
                for index, item in enumerate(element)
            ]
        )
    return ()
