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
5. When every service is eliminated, each service whose set of unmet
   requirements no other service improves on is kept, marked as relaxed and
   ranked by how costly its unmet requirements are to give up (a protocol
   more than replay, replay more than retention), best of each way first;
   the conflict is reported.
"""

from dataclasses import dataclass, field, replace

from aws_messaging_mcp.knowledge.models import SERVICE_IDS, ServiceId
from aws_messaging_mcp.knowledge.recommend_models import Pattern, Rule
from aws_messaging_mcp.recommend.profile import Profile
from aws_messaging_mcp.recommend.rulebook import (
    CompiledCheck,
    CompiledRules,
    Contribution,
    fires,
)
from aws_messaging_mcp.recommend.units import ASSUMED_MESSAGE_BYTES, DAY, KIB

BASELINE = "pref-baseline"
# The total weight below which the requirements are too thin to call any
# fit strong: about one clearly stated requirement on top of the defaults.
MINIMUM_EVIDENCE = 4.0
RELAXED_PER_WAY = 2


@dataclass
class Standing:
    """One service's evaluation: what each rule did to it, and its patterns."""

    service: ServiceId
    by_rule: dict[str, list[Contribution]] = field(default_factory=dict)
    patterns: list[Pattern] = field(default_factory=list)
    eliminated_by: set[str] = field(default_factory=set)
    relaxed: bool = False
    relaxed_place: int = 0
    give_up_cost: float = 0.0
    total: float = 0.0

    def add(self, contribution: Contribution) -> None:
        self.by_rule.setdefault(contribution.rule, []).append(contribution)
        if contribution.kind == "eliminate":
            self.eliminated_by.add(contribution.rule)

    def replace_rule(self, rule_id: str, contributions: list[Contribution]) -> None:
        self.by_rule[rule_id] = contributions
        self.eliminated_by.discard(rule_id)
        if any(item.kind == "eliminate" for item in contributions):
            self.eliminated_by.add(rule_id)

    def contributions(self) -> list[Contribution]:
        return [item for items in self.by_rule.values() for item in items]

    def eliminations(self) -> list[Contribution]:
        return [item for item in self.contributions() if item.kind == "eliminate"]

    @property
    def eliminated(self) -> bool:
        return bool(self.eliminated_by)

    @property
    def raw(self) -> float:
        """The total weight; `total` keeps it once the evaluation is settled."""
        return sum(item.weight for items in self.by_rule.values() for item in items)

    @property
    def combined_with(self) -> list[ServiceId]:
        partners = (p for pattern in self.patterns for p in pattern.combined_with)
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
        score = max(0.0, min(1.0, standing.total / self.best_total))
        return min(score, 0.49) if standing.relaxed else score


def _apply_rules(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> list[Rule]:
    fired = []
    for compiled in rules.candidates(profile.values.keys()):
        if fires(compiled.needs, compiled.rule, profile):
            fired.append(compiled.rule)
            for contribution in compiled.contributions:
                standings[contribution.service].add(contribution)
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


def _apply_limits(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> None:
    for name in profile.values.keys() & rules.limit_checks.keys():
        for check, contribution in rules.limit_checks[name]:
            amount = requirement_amount(profile, name, check)
            if amount is not None and amount > check.threshold:
                standings[contribution.service].add(contribution)


def _standing_key(items: list[Contribution]) -> tuple[bool, float]:
    eliminated = any(item.kind == "eliminate" for item in items)
    return (not eliminated, sum(item.weight for item in items))


def _borrow(standing: Standing, partner: Standing, rule_ids: list[str]) -> None:
    """For each borrowed rule, keep whichever member of the pair fares better."""
    for rule_id in rule_ids:
        own = standing.by_rule.get(rule_id, [])
        theirs = partner.by_rule.get(rule_id, [])
        # Equal standing still borrows the partner's notes (its configuration
        # advice) when the service has none of its own for the rule.
        if _standing_key(theirs) > _standing_key(own) or (theirs and not own):
            borrowed = [replace(item, via=partner.service) for item in theirs]
            standing.replace_rule(rule_id, borrowed)


def _apply_patterns(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> None:
    eliminated = {service for service, s in standings.items() if s.eliminated}
    for compiled in rules.patterns:
        pattern = compiled.pattern
        if not fires(compiled.needs, pattern, profile):
            continue
        if eliminated.intersection(pattern.combined_with):
            continue
        for service in pattern.services:
            standing = standings[service]
            for partner in pattern.combined_with:
                _borrow(standing, standings[partner], pattern.borrows)
            standing.patterns.append(pattern)
    _attach_claim_checks(rules, profile, standings)


def _attach_claim_checks(
    rules: CompiledRules, profile: Profile, standings: dict[ServiceId, Standing]
) -> None:
    if "message_size_kb" not in profile.values:
        return
    for standing in standings.values():
        kinds = {item.kind for item in standing.contributions()}
        if "claim-check" in kinds and "eliminate" not in kinds:
            standing.patterns.extend(
                pattern
                for pattern in rules.claim_checks
                if standing.service in pattern.services
            )


def _relax(
    rules: CompiledRules, standings: dict[ServiceId, Standing]
) -> list[ServiceId]:
    """When nothing survives, offer each way of giving up requirements that no
    other way improves on, through its two best services."""
    costs = rules.give_up_costs
    given_up = {
        service: frozenset(item.rule for item in standings[service].eliminations())
        for service in SERVICE_IDS
    }
    minimal = {
        rule_set
        for rule_set in given_up.values()
        if not any(other < rule_set for other in given_up.values())
    }
    kept = []
    for rule_set in minimal:
        members = [service for service in SERVICE_IDS if given_up[service] == rule_set]
        members.sort(key=lambda service: -standings[service].total)
        for place, service in enumerate(members[:RELAXED_PER_WAY]):
            standing = standings[service]
            standing.relaxed = True
            standing.relaxed_place = place
            standing.give_up_cost = sum(costs[rule] for rule in rule_set)
            kept.append(service)
    return kept


def _rank(
    services: list[ServiceId], standings: dict[ServiceId, Standing]
) -> list[ServiceId]:
    def key(service: ServiceId) -> tuple[int, float, float, float, int]:
        standing = standings[service]
        baseline = sum(item.weight for item in standing.by_rule.get(BASELINE, []))
        position = SERVICE_IDS.index(service)
        cost = standing.give_up_cost
        return (standing.relaxed_place, cost, -standing.total, -baseline, position)

    return sorted(services, key=key)


def evaluate(rules: CompiledRules, profile: Profile) -> Evaluation:
    """Apply every rule, limit and pattern to the profile and rank the services."""
    standings = {service: Standing(service) for service in SERVICE_IDS}
    fired = _apply_rules(rules, profile, standings)
    _apply_limits(rules, profile, standings)
    _apply_patterns(rules, profile, standings)
    for standing in standings.values():
        standing.total = standing.raw
    alive = [service for service in SERVICE_IDS if not standings[service].eliminated]
    candidates = alive or _relax(rules, standings)
    best_total = max(
        sum(rules.best_weight[rule.id] for rule in fired), MINIMUM_EVIDENCE
    )
    return Evaluation(
        profile, standings, _rank(candidates, standings), fired, best_total
    )


def top_service(rules: CompiledRules, profile: Profile) -> ServiceId:
    return evaluate(rules, profile).ranking[0]
