"""PC601: an Allow is granted only, or also, over plain HTTP."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.transport import SECURE_TRANSPORT, true_when


class InsecureTransportGrant(Rule):
    id = "PC601"
    title = "An Allow is conditioned on plain HTTP"
    category = "insecure-transport-allowed"
    severity = "error"
    rationale = (
        "aws:SecureTransport is false for requests over plain HTTP. An Allow "
        "conditioned on it being false grants access precisely to "
        "unencrypted requests, which anyone on the path can read or alter."
    )
    fix = (
        "Remove the aws:SecureTransport = false condition from the Allow, and "
        "add a Deny for requests where aws:SecureTransport is false."
    )
    source_url = references.SQS_BEST_PRACTICES
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not statement.live_allow:
                continue
            for test in statement.tests_of(SECURE_TRANSPORT):
                if "false" in true_when(test) and test.operator is not None:
                    if test.operator.set_operator == "ForAllValues":
                        continue
                    yield Issue(
                        test.pointer,
                        "the Allow applies to requests over plain HTTP "
                        "(aws:SecureTransport false)",
                        references=(references.GLOBAL_KEYS,),
                    )
