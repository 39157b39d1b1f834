"""The recommendation rules as data: well formed, sourced, and every fact
reference resolving to a limit or fact that exists in the services data."""

import re
from typing import get_args

import pytest
from pydantic import ValidationError

from aws_messaging_mcp.knowledge import services
from aws_messaging_mcp.knowledge.models import SERVICE_IDS
from aws_messaging_mcp.knowledge.recommend_models import (
    FactRef,
    LimitRule,
    Pattern,
    Rule,
    RuleBook,
    Term,
)
from aws_messaging_mcp.recommend.models import Requirements
from aws_messaging_mcp.recommend.rulebook import (
    SECTIONS,
    compiled_rules,
    fact_source,
    load_rulebook,
    service_limit,
)
from aws_messaging_mcp.recommend.units import to_base

BOOK = load_rulebook()
RULE_ID = re.compile(r"^(req|pref|limit|pattern)-[a-z0-9]+(-[a-z0-9]+)*$")
FIELD_QUANTITIES = {
    "message_size_kb": {"bytes"},
    "retention_days": {"seconds"},
    "delay_seconds": {"seconds"},
    "throughput_per_second": {"count-rate", "byte-rate"},
    "consumers": {"count"},
}


def _references() -> list[tuple[str, FactRef]]:
    refs = [(rule.id, effect.fact) for rule in BOOK.rules for effect in rule.effects]
    refs += [(pattern.id, fact) for pattern in BOOK.patterns for fact in pattern.facts]
    return refs


def _ids() -> list[str]:
    return [
        *(rule.id for rule in BOOK.rules),
        *(rule.id for rule in BOOK.limit_rules),
        *(pattern.id for pattern in BOOK.patterns),
    ]


def test_rule_ids_are_unique_and_well_formed() -> None:
    ids = _ids()
    assert len(ids) == len(set(ids))
    assert all(RULE_ID.match(rule_id) for rule_id in ids), ids


def test_rule_id_prefix_matches_its_kind() -> None:
    for rule in BOOK.rules:
        expected = "req-" if rule.kind == "constraint" else "pref-"
        assert rule.id.startswith(expected), rule.id
    assert all(rule.id.startswith("limit-") for rule in BOOK.limit_rules)
    assert all(pattern.id.startswith("pattern-") for pattern in BOOK.patterns)


@pytest.mark.parametrize(
    ("owner", "ref"),
    _references(),
    ids=[f"{owner}:{ref.service}:{ref.fact}" for owner, ref in _references()],
)
def test_every_fact_reference_resolves_in_the_services_data(
    owner: str, ref: FactRef
) -> None:
    service = services()[ref.service]
    ids = {item.id for item in (*service.limits, *service.facts, *service.variants)}
    assert ref.fact in ids or ref.fact in SECTIONS, f"{owner}: {ref}"
    assert fact_source(ref).url.startswith("https://")


@pytest.mark.parametrize("rule", BOOK.limit_rules, ids=lambda rule: rule.id)
def test_limit_checks_name_existing_limits_in_a_comparable_unit(
    rule: LimitRule,
) -> None:
    for check in rule.checks:
        limit = service_limit(check.service, check.limit)
        amount = limit.value if check.compare_to == "value" else limit.default
        assert amount is not None, f"{check.service} {check.limit} has no default"
        converted = to_base(amount, limit.unit)
        assert converted is not None, limit.unit
        assert converted[0] in FIELD_QUANTITIES[rule.field], (check, limit.unit)


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda rule: rule.id)
def test_rules_are_sourced_and_constraints_carry_no_weight(rule: Rule) -> None:
    assert rule.source.url.startswith("https://")
    assert rule.title and not rule.title.endswith(".")
    services_named = [effect.service for effect in rule.effects]
    assert len(services_named) == len(set(services_named)), rule.id
    if rule.kind == "constraint":
        assert rule.when, rule.id
        assert all(effect.weight == 0 for effect in rule.effects), rule.id


@pytest.mark.parametrize("pattern", BOOK.patterns, ids=lambda pattern: pattern.id)
def test_patterns_pair_distinct_services(pattern: Pattern) -> None:
    assert not set(pattern.services) & set(pattern.combined_with)
    assert pattern.triggered_by_limit or pattern.when or pattern.when_any
    assert pattern.source.url.startswith("https://")


def test_patterns_named_in_the_issue_exist() -> None:
    combos = {
        (service, partner)
        for pattern in BOOK.patterns
        for service in pattern.services
        for partner in pattern.combined_with
    }
    assert ("sns-standard", "sqs-standard") in combos
    assert ("managed-flink", "kinesis-data-streams") in combos
    assert ("eventbridge-pipes", "kinesis-data-streams") in combos
    assert any(pattern.id == "pattern-claim-check-s3" for pattern in BOOK.patterns)


@pytest.mark.parametrize("term", BOOK.terms, ids=lambda term: term.id)
def test_terms_compile_and_set_values_the_contract_accepts(term: Term) -> None:
    for pattern in term.patterns:
        re.compile(pattern)
    value: object = term.value
    if term.field in ("protocols", "destinations", "broker_features"):
        value = [value]
    Requirements(**{term.field: value})


def test_follow_up_probes_are_valid_answers() -> None:
    for question in BOOK.questions:
        Requirements(**{question.field: question.probe})
        assert question.text.endswith("?")


def test_every_service_is_reachable_by_some_preference() -> None:
    favoured = {
        effect.service
        for rule in BOOK.rules
        if rule.kind == "preference"
        for effect in rule.effects
        if effect.weight >= 2
    }
    assert favoured == set(SERVICE_IDS)


def test_a_rule_book_with_duplicate_ids_is_refused() -> None:
    document = BOOK.model_dump()
    document["rules"].append(document["rules"][0])
    with pytest.raises(ValidationError, match="unique"):
        RuleBook.model_validate(document)


def test_a_pattern_borrowing_an_unknown_rule_is_refused() -> None:
    document = BOOK.model_dump()
    document["patterns"][0]["borrows"] = ["pref-does-not-exist"]
    with pytest.raises(ValidationError, match="borrows unknown"):
        RuleBook.model_validate(document)


def test_a_test_with_two_operators_is_refused() -> None:
    rule = BOOK.rules[1].model_dump()
    rule["when"] = [{"field": "replay", "equals": True, "above": 1}]
    with pytest.raises(ValidationError, match="exactly one operator"):
        Rule.model_validate(rule)


def test_compiled_rules_index_every_rule() -> None:
    rules = compiled_rules()
    indexed = set(rules.always)
    for positions in rules.by_field.values():
        indexed.update(positions)
    assert indexed == set(range(len(rules.rules)))
    assert [item.rule.id for item in rules.rules] == [rule.id for rule in BOOK.rules]


def test_requirement_fields_cover_the_contract_exactly() -> None:
    from aws_messaging_mcp.knowledge.recommend_models import RequirementField

    contract = set(Requirements.model_fields) - {"description"}
    assert set(get_args(RequirementField)) == contract
