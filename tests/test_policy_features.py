"""The checker skips a rule only where the rule could find nothing.

`Policy.features` says what a document holds (service principals, unusual
condition tests, actions that are not routine, ...); a rule that requires a
feature the document lacks is not run. Over every labelled and fixture
document, and many damaged copies of them, each skipped rule must find
nothing when run anyway.
"""

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aws_messaging_mcp.policy.checker import NO_CONTEXT
from aws_messaging_mcp.policy.document import FEATURES, Policy
from aws_messaging_mcp.policy.models import RESOURCE_TYPES, PolicyContext, ResourceType
from aws_messaging_mcp.policy.parse import parse_object
from aws_messaging_mcp.policy.rules import all_rules
from policy_corpus import load_corpus

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "policy_rules"
GATED_RULES = [rule for rule in all_rules() if rule.requires]
OWNER = PolicyContext(account_id="111122223333")
# Replacements that make condition tests and actions unusual in many ways.
JUNK: list[Any] = [
    "*",
    "sqs:*",
    "sns:*",
    "SQS:SendMessage",
    "sqs:SendMessageBatch",
    "sqs.SendMessage",
    "sns:Publish",
    "kms:Decrypt",
    "events:PutEvents",
    "sts:AssumeRole",
    "sqs:Delete*",
    "arn:aws:sns:*:*:*",
    "arn:aws:sns:us-east-1:*:orders",
    "111122223333",
    "false",
    "true",
    ["*", "arn:aws:s3:::bucket"],
    {"StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:t"}},
    {"StringEquals": {"aws:SourceAccount": "*"}},
    {"StringLike": {"aws:SourceArn": "arn:aws:sns:*"}},
    {"ForAllValues:StringEquals": {"aws:SourceAccount": ["1"]}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"Bool": {"aws:SecureTransprt": "false"}},
    {"StringEquals": {"aws:SecureTransport": "false"}},
    {"ArnLike": {"aws:SourceArn": "111122223333"}},
    {"IpAddress": {"aws:SourceArn": "10.0.0.0/8"}},
    {"StringEqual": {"aws:SourceArn": "*"}},
    {"NumericLessThan": {"aws:SourecArn": "1"}},
]
# Where junk goes: the values of these members, anywhere in a document.
TARGETS = {"Action", "NotAction", "Condition", "Resource", "Effect", "Principal"}


def documents() -> list[dict[str, Any]]:
    found = [e.document for e in load_corpus() if isinstance(e.document, dict)]
    for path in sorted(FIXTURES.glob("*.json")):
        cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
        found.extend(case["policy"] for case in cases if "policy" in case)
    return found


def places(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every value, inside the Condition block too."""
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        yield (*prefix, key)
        yield from places(child, (*prefix, key))


def mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    damaged = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        where = [
            path
            for path in places(damaged)
            if any(step in TARGETS for step in path if isinstance(step, str))
        ]
        if not where:
            break
        path = rng.choice(where)
        parent = damaged
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
    return damaged


def skipped_findings(document: Any, resource_type: ResourceType) -> list[str]:
    """What the rules the checker would skip find when run anyway."""
    found = []
    for context in (NO_CONTEXT, OWNER):
        policy = Policy(parse_object(document), resource_type, context)
        for rule in GATED_RULES:
            if resource_type not in rule.resource_types:
                continue
            if rule.requires in policy.features:
                continue
            found.extend(f"{rule.id}: {issue.message}" for issue in rule.check(policy))
    return found


def test_every_requirement_is_a_feature() -> None:
    assert {rule.requires for rule in GATED_RULES} <= set(FEATURES)


def test_a_document_has_only_the_listed_features() -> None:
    for document in documents():
        assert Policy(parse_object(document), "sqs", OWNER).features <= set(FEATURES)


@pytest.mark.parametrize("resource_type", RESOURCE_TYPES)
def test_a_skipped_rule_would_have_found_nothing(resource_type: ResourceType) -> None:
    rng = random.Random(resource_type)
    originals = documents()
    for index in range(2000):
        document = originals[index % len(originals)]
        if index >= len(originals):
            document = mutate(document, rng)
        assert skipped_findings(document, resource_type) == [], document
