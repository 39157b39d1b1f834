"""PC602: a Deny meant to enforce TLS can never match."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.transport import transport_tests


class TlsDenyNeverMatches(Rule):
    id = "PC602"
    title = "A Deny meant to enforce TLS can never match"
    category = "insecure-transport-allowed"
    severity = "error"
    rationale = (
        "A Deny on aws:SecureTransport = false is how a policy refuses plain "
        "HTTP. If the key is misspelt ('aws:SecureTransprt') or the value is "
        "not 'true' or 'false', the condition is never true, the Deny never "
        "applies, and plain HTTP is let through while the policy looks safe."
    )
    fix = 'Write the condition exactly: "Bool": {"aws:SecureTransport": "false"}.'
    source_url = references.SQS_BEST_PRACTICES
    requires = "has_unusual_conditions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not statement.is_deny or statement.dead is None:
                continue
            tests = transport_tests(statement.conditions, policy.spelling)
            if tests:
                killer, reason = statement.dead
                yield Issue(
                    killer.pointer,
                    "this Deny is meant to refuse plain HTTP but can never "
                    f"apply: {reason} ({killer.key!r})",
                    references=(references.GLOBAL_KEYS,),
                )
