"""Condition semantics: operators, matching, what narrows and what kills."""

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aws_messaging_mcp.policy.conditions import (
    ConditionTest,
    arn_like,
    arn_matches_every_resource,
    condition_values,
    intended_operator,
    is_bare_wildcard,
    operator,
    string_like,
)
from aws_messaging_mcp.policy.wildcards import wildcard_match

TOPIC = "arn:aws:sns:us-east-1:111122223333:orders-events"


def test(operator_name: str, key: str, *values: str) -> ConditionTest:
    return ConditionTest(
        operator_name, key, values, "/Statement/0/Condition", operator(operator_name)
    )


test.__test__ = False  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "base", "family", "negated", "wildcards", "if_exists", "set_operator"),
    [
        ("StringEquals", "StringEquals", "String", False, False, False, None),
        ("stringlike", "StringLike", "String", False, True, False, None),
        (
            "StringNotEqualsIfExists",
            "StringNotEquals",
            "String",
            True,
            False,
            True,
            None,
        ),
        ("ArnEquals", "ArnEquals", "Arn", False, True, False, None),
        ("ArnNotLike", "ArnNotLike", "Arn", True, True, False, None),
        ("NotIpAddress", "NotIpAddress", "IpAddress", True, False, False, None),
        (
            "ForAllValues:StringLike",
            "StringLike",
            "String",
            False,
            True,
            False,
            "ForAllValues",
        ),
        (
            "ForAnyValue:ArnLikeIfExists",
            "ArnLike",
            "Arn",
            False,
            True,
            True,
            "ForAnyValue",
        ),
        ("Null", "Null", "Null", False, False, False, None),
    ],
)
def test_operators_are_decomposed_without_regard_to_case(
    name: str,
    base: str,
    family: str,
    negated: bool,
    wildcards: bool,
    if_exists: bool,
    set_operator: str | None,
) -> None:
    found = operator(name)
    assert found is not None
    decomposed = (
        found.base,
        found.family,
        found.negated,
        found.wildcards,
        found.if_exists,
        found.set_operator,
    )
    assert decomposed == (base, family, negated, wildcards, if_exists, set_operator)


@pytest.mark.parametrize("name", ["StringEqual", "NullIfExists", "ArnMatches", ""])
def test_names_that_are_not_operators_are_unknown(name: str) -> None:
    assert operator(name) is None


def test_a_near_miss_names_the_operator_it_was_meant_to_be() -> None:
    intended = intended_operator("StringEqual")
    assert intended is not None and intended.name == "StringEquals"
    assert intended_operator("Whatever") is None


@pytest.mark.parametrize(
    ("raw", "values"),
    [
        ("a", ("a",)),
        (["a", "b"], ("a", "b")),
        (True, ("true",)),
        ([False, 12], ("false", "12")),
        ({"a": 1}, None),
        ([["nested"]], None),
    ],
)
def test_condition_values_are_read_as_iam_reads_them(
    raw: object, values: tuple[str, ...] | None
) -> None:
    assert condition_values(raw) == values


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("arn:aws:sns:*:111122223333:orders-*", TOPIC, True),
        ("arn:aws:sns:us-east-1:*:orders-events", TOPIC, True),
        ("arn:aws:sns:us-east-?:111122223333:orders-events", TOPIC, True),
        ("arn:aws:sns:*", TOPIC, False),  # six parts are compared one by one
        ("arn:aws:sns:us-east-1:111122223333:Orders-events", TOPIC, False),
        ("*", TOPIC, True),
        ("arn:aws:sns:us-east-1:111122223333:*", "not-an-arn", False),
    ],
)
def test_arn_like_compares_each_part_case_sensitively(
    pattern: str, value: str, matches: bool
) -> None:
    assert arn_like(pattern, value) is matches


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("orders-*", "orders-events", True),
        ("orders-?", "orders-1", True),
        ("orders-?", "orders-12", False),
        ("Orders*", "orders", False),
        ("a.b", "axb", False),
    ],
)
def test_string_like_has_two_wildcards_and_nothing_else(
    pattern: str, value: str, matches: bool
) -> None:
    assert string_like(pattern, value) is matches


