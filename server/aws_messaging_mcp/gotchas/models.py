"""Inputs and outputs of the gotcha tools; the MCP schemas come from these."""

from typing import Literal

from pydantic import BaseModel, Field

from aws_messaging_mcp.knowledge.gotcha_models import Gotcha, OtherService
from aws_messaging_mcp.knowledge.models import ServiceId

MAX_QUERY_CHARS = 2000
MAX_LIMIT = 10

MatchField = Literal[
    "id", "title", "symptoms", "errors", "cause", "fix", "services", "snippets"
]


class GotchaSummary(BaseModel):
    id: str = Field(description="Pass it to explain_gotcha for the full entry.")
    title: str
    services: list[ServiceId]
    other_services: list[OtherService]


class GotchaList(BaseModel):
    service: ServiceId | None = Field(description="The filter applied, if any.")
    count: int
    gotchas: list[GotchaSummary]


class FieldMatch(BaseModel):
    """The query words found in one field of an entry."""

    field: MatchField = Field(
        description="Where they matched; 'errors' holds error messages and metrics."
    )
    terms: list[str]


class GotchaMatch(BaseModel):
    """One gotcha that explains the query, with the reasons it was chosen."""

    id: str
    title: str
    score: float = Field(description="Relevance; only comparable within one answer.")
    why: str = Field(description="Why it matched, in one sentence.")
    exact_terms: list[str] = Field(
        description="Identifiers or error text of the query found verbatim."
    )
    matched_fields: list[FieldMatch]
    gotcha: Gotcha = Field(description="The full entry: cause, fix, snippets, sources.")


class ClosestGotcha(BaseModel):
    id: str
    title: str
    score: float


class GotchaAnswer(BaseModel):
    """The gotchas that explain a symptom, an error message or an id."""

    query: str
    services: list[ServiceId] = Field(description="The service filter applied.")
    confident: bool = Field(
        description="False when nothing fits well: then `matches` is empty and "
        "`closest` lists the nearest titles."
    )
    matches: list[GotchaMatch]
    closest: list[ClosestGotcha] = Field(
        description="When not confident: the nearest entries, to rephrase or pick."
    )
    note: str = Field(description="What the answer means and what to do next.")
