"""The policy checker: queue, topic, bus, key and trust policies.

    from aws_messaging_mcp.policy import check_policy

    result = check_policy(document, "sqs", PolicyContext(account_id="111122223333"))

`check_policy` is the one entry point that the MCP tool, the CLI, the policy
generator, the IaC scanner and the live audit share. It never raises for
anything in the document: problems with the input are findings. Importing
this package stays cheap; the rules load on the first check.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_messaging_mcp.policy.models import (
    CheckResult,
    Finding,
    PolicyContext,
    ResourceType,
)

__all__ = ["CheckResult", "Finding", "PolicyContext", "ResourceType", "check_policy"]


def check_policy(
    policy: dict[str, Any] | str,
    resource_type: ResourceType | None = None,
    context: PolicyContext | None = None,
) -> CheckResult:
    """Check one policy document (an object, or its raw JSON text).

    `resource_type` is inferred from the context or the content when None,
    and the result says so. Raises `InputError` only for a `resource_type`
    outside the vocabulary or a `policy` that is neither a dict nor a str.
    """
    return _check()(policy, resource_type, context)


Check = Callable[
    [dict[str, Any] | str, ResourceType | None, PolicyContext | None], CheckResult
]


@cache
def _check() -> Check:
    """The checker, imported on the first call (an import statement in
    check_policy would go through the import system on every call).
    """
    from aws_messaging_mcp.policy.checker import check

    return check
