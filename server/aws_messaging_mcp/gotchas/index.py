"""BM25F retrieval over the gotcha catalogue, built once and kept in memory.

BM25F (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25
and Beyond", 2009) scores a document field by field: a term's frequency in
each field is length-normalized with that field's own `b`, weighted, and
summed into one pseudo-frequency that saturates with `k1`. Titles, symptoms
and error strings weigh more than the cause and the fix, because users
describe what they see. Every term's contribution to every document is
computed when the index is built, so a query only sums a few dictionaries.

On top of the text score, three exact signals add a bonus:

- an identifier of the query (`aws:SourceArn`, `KMS.AccessDeniedException`,
  `ReceiveMessageWaitTimeSeconds`) found verbatim in the entry, weighted by
  how few entries contain it;
- an error message of the entry found whole in the query (a pasted error);
- the entry's id written in the query.

Typos are forgiven for a few long query words that the index does not know,
by mapping each to the closest known term (difflib, ratio at least 0.85).
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cache, lru_cache

from aws_messaging_mcp.gotchas import catalogue
from aws_messaging_mcp.gotchas.vocabulary import (
    Token,
    Vocabulary,
    identifiers,
    tokens,
    vocabulary,
)
from aws_messaging_mcp.knowledge.gotcha_models import Gotcha

K1 = 1.2
# (weight, length normalization b) per field.
FIELDS: dict[str, tuple[float, float]] = {
    "id": (2.0, 0.3),
    "title": (3.0, 0.5),
    "symptoms": (2.5, 0.75),
    "errors": (2.5, 0.5),
    "cause": (1.0, 0.75),
    "fix": (0.8, 0.75),
    "services": (1.0, 0.3),
    "snippets": (0.3, 0.75),
}
IDENTIFIER_WEIGHT = 1.5
# An identifier found in this many entries or fewer is specific enough to make
# a match confident on its own.
MAX_SPECIFIC_DOCS = 5
ERROR_MESSAGE_BONUS = 6.0
ID_BONUS = 12.0
MIN_ERROR_MESSAGE_CHARS = 12
# An unknown query word counts as this much information when measuring how
# much of the query an entry explains: less than a rare known term, so that
# conversational filler does not sink a good match.
UNKNOWN_TERM_IDF = 1.0
MAX_FUZZY_WORDS = 5
MIN_FUZZY_CHARS = 5
FUZZY_CUTOFF = 0.85
MAX_LENGTH_GAP = 2
SPACES = re.compile(r"\s+")


@dataclass
class Hit:
    """One gotcha's score for a query, and what made it."""

    gotcha_id: str
    score: float = 0.0
    matched_idf: float = 0.0
    exact_terms: list[str] = field(default_factory=list)
    specific_exact: bool = False
    exact_id: bool = False
    error_message: str | None = None
    coverage: float = 0.0


HitLookup = Callable[[str], Hit | None]
# Field name -> term counts, for one entry.
FieldTerms = dict[str, Counter[str]]
# Score contribution of a term to an entry, and the fields it occurs in.
Posting = tuple[float, tuple[str, ...]]


@dataclass(frozen=True)
class Query:
    """A query as the index sees it."""

    text: str
    terms: dict[str, str]
    identifiers: dict[str, str]
    information: float


def normalize_phrase(text: str) -> str:
    return SPACES.sub(" ", text).strip().lower()


def field_texts(gotcha: Gotcha) -> dict[str, str]:
    """The searchable text of each field of an entry."""
    services = [*gotcha.services, *gotcha.other_services]
    return {
        "id": gotcha.id.replace("-", " "),
        "title": gotcha.title,
        "symptoms": "\n".join(gotcha.symptoms),
        "errors": "\n".join([*gotcha.error_messages, *gotcha.metrics]),
        "cause": gotcha.cause,
        "fix": "\n".join(gotcha.fix),
        "services": " ".join(name.replace("-", " ") for name in services),
        "snippets": "\n".join(
            f"{snippet.title}\n{snippet.code}" for snippet in gotcha.snippets
        ),
    }


