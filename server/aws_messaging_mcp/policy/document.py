"""The parsed policy as rules see it: statements, principals, conditions.

A `Policy` is built once per check from the parsed document and handed to
every rule. Each `Statement` normalizes the IAM grammar (a string or a list
for Action, Resource and principal values; `Statement` as an object or a
list) and keeps the JSON pointer of each element, so a rule can say where a
problem is. Elements of the wrong shape normalize to empty: the schema rules
report them, and the other rules see a statement that grants nothing there.

The derived facts that several rules share (is the statement dead, is it
narrowed, is it public) are computed on first use and kept.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from aws_messaging_mcp.policy.arn import is_account_id, try_parse_arn
from aws_messaging_mcp.policy.conditions import (
    ConditionTest,
    condition_values,
    intended_operator,
    operator,
)
from aws_messaging_mcp.policy.models import PolicyContext, ResourceType
from aws_messaging_mcp.policy.parse import ParsedDocument, escape_pointer_segment

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
RESOURCE_POLICY_TYPES: frozenset[ResourceType] = frozenset(
    {"sqs", "sns", "eventbridge-bus"}
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
    for key in keys:
        if key in names.values():
            continue
        target = intended_name(key, known)
        if target is not None and target not in names:
            names[target] = key
    return names


@cache
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
        return tuple(item for item in value if isinstance(item, str))
    return ()


def principal_account(value: str) -> str | None:
    """The account of an AWS principal: an account id, or an IAM/STS ARN's."""
    if is_account_id(value):
        return value
    arn = try_parse_arn(value)
    if arn is not None and is_account_id(arn.account):
        return arn.account
    return None


@dataclass(slots=True)
class Principals:
    """A Principal or NotPrincipal element, sorted by principal type."""

    pointer: str
    wildcard: bool
    aws: tuple[str, ...]
    services: tuple[str, ...]
    federated: tuple[str, ...]
    canonical: tuple[str, ...]

    @classmethod
    def read(cls, raw: Any, pointer: str) -> "Principals":
        if isinstance(raw, str):
            return cls(pointer, raw == "*", (), (), (), ())
        if not isinstance(raw, dict):
            return cls(pointer, False, (), (), (), ())
        names = canonical_names(raw, PRINCIPAL_TYPES)
        values = {name: as_strings(raw[key]) for name, key in names.items()}
        aws = values.get("AWS", ())
        canonical = values.get("CanonicalUser", ())
        return cls(
            pointer,
            "*" in aws or "*" in canonical,
            aws,
            values.get("Service", ()),
            values.get("Federated", ()),
            canonical,
        )

    @property
    def accounts(self) -> tuple[str | None, ...]:
        """The account of each AWS principal other than '*' (None if unknown)."""
        return tuple(principal_account(value) for value in self.aws if value != "*")

    @property
    def count(self) -> int:
        return sum(
            len(values)
            for values in (self.aws, self.services, self.federated, self.canonical)
        )


