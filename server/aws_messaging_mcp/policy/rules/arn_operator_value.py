"""PC503: an ARN operator compares against a value that is not an ARN."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import is_arn_operand
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class ArnOperatorValue(Rule):
    id = "PC503"
    title = "An ARN operator compares against a value that is not an ARN"
    category = "condition-operator-mismatch"
    severity = "error"
    rationale = (
        "ArnEquals and ArnLike split the value into the six parts of an ARN; "
        "a value that is not an ARN (an account id, a bare name) never "
        "matches, so the condition is always false."
    )
    fix = (
        "Give the full ARN ('arn:aws:sns:us-east-1:111122223333:alerts'), or "
        "compare an account id with StringEquals on aws:SourceAccount."
    )
    source_url = references.OPERATORS
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for _, test in policy.tests:
            if test.operator is None or test.operator.family != "Arn":
                continue
            bad = [v for v in test.values if not is_arn_operand(v)]
            if bad:
                yield Issue(
                    test.pointer,
                    f"{test.operator_name} compares {test.key!r} with {bad[0]!r}, "
                    "which is not an ARN",
                )
