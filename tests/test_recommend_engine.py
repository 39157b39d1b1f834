"""The recommender's behaviour through its domain API: reading descriptions,
contradictions, impossible inputs, traceability and speed."""

import random
import statistics
import time
from typing import Any

import pytest
from pydantic import ValidationError

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.recommend.advisor import parse_requirements, recommend_service
from aws_messaging_mcp.recommend.extract import read_description
from aws_messaging_mcp.recommend.models import RecommendationResult, Requirements
from aws_messaging_mcp.recommend.rulebook import compiled_rules, load_rulebook

RULE_IDS = {
    *(rule.id for rule in load_rulebook().rules),
    *(rule.id for rule in load_rulebook().limit_rules),
}


def recommend(**fields: Any) -> RecommendationResult:
    return recommend_service(Requirements(**fields))


def read(text: str) -> dict[str, object]:
    readings = read_description(text, compiled_rules().terms)
    return {name: reading.value for name, reading in readings.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We want to reprocess the last 7 days of clickstream.",
            {"replay": True, "retention_days": 7.0},
        ),
        ("Order doesn't matter and duplicates are fine.", {"ordering": "none"}),
        ("We don't need replay.", {"replay": False}),
        (
            "Payments must be processed in order and never charged twice.",
            {"ordering": "per-key", "exactly_once": True},
        ),
        (
            "Our Java apps use JMS and MQTT.",
            {"protocols": frozenset({"jms", "mqtt"})},
        ),
        (
            "About 50,000 events per second of 2 KB each.",
            {"throughput_per_second": 50000.0, "message_size_kb": 2.0},
        ),
        ("Delay each message by 5 minutes.", {"delay_seconds": 300.0}),
        (
            "Send a reminder 24 hours after signup.",
            {"schedule": "one-time", "delay_seconds": 86400.0},
        ),
        ("Trigger a job every night at 2am.", {"schedule": "recurring"}),
        (
            "Compute 5-minute tumbling windows and write the results to S3.",
            {"stateful_processing": True, "destinations": frozenset({"s3"})},
        ),
        ("Let three teams read it independently.", {"consumers": 3.0}),
        (
            "Metrics at 200 MB per second.",
            {"throughput_per_second": 200 * 1024**2 / 1024},
        ),
        ("Keep every event forever.", {"retention_days": 36500.0}),
        ("Send 5 GB video files to workers.", {"message_size_kb": 5 * 1024**2}),
    ],
)
def test_description_terms_become_requirements(
    text: str, expected: dict[str, object]
) -> None:
    readings = read(text)
    assert {name: readings.get(name) for name in expected} == expected


def test_structured_fields_win_over_the_description() -> None:
    result = recommend(description="strict ordering per customer", ordering="none")
    assert not any("as ordering =" in note for note in result.assumptions)
    assert result.recommendations[0].service == "sqs-standard"


def test_replay_with_a_broker_only_protocol_is_explained_as_a_conflict() -> None:
    result = recommend(replay=True, protocols=["jms"])
    services = [entry.service for entry in result.recommendations]
    assert services[:2] == ["amazon-mq-activemq", "kinesis-data-streams"]
    assert all(entry.fit == "possible" for entry in result.recommendations)
    first = result.recommendations[0]
    assert first.caveats[0].text.startswith("Does not meet this requirement")
    assert first.caveats[0].requirement == "replay = true"
    (conflict,) = result.conflicts
    assert conflict.rules == ["req-protocol-jms", "req-replay-needs-retained-log"]
    assert set(conflict.requirements) == {"replay = true", "protocols = jms"}


def test_a_five_gigabyte_message_gets_a_claim_check_and_an_explanation() -> None:
    result = recommend(message_size_kb=5 * 1024**2, competing_consumers=True)
    top = result.recommendations[0]
    assert top.service == "sqs-standard"
    assert [pattern.id for pattern in top.patterns] == ["pattern-claim-check-s3"]
    assert any("above every message size limit" in note for note in result.assumptions)
    firehose = next(item for item in result.rejected if item.service == "data-firehose")
    assert firehose.rule == "limit-message-size"
    assert firehose.fact.id == "max-message-size"


