"""Read requirements from a free-text description.

Words and phrases come from the terms data (`knowledge/data/recommend/
terms.json`): each term sets one field when one of its patterns matches.
Numbers with units (rates, sizes, retention, delays, consumer counts) are
read here, because they need arithmetic. A term preceded closely by a
negation ("no replay", "don't need ordering") sets the opposite for yes/no
fields and is skipped otherwise.

Known shortcoming: this is pattern matching, not language understanding.
Unusual phrasings are missed (the ranking then rests on the structured
fields and the defaults), and a word used in another sense can be read as
a requirement; every reading is listed in the answer's assumptions so the
caller can correct it with a structured field, which always wins.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from aws_messaging_mcp.knowledge.recommend_models import Term
from aws_messaging_mcp.recommend.units import ASSUMED_MESSAGE_BYTES, DAY, KIB

Value = bool | str | float | frozenset[str]
LIST_FIELDS = frozenset({"protocols", "destinations", "broker_features"})


@dataclass(frozen=True)
class Reading:
    """A value read from the description, with the words it came from."""

    value: Value
    evidence: str
    note: str | None = None


Readings = dict[str, Reading]


@dataclass(frozen=True)
class CompiledTerm:
    term: Term
    pattern: re.Pattern[str]


def compile_terms(terms: Iterable[Term]) -> tuple[CompiledTerm, ...]:
    """One alternation per term: a single search finds its leftmost match."""
    return tuple(
        CompiledTerm(term, re.compile("|".join(f"(?:{p})" for p in term.patterns)))
        for term in terms
    )


_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "several": 3,
    "multiple": 3,
    "many": 3,
}
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "billion": 1e9}
_SIZE_BYTES: dict[str, float] = {
    "byte": 1,
    "kb": KIB,
    "kib": KIB,
    "kilobyte": KIB,
    "mb": KIB**2,
    "mib": KIB**2,
    "megabyte": KIB**2,
    "gb": KIB**3,
    "gib": KIB**3,
    "gigabyte": KIB**3,
    "tb": KIB**4,
    "terabyte": KIB**4,
}
_DURATION_SECONDS: dict[str, float] = {
    "second": 1,
    "min": 60,
    "minute": 60,
    "hour": 3600,
    "day": DAY,
    "week": 7 * DAY,
    "month": 30 * DAY,
    "year": 365 * DAY,
}

DIGITS = r"(?P<num>\d[\d,]*(?:\.\d+)?)"
WORDY = r"(?P<num>\d[\d,]*(?:\.\d+)?|twenty-four|[a-z]+)"
MULT = r"(?:\s*(?P<mult>k|thousand|m|million|billion)\b)?"
SIZE_UNIT = (
    r"(?P<unit>bytes?|kb|kib|kilobytes?|mb|mib|megabytes?|gb|gib|gigabytes?|tb|"
    r"terabytes?)"
)
DURATION_UNIT = r"(?P<unit>seconds?|mins?|minutes?|hours?|days?|weeks?|months?|years?)"
PER_SECOND = (
    r"(?:per second|per sec\b|/\s?s(?:ec(?:ond)?)?\b|a second|each second|every second)"
)
PER_PERIOD = r"(?:a|an|per|each|every)\s+(?P<period>minute|hour|day|week|month)\b"

COUNT_RATE = re.compile(
    rf"\b{DIGITS}{MULT}\s*(?:(?!kb\b|kib\b|mb\b|mib\b|gb\b|gib\b|bytes?\b)[a-z-]+\s+){{0,2}}"
    rf"{PER_SECOND}"
)
BYTE_RATE = re.compile(
    rf"\b{DIGITS}\s*(?P<unit>kb|kib|mb|mib|gb|gib)\s*(?:per second|/\s?s\b|a second)"
)
ENTITY_RATE = re.compile(
    rf"\b{DIGITS}{MULT}\s+(?:[a-z-]+\s+)?(?:devices|vehicles|sensors|servers|machines|"
    rf"meters|cars|clients|players|users)\b[^.]{{0,60}}?\b"
    rf"(?:every second|per second|each second|a second)"
)
VOLUME = re.compile(rf"\b{DIGITS}\s*{SIZE_UNIT}\s+{PER_PERIOD}")
SIZE = re.compile(
    rf"\b{DIGITS}\s*{SIZE_UNIT}\b(?!\s*(?:{PER_SECOND}|{PER_PERIOD}|daily))"
)
RETENTION = re.compile(
    r"\b(?:keep|keeps|kept|retain|retains|retained|retention|store|stored|stay|"
    r"stays|hold|held|replay|reprocess|re-read|back|last|for)\b[^.;,]{0,25}?\b"
    rf"{WORDY}\s*{DURATION_UNIT}\b(?!\s+(?:after|later|from now|before))"
)
DELAYS = (
    re.compile(rf"\b{WORDY}\s*{DURATION_UNIT}\s+(?:after|later)\b"),
    re.compile(rf"\bdelay\w*\b[^.]{{0,40}}?\bby\s+{WORDY}\s*{DURATION_UNIT}\b"),
    re.compile(rf"\b(?:in|after)\s+{WORDY}\s*{DURATION_UNIT}\b"),
)
CONSUMER_COUNT = re.compile(
    r"\b(?P<num>\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|"
    r"many)\s+(?P<kind>(?:(?:different|independent|separate|other|downstream|"
    r"consumer|subscriber)\s+)*)(?P<what>teams|consumers|consumer applications|"
    r"services|applications|apps|subscribers|microservices|jobs|systems)\b"
)
CONSUMER_LIST = (
    (re.compile(r"\b[a-z]+, [a-z]+,? and [a-z]+ (?:services|teams|systems)\b"), 3),
    (re.compile(r"\b(?:consumed|read|processed) by [\w-]+ and [\w-]+"), 2),
    (re.compile(r"\bboth (?:read|consume|receive|need|get)\b"), 2),
    (
        re.compile(r"\bnotify (?:the )?[a-z]+ and [a-z]+ (?:services|teams|systems)\b"),
        2,
    ),
)
CONSUMING = re.compile(
    r"\b(?:consum\w*|read\w*|subscrib\w*|receiv\w*|need\w*|process\w*|gets?|"
    r"uses?|listen\w*)\b"
)
NEGATION = re.compile(
    r"\b(?:no|not|don't|dont|doesn't|doesnt|without|never|isn't|aren't|needn't|"
    r"nor|cannot|can't)\b(?:\W+\w+){0,2}\W*$"
)
CLAUSE_BREAK = re.compile(r"[.;!?]|\bbut\b")


# Curly quotes and long dashes, as pasted from documents, become plain ones.
TYPOGRAPHIC = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


def normalise(text: str) -> str:
    """Lower case, plain quotes and dashes, single spaces."""
    text = text.lower().translate(TYPOGRAPHIC)
    return " ".join(text.split())


def _number(text: str, multiplier: str | None = None) -> float | None:
    if text in _WORDS:
        value = float(_WORDS[text])
    elif text[0].isdigit():
        value = float(text.replace(",", ""))
    else:
        return None
    return value * _MULTIPLIERS.get(multiplier or "", 1)


def _unit_factor(unit: str, table: dict[str, float]) -> float:
    singular = unit[:-1] if unit.endswith("s") and unit[:-1] in table else unit
    return table[singular]


def _negated(text: str, start: int) -> bool:
    """Whether a negation closely precedes position `start` in its clause."""
    before = text[max(0, start - 40) : start]
    clauses = CLAUSE_BREAK.split(before)
    return bool(NEGATION.search(clauses[-1]))


def _read_term(text: str, compiled: CompiledTerm, readings: Readings) -> None:
    term = compiled.term
    if term.field in readings and term.field not in LIST_FIELDS:
        return
    match = compiled.pattern.search(text)
    if match is None:
        return
    value: Value = term.value
    if term.negatable and _negated(text, match.start()):
        if not isinstance(value, bool) or not value:
            return
        value = False
    if term.field in LIST_FIELDS:
        _add_to_list(readings, term.field, str(value), match.group(0))
        return
    readings[term.field] = Reading(value, match.group(0))


def _add_to_list(readings: Readings, field: str, value: str, evidence: str) -> None:
    previous = readings.get(field)
    if previous is None:
        readings[field] = Reading(frozenset({value}), evidence)
        return
    assert isinstance(previous.value, frozenset)
    words = previous.evidence
    if evidence not in words:
        words += f"; {evidence}"
    readings[field] = Reading(previous.value | {value}, words)


def _read_rate(text: str, readings: Readings) -> None:
    match = COUNT_RATE.search(text)
    if match and (rate := _number(match["num"], match["mult"])) is not None:
        readings["throughput_per_second"] = Reading(rate, match.group(0))
        return
    byte_rate = _byte_rate(text)
    if byte_rate is not None:
        readings["_byte_rate"] = byte_rate
        return
    match = ENTITY_RATE.search(text)
    if match and (rate := _number(match["num"], match["mult"])) is not None:
        note = "one message per device each second"
        readings["throughput_per_second"] = Reading(rate, match.group(0), note)


def _bytes(match: re.Match[str]) -> float:
    return float(match["num"].replace(",", "")) * _unit_factor(
        match["unit"], _SIZE_BYTES
    )


def _byte_rate(text: str) -> Reading | None:
    """'200 MB per second', or a volume per period such as '5 TB a day'."""
    match = BYTE_RATE.search(text)
    if match:
        return Reading(_bytes(match), match.group(0))
    match = VOLUME.search(text)
    if match:
        seconds = _DURATION_SECONDS[match["period"]]
        return Reading(_bytes(match) / seconds, match.group(0), "spread evenly")
    return None


def _read_size(text: str, readings: Readings) -> None:
    sizes = [(_bytes(match), match) for match in SIZE.finditer(text)]
    if not sizes:
        return
    largest, match = max(sizes, key=lambda pair: pair[0])
    readings["message_size_kb"] = Reading(largest / KIB, match.group(0))


def _duration(match: re.Match[str]) -> float | None:
    amount = _number(match["num"])
    if amount is None:
        return None
    return amount * _unit_factor(match["unit"], _DURATION_SECONDS)


def _read_retention(text: str, readings: Readings) -> None:
    for match in RETENTION.finditer(text):
        seconds = _duration(match)
        if seconds is not None:
            readings["retention_days"] = Reading(seconds / DAY, match.group(0))
            return


def _read_delay(text: str, readings: Readings) -> None:
    for pattern in DELAYS:
        for match in pattern.finditer(text):
            seconds = _duration(match)
            if seconds is not None:
                readings["delay_seconds"] = Reading(seconds, match.group(0))
                return


def _counts_consumers(text: str, match: re.Match[str]) -> bool:
    if match["what"] in ("consumers", "subscribers") or match["kind"].strip():
        return True
    after = text[match.end() : match.end() + 40]
    before = text[max(0, match.start() - 30) : match.start()]
    return bool(CONSUMING.search(after) or CONSUMING.search(before))


def _read_consumers(text: str, readings: Readings) -> None:
    for match in CONSUMER_COUNT.finditer(text):
        count = _number(match["num"])
        if count is not None and _counts_consumers(text, match):
            readings["consumers"] = Reading(count, match.group(0))
            return
    for pattern, count in CONSUMER_LIST:
        found = pattern.search(text)
        if found:
            readings["consumers"] = Reading(float(count), found.group(0))
            return


NUMBER_READERS: tuple[Callable[[str, Readings], None], ...] = (
    _read_rate,
    _read_size,
    _read_retention,
    _read_delay,
    _read_consumers,
)


def _resolve_byte_rate(readings: Readings) -> None:
    """A rate in bytes per second becomes messages per second."""
    byte_rate = readings.pop("_byte_rate", None)
    if byte_rate is None or "throughput_per_second" in readings:
        return
    assert isinstance(byte_rate.value, float)
    size = readings.get("message_size_kb")
    message_bytes = float(ASSUMED_MESSAGE_BYTES)
    if size is not None and isinstance(size.value, float):
        message_bytes = size.value * KIB
    notes = [byte_rate.note, None if size else "at an assumed 1 KiB per message"]
    note = ", ".join(note for note in notes if note) or None
    rate = byte_rate.value / message_bytes
    readings["throughput_per_second"] = Reading(rate, byte_rate.evidence, note)


def read_description(text: str, terms: tuple[CompiledTerm, ...]) -> Readings:
    """Every requirement the description states, keyed by field name."""
    clean = normalise(text)
    readings: Readings = {}
    for reader in NUMBER_READERS:
        reader(clean, readings)
    for compiled in terms:
        _read_term(clean, compiled, readings)
    _resolve_byte_rate(readings)
    return readings
