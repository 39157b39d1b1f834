"""check_policy on random and hostile input: it answers, and answers fast.

Whatever it is given (random JSON, policy-shaped documents built from a
vocabulary of real and broken parts, corpus documents with keys dropped, types
swapped, nodes nested or multiplied, random or damaged text) the checker must
return a CheckResult whose findings use the public vocabulary. It must never
raise, never hang (every check is held to a CPU-time budget, hypothesis keeps a
per-example deadline and a bounded number of examples, and a timeout bounds
each test, so the whole module stays well under a minute on two cores), and
never write to stdout (the stdio transport). Documents of several megabytes and
nesting thousands of levels deep must get an invalid-json-or-schema finding in
under a second.
"""

import copy
import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aws_messaging_mcp.policy.models import (
    CATEGORIES,
    RESOURCE_TYPES,
    SEVERITIES,
    CheckResult,
    DlqFor,
    PolicyContext,
)
from policy_corpus import load_corpus

Json = Any
CORPUS = load_corpus()
OBJECTS = [e.document for e in CORPUS if isinstance(e.document, dict)]
TEXTS = [e.text for e in CORPUS if len(e.text) < 20_000]

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
FAST = 1.0  # CPU seconds for any one check, hostile documents included
# A hang is a checker bug; this bounds how long one can hold up the suite.
pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def check() -> Callable[..., CheckResult]:
    """check_policy, failing any call that takes more than FAST CPU seconds.

    Hypothesis's deadline is wall time, so a loaded machine could trip it;
    CPU time is what the checker itself spends, whatever else is running.
    """
    from aws_messaging_mcp.policy import check_policy

    # The first call loads the catalogue and the rules; time only what follows.
    check_policy({"Statement": []}, "sqs")

    def timed_check(*arguments: Any) -> CheckResult:
        started = time.process_time()
        result = check_policy(*arguments)
        elapsed = time.process_time() - started
        assert elapsed < FAST, f"one check took {elapsed:.2f} CPU seconds"
        return result

    return timed_check


def assert_answers(result: object) -> None:
    """A CheckResult in the public vocabulary, with a summary that adds up."""
    assert isinstance(result, CheckResult), type(result)
    assert result.resource_type in RESOURCE_TYPES
    for finding in result.findings:
        assert finding.category in CATEGORIES, finding
        assert finding.severity in SEVERITIES, finding
        assert finding.rule_id, finding
        pointer = finding.location.pointer
        assert pointer == "" or pointer.startswith("/"), finding
    assert result.summary.total == len(result.findings)


# ---------------------------------------------------------------- strategies

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=40,
)

ARNS = [
    "arn:aws:sqs:us-east-1:111122223333:orders",
    "arn:aws:sns:us-east-1:111122223333:orders-events",
    "arn:aws:events:us-east-1:111122223333:rule/orders-to-queue",
    "arn:aws:events:us-east-1:111122223333:event-bus/orders-bus",
    "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
    "arn:aws:iam::111122223333:role/orders",
    "arn:aws:iam::444455556666:root",
    "arn:aws:s3:::orders-uploads",
    "arn:aws:sns:*:*:*",
    "arn:aws:sqs:*:111122223333:*",
    "arn::::",
    "arn:aws",
    "*",
    "",
]
arns = st.sampled_from(ARNS) | st.text(max_size=40)
ACTIONS = [
    "sqs:SendMessage",
    "SQS:*",
    "sns:Publish",
    "sns:*",
    "events:PutEvents",
    "kms:Decrypt",
    "kms:GenerateDataKey*",
    "sts:AssumeRole",
    "*",
    "sqs:SendMessageBatch",
    "sqs.SendMessage",
    "lambda:InvokeFunction",
    ":",
    "sqs:",
]
actions = st.sampled_from(ACTIONS) | st.text(max_size=25)
PRINCIPALS: list[Json] = [
    "*",
    {"AWS": "*"},
    {"AWS": ["111122223333", "arn:aws:iam::444455556666:root"]},
    {"Service": "sns.amazonaws.com"},
    {"Service": ["s3.amazonaws.com", "events.amazonaws.com"]},
    {"CanonicalUser": "*"},
    {"Federated": "cognito-identity.amazonaws.com"},
    {},
    [],
]
principals = st.sampled_from(PRINCIPALS) | json_values
OPERATORS = [
    "StringEquals",
    "StringLike",
    "StringNotEquals",
    "ArnEquals",
    "ArnLike",
    "ArnNotLike",
    "Bool",
    "IpAddress",
    "NumericLessThan",
    "DateGreaterThan",
    "Null",
    "ForAllValues:StringEquals",
    "ForAnyValue:StringLike",
    "StringEqualsIfExists",
    "ForAnyValue:ArnLikeIfExists",
    "NotAnOperator",
]
KEYS = [
    "aws:SourceArn",
    "AWS:SourceOwner",
    "aws:SourceAccount",
    "aws:SourecArn",
    "aws:PrincipalOrgID",
    "aws:SecureTransport",
    "aws:SourceIp",
    "kms:CallerAccount",
    "kms:EncryptionContext:aws:sqs:arn",
    "sns:Protocol",
    "events:source",
    "sts:ExternalId",
    "aws:PrincipalTag/team",
    "",
]
condition_values: st.SearchStrategy[Json] = (
    arns | st.lists(arns, max_size=4) | scalars | json_values
)
conditions = st.dictionaries(
    st.sampled_from(OPERATORS) | st.text(max_size=15),
    st.dictionaries(
        st.sampled_from(KEYS) | st.text(max_size=20),
        condition_values,
        max_size=3,
    )
    | json_values,
    max_size=3,
)


