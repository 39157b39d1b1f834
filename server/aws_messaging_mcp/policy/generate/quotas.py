"""Refusing a merged policy that its service would reject for its size.

The quotas (bytes, statements, principals, conditions, actions), and whether
each counts over the whole policy or per statement, come from the shared IAM
catalogue, so the generator and the checker count alike.
"""

import json
from typing import Any

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.knowledge.iam import PolicyQuota, policy_quotas
from aws_messaging_mcp.policy.generate.sources import Target

Document = dict[str, Any]


def compact_json(policy: Document) -> str:
    """The policy as the service stores it: no insignificant whitespace."""
    return json.dumps(policy, separators=(",", ":"), ensure_ascii=False)


def require_within_quotas(target: Target, policy: Document) -> None:
    problems = [
        problem
        for quota in policy_quotas().quotas
        if quota.resource_type == target.facts.service
        for problem in _exceeded(quota, policy)
    ]
    if problems:
        service = target.facts.service.upper()
        raise InputError(
            f"the {target.facts.noun} policy would exceed {service} quotas: "
            f"{'; '.join(problems)}. Split the sources across resources, drop "
            "statements from existing_policy, or use a wildcard source ARN"
        )


def _exceeded(quota: PolicyQuota, policy: Document) -> list[str]:
    if quota.name == "bytes":
        counts = [len(compact_json(policy).encode())]
    elif quota.name == "statements":
        counts = [len(policy["Statement"])]
    else:
        counter = {
            "principals": _principals,
            "conditions": _conditions,
            "actions": _actions,
        }[quota.name]
        per_statement = [counter(s) for s in policy["Statement"] if isinstance(s, dict)]
        counts = per_statement if quota.scope == "statement" else [sum(per_statement)]
    where = " in one statement" if quota.scope == "statement" else ""
    return [
        f"{count} {quota.name}{where} where at most {quota.maximum} are allowed"
        for count in counts
        if count > quota.maximum
    ]


def _principals(statement: Document) -> int:
    principal = statement.get("Principal", statement.get("NotPrincipal"))
    if not isinstance(principal, dict):
        return 1 if principal is not None else 0
    return sum(
        len(value) if isinstance(value, list) else 1 for value in principal.values()
    )


def _conditions(statement: Document) -> int:
    """Condition keys tested, each key under each operator counted once."""
    condition = statement.get("Condition")
    if not isinstance(condition, dict):
        return 0
    return sum(len(tests) for tests in condition.values() if isinstance(tests, dict))


def _actions(statement: Document) -> int:
    actions = statement.get("Action", statement.get("NotAction", []))
    return len(actions) if isinstance(actions, list) else 1
