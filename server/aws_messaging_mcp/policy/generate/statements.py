"""Building the statements of a queue or topic policy from resolved grants.

Grants are grouped so that the policy stays small (SQS allows 20 statements):
one statement per service principal, listing every source ARN it is pinned
to (for S3, one per bucket owner, so that each bucket keeps its own
aws:SourceAccount); one for all sender principals; one per distinct set of
consumer actions. Every Sid starts with `SID_PREFIX`: that is how a later run
recognises the statements it owns.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aws_messaging_mcp.policy.generate.sources import (
    PrincipalGrant,
    ServiceGrant,
    Target,
)

SID_PREFIX = "AwsMessagingMcp"
WILDCARDS = ("*", "?")

Document = dict[str, Any]


@dataclass(frozen=True)
class Statement:
    sid: str
    document: Document
    explanation: str


def build_statements(
    target: Target,
    services: Sequence[ServiceGrant],
    senders: Sequence[PrincipalGrant],
    consumers: Sequence[PrincipalGrant],
    deny_insecure_transport: bool,
) -> list[Statement]:
    """Every statement the generator owns, in a fixed order."""
    statements = [
        _service_statement(target, group) for group in _service_groups(services)
    ]
    if senders:
        statements.append(_sender_statement(target, senders))
    statements.extend(
        _consumer_statement(target, number, group)
        for number, group in enumerate(_consumer_groups(consumers), start=1)
    )
    if deny_insecure_transport:
        statements.append(_deny_insecure_transport(target))
    return statements


def one_or_many(values: Iterable[str]) -> str | list[str]:
    """A single value as a string, several as a sorted list without repeats."""
    unique = sorted(set(values))
    return unique[0] if len(unique) == 1 else unique


def source_arn_condition(arns: Iterable[str]) -> tuple[str, Document]:
    """The operator and the aws:SourceArn test that pins a service principal.

    ArnEquals for concrete ARNs; ArnLike as soon as one holds a wildcard
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
    """
    listed = sorted(set(arns))
    wildcard = any(char in arn for arn in listed for char in WILDCARDS)
    operator = "ArnLike" if wildcard else "ArnEquals"
    return operator, {operator: {"aws:SourceArn": one_or_many(listed)}}


def _verb(target: Target) -> str:
    return "Send" if target.facts.service == "sqs" else "Publish"


def _service_groups(services: Sequence[ServiceGrant]) -> list[list[ServiceGrant]]:
    """Grants grouped by service principal, and for S3 by bucket owner too."""
    groups: dict[tuple[str, str], list[ServiceGrant]] = defaultdict(list)
    for grant in services:
        owner = grant.source_account if grant.source.type == "s3-bucket" else ""
        groups[(grant.source.principal, owner)].append(grant)
    return [groups[key] for key in sorted(groups)]


def _service_statement(target: Target, group: list[ServiceGrant]) -> Statement:
    source = group[0].source
    pins_owner = source.type == "s3-bucket"
    owner = group[0].source_account if pins_owner else ""
    sid = f"{SID_PREFIX}{_verb(target)}From{source.label}{owner}"
    arns = [grant.source_arn for grant in group]
    operator, condition = source_arn_condition(arns)
    if pins_owner:
        # Bucket ARNs carry no account: a bucket deleted and recreated in
        # another account would match the ARN alone (grant-destinations-
        # permissions-to-s3.html pins aws:SourceAccount to the bucket owner).
        condition["StringEquals"] = {"aws:SourceAccount": owner}
    document = _allow(
        sid, {"Service": source.principal}, target.facts.send_action, target
    )
    document["Condition"] = condition
    pins = _source_arn_wording(operator, arns)
    if pins_owner:
        pins += f" and aws:SourceAccount is {owner}"
    return Statement(
        sid,
        document,
        f"{sid}: allows {source.principal} to call {target.facts.send_action} on "
        f"this {target.facts.noun} only when {pins}.",
    )


def _source_arn_wording(operator: str, arns: list[str]) -> str:
    listed = sorted(set(arns))
    verb = "matches" if operator == "ArnLike" else "equals"
    if len(listed) > 1:
        verb = "matches one of" if operator == "ArnLike" else "is one of"
    return f"aws:SourceArn {verb} {', '.join(listed)} ({operator})"


def _sender_statement(target: Target, senders: Sequence[PrincipalGrant]) -> Statement:
    sid = f"{SID_PREFIX}{_verb(target)}FromPrincipals"
    principals = one_or_many(sender.principal_arn for sender in senders)
    document = _allow(sid, {"AWS": principals}, target.facts.send_action, target)
    return Statement(
        sid,
        document,
        f"{sid}: allows {_listing(principals)} to call "
        f"{target.facts.send_action} on this {target.facts.noun}; no condition, "
        "the principals are named (those in other accounts also need an identity "
        "policy that allows it).",
    )


def _consumer_groups(consumers: Sequence[PrincipalGrant]) -> list[list[PrincipalGrant]]:
    groups: dict[tuple[str, ...], list[PrincipalGrant]] = defaultdict(list)
    for consumer in consumers:
        groups[consumer.actions].append(consumer)
    return [groups[actions] for actions in sorted(groups)]


def _consumer_statement(
    target: Target, number: int, group: list[PrincipalGrant]
) -> Statement:
    sid = f"{SID_PREFIX}Consumers{number}"
    principals = one_or_many(consumer.principal_arn for consumer in group)
    actions = one_or_many(group[0].actions)
    document = _allow(sid, {"AWS": principals}, actions, target)
    return Statement(
        sid,
        document,
        f"{sid}: allows {_listing(principals)} to call {_listing(actions)} on "
        f"this {target.facts.noun}; no condition, the principals are named.",
    )


def _deny_insecure_transport(target: Target) -> Statement:
    """Refuse plain HTTP for everyone; a Deny is never a grant.

    SQS: sqs-security-best-practices.html; SNS names sns:Publish, since a
    topic policy may only hold topic-level actions (sns-security-best-practices.html).
    """
    sid = f"{SID_PREFIX}DenyInsecureTransport"
    actions = one_or_many(target.facts.insecure_transport_actions)
    document: Document = {
        "Sid": sid,
        "Effect": "Deny",
        "Principal": "*",
        "Action": actions,
        "Resource": target.text,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return Statement(
        sid,
        document,
        f"{sid}: denies {_listing(actions)} to everyone whenever the request is "
        "not sent over TLS (aws:SecureTransport is false).",
    )


def _allow(
    sid: str, principal: Document, action: str | list[str], target: Target
) -> Document:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": principal,
        "Action": action,
        "Resource": target.text,
    }


def _listing(values: str | list[str]) -> str:
    return values if isinstance(values, str) else ", ".join(values)