def one_or_many(items: st.SearchStrategy[Json]) -> st.SearchStrategy[Json]:
    return items | st.lists(items, max_size=4)


@st.composite
def statements(draw: st.DrawFn) -> dict[str, Json]:
    parts: dict[str, st.SearchStrategy[Json]] = {
        "Sid": st.text(max_size=12) | scalars,
        "Effect": st.sampled_from(["Allow", "Deny", "allow", ""]) | scalars,
        draw(st.sampled_from(["Principal", "NotPrincipal", "principal"])): principals,
        draw(st.sampled_from(["Action", "NotAction", "action"])): one_or_many(actions),
        draw(st.sampled_from(["Resource", "NotResource"])): one_or_many(arns),
        "Condition": conditions | json_values,
    }
    chosen = draw(st.sets(st.sampled_from(sorted(parts)), max_size=len(parts)))
    return {name: draw(parts[name]) for name in chosen}


policies = st.fixed_dictionaries(
    {
        "Statement": st.lists(statements(), max_size=6) | statements() | json_values,
    },
    optional={
        "Version": st.sampled_from(["2012-10-17", "2008-10-17", "2012-10-18"])
        | scalars,
        "Id": st.text(max_size=20) | scalars,
        "statement": json_values,
    },
)
contexts = st.none() | st.builds(
    PolicyContext,
    resource_arn=st.none() | arns,
    account_id=st.none() | st.sampled_from(["111122223333", "", "abc"]),
    trusted_accounts=st.lists(st.text(max_size=14), max_size=3),
    trusted_org_id=st.none() | st.text(max_size=14),
    dlq_for=st.none()
    | st.builds(
        DlqFor,
        kind=st.sampled_from(["sns-subscription", "eventbridge-target", "sqs-redrive"]),
        source_arn=arns,
    ),
)
resource_types = st.none() | st.sampled_from(RESOURCE_TYPES)


