"""A fast yes to "is this document well formed?", for the common case.

Most documents checked are grammatically sound, and the eight rules that
explain grammar faults (PC003 to PC010) would each walk them to find
nothing. `Policy.shape_ok` answers for all of them: the statement-level
parts are noted while each statement is read (`Statement.grammar_ok`, by
the same definitions as `principal_ok` and `condition_keys_ok` here), and
the document and Resource parts are checked here. When it says yes, those
rules are skipped (see `Rule.requires`); when it says no, they run and say
what is wrong. It must never say yes to a document that one of them would
fault; a test holds it to that over the corpus, the rule fixtures and
mutated documents.
"""

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from typing import Any

from aws_messaging_mcp.policy.arn import is_account_id
from aws_messaging_mcp.policy.conditions import arn_of, condition_values
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
    return all(map(isinstance, value, repeat(str)))


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


def resource_shape_ok(statement: dict[str, Any], resource_type: ResourceType) -> bool:
    """Resource and NotResource as this resource type's grammar wants them."""
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


def root_shape_ok(root: Any) -> bool:
    """The document's own elements are sound, and it has statements."""
    if not isinstance(root, dict) or not root.keys() <= POLICY_KEYS:
        return False
    if "Version" in root and root["Version"] not in VERSIONS:
        return False
    if "Id" in root and not isinstance(root["Id"], str):
        return False
    statements = root.get("Statement")
    return isinstance(statements, dict) or (
        isinstance(statements, list) and bool(statements)
    )
