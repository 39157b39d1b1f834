"""The recommendation rules, loaded once from the knowledge data and compiled.

Compiling resolves what can be resolved ahead of a call: each limit check's
threshold in base units (from the services data), each rule's effects by
service, each rule's best weight (for scoring), the description terms'
regular expressions. A rule that points at a limit or fact missing from the
services data fails the load, so a broken reference cannot go unnoticed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

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

Kind = Literal["eliminate", "weight", "claim-check", "advice"]

RULE_FILES = (
    "rules.json",
    "limit_rules.json",
    "patterns.json",
    "terms.json",
    "questions.json",
)
SECTIONS = ("delivery", "ordering", "pricing-model", "dimensions")


@dataclass(frozen=True)
class Contribution:
    """What one rule does to one service: a compiled effect or limit check."""

    service: ServiceId
    rule: str
    kind: Kind
    text: str
    fact: FactRef
    fields: tuple[str, ...]
    weight: float = 0.0
    advice: str | None = None
    check: "CompiledCheck | None" = None
    via: ServiceId | None = None


@dataclass(frozen=True)
class CompiledCheck:
    """A limit check with its threshold in base units."""

    check: LimitCheck
    limit: Limit
    quantity: Quantity
    threshold: float
    field: str


@dataclass(frozen=True)
class CompiledRule:
    """A rule with the fields it needs and its contributions, built once."""

    rule: Rule
    needs: frozenset[str]
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True)
class CompiledPattern:
    pattern: Pattern
    needs: frozenset[str]


@dataclass(frozen=True)
class CompiledRules:
    rules: tuple[CompiledRule, ...]
    limit_checks: dict[str, tuple[tuple[CompiledCheck, Contribution], ...]]
    patterns: tuple[CompiledPattern, ...]
    claim_checks: tuple[Pattern, ...]
    questions: tuple[Question, ...]
    terms: tuple[CompiledTerm, ...]
    best_weight: dict[str, float]
    give_up_costs: dict[str, float]
    checks_by_rule: dict[str, tuple[CompiledCheck, ...]]
    by_field: dict[str, tuple[int, ...]]
    always: tuple[int, ...]

    def candidates(self, given: Iterable[str]) -> list[CompiledRule]:
        """The rules that can fire: those needing no field, or a given one.

        An index by field spares testing every rule on every call; the rules
        keep their file order.
        """
        positions = set(self.always)
        for name in given:
            positions.update(self.by_field.get(name, ()))
        return [self.rules[position] for position in sorted(positions)]


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


def _compile_check(check: LimitCheck, field: str) -> CompiledCheck | None:
    limit = service_limit(check.service, check.limit)
    amount = limit.value if check.compare_to == "value" else limit.default
    if amount is None:
        return None
    converted = to_base(amount, limit.unit)
    if converted is None:
        raise LookupError(f"{check.service} {check.limit}: unit {limit.unit!r}")
    quantity, threshold = converted
    return CompiledCheck(check, limit, quantity, threshold, field)


def _compile_limit_rule(rule: LimitRule) -> tuple[CompiledCheck, ...]:
    compiled = (_compile_check(check, rule.field) for check in rule.checks)
    return tuple(check for check in compiled if check is not None)


def _check_contribution(rule: LimitRule, check: CompiledCheck) -> Contribution:
    over = check.check.over
    return Contribution(
        service=check.check.service,
        rule=rule.id,
        kind="weight" if over == "penalty" else over,
        text=check.check.text,
        fact=FactRef(service=check.check.service, fact=check.limit.id),
        fields=(rule.field,),
        weight=check.check.weight,
        check=check,
    )


def trigger_fields(trigger: Trigger) -> tuple[str, ...]:
    tests = (*trigger.when, *trigger.when_any)
    return tuple(dict.fromkeys(test.field for test in tests))


def _effect_contribution(rule: Rule, effect: Effect) -> Contribution:
    constraint = rule.kind == "constraint"
    return Contribution(
        service=effect.service,
        rule=rule.id,
        kind="eliminate" if constraint else "weight",
        text=effect.text,
        fact=effect.fact,
        fields=trigger_fields(rule),
        weight=0.0 if constraint else effect.weight,
        advice=effect.advice,
    )


def _compile_rule(rule: Rule) -> CompiledRule:
    contributions = tuple(_effect_contribution(rule, effect) for effect in rule.effects)
    return CompiledRule(rule, _needs(rule), contributions)


def _needs(trigger: Trigger) -> frozenset[str]:
    return frozenset(test.field for test in trigger.when)


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
    checks = {rule.id: _compile_limit_rule(rule) for rule in book.limit_rules}
    costs = {rule.id: rule.give_up_cost for rule in book.rules}
    costs.update({rule.id: rule.give_up_cost for rule in book.limit_rules})
    compiled = tuple(_compile_rule(rule) for rule in book.rules)
    return CompiledRules(
        rules=compiled,
        limit_checks=_limit_checks_by_field(book.limit_rules, checks),
        patterns=tuple(
            CompiledPattern(pattern, _needs(pattern))
            for pattern in book.patterns
            if not pattern.triggered_by_limit
        ),
        claim_checks=tuple(p for p in book.patterns if p.triggered_by_limit),
        questions=tuple(book.questions),
        terms=compile_terms(book.terms),
        best_weight={
            rule.id: max(0.0, *(effect.weight for effect in rule.effects))
            for rule in book.rules
        },
        give_up_costs=costs,
        checks_by_rule=checks,
        by_field=_index_by_field(compiled),
        always=tuple(i for i, rule in enumerate(compiled) if not rule.needs),
    )


def _limit_checks_by_field(
    limit_rules: list[LimitRule], checks: dict[str, tuple[CompiledCheck, ...]]
) -> dict[str, tuple[tuple[CompiledCheck, Contribution], ...]]:
    """Every limit check with its contribution, grouped by the field it reads."""
    grouped: dict[str, list[tuple[CompiledCheck, Contribution]]] = {}
    for rule in limit_rules:
        for check in checks[rule.id]:
            pair = (check, _check_contribution(rule, check))
            grouped.setdefault(rule.field, []).append(pair)
    return {name: tuple(pairs) for name, pairs in grouped.items()}


def _index_by_field(rules: tuple[CompiledRule, ...]) -> dict[str, tuple[int, ...]]:
    """For each field, the positions of the rules whose `when` tests it first."""
    index: dict[str, list[int]] = {}
    for position, rule in enumerate(rules):
        if rule.needs:
            index.setdefault(min(rule.needs), []).append(position)
    return {name: tuple(positions) for name, positions in index.items()}


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


def fires(needs: frozenset[str], trigger: Trigger, profile: Profile) -> bool:
    """`triggered`, after a cheap check that every field it needs is given."""
    return needs <= profile.values.keys() and triggered(trigger, profile)
