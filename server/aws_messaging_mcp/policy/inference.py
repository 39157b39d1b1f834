"""Which kind of policy a document is, when the caller did not say.

The context decides first (a resource ARN names its service; only a queue is
a dead-letter queue), then the document: the services of its Resource ARNs,
then its actions (a trust policy assumes a role; a key policy names kms
actions), then its shape (a trust policy has no Resource). The answer says
what it relied on, so a caller can tell a guess from a fact.
"""

from collections import Counter
from typing import Any

from aws_messaging_mcp.policy.conditions import arn_of
from aws_messaging_mcp.policy.document import Statement, read_statements
from aws_messaging_mcp.policy.models import PolicyContext, ResourceType

_BY_SERVICE: dict[str, ResourceType] = {
    "sqs": "sqs",
    "sns": "sns",
    "events": "eventbridge-bus",
    "kms": "kms",
    "iam": "iam-trust",
}
_TRUST_ACTIONS = frozenset(
    {
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    }
)


def infer_resource_type(root: Any, context: PolicyContext) -> tuple[ResourceType, str]:
    """The resource type, and a short account of what it was inferred from."""
    from_context = _from_context(context)
    if from_context is not None:
        return from_context
    statements = read_statements(root)
    resources: Counter[ResourceType] = Counter()
    actions: Counter[str] = Counter()
    for statement in statements:
        for resource in statement.resources:
            arn = arn_of(resource)
            if arn is not None and arn.service in ("sqs", "sns", "events"):
                resources[_BY_SERVICE[arn.service]] += 1
        actions.update(action.lower() for action in statement.actions)
    if resources:
        found = resources.most_common(1)[0][0]
        return found, f"the service of the Resource ARNs ({found})"
    if _TRUST_ACTIONS & set(actions):
        return "iam-trust", "an sts:AssumeRole* action"
    return _from_actions(actions, statements)


def _from_context(context: PolicyContext) -> tuple[ResourceType, str] | None:
    arn = arn_of(context.resource_arn or "")
    if arn is not None and arn.service in _BY_SERVICE:
        return _BY_SERVICE[arn.service], "context.resource_arn"
    if context.dlq_for is not None:
        return "sqs", "context.dlq_for (only a queue is a dead-letter queue)"
    return None


def _from_actions(
    actions: Counter[str], statements: tuple[Statement, ...]
) -> tuple[ResourceType, str]:
    services: Counter[str] = Counter()
    for action, count in actions.items():
        prefix = action.partition(":")[0]
        if prefix in ("kms", "sqs", "sns", "events"):
            services[prefix] += count
    if services:
        prefix = services.most_common(1)[0][0]
        return _BY_SERVICE[prefix], f"the {prefix}: actions"
    if statements and all("Resource" not in s.body for s in statements):
        return "iam-trust", "no statement has a Resource, as in a trust policy"
    return "sqs", "nothing in the document or context; sqs assumed"