def test_a_message_over_a_default_limit_gets_configuration_advice() -> None:
    result = recommend(message_size_kb=512, fan_out=True)
    sns = next(
        item for item in result.recommendations if item.service == "sns-standard"
    )
    advice = [note.text for note in sns.configuration]
    assert any("MaximumMessageSize" in text for text in advice)
    assert not sns.patterns or "pattern-claim-check-s3" not in {
        pattern.id for pattern in sns.patterns
    }


def test_an_unknown_destination_is_named_in_the_assumptions() -> None:
    result = recommend(destinations=["DynamoDB", "s3"])
    assert result.recommendations[0].service == "data-firehose"
    assert any("destination dynamodb" in note for note in result.assumptions)


def test_retention_beyond_every_stream_leaves_kafka() -> None:
    result = recommend(replay=True, retention_days=400)
    assert result.recommendations[0].service in ("msk", "msk-serverless")
    kinesis = [
        item for item in result.rejected if item.service == "kinesis-data-streams"
    ]
    assert [item.rule for item in kinesis] == ["limit-retention"]
    assert "8,760 hours" in kinesis[0].reason


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"description": "   "},
        {"message_size_kb": -5},
        {"retention_days": -1},
        {"consumers": 0},
        {"throughput_per_second": float("inf")},
        {"protocols": ["smtp"]},
        {"ordering": "sometimes"},
        {"description": "x" * 5000},
        {"destinations": [""]},
        {"unknown_field": True},
    ],
    ids=str,
)
def test_invalid_input_is_an_input_error_that_says_what_to_change(
    arguments: dict[str, Any],
) -> None:
    with pytest.raises(InputError) as raised:
        parse_requirements(arguments)
    assert str(raised.value)


def test_an_empty_model_is_refused_by_the_domain_function_too() -> None:
    with pytest.raises(InputError, match="describe the workload"):
        recommend_service(Requirements())


def test_requirements_model_rejects_negative_numbers() -> None:
    with pytest.raises(ValidationError):
        Requirements(delay_seconds=-1)


def test_a_description_with_nothing_recognisable_is_a_weak_default() -> None:
    result = recommend(description="hello there")
    assert result.recommendations[0].service == "sqs-standard"
    assert result.recommendations[0].fit == "possible"
    assert any("Nothing in the description" in note for note in result.assumptions)
    assert len(result.follow_up_questions) == 4


def _notes(result: RecommendationResult) -> list[Any]:
    notes = []
    for entry in result.recommendations:
        notes += [*entry.reasons, *entry.caveats, *entry.configuration]
    return notes


@pytest.mark.parametrize(
    "fields",
    [
        {"fan_out": True, "competing_consumers": True, "consumers": 3},
        {"stateful_processing": True, "replay": True, "retention_days": 30},
        {"description": "Each change to our DynamoDB table goes to Step Functions"},
        {"message_size_kb": 3000, "ordering": "per-key", "exactly_once": True},
    ],
    ids=str,
)
def test_every_reason_names_its_rule_and_a_sourced_fact(fields: dict[str, Any]) -> None:
    result = recommend(**fields)
    for note in _notes(result):
        assert note.rule in RULE_IDS, note
        assert note.fact is not None and note.fact.source_url.startswith("https://")
    for rejection in result.rejected:
        assert rejection.rule in RULE_IDS
        assert rejection.requirement
    for entry in result.recommendations:
        assert entry.reasons, entry.service
        assert 0 <= entry.score <= 1


def test_scores_are_ranked_and_fit_follows_score() -> None:
    result = recommend(replay=True, consumers=3, ordering="per-key")
    scores = [entry.score for entry in result.recommendations]
    assert scores == sorted(scores, reverse=True)
    for entry in result.recommendations:
        if entry.score >= 0.75:
            assert entry.fit == "strong"
        elif entry.score >= 0.5:
            assert entry.fit == "good"
        else:
            assert entry.fit == "possible"


