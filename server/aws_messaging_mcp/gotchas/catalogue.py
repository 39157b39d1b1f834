"""The gotcha catalogue: every entry under `knowledge/data/gotchas/`, loaded once."""

from functools import cache

from aws_messaging_mcp.errors import UnknownIdError
from aws_messaging_mcp.knowledge.gotcha_models import Gotcha
from aws_messaging_mcp.knowledge.loader import load_folder

FOLDER = "gotchas"


@cache
def gotchas() -> dict[str, Gotcha]:
    """Every gotcha, keyed by id, in id order."""
    loaded = load_folder(FOLDER, Gotcha)
    return {gotcha.id: gotcha for gotcha in sorted(loaded, key=lambda g: g.id)}


def gotcha(gotcha_id: str) -> Gotcha:
    """One gotcha by id; an unknown id names the valid ones."""
    catalogue = gotchas()
    if gotcha_id not in catalogue:
        raise UnknownIdError("gotcha", gotcha_id, catalogue)
    return catalogue[gotcha_id]
