"""IAM wildcards: '*' matches any text (empty included), '?' any one character.

    wildcard_match("arn:aws:sns:*:111122223333:orders-?", topic_arn)

IAM uses them in actions, resources and the `...Like` and ARN condition
operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
A regular expression with one `.*` per star backtracks exponentially in the
number of stars when the text does not match ('*a*a*a*a*a*a*a*a*b' against
forty a's takes seconds), and every pattern here comes from the document the
user sent. So a pattern is cut at its stars into fixed-length pieces, and
each piece is placed as far left as it fits: the first at the start, the last
at the end, each middle one at its first occurrence after the one before.
Leftmost placement leaves the most room for what follows, so the answer is
exact, and the cost is one forward search per piece.
"""

import re
from functools import lru_cache

# A piece is its text, plus a pattern when it holds '?' (None: compare as is).
Piece = tuple[str, re.Pattern[str] | None]


def wildcard_match(pattern: str, value: str) -> bool:
    """True when `value` matches `pattern` (case-sensitive, as IAM values are)."""
    if "*" not in pattern and "?" not in pattern:
        return pattern == value
    pieces = _pieces(pattern)
    if len(pieces) == 1:
        return len(value) == len(pattern) and _fits_at(pieces[0], value, 0)
    first, *middle, last = pieces
    end = len(value) - len(last[0])
    if len(first[0]) > end:
        return False
    if not (_fits_at(first, value, 0) and _fits_at(last, value, end)):
        return False
    start = len(first[0])
    for piece in middle:
        found = _find(piece, value, start, end)
        if found < 0:
            return False
        start = found + len(piece[0])
    return True


@lru_cache(maxsize=4096)
def _pieces(pattern: str) -> tuple[Piece, ...]:
    """The pattern cut at its stars; empty middle pieces (from '**') dropped."""
    texts = pattern.split("*")
    if len(texts) > 2:
        texts = [texts[0], *(text for text in texts[1:-1] if text), texts[-1]]
    return tuple((text, _question_marks(text)) for text in texts)


def _question_marks(text: str) -> re.Pattern[str] | None:
    """A fixed-length pattern for a piece with '?', which cannot backtrack."""
    if "?" not in text:
        return None
    return re.compile(re.escape(text).replace(r"\?", "."), re.DOTALL)


def _fits_at(piece: Piece, value: str, at: int) -> bool:
    text, with_marks = piece
    if with_marks is None:
        return value.startswith(text, at)
    return with_marks.match(value, at, at + len(text)) is not None


def _find(piece: Piece, value: str, start: int, end: int) -> int:
    """Where the piece first lies wholly within value[start:end], or -1."""
    text, with_marks = piece
    if with_marks is None:
        return value.find(text, start, end)
    found = with_marks.search(value, start, end)
    return -1 if found is None else found.start()