def test_follow_up_questions_skip_given_fields_and_would_change_the_pick() -> None:
    result = recommend(competing_consumers=True, replay=False)
    top = result.recommendations[0].service
    assert result.follow_up_questions
    for question in result.follow_up_questions:
        assert question.field not in ("competing_consumers", "replay")
        assert question.would_favour != top


def test_combined_answers_say_so_in_the_entry() -> None:
    result = recommend(stateful_processing=True, replay=True)
    top = result.recommendations[0]
    assert top.service == "managed-flink"
    assert top.combined_with == ["kinesis-data-streams"]
    assert top.summary.startswith("Amazon Managed Service for Apache Flink with")
    borrowed = [reason for reason in top.reasons if "(through the " in reason.text]
    assert borrowed and all(reason.fact for reason in borrowed)
    assert borrowed[0].fact.service == "kinesis-data-streams"


def test_a_call_answers_within_a_generous_bound() -> None:
    requirements = Requirements(
        description="Ingest clickstream at 50,000 events per second; three teams "
        "read it and reprocess the last 7 days.",
        ordering="per-key",
    )
    recommend_service(requirements)
    timings = []
    for _ in range(30):
        started = time.perf_counter()
        recommend_service(requirements)
        timings.append(time.perf_counter() - started)
    # The bar is 5 ms on a quiet machine (bench/recommend.py); shared CI
    # machines are noisy, so the test allows a wide margin.
    assert statistics.median(timings) < 0.05


def _random_requirements(chance: random.Random) -> dict[str, Any]:
    choices: dict[str, list[Any]] = {
        "ordering": ["none", "per-key", "total"],
        "replay": [True, False],
        "retention_days": [0, 1, 14, 30, 365, 400, 36500],
        "consumers": [1, 2, 25, 100000],
        "competing_consumers": [True, False],
        "fan_out": [True, False],
        "throughput_per_second": [0, 50, 3000, 1e5, 1e9],
        "message_size_kb": [0.001, 256, 1024, 10240, 1e9],
        "latency": ["sub-second", "seconds", "minutes"],
        "protocols": [["jms"], ["kafka", "amqp"], ["email", "mqtt"], ["https"]],
        "exactly_once": [True, False],
        "destinations": [["s3"], ["splunk", "lambda"], ["step-functions"], ["x"]],
        "stateful_processing": [True, False],
        "schedule": ["none", "one-time", "recurring"],
        "delay_seconds": [0, 60, 900, 901, 1e8],
        "point_to_point": [True, False],
        "change_data_capture": [True, False],
        "migrating_from": ["activemq", "rabbitmq", "kafka", "ibm-mq", "other"],
        "broker_features": [["priorities"], ["exchanges", "selectors"]],
        "serverless_preferred": [True, False],
    }
    picked = chance.sample(sorted(choices), chance.randint(1, 8))
    return {name: chance.choice(choices[name]) for name in picked}


def test_random_combinations_never_crash_and_stay_well_formed() -> None:
    chance = random.Random(20261203)
    for _ in range(300):
        fields = _random_requirements(chance)
        result = recommend(**fields)
        assert result.recommendations, fields
        scores = [entry.score for entry in result.recommendations]
        assert all(0 <= score <= 1 for score in scores), fields
        shown = {entry.service for entry in result.recommendations}
        assert not shown & {item.service for item in result.rejected}, fields


@pytest.mark.parametrize(
    "text",
    [
        "a" * 4000,
        "9" * 4000,
        "per second " * 363,
        "keep for " * 444,
        "the 1, 2, 3 and 4 services " * 140,
        "no no no not replay " * 200,
        "\u2019\u201c\u2014 \x00 \u202e emoji \U0001f680 " * 100,
    ],
    ids=["letters", "digits", "rates", "retention", "lists", "negations", "unicode"],
)
def test_hostile_descriptions_answer_quickly(text: str) -> None:
    started = time.perf_counter()
    result = recommend(description=text[:4000])
    assert result.recommendations
    assert time.perf_counter() - started < 1.0