class GotchaIndex:
    """Weighted-field BM25 over the catalogue, with exact-match signals."""

    def __init__(self, gotchas: Sequence[Gotcha], words: Vocabulary) -> None:
        self.gotchas = {gotcha.id: gotcha for gotcha in gotchas}
        self.vocabulary = words
        field_terms = {
            gotcha.id: {
                name: Counter(token.term for token in tokens(text, words))
                for name, text in field_texts(gotcha).items()
            }
            for gotcha in gotchas
        }
        self.idf = self._idf(field_terms)
        self.postings = self._postings(field_terms)
        self.identifier_docs = self._identifier_docs(gotchas)
        self.error_messages = {
            gotcha.id: [
                normalize_phrase(message)
                for message in gotcha.error_messages
                if len(message) >= MIN_ERROR_MESSAGE_CHARS
            ]
            for gotcha in gotchas
        }
        self.spelling_buckets = spelling_buckets(self.idf)

    def _idf(self, field_terms: dict[str, FieldTerms]) -> dict[str, float]:
        document_frequency: Counter[str] = Counter()
        for fields in field_terms.values():
            document_frequency.update(set().union(*fields.values()))
        total = len(field_terms)
        return {
            term: math.log(1 + (total - count + 0.5) / (count + 0.5))
            for term, count in document_frequency.items()
        }

    def _postings(
        self, field_terms: dict[str, FieldTerms]
    ) -> dict[str, dict[str, Posting]]:
        """term -> gotcha id -> (score contribution, fields it occurs in)."""
        average = average_lengths(list(field_terms.values()))
        postings: dict[str, dict[str, Posting]] = defaultdict(dict)
        for gotcha_id, fields in field_terms.items():
            lengths = {name: sum(counts.values()) for name, counts in fields.items()}
            for term in set().union(*fields.values()):
                pseudo, where = pseudo_frequency(term, fields, lengths, average)
                contribution = self.idf[term] * pseudo / (K1 + pseudo)
                postings[term][gotcha_id] = (contribution, where)
        return dict(postings)

    def _identifier_docs(self, gotchas: Sequence[Gotcha]) -> dict[str, set[str]]:
        docs: dict[str, set[str]] = defaultdict(set)
        for gotcha in gotchas:
            for identifier in identifiers(
                "\n".join(field_texts(gotcha).values()), self.vocabulary
            ):
                docs[identifier].add(gotcha.id)
        return dict(docs)

    def parse(self, text: str) -> Query:
        """The terms and identifiers of a query, typos mapped to known terms."""
        terms: dict[str, str] = {}
        for token in self._correct(tokens(text, self.vocabulary)):
            terms.setdefault(token.term, token.surface)
        information = sum(self.idf.get(term, UNKNOWN_TERM_IDF) for term in terms)
        return Query(text, terms, identifiers(text, self.vocabulary), information)

    def _correct(self, found: Iterable[Token]) -> list[Token]:
        corrected, budget = [], MAX_FUZZY_WORDS
        for token in found:
            term = token.term
            if term not in self.idf and len(term) >= MIN_FUZZY_CHARS and budget:
                budget -= 1
                term = self._closest_term(term) or term
            corrected.append(Token(term, token.surface))
        return corrected

    # The cache holds the index alive, which is fine: one index lives as long
    # as the process.
    @lru_cache(maxsize=1024)  # noqa: B019
    def _closest_term(self, term: str) -> str | None:
        candidates = [
            known
            for length in range(
                len(term) - MAX_LENGTH_GAP, len(term) + MAX_LENGTH_GAP + 1
            )
            for known in self.spelling_buckets.get((term[0], length), ())
        ]
        close = get_close_matches(term, candidates, n=1, cutoff=FUZZY_CUTOFF)
        return close[0] if close else None

    def search(self, query: Query, allowed: frozenset[str] | None = None) -> list[Hit]:
        """Every gotcha with a positive score, best first (ties by id)."""
        hits: dict[str, Hit] = {}

        def hit(gotcha_id: str) -> Hit | None:
            if allowed is not None and gotcha_id not in allowed:
                return None
            return hits.setdefault(gotcha_id, Hit(gotcha_id))

        self._score_terms(query, hit)
        self._score_identifiers(query, hit)
        self._score_exact_text(query, hit)
        for found in hits.values():
            found.coverage = found.matched_idf / query.information if query.terms else 0
        return sorted(hits.values(), key=lambda found: (-found.score, found.gotcha_id))

    def _score_terms(self, query: Query, hit: HitLookup) -> None:
        for term in query.terms:
            idf = self.idf.get(term, 0.0)
            for gotcha_id, (contribution, _) in self.postings.get(term, {}).items():
                found = hit(gotcha_id)
                if found is not None:
                    found.score += contribution
                    found.matched_idf += idf

    def describe(self, query: Query, found: Hit) -> dict[str, list[str]]:
        """Field name -> the query words that occur in it, for one hit."""
        fields: dict[str, list[str]] = {}
        for term, surface in query.terms.items():
            posting = self.postings.get(term, {}).get(found.gotcha_id)
            for name in posting[1] if posting else ():
                fields.setdefault(name, []).append(surface)
        return fields

    def _score_identifiers(self, query: Query, hit: HitLookup) -> None:
        total = len(self.gotchas)
        for identifier, spelling in query.identifiers.items():
            docs = self.identifier_docs.get(identifier, set())
            weight = IDENTIFIER_WEIGHT * math.log(1 + total / len(docs)) if docs else 0
            for gotcha_id in sorted(docs):
                found = hit(gotcha_id)
                if found is not None:
                    found.score += weight
                    found.exact_terms.append(spelling)
                    found.specific_exact |= len(docs) <= MAX_SPECIFIC_DOCS

    def _score_exact_text(self, query: Query, hit: HitLookup) -> None:
        text = normalize_phrase(query.text)
        for gotcha_id, messages in self.error_messages.items():
            message = next((item for item in messages if item in text), None)
            if message is not None and (found := hit(gotcha_id)) is not None:
                found.score += ERROR_MESSAGE_BONUS
                found.error_message = message
        for gotcha_id in self.gotchas:
            if gotcha_id in text and (found := hit(gotcha_id)) is not None:
                found.score += ID_BONUS
                found.exact_id = True


