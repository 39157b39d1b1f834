"""Read a policy document from an object or from text, with locations and repair.

Text goes to `json.loads` first (fast, in C). Only when that fails does the
tolerant scanner here run: it walks the tokens with an explicit stack (no
recursion, so nesting cannot exhaust the interpreter's stack), drops a
trailing or stray comma and supplies a missing one between two values, and
records each repair as a `SyntaxFault` so the checker can report it and keep
checking the repaired document. Anything else it cannot repair is fatal, with
the line and column where it stopped.

The same scanner maps JSON pointers to line and column, but only when a
finding needs a location: clean documents never pay for it.

Limits: a document larger than `MAX_DOCUMENT_BYTES` or nested deeper than
`MAX_DEPTH` is refused with one fatal fault before any parsing, because no
queue, topic, bus, key or trust policy comes near either (the largest, a KMS
key policy, is 32 KB and five levels deep).
"""

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_DOCUMENT_BYTES = 256 * 1024
MAX_DEPTH = 64
# A document with no more brackets than this cannot nest deeper than this,
# which everything after parsing handles (pydantic serializes 255 levels), so
# the walk that enforces MAX_DEPTH runs only for larger documents.
_BRACKET_BUDGET = 2 * MAX_DEPTH

# One token, after any whitespace; `error` takes a character nothing else can.
# The string alternative is written as plain runs between escapes (only those
# JSON defines), so each character can be consumed one way only: the nested
# form `(?:[^"]+|\\.)*` backtracks exponentially on an unclosed string (text
# cut off mid-value), which took minutes for 30 characters. `end` takes
# trailing whitespace in one match: without it, each of its positions would
# be a new failed search to the end of the text, quadratic in its length.
_TOKEN = re.compile(
    r"""
    [ \t\r\n]*(?:
      (?P<string>"[^"\\\x00-\x1f]*
        (?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*")
    | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![0-9.eE]))
    | (?P<literal>(?:true|false|null)(?![A-Za-z0-9_]))
    | (?P<punct>[{}\[\]:,])
    | (?P<end>\Z)
    | (?P<error>[^ \t\r\n])
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_VALUE_KINDS = frozenset({"string", "number", "literal"})
# Built once: json.dumps with options would build an encoder per call. No
# circular check: a circular object recurses until RecursionError, which is
# reported as nesting too deep, and every other object encodes faster.
_COMPACT = json.JSONEncoder(
    separators=(",", ":"), allow_nan=False, check_circular=False
)
# The encoder's own output is one document with no surrounding whitespace, so
# raw_decode reads it without json.loads's checks for either.
_DECODER = json.JSONDecoder()
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@dataclass(frozen=True, slots=True)
class SyntaxFault:
    """A JSON syntax problem at `offset` in the text; `repaired` if worked around."""

    message: str
    offset: int
    repaired: bool
    # "syntax" for JSON that is malformed, "limit" for a document too large
    # or too deep to be a policy.
    kind: str = "syntax"


@dataclass(slots=True)
class ParsedDocument:
    """What the checker works on: the value, and how it was read."""

    value: Any
    text: str | None
    size_bytes: int
    faults: list[SyntaxFault] = field(default_factory=list)
    fatal: SyntaxFault | None = None
    _positions: dict[str, int] | None = None
    _line_starts: list[int] | None = None

    @property
    def repaired(self) -> bool:
        if not self.faults or self.fatal is not None:
            return False
        return any(fault.repaired for fault in self.faults)

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset into the text."""
        if self._line_starts is None:
            text = self.text or ""
            self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def locate(self, pointer: str) -> tuple[int, int] | None:
        """Line and column of `pointer` (or of its nearest ancestor) in the text."""
        return self.locate_all([pointer])[pointer]

    def locate_all(self, pointers: Iterable[str]) -> dict[str, tuple[int, int] | None]:
        """Line and column of each pointer, from one scan that stops early.

        The scan ends once every pointer is placed; one that is absent
        makes it read to the end, so that its nearest ancestor is known.
        """
        wanted = set(pointers)
        if self.text is None or self.fatal is not None:
            return dict.fromkeys(wanted)
        positions = self._positions
        if positions is None:
            positions = scan(self.text, until=wanted).positions
        return {pointer: self._nearest(positions, pointer) for pointer in wanted}

    def _nearest(
        self, positions: dict[str, int], pointer: str
    ) -> tuple[int, int] | None:
        candidate = pointer
        while candidate not in positions and candidate:
            candidate = candidate.rpartition("/")[0]
        offset = positions.get(candidate)
        return None if offset is None else self.line_column(offset)


def escape_pointer_segment(segment: str | int) -> str:
    """One RFC 6901 reference token: '~' becomes '~0' and '/' becomes '~1'."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def parse_text(text: str) -> ParsedDocument:
    """Parse policy text, repairing small comma faults where that is safe."""
    text, size = _encodable(text)
    if size > MAX_DOCUMENT_BYTES:
        return _too_large(text, size)
    try:
        value = _without_lone_surrogates(json.loads(text), text)
    except (ValueError, RecursionError):
        return _recover(text, size)
    if text.count("[") + text.count("{") > _BRACKET_BUDGET and _too_deep(value):
        return ParsedDocument(None, text, size, fatal=_depth_fault(text))
    return ParsedDocument(value, text, size)


def _encodable(text: str) -> tuple[str, int]:
    """The text with any lone surrogate made '?', and its size in UTF-8.

    A lone surrogate cannot be written out as UTF-8, so a finding that quoted
    one could not be sent; the replacement keeps every offset where it was.
    """
    try:
        return text, len(text.encode("utf-8"))
    except UnicodeEncodeError:
        cleaned = text.encode("utf-8", errors="replace").decode("utf-8")
        return cleaned, len(cleaned.encode("utf-8"))


def _without_lone_surrogates(value: Any, text: str) -> Any:
    """`value` with lone surrogates that JSON escapes ('\\ud800') made '?'."""
    if "\\u" not in text or not _SURROGATE_ESCAPE.search(text):
        return value
    plain = json.dumps(value, ensure_ascii=False)
    return json.loads(plain.encode("utf-8", errors="replace").decode("utf-8"))


def parse_object(document: Any) -> ParsedDocument:
    """Read an in-memory document as the JSON it would be sent as.

    A round trip through the C encoder and decoder checks the types, gives
    the compact size that quotas are measured on, and hands the rules a
    plain copy (tuples become lists, numeric keys strings) that they and
    the repairs may work on without touching the caller's object.
    """
    try:
        text = _COMPACT.encode(document)
    except RecursionError:
        fault = SyntaxFault(_depth_message(MAX_DEPTH), 0, False, "limit")
        return ParsedDocument(None, None, 0, fatal=fault)
    except (TypeError, ValueError) as error:
        fault = SyntaxFault(f"the document is not JSON: {error}", 0, False)
        return ParsedDocument(None, None, 0, fatal=fault)
    if len(text) > MAX_DOCUMENT_BYTES:
        return _too_large(None, len(text))
    value = _without_lone_surrogates(_DECODER.raw_decode(text)[0], text)
    if text.count("[") + text.count("{") > _BRACKET_BUDGET and _too_deep(value):
        fault = SyntaxFault(_depth_message(MAX_DEPTH), 0, False, "limit")
        return ParsedDocument(None, None, len(text), fatal=fault)
    return ParsedDocument(value, None, len(text))


def _too_large(text: str | None, size: int) -> ParsedDocument:
    message = (
        f"the document is {size:,} bytes; no queue, topic, bus, key or trust "
        f"policy may exceed 32 KB, and the checker reads at most "
        f"{MAX_DOCUMENT_BYTES:,} bytes"
    )
    fault = SyntaxFault(message, 0, False, "limit")
    return ParsedDocument(None, text, size, fatal=fault)


def _depth_message(depth: int) -> str:
    return (
        f"the document is nested more than {depth} levels deep; a policy "
        "needs at most 6 (Statement, statement, Condition, operator, key, values)"
    )


def _too_deep(value: Any) -> bool:
    """True when containers nest deeper than MAX_DEPTH, walked without recursion."""
    if not isinstance(value, dict | list):
        return False
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend(
            (child, depth + 1) for child in children if isinstance(child, dict | list)
        )
    return False


def _depth_fault(text: str) -> SyntaxFault:
    """The fault for text known to nest too deep, placed where it first does."""
    offset = scan(text).fatal
    where = offset.offset if offset is not None and offset.kind == "limit" else 0
    return SyntaxFault(_depth_message(MAX_DEPTH), where, False, "limit")


def _recover(text: str, size: int) -> ParsedDocument:
    scanned = scan(text)
    if scanned.fatal is not None:
        return ParsedDocument(None, text, size, scanned.faults, scanned.fatal)
    repaired_text = scanned.repaired_text(text)
    try:
        value = _without_lone_surrogates(json.loads(repaired_text), repaired_text)
    except (ValueError, RecursionError) as error:
        # The scanner accepts what json.loads refuses only in corners such as
        # a lone surrogate escape; report json's own reason at the start.
        fault = SyntaxFault(f"invalid JSON: {error}", 0, False)
        return ParsedDocument(None, text, size, scanned.faults, fault)
    document = ParsedDocument(value, text, size, scanned.faults)
    document._positions = scanned.positions
    return document


@dataclass(slots=True)
class _Frame:
    kind: str  # "{" or "["
    pointer: str
    index: int = 0
    key: str = ""
    # What comes next: "first" (just opened), "comma" (after a value),
    # "after-comma", and in objects "colon" and "value" (after the colon).
    expect: str = "first"
    last_comma: int = -1


@dataclass(slots=True)
class Scan:
    """The result of a tolerant scan of JSON text."""

    positions: dict[str, int] = field(default_factory=dict)
    # Pointers still to place when the scan may stop early (see `scan`).
    wanted: set[str] = field(default_factory=set)
    faults: list[SyntaxFault] = field(default_factory=list)
    fatal: SyntaxFault | None = None
    # Offsets of commas to drop, and offsets before which a comma is missing.
    drop: list[int] = field(default_factory=list)
    insert: list[int] = field(default_factory=list)

    def place(self, pointer: str, offset: int) -> None:
        """Record where `pointer` starts (its first occurrence wins)."""
        if pointer not in self.positions:
            self.positions[pointer] = offset
            self.wanted.discard(pointer)

    def repaired_text(self, text: str) -> str:
        edits = sorted(
            [(offset, "drop") for offset in self.drop]
            + [(offset, "insert") for offset in self.insert]
        )
        pieces, cursor = [], 0
        for offset, edit in edits:
            pieces.append(text[cursor:offset])
            if edit == "insert":
                pieces.append(",")
                cursor = offset
            else:
                cursor = offset + 1
        pieces.append(text[cursor:])
        return "".join(pieces)


def scan(text: str, until: set[str] | None = None) -> Scan:
    """Walk JSON text without recursion: positions, repairs, or a fatal fault.

    With `until`, stop as soon as each of those pointers has a position.
    """
    result = Scan(wanted=set(until) if until else set())
    stack: list[_Frame] = []
    done = False
    # The token loop is the one hot loop of text input: finditer, inlined.
    for match in _TOKEN.finditer(text):
        if until and not result.wanted:
            return result
        kind = match.lastgroup or "error"
        if kind == "end":
            break
        token, offset = match.group(kind), match.start(kind)
        if kind == "error":
            result.fatal = SyntaxFault(_unexpected(token), offset, False)
            return result
        if done:
            result.fatal = SyntaxFault(
                "unexpected data after the document", offset, False
            )
            return result
        if not stack:
            done = _start_value(result, stack, "", kind, token, offset)
            continue
        if not _step(result, stack, kind, token, offset):
            return result
        done = not stack
    if stack and result.fatal is None:
        closing = "}" if stack[-1].kind == "{" else "]"
        message = f"the document ends before its closing {closing!r}"
        result.fatal = SyntaxFault(message, len(text), False)
    elif not done and result.fatal is None:
        result.fatal = SyntaxFault("the document is empty", 0, False)
    return result


def _unexpected(token: str) -> str:
    if token == "'":
        return "strings must use double quotes"
    if token == '"':
        return "a string is not closed, or holds a control character or bad escape"
    if token in "/#":
        return "JSON has no comments"
    return f"unexpected character {token!r}"


def _start_value(
    result: Scan, stack: list[_Frame], pointer: str, kind: str, token: str, offset: int
) -> bool:
    """Record a value at `pointer`; True when it is complete (not a container)."""
    result.place(pointer, offset)
    if kind == "punct" and token in "{[":
        if len(stack) >= MAX_DEPTH:
            message = _depth_message(MAX_DEPTH)
            result.fatal = SyntaxFault(message, offset, False, "limit")
            return False
        stack.append(_Frame(token, pointer))
        return False
    if kind in _VALUE_KINDS:
        return True
    result.fatal = SyntaxFault(f"expected a value, found {token!r}", offset, False)
    return False


def _step(
    result: Scan, stack: list[_Frame], kind: str, token: str, offset: int
) -> bool:
    """Advance the innermost container by one token; False on a fatal fault."""
    frame = stack[-1]
    closing = "}" if frame.kind == "{" else "]"
    if kind == "punct" and token == closing:
        return _close(result, stack, frame, offset)
    if kind == "punct" and token == ",":
        return _comma(result, frame, offset)
    if frame.expect == "comma":
        # Two values with nothing between them: the comma is missing.
        result.insert.append(offset)
        result.faults.append(SyntaxFault("missing comma", offset, True))
        frame.expect = "after-comma"
    if frame.kind == "{":
        return _object_token(result, stack, frame, kind, token, offset)
    return _array_value(result, stack, frame, kind, token, offset)


def _close(result: Scan, stack: list[_Frame], frame: _Frame, offset: int) -> bool:
    if frame.expect in ("colon", "value"):
        message = f"the member {frame.key!r} has no value"
        result.fatal = SyntaxFault(message, offset, False)
        return False
    if frame.expect == "after-comma":
        result.drop.append(frame.last_comma)
        result.faults.append(SyntaxFault("trailing comma", frame.last_comma, True))
    stack.pop()
    if stack:
        stack[-1].expect = "comma"
    return True


def _comma(result: Scan, frame: _Frame, offset: int) -> bool:
    if frame.expect == "comma":
        frame.expect = "after-comma"
        frame.last_comma = offset
        return True
    if frame.expect in ("first", "after-comma"):
        # A comma where a value or a member should start: a stray one.
        result.drop.append(offset)
        result.faults.append(SyntaxFault("stray comma", offset, True))
        return True
    result.fatal = SyntaxFault("unexpected comma", offset, False)
    return False


def _object_token(
    result: Scan,
    stack: list[_Frame],
    frame: _Frame,
    kind: str,
    token: str,
    offset: int,
) -> bool:
    if frame.expect in ("first", "after-comma"):
        if kind != "string":
            message = f"expected a member name in double quotes, found {token!r}"
            result.fatal = SyntaxFault(message, offset, False)
            return False
        frame.key = token[1:-1] if "\\" not in token else json.loads(token)
        member = f"{frame.pointer}/{escape_pointer_segment(frame.key)}"
        result.place(member, offset)
        frame.expect = "colon"
        return True
    if frame.expect == "colon":
        if token != ":":
            message = f"expected ':' after the member name {frame.key!r}"
            result.fatal = SyntaxFault(message, offset, False)
            return False
        frame.expect = "value"
        return True
    member = f"{frame.pointer}/{escape_pointer_segment(frame.key)}"
    frame.expect = "comma"
    # The member's position is its name; the value only when there is none.
    _start_value(result, stack, member, kind, token, offset)
    return result.fatal is None


def _array_value(
    result: Scan,
    stack: list[_Frame],
    frame: _Frame,
    kind: str,
    token: str,
    offset: int,
) -> bool:
    pointer = f"{frame.pointer}/{frame.index}"
    frame.index += 1
    frame.expect = "comma"
    _start_value(result, stack, pointer, kind, token, offset)
    return result.fatal is None
