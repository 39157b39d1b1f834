"""How a statement treats plain-HTTP requests, read from aws:SecureTransport.

aws:SecureTransport is 'true' for requests over TLS and 'false' for plain
HTTP (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport).
The usual TLS guard is a Deny with "Bool": {"aws:SecureTransport": "false"}.
"""

from aws_messaging_mcp.policy.catalogue import SpellingBudget, suggest_key
from aws_messaging_mcp.policy.conditions import ConditionTest

SECURE_TRANSPORT = "aws:securetransport"
BOTH = frozenset({"true", "false"})


def transport_tests(
    tests: tuple[ConditionTest, ...], spelling: SpellingBudget | None = None
) -> list[ConditionTest]:
    """Tests of aws:SecureTransport, or of a key misspelt from it."""
    return [test for test in tests if meant_for_transport(test.key, spelling)]


def meant_for_transport(key: str, spelling: SpellingBudget | None = None) -> bool:
    lowered = key.lower()
    if lowered == SECURE_TRANSPORT or "securetransport" in lowered.replace(" ", ""):
        return True
    if spelling is not None and not spelling.allows(key):
        return False
    return suggest_key(key) == "aws:SecureTransport"


def true_when(test: ConditionTest) -> frozenset[str]:
    """For which transport ('true' = TLS, 'false' = HTTP) the test holds."""
    op = test.operator
    if op is None or op.family not in ("Bool", "String"):
        return frozenset()
    if op.set_operator == "ForAllValues":
        return BOTH
    written = frozenset(value.lower() for value in test.values) & BOTH
    return BOTH - written if op.negated else written
