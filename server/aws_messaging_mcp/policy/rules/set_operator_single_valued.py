"""PC504: ForAllValues or ForAnyValue on a single-valued key."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class SetOperatorSingleValued(Rule):
    id = "PC504"
    title = "ForAllValues or ForAnyValue on a single-valued key"
    category = "condition-operator-mismatch"
    severity = "warning"
    rationale = (
        "The set operators are for keys a request can carry several values "
        "of (aws:TagKeys, aws:PrincipalOrgPaths). On a single-valued key "
        "ForAllValues is true whenever the key is absent, so it restricts "
        "nothing for requests without it, and ForAnyValue only obscures a "
        "plain comparison."
    )
    fix = "Drop the ForAllValues:/ForAnyValue: prefix and use the plain operator."
    source_url = references.MULTIVALUED
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for _, test in policy.tests:
            op, info = test.operator, test.info
            if op is None or op.set_operator is None or info is None:
                continue
            if not info.multivalued:
                yield Issue(
                    test.pointer,
                    f"{op.set_operator}: on {test.key!r}, which holds a single "
                    "value; " + _consequence(op.set_operator),
                    fix=f"Use {op.name.partition(':')[2]} instead.",
                )


def _consequence(set_operator: str) -> str:
    if set_operator == "ForAllValues":
        return "it is true whenever the key is absent"
    return "write the plain operator instead"
