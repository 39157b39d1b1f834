"""The audit checks as data: ids, titles, thresholds and the AWS pages behind them.

`checks.json` beside this module holds one entry per check id. The numbers a
check compares against (20 seconds, 1 MiB, six times) come from here, never
from the code, and every entry cites the pages it relies on.
"""

from datetime import date
from functools import cache
from importlib.resources import files
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aws_messaging_mcp.errors import UnknownIdError
from aws_messaging_mcp.knowledge.loader import read_json
from aws_messaging_mcp.knowledge.models import AwsUrl, KebabId, Unit

Audited = Literal["queue", "topic"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckSource(_Data):
    url: AwsUrl
    checked_on: date
    says: str = Field(description="What the page states, in this project's words.")


class Threshold(_Data):
    value: int
    unit: Unit


class CheckSpec(_Data):
    id: KebabId
    title: str = Field(description="What is wrong, without a final period.")
    applies_to: list[Audited] = Field(min_length=1)
    threshold: Threshold | None
    sources: list[CheckSource] = Field(min_length=1)

    @property
    def references(self) -> list[str]:
        return [source.url for source in self.sources]


class CheckCatalogue(_Data):
    checks: list[CheckSpec] = Field(min_length=1)


@cache
def catalogue() -> dict[str, CheckSpec]:
    """Every check, keyed by id, in file order."""
    path = files("aws_messaging_mcp.audit") / "checks.json"
    loaded = CheckCatalogue.model_validate(read_json(path))
    return {spec.id: spec for spec in loaded.checks}


def check_spec(check_id: str) -> CheckSpec:
    specs = catalogue()
    if check_id not in specs:
        raise UnknownIdError("audit check", check_id, specs)
    return specs[check_id]


def threshold(check_id: str) -> int:
    """The number a check compares against; only checks that have one."""
    spec = check_spec(check_id)
    if spec.threshold is None:
        raise ValueError(f"audit check {check_id} has no threshold")
    return spec.threshold.value
