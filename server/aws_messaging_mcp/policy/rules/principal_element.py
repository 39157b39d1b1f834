"""PC007: Principal is missing, doubled, or not a valid principal."""

from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import (
    PRINCIPAL_TYPES,
    Policy,
    Statement,
    canonical_names,
)
from aws_messaging_mcp.policy.parse import escape_pointer_segment
from aws_messaging_mcp.policy.repair import rename_key, set_value
from aws_messaging_mcp.policy.rules import Issue, Rule
from aws_messaging_mcp.policy.shape import (
    principal_ok,
    valid_aws_principal,
    valid_service_principal,
)


class PrincipalElement(Rule):
    id = "PC007"
    title = "Principal is missing, doubled or not a valid principal"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "Queue, topic, bus, key and trust policies are resource policies: "
        "each statement must say who it applies to in Principal (or "
        "NotPrincipal). A string principal may only be '*'; otherwise it is "
        'an object such as {"AWS": "arn:aws:iam::111122223333:root"} or '
        '{"Service": "sns.amazonaws.com"}, and the service rejects anything '
        "else."
    )
    fix = (
        'Name the principal as {"AWS": "<account id or IAM ARN>"} or '
        '{"Service": "<service>.amazonaws.com"}, or "*" with a narrowing '
        "condition."
    )
    source_url = references.PRINCIPAL
    requires = "shape_suspect"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if isinstance(statement.raw, dict):
                yield from _statement_principals(statement)


def _statement_principals(statement: Statement) -> Iterator[Issue]:
    present = [n for n in ("Principal", "NotPrincipal") if n in statement.body]
    if not present:
        yield Issue(
            statement.pointer,
            "the statement has no Principal; a resource, key or trust policy "
            "must say whom each statement applies to",
        )
        return
    if len(present) == 2:
        yield Issue(
            statement.at("NotPrincipal"),
            "the statement has both Principal and NotPrincipal; it may have only one",
            fix="Keep Principal and remove NotPrincipal.",
        )
    for name in present:
        if not principal_ok(statement.body[name]):
            yield from _principal(statement.body[name], statement.at(name), name)


def _principal(value: Any, pointer: str, name: str) -> Iterator[Issue]:
    if isinstance(value, str):
        if value != "*":
            yield _string_principal(value, pointer, name)
        return
    if not isinstance(value, dict) or not value:
        yield Issue(pointer, f"{name} must be '*' or a non-empty object of principals")
        return
    names = {
        key: canonical
        for canonical, key in canonical_names(value, PRINCIPAL_TYPES).items()
    }
    for key, values in value.items():
        child = f"{pointer}/{escape_pointer_segment(key)}"
        principal_type = names.get(key)
        if principal_type is None:
            yield Issue(
                child,
                f"{key!r} is not a principal type; use one of "
                f"{', '.join(PRINCIPAL_TYPES)}",
            )
            continue
        if principal_type != key:
            yield Issue(
                child,
                f"the principal type {key!r} must be written {principal_type!r} "
                "(checked as if it were)",
                fix=f"Rename {key!r} to {principal_type!r}.",
                repair=rename_key(child, principal_type),
            )
        yield from _values(values, child, principal_type)


def _string_principal(value: str, pointer: str, name: str) -> Issue:
    kind = "Service" if valid_service_principal(value) else "AWS"
    valid = kind == "Service" or valid_aws_principal(value)
    return Issue(
        pointer,
        f"{name} is the string {value!r}; a string principal may only be '*'",
        fix=f'Write "{name}": {{"{kind}": "{value}"}}.',
        repair=set_value(pointer, {kind: value}) if valid else None,
    )


def _values(values: Any, pointer: str, principal_type: str) -> Iterator[Issue]:
    items = [values] if isinstance(values, str) else values
    if not isinstance(items, list) or not items:
        yield Issue(pointer, f"{principal_type} must be a string or a non-empty list")
        return
    for index, item in enumerate(items):
        where = pointer if isinstance(values, str) else f"{pointer}/{index}"
        if not isinstance(item, str):
            yield Issue(where, f"{principal_type} principal {item!r} is not a string")
        elif principal_type == "AWS" and not valid_aws_principal(item):
            yield Issue(
                where,
                f"{item!r} is not an AWS principal: use '*', a 12-digit account "
                "id, or an IAM or STS ARN",
            )
        elif principal_type == "Service" and not valid_service_principal(item):
            yield Issue(
                where,
                f"{item!r} is not a service principal; they read like "
                "'sns.amazonaws.com'",
            )
