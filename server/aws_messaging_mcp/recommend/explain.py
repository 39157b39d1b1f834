"""Turn an evaluation into the answer: ranked entries, rejections, assumptions.

Every reason, caveat and rejection names the rule that produced it and the
sourced fact it rests on, with that fact's URL and checked-on date.
"""

from functools import cache

from aws_messaging_mcp.knowledge import loader
from aws_messaging_mcp.knowledge.models import ServiceId
from aws_messaging_mcp.knowledge.recommend_models import FactRef, Pattern
from aws_messaging_mcp.recommend.engine import BASELINE, Evaluation, Standing
from aws_messaging_mcp.recommend.models import (
    Conflict,
    FactCitation,
    Fit,
    Note,
    PatternUse,
    Recommendation,
    Rejection,
)
from aws_messaging_mcp.recommend.profile import Profile, format_value
from aws_messaging_mcp.recommend.rulebook import Contribution, fact_source

MAX_RECOMMENDATIONS = 5


@cache
def cite(ref: FactRef) -> FactCitation:
    source = fact_source(ref)
    return FactCitation(
        service=ref.service,
        id=ref.fact,
        source_url=source.url,
        checked_on=source.checked_on,
    )


def fit_for(score: float) -> Fit:
    if score >= 0.75:
        return "strong"
    return "good" if score >= 0.5 else "possible"


def _limit_phrase(item: Contribution) -> str:
    check = item.check
    assert check is not None
    limit = check.limit
    amount = limit.value if check.check.compare_to == "value" else limit.default
    word = "is" if check.check.compare_to == "value" else "defaults to"
    return f"{limit.name} {word} {format_value(float(amount or 0))} {limit.unit}"


def requirement_text(item: Contribution, profile: Profile) -> str | None:
    described = [
        profile.describe(name) for name in item.fields if name in profile.values
    ]
    if not described:
        return None
    return "; ".join(described)


def note_text(item: Contribution) -> str:
    text = item.text
    if item.check is not None:
        text = f"{_limit_phrase(item)}. {text}"
    if item.via is not None:
        text = f"{text} (through the {loader.service(item.via).name})"
    return text


def to_note(item: Contribution, profile: Profile) -> Note:
    return Note(
        text=note_text(item),
        rule=item.rule,
        requirement=requirement_text(item, profile),
        fact=cite(item.fact),
    )


def _reasons(standing: Standing, profile: Profile) -> list[Note]:
    positive = [item for item in standing.contributions() if item.weight > 0]
    positive.sort(key=lambda item: -item.weight)
    specific = [item for item in positive if item.rule != BASELINE]
    return [to_note(item, profile) for item in (specific or positive)]


def _caveats(standing: Standing, profile: Profile) -> list[Note]:
    caveats = [
        to_note(item, profile)
        for item in standing.contributions()
        if (item.weight < 0 and item.kind != "advice") or item.kind == "claim-check"
    ]
    if standing.relaxed:
        caveats[:0] = [_unmet(item, profile) for item in standing.eliminations()]
    return caveats


def _unmet(item: Contribution, profile: Profile) -> Note:
    note = to_note(item, profile)
    return note.model_copy(
        update={"text": f"Does not meet this requirement: {note.text}"}
    )


def _configuration(standing: Standing, profile: Profile) -> list[Note]:
    notes = []
    for item in standing.contributions():
        if item.kind == "advice":
            notes.append(to_note(item, profile))
        elif item.advice is not None:
            notes.append(
                Note(
                    text=item.advice,
                    rule=item.rule,
                    requirement=requirement_text(item, profile),
                    fact=cite(item.fact),
                )
            )
    unique = {note.text: note for note in notes}
    return list(unique.values())


def pattern_use(pattern: Pattern) -> PatternUse:
    return PatternUse(
        id=pattern.id,
        name=pattern.name,
        text=pattern.text,
        combined_with=pattern.combined_with,
        advice=pattern.advice,
        facts=[cite(ref) for ref in pattern.facts],
        source_url=pattern.source.url,
    )


def _summary(standing: Standing) -> str:
    text = loader.service(standing.service).name
    partners = [loader.service(partner).name for partner in standing.combined_with]
    if partners:
        text += " with " + " and ".join(partners)
    names = [pattern.name for pattern in standing.patterns]
    if names:
        text += f" ({'; '.join(names)})"
    return text


def recommendation(evaluation: Evaluation, service: ServiceId) -> Recommendation:
    standing = evaluation.standings[service]
    profile = evaluation.profile
    score = round(evaluation.score(service), 2)
    return Recommendation(
        service=service,
        name=loader.service(service).name,
        score=score,
        fit="possible" if standing.relaxed else fit_for(score),
        combined_with=standing.combined_with,
        summary=_summary(standing),
        reasons=_reasons(standing, profile),
        caveats=_caveats(standing, profile),
        configuration=_configuration(standing, profile),
        patterns=[pattern_use(pattern) for pattern in standing.patterns],
    )


def recommendations(evaluation: Evaluation) -> list[Recommendation]:
    shown = [
        service
        for service in evaluation.ranking
        if evaluation.standings[service].total > 0
    ][:MAX_RECOMMENDATIONS]
    return [
        recommendation(evaluation, service)
        for service in shown or evaluation.ranking[:1]
    ]


def rejections(evaluation: Evaluation) -> list[Rejection]:
    rejected = []
    for service, standing in evaluation.standings.items():
        if standing.relaxed:
            continue
        for item in standing.eliminations():
            rejected.append(
                Rejection(
                    service=service,
                    requirement=requirement_text(item, evaluation.profile) or "",
                    rule=item.rule,
                    reason=note_text(item),
                    fact=cite(item.fact),
                )
            )
    return rejected


def conflicts(evaluation: Evaluation) -> list[Conflict]:
    """When no service met everything, which requirements pulled apart."""
    if not evaluation.relaxed:
        return []
    profile = evaluation.profile
    by_requirement: dict[str, list[str]] = {}
    rules: set[str] = set()
    for standing in evaluation.standings.values():
        for item in standing.eliminations():
            requirement = requirement_text(item, profile) or item.rule
            by_requirement.setdefault(requirement, []).append(standing.service)
            rules.add(item.rule)
    clauses = [
        f"{requirement} rules out {', '.join(dict.fromkeys(services))}"
        for requirement, services in by_requirement.items()
    ]
    text = (
        "No single service meets all the requirements together: "
        + "; ".join(clauses)
        + ". Each recommendation gives up the requirement named first in its "
        "caveats; consider two services, or relaxing one requirement."
    )
    return [Conflict(text=text, requirements=list(by_requirement), rules=sorted(rules))]
