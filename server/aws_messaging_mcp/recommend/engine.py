"""Evaluate the rules on a requirement profile and rank the services.

1. Every rule whose trigger holds adds its effects to the services they
   name: constraints eliminate, preferences add a weight.
2. Every numeric requirement is compared with the typed limits of the
   services data; exceeding one eliminates, calls for a claim check, costs a
   penalty or adds configuration advice, as the limit rule says.
3. Patterns that apply pair a service with a partner; for the rules the
   pattern borrows, the pair counts as well as its better member.
4. A service's score is its total weight over the best total any service
   could reach on the rules that fired, clamped to 0..1.
5. When every service is eliminated, the ones that give up the cheapest
   requirements are kept, marked as relaxed, and the conflict is reported.
"""

from dataclasses import dataclass, field, replace
from typing import Literal

from aws_messaging_mcp.knowledge.models import SERVICE_IDS, ServiceId
from aws_messaging_mcp.knowledge.recommend_models import (
    Effect,
    FactRef,
    LimitRule,
    Pattern,
    Rule,
)
from aws_messaging_mcp.recommend.profile import Profile
from aws_messaging_mcp.recommend.rulebook import (
    CompiledCheck,
    CompiledRules,
    triggered,
)
from aws_messaging_mcp.recommend.units import ASSUMED_MESSAGE_BYTES, DAY, KIB

Kind = Literal["eliminate", "weight", "claim-check", "penalty", "advice"]
BASELINE = "pref-baseline"


@dataclass(frozen=True)
class Contribution:
    """What one rule did to one service."""

    rule: str
    kind: Kind
    text: str
    fact: FactRef
    fields: tuple[str, ...]
    weight: float = 0.0
    advice: str | None = None
    check: CompiledCheck | None = None
    via: ServiceId | None = None


@dataclass
class Standing:
    """One service's evaluation: what each rule did to it, and its patterns."""

    service: ServiceId
    by_rule: dict[str, list[Contribution]] = field(default_factory=dict)
    patterns: list[Pattern] = field(default_factory=list)
    relaxed: bool = False

    def add(self, contribution: Contribution) -> None:
        self.by_rule.setdefault(contribution.rule, []).append(contribution)

    def contributions(self) -> list[Contribution]:
        return [item for items in self.by_rule.values() for item in items]

    def eliminations(self) -> list[Contribution]:
        return [item for item in self.contributions() if item.kind == "eliminate"]

    @property
    def raw(self) -> float:
        return sum(item.weight for item in self.contributions())

    @property
    def combined_with(self) -> list[ServiceId]:
        partners = (
            partner for pattern in self.patterns for partner in pattern.combined_with
        )
        return list(dict.fromkeys(partners))


@dataclass(frozen=True)
class Evaluation:
    profile: Profile
    standings: dict[ServiceId, Standing]
    ranking: list[ServiceId]
    fired: list[Rule]
    best_total: float

    @property
    def relaxed(self) -> bool:
        return any(self.standings[service].relaxed for service in self.ranking)

    def score(self, service: ServiceId) -> float:
        standing = self.standings[service]
        score = max(0.0, min(1.0, standing.raw / self.best_total))
        return min(score, 0.49) if standing.relaxed else score


def _rule_fields(rule: Rule | Pattern) -> tuple[str, ...]:
    tests = (*rule.when, *rule.when_any)
    return tuple(dict.fromkeys(test.field for test in tests))


def _effect_contribution(rule: Rule, effect: Effect) -> Contribution:
    return Contribution(
        rule=rule.id,
        kind="eliminate" if rule.kind == "constraint" else "weight",
        text=effect.text,
        fact=effect.fact,
        fields=_rule_fields(rule),
        weight=0.0 if rule.kind == "constraint" else effect.weight,
        advice=effect.advice,
    )