class Statement:
    """One statement of the policy, normalized, with its pointer."""

    def __init__(self, raw: Any, pointer: str, index: int) -> None:
        self.raw = raw
        self.pointer = pointer
        self.index = index
        present: dict[str, Any] = raw if isinstance(raw, dict) else {}
        # Canonical element name -> the key the document uses for it.
        self.keys = canonical_names(present, STATEMENT_ELEMENTS)
        body = {name: present[key] for name, key in self.keys.items()}
        self.body = body
        self.sid = body.get("Sid")
        self.effect = body.get("Effect")
        effect = self.effect.lower() if isinstance(self.effect, str) else None
        self.is_allow = effect == "allow"
        self.is_deny = effect == "deny"
        self.principal = self._principals("Principal")
        self.not_principal = self._principals("NotPrincipal")
        self.action_element = "NotAction" if "NotAction" in body else "Action"
        self.actions = as_strings(body.get("Action"))
        self.not_actions = as_strings(body.get("NotAction"))
        self.resource_element = "NotResource" if "NotResource" in body else "Resource"
        self.resources = as_strings(body.get("Resource"))
        self.conditions = self._conditions(body.get("Condition"))

    def at(self, *segments: str | int) -> str:
        """The pointer of an element of this statement, as the document spells it."""
        if segments and isinstance(segments[0], str):
            segments = (self.keys.get(segments[0], segments[0]), *segments[1:])
        tail = "".join(f"/{escape_pointer_segment(segment)}" for segment in segments)
        return self.pointer + tail

    def _principals(self, element: str) -> Principals | None:
        if element not in self.body:
            return None
        return Principals.read(self.body[element], self.at(element))

    def _conditions(self, block: Any) -> tuple[ConditionTest, ...]:
        if not isinstance(block, dict):
            return ()
        tests = []
        for operator_name, keys in block.items():
            if not isinstance(keys, dict):
                continue
            for key, raw_values in keys.items():
                values = condition_values(raw_values)
                if values is None:
                    continue
                pointer = self.at("Condition", operator_name, key)
                found = operator(operator_name) or intended_operator(operator_name)
                tests.append(ConditionTest(operator_name, key, values, pointer, found))
        return tuple(tests)

    def action_pointer(self, action: str) -> str:
        """The pointer of one entry of Action (or NotAction)."""
        element = self.body.get(self.action_element)
        if isinstance(element, list) and action in element:
            return self.at(self.action_element, element.index(action))
        return self.at(self.action_element)

    def resource_pointer(self, resource: str) -> str:
        element = self.body.get(self.resource_element)
        if isinstance(element, list) and resource in element:
            return self.at(self.resource_element, element.index(resource))
        return self.at(self.resource_element)

    def tests_of(self, key_lower: str) -> tuple[ConditionTest, ...]:
        return tuple(test for test in self.conditions if test.key_lower == key_lower)

    @cached_property
    def dead(self) -> tuple[ConditionTest, str] | None:
        """The first condition that can never hold, and why; None if it can."""
        for test in self.conditions:
            reason = test.kill_reason()
            if reason is not None:
                return test, reason
        return None

    @cached_property
    def narrowing(self) -> tuple[ConditionTest, ...]:
        return tuple(test for test in self.conditions if test.narrows())

    @property
    def wildcard_principal(self) -> bool:
        return self.principal is not None and self.principal.wildcard

    @cached_property
    def is_public(self) -> bool:
        """An Allow that any account or anonymous caller can reach."""
        if not self.is_allow or self.dead is not None:
            return False
        open_principal = self.wildcard_principal or self.not_principal is not None
        return open_principal and not self.narrowing

    @property
    def live_allow(self) -> bool:
        """An Allow that can apply to some request."""
        return self.is_allow and self.dead is None

    @property
    def services(self) -> tuple[str, ...]:
        return self.principal.services if self.principal is not None else ()


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
        self.statements = read_statements(self.root)

    @property
    def is_resource_policy(self) -> bool:
        """A queue, topic or bus policy (not a key or trust policy)."""
        return self.resource_type in RESOURCE_POLICY_TYPES

    @cached_property
    def likely_owner(self) -> str | None:
        """The owner from the context, else the one account all Resource ARNs name."""
        if self.owner is not None:
            return self.owner
        accounts = {
            arn.account
            for statement in self.statements
            for resource in statement.resources
            if (arn := try_parse_arn(resource)) is not None
            and is_account_id(arn.account)
        }
        return accounts.pop() if len(accounts) == 1 else None

    def is_owner_account(self, account: str | None) -> bool | None:
        """True or False when the owner is known; None when it is not."""
        owner = self.likely_owner
        if owner is None or account is None:
            return None
        return account == owner


def context_owner(context: PolicyContext) -> str | None:
    if context.account_id:
        return context.account_id
    arn = try_parse_arn(context.resource_arn or "")
    if arn is not None and is_account_id(arn.account):
        return arn.account
    return None


def read_statements(root: Any) -> tuple[Statement, ...]:
    """The statements of a document; an object Statement is one statement."""
    if not isinstance(root, dict):
        return ()
    key = canonical_names(root, POLICY_ELEMENTS).get("Statement")
    if key is None:
        return ()
    element, pointer = root[key], f"/{escape_pointer_segment(key)}"
    if isinstance(element, dict):
        return (Statement(element, pointer, 0),)
    if isinstance(element, list):
        return tuple(
            Statement(item, f"{pointer}/{index}", index)
            for index, item in enumerate(element)
        )
    return ()
