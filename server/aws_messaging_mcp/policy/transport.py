"""How a statement treats plain-HTTP requests, read from aws:SecureTransport.

aws:SecureTransport is 'true' for requests over TLS and 'false' for plain
HTTP (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport).
The usual TLS guard is a Deny with "Bool": {"aws:SecureTransport": "false"}.
"""

from typing import TYPE_CHECKING

from aws_messaging_mcp.policy.catalogue import suggest_key

if TYPE_CHECKING:  # conditions.py asks this module which keys mean transport
    from aws_messaging_mcp.policy.conditions import ConditionTest

SECURE_TRANSPORT = "aws:securetransport"
BOTH = frozenset({"true", "false"})


def transport_tests(tests: tuple["ConditionTest", ...]) -> list["ConditionTest"]:
    """Tests of aws:SecureTransport, or of a key misspelt from it."""
    return [test for test in tests if meant_for_transport(test.key)]


def meant_for_transport(key: str) -> bool:
    lowered = key.lower()
    if lowered == SECURE_TRANSPORT or "securetransport" in lowered.replace(" ", ""):
        return True
    return suggest_key(key) == "aws:SecureTransport"


def true_when(test: "ConditionTest") -> frozenset[str]:
    """For which transport ('true' = TLS, 'false' = HTTP) the test holds."""
    op = test.operator
    if op is None or op.family not in ("Bool", "String"):
        return frozenset()
    if op.set_operator == "ForAllValues":
        return BOTH
    written = frozenset(value.lower() for value in test.values) & BOTH
    return BOTH - written if op.negated else written
