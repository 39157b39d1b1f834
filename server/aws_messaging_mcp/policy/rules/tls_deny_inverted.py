"""PC603: a TLS Deny is inverted: it refuses HTTPS and lets HTTP through."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.repair import set_value
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.transport import SECURE_TRANSPORT, true_when


class TlsDenyInverted(Rule):
    id = "PC603"
    title = "A TLS Deny refuses HTTPS instead of HTTP"
    category = "insecure-transport-allowed"
    severity = "error"
    rationale = (
        "aws:SecureTransport is true over TLS. A Deny conditioned on it being "
        "true refuses every encrypted request and leaves plain HTTP as the "
        "only way in: the opposite of what a transport guard is for."
    )
    fix = 'Deny when aws:SecureTransport is "false", not "true".'
    source_url = references.SQS_BEST_PRACTICES
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not statement.is_deny or statement.dead is not None:
                continue
            for test in statement.tests_of(SECURE_TRANSPORT):
                if true_when(test) != frozenset({"true"}):
                    continue
                assert test.operator is not None
                repair = (
                    None if test.operator.negated else set_value(test.pointer, "false")
                )
                yield Issue(
                    test.pointer,
                    "this Deny applies to requests over TLS "
                    "(aws:SecureTransport true) and lets plain HTTP through",
                    repair=repair,
                    references=(references.GLOBAL_KEYS,),
                )