def regex_oracle(pattern: str, value: str) -> bool:
    """The obvious (backtracking) reading of an IAM pattern, for short inputs."""
    translated = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(translated, value, re.DOTALL) is not None


@settings(max_examples=1_000, deadline=None, database=None)
@given(
    pattern=st.text(alphabet="ab*?:\n", max_size=10),
    value=st.text(alphabet="ab*?:\n", max_size=12),
)
def test_wildcard_matching_agrees_with_the_regular_expression_reading(
    pattern: str, value: str
) -> None:
    assert wildcard_match(pattern, value) is regex_oracle(pattern, value)


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        ("*a" * 2_000 + "b", "a" * 100_000),
        ("*a?" * 2_000 + "b", "a" * 100_000),
        (
            "arn:aws:sns:*:*:" + "*a" * 30 + "b",
            "arn:aws:sns:us-east-1:1:" + "a" * 5_000,
        ),
    ],
)
def test_wildcard_matching_takes_linear_time_where_regex_backtracks(
    pattern: str, value: str
) -> None:
    # A regular expression with a `.*` per star needs seconds for 10 stars
    # against 40 characters; these are far larger. CPU time, so that other
    # work on the machine does not count.
    started = time.process_time()
    assert not string_like(pattern, value)
    assert not arn_like(pattern, value)
    assert time.process_time() - started < 0.5


@pytest.mark.parametrize(
    ("value", "every"),
    [
        ("*", True),
        ("arn:aws:sns:*:*:*", True),
        ("arn:aws:s3:::*", True),
        ("arn:aws:s3:*:*:*", True),
        ("arn:aws:events:*:*:rule/*", True),
        ("arn:aws:sns:us-east-1:*:orders-events", False),
        ("arn:aws:sns:*:111122223333:*", False),
        ("arn:aws:s3:::orders-uploads", False),
    ],
)
def test_source_arns_that_match_every_resource_of_their_service(
    value: str, every: bool
) -> None:
    assert arn_matches_every_resource(value) is every


@pytest.mark.parametrize("value", ["*", "**", "?*", "*?"])
def test_bare_wildcards(value: str) -> None:
    assert is_bare_wildcard(value)


@pytest.mark.parametrize("value", ["", "a*", "arn:*"])
def test_not_bare_wildcards(value: str) -> None:
    assert not is_bare_wildcard(value)


