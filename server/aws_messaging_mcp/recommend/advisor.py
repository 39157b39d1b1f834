"""`recommend_service`: from a workload's requirements to a ranked, explained answer."""

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.knowledge.models import SERVICE_IDS, ServiceId
from aws_messaging_mcp.recommend import explain
from aws_messaging_mcp.recommend.engine import Evaluation, evaluate, top_service
from aws_messaging_mcp.recommend.extract import Value
from aws_messaging_mcp.recommend.models import (
    KNOWN_DESTINATIONS,
    FollowUpQuestion,
    RecommendationResult,
    Requirements,
)
from aws_messaging_mcp.recommend.profile import Profile, build_profile, format_value
from aws_messaging_mcp.recommend.rulebook import CompiledRules, compiled_rules
from aws_messaging_mcp.recommend.units import KIB, describe_bytes

MAX_QUESTIONS = 4
MAX_PROBES = 8
SIZE_RULE = "limit-message-size"

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


def _assumptions(
    rules: CompiledRules, evaluation: Evaluation, requirements: Requirements
) -> list[str]:
    profile = evaluation.profile
    notes = [
        f'Read "{reading.evidence}" in the description as {name} = '
        f"{format_value(reading.value)}"
        + (f" ({reading.note})" if reading.note else "")
        for name, reading in profile.read.items()
    ]
    notes += [
        f'The description says "{reading.evidence}" ({name} = '
        f"{format_value(reading.value)}), but the structured field "
        f"{profile.describe(name)} was used"
        for name, reading in profile.overridden.items()
    ]
    if requirements.description and not profile.described:
        notes.append(NOTHING_READ)
    notes.extend(_unknown_destinations(profile))
    notes.extend(_unit_assumptions(profile))
    notes.extend(_size_beyond_every_limit(rules, profile))
    notes.append(UNSTATED)
    return notes


def _unknown_destinations(profile: Profile) -> list[str]:
    destinations = profile.get("destinations")
    if not isinstance(destinations, frozenset):
        return []
    unknown = sorted(destinations - set(KNOWN_DESTINATIONS))
    if not unknown:
        return []
    return [
        f"No rule knows the destination {', '.join(unknown)}; it did not change "
        f"the ranking (known: {', '.join(KNOWN_DESTINATIONS)})."
    ]


def _unit_assumptions(profile: Profile) -> list[str]:
    notes = []
    if "message_size_kb" in profile.values:
        notes.append(KIB_SIZES)
    if "throughput_per_second" in profile.values:
        notes.append(REGIONAL_QUOTAS)
        if "message_size_kb" not in profile.values:
            notes.append(ASSUMED_SIZE)
    return notes


def _size_beyond_every_limit(rules: CompiledRules, profile: Profile) -> list[str]:
    """Explain a message larger than anything any service carries."""
    size = profile.get("message_size_kb")
    checks = rules.checks_by_rule.get(SIZE_RULE, ())
    maxima = [
        item for item in checks if item.check.over in ("claim-check", "eliminate")
    ]
    if not isinstance(size, float) or not maxima:
        return []
    amount = size * KIB
    if any(amount <= item.threshold for item in maxima):
        return []
    largest = max(maxima, key=lambda item: item.threshold)
    recorded = {item.check.service for item in checks}
    unrecorded = [service for service in SERVICE_IDS if service not in recorded]
    return [
        f"A message of {describe_bytes(amount)} is above every message size limit "
        f"in the services data (the largest, for {largest.check.service}, is "
        f"{describe_bytes(largest.threshold)}): only a reference to it can travel, "
        "so every option relies on a claim check through S3. No size limit is "
        f"recorded for {', '.join(unrecorded)}; check theirs before relying on them."
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
    open_questions = [q for q in rules.questions if q.field not in profile.values]
    # Each probe is a full evaluation: the first few questions (the file lists
    # them by importance) bound the cost of a call.
    for question in open_questions[:MAX_PROBES]:
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
        assumptions=_assumptions(rules, evaluation, requirements),
        follow_up_questions=follow_up_questions(rules, profile, evaluation.ranking[0]),
        conflicts=explain.conflicts(evaluation),
    )
