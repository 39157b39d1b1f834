"""The recommendation rules, loaded once from the knowledge data and compiled.

Compiling resolves what can be resolved ahead of a call: each limit check's
threshold in base units (from the services data), each rule's effects by
service, each rule's best weight (for scoring), the description terms'
regular expressions. A rule that points at a limit or fact missing from the
services data fails the load, so a broken reference cannot go unnoticed.
"""

from dataclasses import dataclass
from functools import cache

from aws_messaging_mcp.knowledge import loader
from aws_messaging_mcp.knowledge.models import (
    Fact,
    Limit,
    Service,
    ServiceId,
    Source,
    Variant,
)
from aws_messaging_mcp.knowledge.recommend_models import (
    Effect,
    FactRef,
    LimitCheck,
    LimitRule,
    Pattern,
    Question,
    Rule,
    RuleBook,
    Test,
    Trigger,
)
from aws_messaging_mcp.recommend.extract import CompiledTerm, compile_terms
from aws_messaging_mcp.recommend.profile import Profile
from aws_messaging_mcp.recommend.units import Quantity, to_base

RULE_FILES = (
    "rules.json",
    "limit_rules.json",
    "patterns.json",
    "terms.json",
    "questions.json",
)
SECTIONS = ("delivery", "ordering", "pricing-model", "dimensions")


@dataclass(frozen=True)
class CompiledCheck:
    """A limit check with its threshold in base units."""

    check: LimitCheck
    limit: Limit
    quantity: Quantity
    threshold: float


@dataclass(frozen=True)
class CompiledRules:
    rules: tuple[Rule, ...]
    limit_rules: tuple[LimitRule, ...]
    patterns: tuple[Pattern, ...]
    questions: tuple[Question, ...]
    terms: tuple[CompiledTerm, ...]
    effects: dict[str, dict[ServiceId, Effect]]
    best_weight: dict[str, float]
    checks: dict[str, tuple[CompiledCheck, ...]]


def load_rulebook() -> RuleBook:
    """Every recommendation data file, validated together."""
    folder = loader.data_root() / "recommend"
    document: dict[str, object] = {}
    for name in RULE_FILES:
        document.update(loader.read_json(folder / name))
    return RuleBook.model_validate(document)


def fact_source(ref: FactRef) -> Source:
    """The source of a referenced limit, fact, variant or section."""
    service = loader.service(ref.service)
    items: list[Limit | Fact | Variant] = [
        *service.limits,
        *service.facts,
        *service.variants,
    ]
    for item in items:
        if item.id == ref.fact:
            return item.source
    section = _section_source(service, ref.fact)
    if section is None:
        raise LookupError(f"{ref.service} has no limit or fact {ref.fact!r}")
    return section


def _section_source(service: Service, name: str) -> Source | None:
    sources = {
        "delivery": service.delivery.source,
        "ordering": service.ordering.source,
        "pricing-model": service.pricing_model.source,
        "dimensions": service.dimensions_source,
    }
    return sources.get(name)


def service_limit(service_id: ServiceId, limit_id: str) -> Limit:
    for limit in loader.service(service_id).limits:
        if limit.id == limit_id:
            return limit
    raise LookupError(f"{service_id} has no limit {limit_id!r}")


def _compile_check(check: LimitCheck) -> CompiledCheck | None:
    limit = service_limit(check.service, check.limit)
    amount = limit.value if check.compare_to == "value" else limit.default
    if amount is None:
        return None
    converted = to_base(amount, limit.unit)
    if converted is None:
        raise LookupError(f"{check.service} {check.limit}: unit {limit.unit!r}")
    quantity, threshold = converted
    return CompiledCheck(check, limit, quantity, threshold)


def _compile_limit_rule(rule: LimitRule) -> tuple[CompiledCheck, ...]:
    compiled = (_compile_check(check) for check in rule.checks)
    return tuple(check for check in compiled if check is not None)


def _check_references(book: RuleBook) -> None:
    refs = [effect.fact for rule in book.rules for effect in rule.effects]
    refs += [fact for pattern in book.patterns for fact in pattern.facts]
    for ref in refs:
        fact_source(ref)


@cache
def compiled_rules() -> CompiledRules:
    """The rule book, compiled; loaded on first use and kept."""
    book = load_rulebook()
    _check_references(book)
    return CompiledRules(
        rules=tuple(book.rules),
        limit_rules=tuple(book.limit_rules),
        patterns=tuple(book.patterns),
        questions=tuple(book.questions),
        terms=compile_terms(book.terms),
        effects={
            rule.id: {effect.service: effect for effect in rule.effects}
            for rule in book.rules
        },
        best_weight={
            rule.id: max(0.0, *(effect.weight for effect in rule.effects))
            for rule in book.rules
        },
        checks={rule.id: _compile_limit_rule(rule) for rule in book.limit_rules},
    )


def holds(test: Test, profile: Profile) -> bool:
    value = profile.get(test.field)
    if value is None:
        return False
    if test.equals is not None:
        return value == test.equals and type(value) is type(test.equals)
    if test.any_of is not None:
        if isinstance(value, frozenset):
            return not value.isdisjoint(test.any_of)
        return value in test.any_of
    if not isinstance(value, float):
        return False
    if test.above is not None:
        return value > test.above
    return test.below is not None and value < test.below


def triggered(trigger: Trigger, profile: Profile) -> bool:
    """All of `when`, one of `when_any` (if any), none of `unless`."""
    if not all(holds(test, profile) for test in trigger.when):
        return False
    if trigger.when_any and not any(holds(test, profile) for test in trigger.when_any):
        return False
    return not any(holds(test, profile) for test in trigger.unless)
