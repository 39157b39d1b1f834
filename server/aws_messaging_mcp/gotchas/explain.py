"""Answer a symptom, an error message or an id with the gotchas that explain it.

A match is *confident* when the query names an entry's id, quotes one of its
error messages or an identifier that few entries contain, scores at least
`STRONG_SCORE`, or scores at least `MIN_SCORE` while explaining at least
`MIN_COVERAGE` of the query's information (the idf mass of its terms).
Otherwise the answer says so, returns no full entries, and lists the closest
titles instead. The thresholds were set on the questions in
`tests/fixtures/gotcha_questions.json` against a set of off-topic questions
(`tests/test_gotchas_search.py`); `bench/gotchas.py` reports both.
"""

from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from aws_messaging_mcp.errors import InputError, UnknownIdError
from aws_messaging_mcp.gotchas import catalogue
from aws_messaging_mcp.gotchas.index import FIELDS, Hit, gotcha_index
from aws_messaging_mcp.gotchas.models import (
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    ClosestGotcha,
    FieldMatch,
    GotchaAnswer,
    GotchaList,
    GotchaMatch,
    GotchaSummary,
)
from aws_messaging_mcp.knowledge.gotcha_models import Gotcha
from aws_messaging_mcp.knowledge.models import SERVICE_IDS

MIN_SCORE = 3.0
MIN_COVERAGE = 0.5
STRONG_SCORE = 8.0
# Weaker matches than this share of the best score are noise, not answers.
MIN_SHARE_OF_BEST = 0.2
MAX_TERMS_SHOWN = 5
SIMILARITY_PREFIX_CHARS = 200


def check_query(query: str) -> str:
    text = query.strip()
    if not text:
        raise InputError(
            "query is empty; describe the symptom, paste the error message or "
            "give a gotcha id (list_gotchas names them)"
        )
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(
            f"query is {len(text)} characters long; send at most {MAX_QUERY_CHARS}: "
            "the error message and a sentence about the symptom are enough"
        )
    return text


