"""The fast grammar check never says "well formed" where a grammar rule objects.

The checker skips the grammar rules (PC003 to PC010) when `Policy.shape_ok`
says yes; so over every labelled and fixture document, and many damaged
copies of them, a yes must mean those rules find nothing.
"""

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aws_messaging_mcp.policy.checker import NO_CONTEXT
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.models import RESOURCE_TYPES, ResourceType
from aws_messaging_mcp.policy.parse import parse_object
from aws_messaging_mcp.policy.rules import all_rules
from policy_corpus import load_corpus

GRAMMAR_RULES = [rule for rule in all_rules() if rule.requires == "shape_suspect"]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "policy_rules"
JUNK: list[Any] = [
    None,
    0,
    True,
    "",
    "*",
    "allow",
    [],
    {},
    ["*"],
    [1],
    {"AWS": []},
    {"aws": "*"},
    {"Service": "sns"},
    "arn:aws:iam::111122223333:root",
    {"StringEquals": []},
    {"StringEqual": {"a": "b"}},
    {"Bool": {"aws:SecureTransport": {"x": 1}}},
    {"StringEquals": {}},
    {"StringEquals": {"aws:SourceArn": []}},
    {"StringEquals": {"aws:SourceArn": [[]]}},
    {"StringEquals": {"aws:SourceArn": ""}},
    {"AWS": ["*", 1]},
    {"AWS": "not-an-account"},
    {"Service": []},
    ["sqs:SendMessage", None],
]
NAMES = [
    "Effect",
    "effect",
    "Action",
    "Actions",
    "NotAction",
    "Principal",
    "NotPrincipal",
    "Resource",
    "NotResource",
    "Condition",
    "Version",
    "Sid",
]


def documents() -> list[dict[str, Any]]:
    found = [e.document for e in load_corpus() if isinstance(e.document, dict)]
    for path in sorted(FIXTURES.glob("*.json")):
        cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
        found.extend(case["policy"] for case in cases if "policy" in case)
    return found


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield from paths(child, (*prefix, key))


def mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    damaged = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        where = list(paths(damaged))
        if not where:
            break
        path = rng.choice(where)
        parent = damaged
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and rng.random() < 0.3:
            parent[rng.choice(NAMES)] = parent.pop(path[-1])
        elif isinstance(parent, dict) and rng.random() < 0.2:
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
    return damaged


def shape_ok(document: Any, resource_type: ResourceType) -> bool:
    return Policy(parse_object(document), resource_type, NO_CONTEXT).shape_ok()


def grammar_issues(document: Any, resource_type: ResourceType) -> list[str]:
    policy = Policy(parse_object(document), resource_type, NO_CONTEXT)
    return [
        f"{rule.id}: {issue.message}"
        for rule in GRAMMAR_RULES
        if resource_type in rule.resource_types
        for issue in rule.check(policy)
    ]


def test_the_grammar_rules_are_the_ones_that_rely_on_the_fast_check() -> None:
    assert [rule.id for rule in GRAMMAR_RULES] == [
        "PC003",
        "PC005",
        "PC006",
        "PC007",
        "PC008",
        "PC009",
        "PC010",
    ]


@pytest.mark.parametrize("resource_type", RESOURCE_TYPES)
def test_well_formed_means_no_grammar_finding(resource_type: ResourceType) -> None:
    rng = random.Random(resource_type)
    originals = documents()
    checked = 0
    for index in range(1500):
        document = originals[index % len(originals)]
        if index >= len(originals):
            document = mutate(document, rng)
        if shape_ok(document, resource_type):
            checked += 1
            assert grammar_issues(document, resource_type) == [], document
    assert checked > 30


def test_faulty_shapes_are_not_well_formed() -> None:
    assert not shape_ok({"Statement": []}, "sqs")
    assert not shape_ok({"Statement": [{"Effect": "allow"}]}, "sqs")
    assert not shape_ok([], "sqs")
