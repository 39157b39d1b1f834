"""The checker's rules: one module each, found by walking this package.

A rule is a subclass of `Rule` with its metadata as class attributes and a
`check(policy)` that yields `Issue`s; the checker turns each issue into a
`Finding` carrying the rule's id, category, severity, fix and source. To add
a rule, add a module here: nothing else lists them.

Rule ids follow one pattern, `PC` and three digits (`RULE_ID_PATTERN`), in
blocks by concern:

    PC0xx  the document: JSON syntax, grammar, quotas
    PC1xx  who is granted: public access, NotPrincipal, other accounts
    PC2xx  service principals: the confused deputy, S3 notifications
    PC3xx  actions: unknown, of another service, too broad
    PC4xx  resources
    PC5xx  conditions: keys and operators
    PC6xx  transport security
    PC7xx  dead-letter queues
    PC999  a rule that crashed (`INTERNAL_ERROR_RULE_ID`)
"""

import importlib
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.models import (
    RESOURCE_TYPES,
    Category,
    ResourceType,
    Severity,
)
from aws_messaging_mcp.policy.repair import Repair

RULE_ID_PATTERN = re.compile(r"^PC\d{3}$")
INTERNAL_ERROR_RULE_ID = "PC999"
ALL_TYPES: frozenset[ResourceType] = frozenset(RESOURCE_TYPES)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem a rule found: where, what, and optionally how to repair it.

    `fix` overrides the rule's general fix with one naming this document's
    values. `repair` edits a copy of the document in place; it is offered
    only where the change is what the author evidently meant (a misspelt key
    with one close match, 'allow' for 'Allow'), never a guess at intent.
    `offset` locates syntax faults, which have no pointer yet.
    """

    pointer: str
    message: str
    fix: str | None = None
    repair: Repair | None = None
    offset: int | None = None
    references: tuple[str, ...] = field(default=())


class Rule:
    """One check. Subclasses set every attribute and implement `check`."""

    id: ClassVar[str]
    title: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    rationale: ClassVar[str]
    fix: ClassVar[str]
    source_url: ClassVar[str]
    resource_types: ClassVar[frozenset[ResourceType]] = ALL_TYPES
    # True for the rules that report on a document that could not be parsed.
    reads_unparsed: ClassVar[bool] = False
    # A feature of the document (one of document.FEATURES, such as
    # has_unusual_conditions) without which the rule cannot find anything:
    # the checker skips the rule when `Policy.features` lacks it.
    requires: ClassVar[str] = ""

    def check(self, policy: Policy) -> Iterable[Issue]:
        raise NotImplementedError


@cache
def all_rules() -> tuple[Rule, ...]:
    """One instance of every rule in this package, in id order."""
    found: dict[str, Rule] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if _is_rule_class(value, module.__name__):
                found[value.id] = value()
    return tuple(found[rule_id] for rule_id in sorted(found))


def _is_rule_class(value: object, module_name: str) -> bool:
    return (
        isinstance(value, type)
        and issubclass(value, Rule)
        and value is not Rule
        and value.__module__ == module_name
        and "id" in vars(value)
    )