def check_services(services: Sequence[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(services or ()))
    for service_id in chosen:
        if service_id not in SERVICE_IDS:
            raise UnknownIdError("service", service_id, SERVICE_IDS)
    return chosen


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    return limit


def involves(gotcha: Gotcha, services: Sequence[str]) -> bool:
    return not services or any(service in gotcha.services for service in services)


@lru_cache(maxsize=256)
def gotchas_involving(services: tuple[str, ...]) -> frozenset[str]:
    return frozenset(
        gotcha.id
        for gotcha in catalogue.gotchas().values()
        if involves(gotcha, services)
    )


def explain_gotcha(
    query: str, services: Sequence[str] | None = None, limit: int = 3
) -> GotchaAnswer:
    """The gotchas that explain `query`, best first, or the closest titles."""
    text, chosen = check_query(query), check_services(services)
    limit = check_limit(limit)
    index = gotcha_index()
    allowed = gotchas_involving(tuple(chosen))
    parsed = index.parse(text)
    hits = index.search(parsed, allowed)
    if hits and is_confident(hits[0]):
        best = hits[0].score
        kept = [hit for hit in hits[:limit] if hit.score >= MIN_SHARE_OF_BEST * best]
        matches = [
            to_match(hit, index.gotchas[hit.gotcha_id], index.describe(parsed, hit))
            for hit in kept
        ]
        return GotchaAnswer(
            query=text,
            services=chosen,
            confident=True,
            matches=matches,
            closest=[],
            note=confident_note(matches),
        )
    return unsure_answer(text, chosen, closest_titles(text, hits, allowed, limit))


def unsure_answer(
    text: str, services: list[str], closest: list[ClosestGotcha]
) -> GotchaAnswer:
    return GotchaAnswer(
        query=text,
        services=services,
        confident=False,
        matches=[],
        closest=closest,
        note=unsure_note(closest, any(item.score > 0 for item in closest)),
    )


def is_confident(hit: Hit) -> bool:
    if hit.exact_id or hit.error_message or hit.specific_exact:
        return True
    if hit.score >= STRONG_SCORE:
        return True
    return hit.score >= MIN_SCORE and hit.coverage >= MIN_COVERAGE


def to_match(hit: Hit, gotcha: Gotcha, described: dict[str, list[str]]) -> GotchaMatch:
    fields = [
        FieldMatch(field=name, terms=unique(described[name])[:MAX_TERMS_SHOWN])
        for name in FIELDS
        if name in described
    ]
    exact = unique(hit.exact_terms)
    if hit.error_message:
        exact.append(hit.error_message)
    return GotchaMatch(
        id=gotcha.id,
        title=gotcha.title,
        score=round(hit.score, 3),
        why=why(hit, fields),
        exact_terms=exact,
        matched_fields=fields,
        gotcha=gotcha,
    )


def unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def why(hit: Hit, fields: Sequence[FieldMatch]) -> str:
    """One sentence: the exact signals first, then the strongest fields."""
    reasons = []
    if hit.exact_id:
        reasons.append("the query names this gotcha's id")
    if hit.error_message:
        reasons.append(f"the query contains its error message '{hit.error_message}'")
    if hit.exact_terms:
        reasons.append("exact match on " + ", ".join(unique(hit.exact_terms)))
    for found in sorted(fields, key=lambda item: -FIELDS[item.field][0])[:3]:
        words = ", ".join(f"'{term}'" for term in found.terms)
        reasons.append(f"{words} in its {found.field}")
    return "Matched because " + "; ".join(reasons) + "."


def confident_note(matches: Sequence[GotchaMatch]) -> str:
    first = matches[0]
    return (
        f"Best match: {first.id}. Apply its fix steps in order and cite its "
        "sources; the other matches are related traps worth checking."
        if len(matches) > 1
        else f"Best match: {first.id}. Apply its fix steps in order and cite "
        "its sources."
    )


def closest_titles(
    text: str, hits: Sequence[Hit], allowed: frozenset[str], limit: int
) -> list[ClosestGotcha]:
    """The best weak matches, or when no word matched, the titles most
    similar in spelling to the query."""
    entries = catalogue.gotchas()
    if hits:
        return [
            ClosestGotcha(
                id=hit.gotcha_id,
                title=entries[hit.gotcha_id].title,
                score=round(hit.score, 3),
            )
            for hit in hits[:limit]
        ]
    prefix = text[:SIMILARITY_PREFIX_CHARS].lower()
    ranked = sorted(
        (
            (
                SequenceMatcher(None, prefix, entries[gotcha_id].title.lower()).ratio(),
                gotcha_id,
            )
            for gotcha_id in allowed
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [
        ClosestGotcha(id=gotcha_id, title=entries[gotcha_id].title, score=0.0)
        for _, gotcha_id in ranked[:limit]
    ]


def unsure_note(closest: Sequence[ClosestGotcha], any_hit: bool) -> str:
    if not closest:
        return "No confident match, and no gotcha involves the services given."
    why_not = (
        "the best entries explain too little of the query"
        if any_hit
        else "no word of the query occurs in the catalogue; the titles below are "
        "only the most similar in spelling"
    )
    return (
        f"No confident match: {why_not}. Check the closest titles, or ask again "
        "with the exact error message, metric name or attribute, and the services "
        "involved; list_gotchas shows the whole catalogue."
    )


def summarize(gotcha: Gotcha) -> GotchaSummary:
    return GotchaSummary(
        id=gotcha.id,
        title=gotcha.title,
        services=gotcha.services,
        other_services=gotcha.other_services,
    )


def list_gotchas(service: str | None = None) -> GotchaList:
    """Every gotcha, or those that involve `service`."""
    chosen = check_services([service] if service else None)
    listed = [
        summarize(gotcha)
        for gotcha in catalogue.gotchas().values()
        if involves(gotcha, chosen)
    ]
    return GotchaList(service=service, count=len(listed), gotchas=listed)


def get_gotcha(gotcha_id: str) -> Gotcha:
    """One full entry by id."""
    return catalogue.gotcha(gotcha_id)
