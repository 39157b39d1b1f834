"""Pydantic models of the recommendation rules under `knowledge/data/recommend/`.

The rules are data: constraints that rule a service out, preferences that
weigh for or against it, limit checks that compare a number the user gave
with a typed limit of the services data, patterns that pair two services,
the terms read from free text and the follow-up questions worth asking.
Every effect points at the sourced fact it rests on (`FactRef`), and every
rule carries the page its reasoning comes from. Nothing here decides
anything; `aws_messaging_mcp.recommend` evaluates these models.
"""

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from aws_messaging_mcp.knowledge.models import KebabId, ServiceId, Source

RequirementField = Literal[
    "ordering",
    "replay",
    "retention_days",
    "consumers",
    "competing_consumers",
    "fan_out",
    "throughput_per_second",
    "message_size_kb",
    "latency",
    "protocols",
    "exactly_once",
    "destinations",
    "stateful_processing",
    "content_routing",
    "cross_account",
    "saas_sources",
    "aws_service_events",
    "schedule",
    "delay_seconds",
    "point_to_point",
    "change_data_capture",
    "migrating_from",
    "multi_tenant",
    "broker_features",
    "serverless_preferred",
]
REQUIREMENT_FIELDS: tuple[RequirementField, ...] = get_args(RequirementField)

NumericField = Literal[
    "retention_days",
    "consumers",
    "throughput_per_second",
    "message_size_kb",
    "delay_seconds",
]

RuleId = Annotated[
    str,
    StringConstraints(pattern=r"^(req|pref|limit|pattern)-[a-z0-9]+(-[a-z0-9]+)*$"),
]

Scalar = bool | str | float


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactRef(_Data):
    """A sourced statement in the services data that a rule relies on.

    `fact` names a limit id, a fact id or a variant id of that service, or
    one of its sourced sections: `delivery`, `ordering`, `pricing-model`,
    `dimensions`.
    """

    service: ServiceId
    fact: KebabId


class Test(_Data):
    """One test on one requirement; exactly one operator is set."""

    field: RequirementField
    equals: Scalar | None = None
    any_of: list[str] | None = Field(
        default=None,
        description="The value is one of these, or a list value shares one.",
    )
    above: float | None = None
    below: float | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> "Test":
        operators = (self.equals, self.any_of, self.above, self.below)
        if sum(operator is not None for operator in operators) != 1:
            raise ValueError(f"test on {self.field} needs exactly one operator")
        return self


class Trigger(_Data):
    """When a rule or pattern applies: all of `when`, one of `when_any` (if
    given), none of `unless`."""

    when: list[Test] = Field(default_factory=list)
    when_any: list[Test] = Field(default_factory=list)
    unless: list[Test] = Field(default_factory=list)


class Effect(_Data):
    """What a rule does to one service, in words about that service."""

    service: ServiceId
    text: str
    fact: FactRef
    weight: float = Field(
        default=0.0,
        description="Preferences: how much the rule counts for (+) or against (-).",
    )
    advice: str | None = Field(
        default=None, description="Configuration advice that follows from the rule."
    )


class Rule(Trigger):
    """A constraint (eliminates the services of its effects) or a preference."""

    id: RuleId
    kind: Literal["constraint", "preference", "baseline"]
    title: str = Field(description="Short description, no final period.")
    give_up_cost: float = Field(
        default=1.0,
        description="Constraints: how hard it is to live without the requirement "
        "when no service meets them all (protocols are expensive, retention cheap).",
    )
    effects: list[Effect] = Field(min_length=1)
    source: Source


Outcome = Literal["eliminate", "claim-check", "penalty", "advice"]


class LimitCheck(_Data):
    """Compare the user's number with one typed limit of one service."""

    service: ServiceId
    limit: KebabId
    compare_to: Literal["value", "default"] = "value"
    over: Outcome = Field(description="What happens when the requirement exceeds it.")
    weight: float = Field(default=0.0, le=0.0)
    text: str = Field(description="What exceeding it means, or what to configure.")


class LimitRule(_Data):
    """A numeric requirement checked against the services' typed limits."""

    id: RuleId
    title: str
    field: NumericField
    give_up_cost: float = 1.0
    checks: list[LimitCheck] = Field(min_length=1)
    source: Source


class Pattern(Trigger):
    """A named way of combining services, or of carrying what does not fit.

    When a pattern applies to one of its `services`, that entry is
    recommended together with `combined_with`, and for each rule in
    `borrows` the pair counts as well as its better member: a constraint
    rules the pair out only if it rules out both, a preference gives the
    higher weight.
    """

    id: RuleId
    name: str
    text: str
    services: list[ServiceId] = Field(min_length=1)
    combined_with: list[ServiceId] = Field(default_factory=list)
    borrows: list[RuleId] = Field(default_factory=list)
    triggered_by_limit: bool = Field(
        default=False,
        description="Applied by a limit check (claim check), not by its trigger.",
    )
    advice: list[str] = Field(default_factory=list)
    facts: list[FactRef] = Field(min_length=1)
    source: Source


class Term(_Data):
    """Words in a description that set one requirement."""

    id: KebabId
    field: RequirementField
    value: Scalar
    patterns: list[str] = Field(min_length=1, description="Regular expressions.")
    negatable: bool = Field(
        default=True,
        description="A preceding 'no', 'not', 'without'... turns a true into false.",
    )


class Question(_Data):
    """A follow-up question, asked when its answer would change the top pick."""

    field: RequirementField
    text: str
    probe: Scalar | list[str] = Field(
        description="The answer tried to see whether the ranking would change."
    )


class RuleBook(_Data):
    """Every rule, limit rule, pattern, term and question, validated together."""

    rules: list[Rule]
    limit_rules: list[LimitRule]
    patterns: list[Pattern]
    terms: list[Term]
    questions: list[Question]

    @model_validator(mode="after")
    def _unique_ids(self) -> "RuleBook":
        ids = [rule.id for rule in self.rules]
        ids += [rule.id for rule in self.limit_rules]
        ids += [pattern.id for pattern in self.patterns]
        duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if duplicates:
            raise ValueError(f"rule ids must be unique: {duplicates}")
        return self

    @model_validator(mode="after")
    def _borrowed_rules_exist(self) -> "RuleBook":
        known = {rule.id for rule in self.rules} | {
            rule.id for rule in self.limit_rules
        }
        for pattern in self.patterns:
            unknown = sorted(set(pattern.borrows) - known)
            if unknown:
                raise ValueError(f"{pattern.id} borrows unknown rules: {unknown}")
        return self
