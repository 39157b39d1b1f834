"""The words of the gotcha index: tokens, light stemming, synonyms, identifiers.

Documents and queries go through the same steps, so that both sides meet on
the same terms:

1. Numbers lose their thousands separators ("1,048,576" becomes "1048576").
2. Words are split on anything that is not a letter or a digit; CamelCase
   words also yield their parts ("ReceiveMessageWaitTimeSeconds" gives
   "receive", "message", ... and the whole word), so an attribute name matches
   whether it is typed exactly or in plain words.
3. Each token is lowercased and lightly stemmed (plural and -ing/-ed endings).
4. Words and phrases of the synonym table (`vocabulary.json`) are replaced
   by their concept: "dead-letter queue" and "DLQ" both become "dlq",
   "vanished" becomes "lost".
5. Stop words are dropped.

Identifiers (API actions, attributes, condition keys, error codes) are also
collected whole for exact matching, see `identifiers`.
"""

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field

WORD = re.compile(r"[A-Za-z0-9]+")
CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
CHUNK = re.compile(r"[^\s\"'`(),;=\[\]{}<>|]+")
CAMEL_HUMP = re.compile(r"[a-z0-9][A-Z]")
JOINED = re.compile(r"[A-Za-z0-9][._:/][A-Za-z0-9]")
EDGE_PUNCTUATION = ".,:;!?*-/"
MAX_IDENTIFIER_CHARS = 80


class SynonymGroup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    concept: str = Field(pattern=r"^[a-z0-9]+$")
    phrases: list[str] = Field(min_length=1)


class VocabularyFile(BaseModel):
    """The shape of `vocabulary.json`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stopwords: list[str]
    synonyms: list[SynonymGroup]
    names: list[str] = Field(
        description="CamelCase product names that are not identifiers."
    )


@dataclass(frozen=True)
class Token:
    """A normalized term, and the words of the text it came from."""

    term: str
    surface: str


@dataclass(frozen=True)
class Vocabulary:
    stopwords: frozenset[str]
    names: frozenset[str]
    words: dict[str, str]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light suffix stripper: both sides are stemmed alike, so it only has
    to be consistent, not linguistically right."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


@lru_cache(maxsize=16384)
def _word_terms(word: str) -> tuple[str, ...]:
    """The stems of one word: its CamelCase parts, then the whole word."""
    has_upper = any(char.isupper() for char in word)
    parts = CAMEL_PART.findall(word) if has_upper and not word.isupper() else []
    whole = stem(word.lower())
    if len(parts) > 1:
        return (*(stem(part.lower()) for part in parts), whole)
    return (whole,)


def raw_tokens(text: str) -> list[Token]:
    """Stemmed tokens with their surface words, before synonyms and stop words."""
    text = THOUSANDS.sub("", text)
    return [
        Token(term, match.group())
        for match in WORD.finditer(text)
        for term in _word_terms(match.group())
    ]


def _phrase_at(
    tokens: list[Token], start: int, vocabulary: Vocabulary
) -> tuple[int, str] | None:
    """The longest synonym phrase starting at `start`: (length, concept)."""
    for phrase, concept in vocabulary.phrases.get(tokens[start].term, ()):
        end = start + len(phrase)
        if tuple(token.term for token in tokens[start:end]) == phrase:
            return len(phrase), concept
    return None


def tokens(text: str, vocabulary: Vocabulary) -> list[Token]:
    """The index terms of `text`, with the words they came from."""
    found = raw_tokens(text)
    result: list[Token] = []
    index = 0
    while index < len(found):
        phrase = _phrase_at(found, index, vocabulary)
        if phrase is not None:
            length, concept = phrase
            words = (item.surface for item in found[index : index + length])
            result.append(Token(concept, " ".join(dict.fromkeys(words))))
            index += length
            continue
        token = found[index]
        term = vocabulary.words.get(token.term, token.term)
        if term not in vocabulary.stopwords and len(term) > 1:
            result.append(Token(term, token.surface))
        index += 1
    return result


def identifiers(text: str, vocabulary: Vocabulary) -> dict[str, str]:
    """Code-like words of `text` (attribute names, actions, error codes), each
    lowercased and mapped to its first spelling: `aws:SourceArn`,
    `KMS.AccessDeniedException`, `NO_PERMISSIONS`, `QueueDeletedRecently`.
    Product names such as EventBridge are not identifiers."""
    found: dict[str, str] = {}
    for match in CHUNK.finditer(text):
        chunk = match.group().strip(EDGE_PUNCTUATION)
        key = chunk.lower()
        if key not in vocabulary.names and _is_identifier(chunk):
            found.setdefault(key, chunk)
    return found


def _is_identifier(chunk: str) -> bool:
    if len(chunk) < 4 or len(chunk) > MAX_IDENTIFIER_CHARS:
        return False
    if chunk.lower().startswith(("arn:", "http", "com.amazonaws")):
        return False
    return bool(CAMEL_HUMP.search(chunk) or JOINED.search(chunk) or "_" in chunk)


def _phrase_table(
    groups: list[SynonymGroup],
) -> tuple[dict[str, str], dict[str, tuple[tuple[tuple[str, ...], str], ...]]]:
    words: dict[str, str] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for group in groups:
        for phrase in group.phrases:
            terms = tuple(token.term for token in raw_tokens(phrase))
            if len(terms) == 1:
                words[terms[0]] = group.concept
            elif terms:
                phrases.setdefault(terms[0], []).append((terms, group.concept))
    ordered = {
        first: tuple(sorted(options, key=lambda option: -len(option[0])))
        for first, options in phrases.items()
    }
    return words, ordered


@cache
def vocabulary() -> Vocabulary:
    """The synonym table and stop words shipped in `vocabulary.json`."""
    path = files("aws_messaging_mcp.gotchas") / "vocabulary.json"
    data = VocabularyFile.model_validate(json.loads(path.read_text("utf-8")))
    words, phrases = _phrase_table(data.synonyms)
    return Vocabulary(
        stopwords=frozenset(stem(word) for word in data.stopwords)
        | set(data.stopwords),
        names=frozenset(name.lower() for name in data.names),
        words=words,
        phrases=phrases,
    )
