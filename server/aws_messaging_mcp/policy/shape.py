"""A fast yes to "is this document well formed?", for the common case.

Most documents checked are grammatically sound, and the eight rules that
explain grammar faults (PC003 to PC010) would each walk them to find
nothing. `document_shape_ok` answers for all of them in one pass: when it
says yes, those rules are skipped (see `Rule.requires`); when it says no,
or is unsure, they run and say what is wrong. It must never say yes to a
document that one of them would fault; a test holds it to that over the
corpus, the rule fixtures and mutated documents.
"""

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from aws_messaging_mcp.policy.arn import is_account_id
from aws_messaging_mcp.policy.conditions import arn_of, condition_values, operator
from aws_messaging_mcp.policy.models import ResourceType

VERSIONS = ("2012-10-17", "2008-10-17")
POLICY_KEYS = frozenset({"Version", "Id", "Statement"})
STATEMENT_KEYS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
PRINCIPAL_TYPES = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})
RESOURCE_NAMED: frozenset[ResourceType] = frozenset({"sqs", "sns", "eventbridge-bus"})
SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")
# IAM shows the unique id of a deleted user or role in place of its ARN.
UNIQUE_ID = re.compile(r"^A[A-Z0-9]{15,127}$")


@lru_cache(maxsize=4096)
def valid_aws_principal(value: str) -> bool:
    """'*', an account id, an IAM or STS ARN with an account, or a unique id."""
    if value == "*" or is_account_id(value) or UNIQUE_ID.match(value):
        return True
    arn = arn_of(value)
    return (
        arn is not None and arn.service in ("iam", "sts") and is_account_id(arn.account)
    )


@lru_cache(maxsize=4096)
def valid_service_principal(value: str) -> bool:
    return value == "*" or SERVICE_PRINCIPAL.match(value) is not None


PRINCIPAL_VALIDATORS: dict[str, Callable[[str], bool]] = {
    "AWS": valid_aws_principal,
    "Service": valid_service_principal,
}


def strings_ok(value: Any) -> bool:
    """A string, or a non-empty list of strings."""
    if isinstance(value, str):
        return True
    if not isinstance(value, list) or not value:
        return False
    return all(isinstance(item, str) for item in value)


def principal_ok(value: Any) -> bool:
    """'*', or an object of known principal types holding valid principals."""
    if value == "*":
        return True
    if not isinstance(value, dict) or not value or not value.keys() <= PRINCIPAL_TYPES:
        return False
    for principal_type, values in value.items():
        if not strings_ok(values):
            return False
        check = PRINCIPAL_VALIDATORS.get(principal_type)
        if check is None:
            continue
        if isinstance(values, str):
            if not check(values):
                return False
            continue
        for item in values:
            if not check(item):
                return False
    return True


def condition_keys_ok(keys: Any) -> bool:
    """An operator's keys: a non-empty object of scalar values or lists of them."""
    if not isinstance(keys, dict) or not keys:
        return False
    for values in keys.values():
        # A lone string is the common case, and always fine.
        if isinstance(values, str):
            continue
        if values == [] or condition_values(values) is None:
            return False
    return True


def condition_ok(block: Any) -> bool:
    if not isinstance(block, dict):
        return False
    for name, keys in block.items():
        if operator(name) is None or not condition_keys_ok(keys):
            return False
    return True


def statement_shape_ok(statement: Any, resource_type: ResourceType) -> bool:
    if not isinstance(statement, dict) or not statement.keys() <= STATEMENT_KEYS:
        return False
    if statement.get("Effect") not in ("Allow", "Deny"):
        return False
    action, not_action = statement.get("Action"), statement.get("NotAction")
    if (action is None) == (not_action is None):
        return False
    if not strings_ok(action if action is not None else not_action):
        return False
    principal = statement.get("Principal")
    not_principal = statement.get("NotPrincipal")
    if (principal is None) == (not_principal is None):
        return False
    if not principal_ok(principal if principal is not None else not_principal):
        return False
    if "Condition" in statement and not condition_ok(statement["Condition"]):
        return False
    return _resource_ok(statement, resource_type)


def _resource_ok(statement: dict[str, Any], resource_type: ResourceType) -> bool:
    resource, not_resource = statement.get("Resource"), statement.get("NotResource")
    if resource_type == "iam-trust":
        return "Resource" not in statement and "NotResource" not in statement
    if resource is None and not_resource is None:
        return resource_type not in RESOURCE_NAMED and not (
            "Resource" in statement or "NotResource" in statement
        )
    return (resource is None or strings_ok(resource)) and (
        not_resource is None or strings_ok(not_resource)
    )


def document_shape_ok(root: Any, resource_type: ResourceType) -> bool:
    """True only when no grammar rule (PC003 to PC010) can find a fault."""
    if not isinstance(root, dict) or not root.keys() <= POLICY_KEYS:
        return False
    if "Version" in root and root["Version"] not in VERSIONS:
        return False
    if "Id" in root and not isinstance(root["Id"], str):
        return False
    statements = root.get("Statement")
    if isinstance(statements, dict):
        return statement_shape_ok(statements, resource_type)
    if not isinstance(statements, list) or not statements:
        return False
    return all(statement_shape_ok(statement, resource_type) for statement in statements)