def average_lengths(entries: Sequence[FieldTerms]) -> dict[str, float]:
    """The mean length of each field over the catalogue (1 for empty fields)."""
    return {
        name: sum(sum(fields[name].values()) for fields in entries) / len(entries)
        or 1.0
        for name in FIELDS
    }


def pseudo_frequency(
    term: str,
    fields: FieldTerms,
    lengths: dict[str, int],
    average: dict[str, float],
) -> tuple[float, tuple[str, ...]]:
    """BM25F's weighted, length-normalized frequency of `term` in one entry,
    and the fields it occurs in."""
    pseudo, where = 0.0, []
    for name, (weight, b) in FIELDS.items():
        frequency = fields[name][term]
        if frequency:
            norm = 1 - b + b * lengths[name] / average[name]
            pseudo += weight * frequency / norm
            where.append(name)
    return pseudo, tuple(where)


def spelling_buckets(terms: Iterable[str]) -> dict[tuple[str, int], list[str]]:
    """Known terms by first letter and length, so a typo is compared only
    with terms that could be within the similarity cutoff."""
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for term in sorted(terms):
        buckets[term[0], len(term)].append(term)
    return dict(buckets)


@cache
def gotcha_index() -> GotchaIndex:
    """The index over the whole catalogue, built on first use."""
    return GotchaIndex(tuple(catalogue.gotchas().values()), vocabulary())