@pytest.mark.parametrize(
    ("condition", "narrows"),
    [
        (test("ArnEquals", "aws:SourceArn", TOPIC), True),
        (test("ArnLike", "AWS:SOURCEARN", TOPIC), True),
        (test("ArnLike", "aws:SourceArn", "arn:aws:s3:::orders-uploads"), True),
        (test("ArnLike", "aws:SourceArn", "arn:aws:sns:us-east-1:*:orders"), False),
        (test("ArnLike", "aws:SourceArn", "*"), False),
        (test("ArnLike", "aws:SourceArn", TOPIC, "*"), False),
        (test("StringEquals", "aws:SourceAccount", "111122223333"), True),
        (test("StringEquals", "aws:SourceOwner", "111122223333"), True),
        (test("StringEquals", "kms:CallerAccount", "111122223333"), True),
        (test("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"), True),
        (test("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"), True),
        (test("IpAddress", "aws:SourceIp", "203.0.113.0/24"), True),
        (test("IpAddress", "aws:SourceIp", "0.0.0.0/0"), False),
        (test("StringNotEquals", "aws:SourceAccount", "111122223333"), False),
        (test("StringEqualsIfExists", "aws:SourceAccount", "111122223333"), False),
        (test("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a"), False),
        (test("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a/*"), True),
        (test("Bool", "aws:SecureTransport", "true"), False),
        (test("StringEquals", "sts:ExternalId", "abc"), False),
        (test("DateLessThan", "aws:CurrentTime", "2030-01-01T00:00:00Z"), False),
        (test("StringEquals", "aws:UserAgent", "my-app"), False),
        (test("StringEquals", "aws:SourceAccount", "1111*"), False),
        (test("Null", "aws:SourceAccount", "false"), False),
    ],
)
def test_what_narrows_follows_the_contract(
    condition: ConditionTest, narrows: bool
) -> None:
    assert condition.narrows is narrows


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        (test("ArnEquals", "aws:SourecArn", TOPIC), "the key does not exist"),
        (test("ForAnyValue:StringLike", "aws:Nope", "x"), "the key does not exist"),
        (test("Null", "aws:Nope", "false"), "the key does not exist"),
        (
            test("StringEquals", "aws:SourceArn", "arn:aws:sns:*:*:*"),
            "StringEquals takes '*' and '?' literally",
        ),
        (test("ArnLike", "aws:SourceArn", "111122223333"), "no value is an ARN"),
        (
            test("Bool", "aws:SourceArn", "true"),
            "Bool cannot compare a key of type ARN",
        ),
        (
            test("StringEquals", "aws:SourceIp", "203.0.113.0/24"),
            "StringEquals cannot compare a key of type IPAddress",
        ),
        (
            test("Bool", "aws:SecureTransport", "flase"),
            "Bool values are 'true' or 'false'",
        ),
        # Open, not dead: these are always true.
        (test("StringEqualsIfExists", "aws:SourecArn", "x"), None),
        (test("StringNotEquals", "aws:SourecArn", "x"), None),
        (test("ForAllValues:StringEquals", "aws:Nope", "x"), None),
        (test("Null", "aws:Nope", "true"), None),
        # A key the catalogue cannot vouch for is given the benefit of the doubt.
        (test("StringEquals", "ec2:Vpc", "vpc-1"), None),
        (test("StringEquals", "token.actions.githubusercontent.com:sub", "x"), None),
        (test("StringNotEquals", "aws:SourceAccount", "1111*"), None),
    ],
)
def test_what_can_never_hold(condition: ConditionTest, reason: str | None) -> None:
    assert condition.kill_reason == reason


@pytest.mark.parametrize(
    ("condition", "actual", "holds"),
    [
        (test("ArnEquals", "aws:SourceArn", TOPIC), TOPIC, True),
        (test("ArnLike", "aws:SourceArn", "arn:aws:sns:*:*:orders-*"), TOPIC, True),
        (test("ArnNotEquals", "aws:SourceArn", TOPIC), TOPIC, False),
        (test("ArnEquals", "aws:SourceArn", TOPIC), None, False),
        (test("ArnEqualsIfExists", "aws:SourceArn", TOPIC), None, True),
        (test("ArnNotEquals", "aws:SourceArn", TOPIC), None, True),
        (test("StringEqualsIgnoreCase", "aws:SourceAccount", "ABC"), "abc", True),
        (test("StringEquals", "aws:SourceAccount", "ABC"), "abc", False),
        (test("Null", "aws:SourceArn", "true"), None, True),
        (test("Null", "aws:SourceArn", "true"), TOPIC, False),
        (test("NumericLessThan", "sts:DurationSeconds", "3600"), "60", None),
    ],
)
def test_a_test_evaluates_against_a_request_value(
    condition: ConditionTest, actual: str | None, holds: bool | None
) -> None:
    assert condition.matches(actual) is holds


def test_a_condition_pointer_escapes_operator_and_key() -> None:
    condition = test("StringLike", "aws:PrincipalTag/team/x", "a")
    assert condition.pointer == (
        "/Statement/0/Condition/StringLike/aws:PrincipalTag~1team~1x"
    )
