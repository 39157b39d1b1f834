"""`recommend_service`: from a workload's requirements to a ranked, explained answer."""

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.knowledge.models import ServiceId
from aws_messaging_mcp.recommend import explain
from aws_messaging_mcp.recommend.engine import Evaluation, evaluate, top_service
from aws_messaging_mcp.recommend.extract import Value
from aws_messaging_mcp.recommend.models import (
    FollowUpQuestion,
    RecommendationResult,
    Requirements,
)
from aws_messaging_mcp.recommend.profile import Profile, build_profile, format_value
from aws_messaging_mcp.recommend.rulebook import CompiledRules, compiled_rules

MAX_QUESTIONS = 4

UNSTATED = (
    "Requirements not stated are taken as not needed: no ordering, replay, "
    "fan-out or exactly-once unless given or read from the description."
)
REGIONAL_QUOTAS = (
    "Throughput quotas are those published for the largest Regions (us-east-1, "
    "us-west-2, eu-west-1); other Regions can be lower."
)
KIB_SIZES = (
    "message_size_kb is read as KiB (1,024 bytes); each limit is compared in the "
    "unit AWS publishes it in."
)
ASSUMED_SIZE = (
    "No message size was given: rates were compared with byte-rate limits at "
    "1 KiB per message."
)
NOTHING_READ = (
    "Nothing in the description matched a known requirement; the ranking "
    "reflects general defaults only. Add structured fields to sharpen it."
)


def parse_requirements(arguments: Mapping[str, Any]) -> Requirements:
    """Validate raw arguments; an invalid one becomes an `InputError`."""
    try:
        requirements = Requirements.model_validate(dict(arguments))
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise InputError(f"invalid requirements: {problems}") from None
    return check_not_empty(requirements)


def check_not_empty(requirements: Requirements) -> Requirements:
    given = requirements.model_dump(exclude_none=True)
    description = (requirements.description or "").strip()
    if not description and set(given) <= {"description"}:
        raise InputError(
            "describe the workload: give a description or at least one "
            "requirement field (for example ordering, replay, fan_out, protocols)"
        )
    return requirements


def _assumptions(evaluation: Evaluation, requirements: Requirements) -> list[str]:
    profile = evaluation.profile
    notes = [
        f'Read "{reading.evidence}" in the description as {name} = '
        f"{format_value(reading.value)}"
        + (f" ({reading.note})" if reading.note else "")
        for name, reading in profile.read.items()
    ]
    if requirements.description and not profile.read:
        notes.append(NOTHING_READ)
    notes.extend(_unit_assumptions(profile))
    notes.extend(_size_beyond_every_limit(evaluation))
    notes.append(UNSTATED)
    return notes


def _unit_assumptions(profile: Profile) -> list[str]:
    notes = []
    if "message_size_kb" in profile.values:
        notes.append(KIB_SIZES)
    if "throughput_per_second" in profile.values:
        notes.append(REGIONAL_QUOTAS)
        if "message_size_kb" not in profile.values:
            notes.append(ASSUMED_SIZE)
    return notes


def _size_beyond_every_limit(evaluation: Evaluation) -> list[str]:
    carried = [
        service
        for service, standing in evaluation.standings.items()
        if any(item.rule == "limit-message-size" for item in standing.contributions())
        and not any(
            item.rule == "limit-message-size" and item.kind == "advice"
            for item in standing.contributions()
        )
    ]
    size = evaluation.profile.get("message_size_kb")
    if not isinstance(size, float) or len(carried) < 5:
        return []
    return [
        f"A message of {format_value(size)} KB is above the message size limit of "
        f"{', '.join(carried)}: only a reference to it can travel through them "
        "(claim check through S3)."
    ]


def _probe_value(probe: object) -> Value:
    if isinstance(probe, list):
        return frozenset(str(item) for item in probe)
    if isinstance(probe, int) and not isinstance(probe, bool):
        return float(probe)
    assert isinstance(probe, bool | str | float)
    return probe


def follow_up_questions(
    rules: CompiledRules, profile: Profile, current: ServiceId
) -> list[FollowUpQuestion]:
    """The questions whose answer would put another service first."""
    asked = []
    for question in rules.questions:
        if question.field in profile.values:
            continue
        probed = profile.with_value(question.field, _probe_value(question.probe))
        favoured = top_service(rules, probed)
        if favoured != current:
            asked.append(
                FollowUpQuestion(
                    question=question.text,
                    field=question.field,
                    would_favour=favoured,
                )
            )
        if len(asked) == MAX_QUESTIONS:
            break
    return asked


def recommend_service(requirements: Requirements) -> RecommendationResult:
    """Rank the services for a workload, with reasons, rejections and questions."""
    check_not_empty(requirements)
    rules = compiled_rules()
    profile = build_profile(requirements, rules.terms)
    evaluation = evaluate(rules, profile)
    return RecommendationResult(
        recommendations=explain.recommendations(evaluation),
        rejected=explain.rejections(evaluation),
        assumptions=_assumptions(evaluation, requirements),
        follow_up_questions=follow_up_questions(rules, profile, evaluation.ranking[0]),
        conflicts=explain.conflicts(evaluation),
    )