def _apply_rules(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> list[Rule]:
    fired = [rule for rule in rules.rules if triggered(rule, profile)]
    for rule in fired:
        for effect in rule.effects:
            standings[effect.service].add(_effect_contribution(rule, effect))
    return fired


def requirement_amount(
    profile: Profile, name: str, check: CompiledCheck
) -> float | None:
    """The requirement in the base unit of the limit it is compared with."""
    value = profile.get(name)
    if not isinstance(value, float):
        return None
    if name == "message_size_kb":
        return value * KIB
    if name == "retention_days":
        return value * DAY
    if name == "throughput_per_second" and check.quantity == "byte-rate":
        size = profile.get("message_size_kb")
        message_bytes = size * KIB if isinstance(size, float) else ASSUMED_MESSAGE_BYTES
        return value * message_bytes
    return value


def _limit_contribution(rule: LimitRule, check: CompiledCheck) -> Contribution:
    kind: Kind = "weight" if check.check.over == "penalty" else check.check.over
    return Contribution(
        rule=rule.id,
        kind=kind,
        text=check.check.text,
        fact=FactRef(service=check.check.service, fact=check.limit.id),
        fields=(rule.field,),
        weight=check.check.weight,
        check=check,
    )


def _apply_limits(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> None:
    for rule in rules.limit_rules:
        for check in rules.checks[rule.id]:
            amount = requirement_amount(profile, rule.field, check)
            if amount is not None and amount > check.threshold:
                standings[check.check.service].add(_limit_contribution(rule, check))


def _standing_key(items: list[Contribution]) -> tuple[bool, float]:
    eliminated = any(item.kind == "eliminate" for item in items)
    return (not eliminated, sum(item.weight for item in items))


def _borrow(standing: Standing, partner: Standing, rule_ids: list[str]) -> None:
    """For each borrowed rule, keep whichever member of the pair fares better."""
    for rule_id in rule_ids:
        own = standing.by_rule.get(rule_id, [])
        theirs = partner.by_rule.get(rule_id, [])
        if _standing_key(theirs) > _standing_key(own):
            standing.by_rule[rule_id] = [
                replace(item, via=partner.service) for item in theirs
            ]


def _apply_patterns(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> None:
    eliminated = {service for service, s in standings.items() if s.eliminations()}
    for pattern in rules.patterns:
        if pattern.triggered_by_limit or not triggered(pattern, profile):
            continue
        if eliminated.intersection(pattern.combined_with):
            continue
        for service in pattern.services:
            standing = standings[service]
            for partner in pattern.combined_with:
                _borrow(standing, standings[partner], pattern.borrows)
            standing.patterns.append(pattern)
    _attach_claim_checks(rules, standings)


def _attach_claim_checks(
    rules: CompiledRules, standings: dict[ServiceId, Standing]
) -> None:
    carriers = [pattern for pattern in rules.patterns if pattern.triggered_by_limit]
    for standing in standings.values():
        kinds = {item.kind for item in standing.contributions()}
        if "claim-check" in kinds and not standing.eliminations():
            standing.patterns.extend(
                pattern for pattern in carriers if standing.service in pattern.services
            )


def _give_up_costs(rules: CompiledRules) -> dict[str, float]:
    costs = {rule.id: rule.give_up_cost for rule in rules.rules}
    costs.update({rule.id: rule.give_up_cost for rule in rules.limit_rules})
    return costs


def _relax(
    rules: CompiledRules, standings: dict[ServiceId, Standing]
) -> list[ServiceId]:
    """When nothing survives: the services whose eliminations cost least to accept."""
    costs = _give_up_costs(rules)

    def cost(service: ServiceId) -> float:
        rule_ids = {item.rule for item in standings[service].eliminations()}
        return sum(costs[rule_id] for rule_id in rule_ids)

    cheapest = min(cost(service) for service in SERVICE_IDS)
    relaxed = [service for service in SERVICE_IDS if cost(service) == cheapest]
    for service in relaxed:
        standings[service].relaxed = True
    return relaxed


def _rank(
    services: list[ServiceId], standings: dict[ServiceId, Standing]
) -> list[ServiceId]:
    def key(service: ServiceId) -> tuple[float, float, int]:
        standing = standings[service]
        baseline = sum(item.weight for item in standing.by_rule.get(BASELINE, []))
        return (-standing.raw, -baseline, SERVICE_IDS.index(service))

    return sorted(services, key=key)


def evaluate(rules: CompiledRules, profile: Profile) -> Evaluation:
    """Apply every rule, limit and pattern to the profile and rank the services."""
    standings = {service: Standing(service) for service in SERVICE_IDS}
    fired = _apply_rules(rules, profile, standings)
    _apply_limits(rules, profile, standings)
    _apply_patterns(rules, profile, standings)
    alive = [
        service for service in SERVICE_IDS if not standings[service].eliminations()
    ]
    candidates = alive or _relax(rules, standings)
    best_total = sum(rules.best_weight[rule.id] for rule in fired) or 1.0
    return Evaluation(
        profile, standings, _rank(candidates, standings), fired, best_total
    )


def top_service(rules: CompiledRules, profile: Profile) -> ServiceId:
    return evaluate(rules, profile).ranking[0]
