"""`docs/rules.md`: the rules reference, generated from the rule classes.

Regenerate with `python scripts/regenerate.py`; a test fails when the file
on disk differs from what this returns.
"""

from aws_messaging_mcp.policy.models import RESOURCE_TYPES
from aws_messaging_mcp.policy.rules import INTERNAL_ERROR_RULE_ID, Rule, all_rules

RULES_DOC = "docs/rules.md"

_INTRO = """\
# check_policy rules

Generated from the rule classes in `server/aws_messaging_mcp/policy/rules/`
by `python scripts/regenerate.py`; do not edit by hand.

Each finding names the rule that raised it. Rule ids are `PC` and three
digits, in blocks by concern: `PC0xx` the document (JSON syntax, grammar,
quotas), `PC1xx` who is granted, `PC2xx` service principals and the confused
deputy, `PC3xx` actions, `PC4xx` resources, `PC5xx` condition keys and
operators, `PC6xx` transport security, `PC7xx` dead-letter queues. `PC999`
marks a rule that crashed (category `internal-error`): the other rules still
ran. Categories are those of POLICY-CATEGORIES; severity is `error`,
`warning` or `info`.
"""


def rules_reference() -> dict[str, str]:
    """`{"docs/rules.md": content}` for the artifact generators."""
    rules = all_rules()
    lines = [_INTRO, *_table(rules)]
    for rule in rules:
        lines.extend(_section(rule))
    lines.extend(_INTERNAL_ERROR_SECTION)
    return {RULES_DOC: "\n".join(lines) + "\n"}


def _table(rules: tuple[Rule, ...]) -> list[str]:
    rows = [
        "| id | title | category | severity | policies |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        rows.append(
            f"| [{rule.id}](#{rule.id.lower()}) | {rule.title} | `{rule.category}` "
            f"| {rule.severity} | {_types(rule.resource_types)} |"
        )
    rows.append(
        f"| [{INTERNAL_ERROR_RULE_ID}](#{INTERNAL_ERROR_RULE_ID.lower()}) | A rule "
        "crashed | `internal-error` | error | all |"
    )
    return rows


def _section(rule: Rule) -> list[str]:
    return [
        "",
        f"## {rule.id}",
        "",
        f"**{rule.title}.** Category `{rule.category}`, severity "
        f"{rule.severity}, for {_types(rule.resource_types)} policies.",
        "",
        rule.rationale,
        "",
        f"Fix: {rule.fix}",
        "",
        f"Source: <{rule.source_url}>",
    ]


_INTERNAL_ERROR_SECTION = [
    "",
    f"## {INTERNAL_ERROR_RULE_ID}",
    "",
    "**A rule crashed.** Category `internal-error`, severity error. The "
    "finding names the rule that failed; the other rules ran and their "
    "findings stand. It is a checker bug, not a problem with the policy.",
]


def _types(types: frozenset[str]) -> str:
    if types == frozenset(RESOURCE_TYPES):
        return "all"
    return ", ".join(t for t in RESOURCE_TYPES if t in types)
