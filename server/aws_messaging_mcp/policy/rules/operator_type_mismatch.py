"""PC505: the operator's type does not fit the key's type."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import FAMILY_KEY_TYPES
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule

OPERATOR_FOR_TYPE = {
    "String": "StringEquals or StringLike",
    "ARN": "ArnEquals or ArnLike",
    "Bool": "Bool",
    "Numeric": "NumericEquals and the other Numeric operators",
    "Date": "DateGreaterThan and the other Date operators",
    "IPAddress": "IpAddress or NotIpAddress",
    "Binary": "BinaryEquals",
}


class OperatorTypeMismatch(Rule):
    id = "PC505"
    title = "The operator's type does not fit the key's type"
    category = "condition-operator-mismatch"
    severity = "error"
    rationale = (
        "Each operator compares one type of value: Bool for booleans, "
        "IpAddress for addresses, Numeric for numbers, Date for times. Bool "
        "on aws:SourceArn or NumericEquals on aws:SourceAccount never "
        "matches, so the condition is always false (or, negated, always true)."
    )
    fix = "Use an operator of the key's type."
    source_url = references.OPERATORS
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for _, test in policy.tests:
            op, info = test.operator, test.info
            if op is None or info is None:
                continue
            if info.type in FAMILY_KEY_TYPES[op.family]:
                continue
            fitting = OPERATOR_FOR_TYPE.get(info.type, "an operator of its type")
            yield Issue(
                test.pointer,
                f"{op.base} cannot compare {test.key!r}, whose values are of type "
                f"{info.type}",
                fix=f"Compare {test.key!r} with {fitting}.",
            )