def paths(node: Json, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a document: () is the root, then keys and indexes."""
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from paths(child, (*prefix, index))


def replace(document: Json, path: tuple[Any, ...], value: Json) -> Json:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


def get(document: Json, path: tuple[Any, ...]) -> Json:
    for step in path:
        document = document[step]
    return document


@st.composite
def mutated_documents(draw: st.DrawFn) -> Json:
    """A corpus document after one to four structural mutations.

    At most one mutation multiplies a node, and it comes last: copies share
    their node, so a later mutation inside one would change them all, and a
    second multiplication would square the document's size.
    """
    document = copy.deepcopy(draw(st.sampled_from(OBJECTS)))
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(list(paths(document))))
        mutation = draw(st.sampled_from(["drop", "swap", "string", "nest"]))
        document = mutate(draw, document, path, mutation)
    if draw(st.booleans()):
        path = draw(st.sampled_from(list(paths(document))))
        document = mutate(draw, document, path, "multiply")
    return document


def mutate(draw: st.DrawFn, document: Json, path: tuple[Any, ...], how: str) -> Json:
    node = get(document, path)
    if how == "drop" and path:
        del get(document, path[:-1])[path[-1]]
        return document
    if how == "swap":
        return replace(document, path, draw(json_values))
    if how == "string":
        return replace(document, path, draw(st.text(max_size=50)))
    if how == "nest":
        for _ in range(draw(st.integers(1, 300))):
            node = [node] if draw(st.booleans()) else {"x": node}
        return replace(document, path, node)
    if how == "multiply":
        return replace(document, path, [node] * draw(st.integers(2, 2000)))
    return document


@st.composite
def damaged_texts(draw: st.DrawFn) -> str:
    """A corpus document's text with characters cut, inserted or repeated."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "truncate"]))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif kind == "insert":
            noise = draw(st.text(alphabet=',:{}[]"\\ \n0a*', min_size=1, max_size=5))
            text = text[:at] + noise + text[at:]
        elif kind == "repeat":
            text = text[:at] + text[at : at + 30] * draw(st.integers(2, 50)) + text[at:]
        else:
            text = text[:at]
    return text


# ---------------------------------------------------------------- properties


@FUZZ
@given(document=json_values, resource_type=resource_types)
def test_random_json_gets_an_answer(
    check: Callable[..., CheckResult], document: Json, resource_type: Any
) -> None:
    policy = document if isinstance(document, dict) else json.dumps(document)
    assert_answers(check(policy, resource_type))


@FUZZ
@given(document=policies, resource_type=resource_types, context=contexts)
def test_random_policies_get_an_answer_and_print_nothing(
    check: Callable[..., CheckResult],
    capsys: pytest.CaptureFixture[str],
    document: Json,
    resource_type: Any,
    context: PolicyContext | None,
) -> None:
    assert_answers(check(document, resource_type, context))
    assert capsys.readouterr().out == ""


@FUZZ
@given(document=policies, resource_type=resource_types)
def test_random_policies_as_text_get_the_same_categories(
    check: Callable[..., CheckResult], document: Json, resource_type: Any
) -> None:
    # Non-finite floats have no JSON text (json.dumps would write Infinity), and
    # near a size quota the object's own serialization may differ in length.
    text = json.dumps(document)
    assume(not re.search(r"\b(NaN|Infinity)\b", text) and len(text) < 6_000)
    as_object = check(document, resource_type)
    as_text = check(text, resource_type)
    assert_answers(as_text)
    assert {f.category for f in as_text.findings} == {
        f.category for f in as_object.findings
    }


@FUZZ
@given(document=mutated_documents(), resource_type=resource_types, context=contexts)
def test_mutated_corpus_documents_get_an_answer(
    check: Callable[..., CheckResult],
    document: Json,
    resource_type: Any,
    context: PolicyContext | None,
) -> None:
    # A mutation may replace the whole object; the input contract is an object
    # or text, so anything else goes in as its JSON text.
    policy = document if isinstance(document, dict) else json.dumps(document)
    assert_answers(check(policy, resource_type, context))


@FUZZ
@given(text=damaged_texts() | st.text(max_size=200), resource_type=resource_types)
def test_damaged_and_random_text_gets_an_answer(
    check: Callable[..., CheckResult], text: str, resource_type: Any
) -> None:
    assert_answers(check(text, resource_type))


# ---------------------------------------------------------------- hostile sizes

STATEMENT = {
    "Sid": "AllowOrdersTopic",
    "Effect": "Allow",
    "Principal": {"Service": "sns.amazonaws.com"},
    "Action": "sqs:SendMessage",
    "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
    "Condition": {
        "ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}
    },
}
MEGABYTES = 5


def many_statements() -> dict[str, Json]:
    count = MEGABYTES * 1024 * 1024 // len(json.dumps(STATEMENT))
    return {"Version": "2012-10-17", "Statement": [STATEMENT] * count}


def huge_string() -> dict[str, Json]:
    statement = dict(STATEMENT, Sid="x" * (MEGABYTES * 1024 * 1024))
    return {"Version": "2012-10-17", "Statement": [statement]}


def nested_object(depth: int) -> dict[str, Json]:
    node: Json = "aws:SourceArn"
    for _ in range(depth):
        node = {"StringEquals": node} if depth % 2 else [node]
    return {"Version": "2012-10-17", "Statement": [dict(STATEMENT, Condition=node)]}


def nested_text(depth: int, closed: bool = True) -> str:
    tail = "]" * depth + "}" if closed else ""
    return '{"Version": "2012-10-17", "Statement": ' + "[" * depth + tail


def cut_text(tail: str) -> str:
    """A document cut off inside a string value, with `tail` after the cut."""
    return '{"Version": "2012-10-17", "Statement": [{"Sid": "' + tail


# Just under the size the checker reads (MAX_DOCUMENT_BYTES), so that the
# scanner, not the size check, meets them.
BIG = 200_000

HOSTILE: dict[str, Callable[[], Json]] = {
    "5 MB of statements": many_statements,
    "5 MB of statements as text": lambda: json.dumps(many_statements()),
    "5 MB string": huge_string,
    "5 MB string as text": lambda: json.dumps(huge_string()),
    "object nested 5,000 deep": lambda: nested_object(5_000),
    "object nested 5,001 deep": lambda: nested_object(5_001),
    "text nested 5,000 deep": lambda: nested_text(5_000),
    "text nested 100,000 deep": lambda: nested_text(100_000),
    "unclosed text nested 100,000 deep": lambda: nested_text(100_000, closed=False),
    # An unclosed string made the tokenizer's regular expression backtrack
    # exponentially (minutes for 30 characters), and trailing whitespace made
    # it search again from each of its positions (quadratic).
    "text cut off in a 200 KB string": lambda: cut_text("a" * BIG),
    "text cut off in a string of escapes": lambda: cut_text('a\\"' * (BIG // 4)),
    "text cut off before 200 KB of spaces": lambda: cut_text('x", ' + " " * BIG),
    "text with a bad escape in a member name": lambda: cut_text(
        'x", "\\Resource": 1}]}'
    ),
}


@pytest.mark.parametrize("resource_type", [*RESOURCE_TYPES, None])
@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_hostile_documents_get_a_clear_error_fast(
    check: Callable[..., CheckResult], shape: str, resource_type: Any
) -> None:
    document = HOSTILE[shape]()

    # CPU time, not wall time: other test runs on a shared machine must not
    # make this fail. A hang is caught by the timeout mark.
    started = time.process_time()
    result = check(document, resource_type)
    elapsed = time.process_time() - started

    assert_answers(result)
    invalid = [f for f in result.findings if f.category == "invalid-json-or-schema"]
    assert invalid, [f.category for f in result.findings]
    assert all(f.message.strip() for f in invalid)
    assert elapsed < FAST, f"{shape}: {elapsed:.2f} s"


def test_many_star_patterns_are_checked_fast(
    check: Callable[..., CheckResult],
) -> None:
    # Patterns from the document are matched against the context's ARNs and
    # the action catalogue; as regular expressions they backtracked
    # exponentially in the number of stars.
    pattern = "*a" * 40 + "b"
    queue = "arn:aws:sqs:us-east-1:111122223333:" + "a" * 200
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": ["sqs:SendMessage", "sqs:" + "*e" * 40 + "x"],
        "Resource": ["arn:aws:sqs:*:*:" + pattern, queue],
        "Condition": {
            "ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:" + pattern},
            "StringLike": {"aws:SourceAccount": pattern},
        },
    }
    context = PolicyContext(
        resource_arn=queue,
        dlq_for=DlqFor(
            kind="sns-subscription",
            source_arn="arn:aws:sns:us-east-1:111122223333:" + "a" * 200,
        ),
    )

    started = time.process_time()
    result = check({"Statement": [statement]}, "sqs", context)
    elapsed = time.process_time() - started

    assert_answers(result)
    assert elapsed < FAST, f"{elapsed:.2f} s"


# ------------------------------------------------------ many faults, one document

MANY = 4_000


def many_wildcard_resources() -> dict[str, Json]:
    resources = [f"arn:aws:sqs:*:*:queue-{index}" for index in range(MANY)]
    return {"Statement": [dict(STATEMENT, Resource=resources)]}


def many_unknown_keys() -> dict[str, Json]:
    keys = {f"aws:SourceArnx{index}": "arn:aws:sns:*" for index in range(MANY)}
    return {"Statement": [dict(STATEMENT, Condition={"ArnLike": keys})]}


def many_misspelt_operators() -> dict[str, Json]:
    operators = {f"ArnEqual{index}": {"aws:SourceArn": "x"} for index in range(MANY)}
    return {"Statement": [dict(STATEMENT, Condition=operators)]}


def many_misspelt_elements() -> dict[str, Json]:
    return {"Statement": [{f"Actio{index}": "x" for index in range(MANY)}]}


# Each would take seconds if every fault cost what one does alone: a close
# spelling looked up for each name, or a list searched for each entry.
MANY_FAULTS: dict[str, tuple[Callable[[], Json], str, int]] = {
    "wildcard resources": (many_wildcard_resources, "wildcard-resource", MANY),
    "unknown condition keys": (
        many_unknown_keys,
        "condition-key-typo-or-unknown",
        MANY,
    ),
    "misspelt operators": (many_misspelt_operators, "invalid-json-or-schema", MANY),
    "misspelt elements": (many_misspelt_elements, "invalid-json-or-schema", MANY),
}


@pytest.mark.parametrize("as_text", [False, True])
@pytest.mark.parametrize("shape", sorted(MANY_FAULTS))
def test_thousands_of_faults_in_one_document_are_each_reported_fast(
    check: Callable[..., CheckResult], shape: str, as_text: bool
) -> None:
    build, category, count = MANY_FAULTS[shape]
    document = build()
    policy = json.dumps(document) if as_text else document

    # `check` fails any call over FAST CPU seconds.
    result = check(policy, "sqs")

    assert_answers(result)
    found = [f for f in result.findings if f.category == category]
    assert len(found) >= count, (len(found), [f.message for f in found[:3]])
