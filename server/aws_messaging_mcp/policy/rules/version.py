"""PC010: Version is neither 2012-10-17 nor 2008-10-17."""

import difflib
from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import POLICY_ELEMENTS, Policy, canonical_names
from aws_messaging_mcp.policy.parse import escape_pointer_segment
from aws_messaging_mcp.policy.repair import set_value
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.shape import VERSIONS


class Version(Rule):
    id = "PC010"
    title = "Version is not a policy language version"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Version names the policy language, not the policy's own revision: "
        "only 2012-10-17 (current) and 2008-10-17 exist, and any other value "
        "is rejected. Leaving Version out is valid (SQS and SNS then read the "
        "2008 language)."
    )
    fix = 'Set "Version": "2012-10-17".'
    source_url = references.VERSION
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        if not isinstance(policy.root, dict):
            return
        key = canonical_names(policy.root, POLICY_ELEMENTS).get("Version")
        if key is None:
            return
        value = policy.root[key]
        if value in VERSIONS:
            return
        pointer = f"/{escape_pointer_segment(key)}"
        intended = _intended(value)
        yield Issue(
            pointer,
            f"Version is {value!r}; it must be 2012-10-17 or 2008-10-17",
            repair=set_value(pointer, intended) if intended else None,
        )


def _intended(value: object) -> str | None:
    """The version a near miss ('2012-10-17 ', '2012-10-18') was meant to be."""
    if not isinstance(value, str):
        return None
    match = difflib.get_close_matches(value.strip(), VERSIONS, n=1, cutoff=0.85)
    return match[0] if match else None
