"""Checking the input, and resolving it into grants: who gets what on the resource.

Every problem is an `InputError` that names the source or consumer at fault
and says what to change. ARN shapes follow
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html; queue and
topic name rules follow the CreateQueue and CreateTopic API references.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy.arn import Arn, is_account_id, parse_arn
from aws_messaging_mcp.policy.generate.integrations import (
    ResourceFacts,
    ResourceService,
    ServiceSource,
    require_source_type,
    resource_facts,
    service_source,
)
from aws_messaging_mcp.policy.generate.models import Consumer, QueueSource, TopicSource

NAME_RULES = {
    "sqs": (re.compile(r"^[A-Za-z0-9_-]{1,80}$|^[A-Za-z0-9_-]{1,75}\.fifo$"), 80),
    "sns": (re.compile(r"^[A-Za-z0-9_-]{1,256}$|^[A-Za-z0-9_-]{1,251}\.fifo$"), 256),
}
REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")
# DNS suffix of each partition, as in botocore's partitions.json.
DNS_SUFFIXES = {
    "aws": "amazonaws.com",
    "aws-cn": "amazonaws.com.cn",
    "aws-eusc": "amazonaws.eu",
    "aws-iso": "c2s.ic.gov",
    "aws-iso-b": "sc2s.sgov.gov",
    "aws-iso-e": "cloud.adc-e.uk",
    "aws-iso-f": "csp.hci.ic.gov",
    "aws-us-gov": "amazonaws.com",
}


@dataclass(frozen=True)
class Target:
    """The queue or topic the policy is for."""

    arn: Arn
    facts: ResourceFacts

    @property
    def text(self) -> str:
        return str(self.arn)

    @property
    def is_fifo(self) -> bool:
        return self.arn.resource.endswith(".fifo")

    @property
    def endpoint(self) -> str:
        """The service's regional endpoint host, e.g. sqs.us-east-1.amazonaws.com."""
        suffix = DNS_SUFFIXES[self.arn.partition]
        return f"{self.facts.service}.{self.arn.region}.{suffix}"


@dataclass(frozen=True)
class ServiceGrant:
    """A service principal allowed to deliver, pinned to one source resource."""

    source: ServiceSource
    source_arn: str
    source_account: str
    account_assumed: bool = False


@dataclass(frozen=True)
class PrincipalGrant:
    """An IAM principal (account root, role or user) and the actions it gets."""

    principal_arn: str
    account: str
    actions: tuple[str, ...]


def is_ascii_account_id(text: str) -> bool:
    """Twelve ASCII digits (str.isdigit would also take other scripts' digits)."""
    return text.isascii() and is_account_id(text)


def parse_target(service: ResourceService, text: str) -> Target:
    """The queue or topic ARN, checked down to the name."""
    facts = resource_facts(service)
    what = f"{facts.noun}_arn"
    arn = parse_arn(text, what=what)
    if arn.service != service:
        raise InputError(
            f"{what} {text!r} is an ARN of service {arn.service!r}; give the "
            f"{service.upper()} {facts.noun} ARN, e.g. "
            f"arn:aws:{service}:us-east-1:111122223333:orders"
        )
    _require_region_and_account(arn, what, text)
    pattern, limit = NAME_RULES[service]
    if not pattern.match(arn.resource):
        raise InputError(
            f"{what} {text!r} names {facts.noun} {arn.resource!r}; a {facts.noun} "
            f"name has 1 to {limit} letters, digits, hyphens or underscores, "
            "ending in .fifo for a FIFO one, with no wildcard"
        )
    return Target(arn, facts)


def _require_region_and_account(arn: Arn, what: str, text: str) -> None:
    if not REGION.match(arn.region):
        raise InputError(f"{what} {text!r} needs a concrete Region, e.g. us-east-1")
    if not is_ascii_account_id(arn.account):
        raise InputError(
            f"{what} {text!r} needs a 12-digit account ID in its fifth field"
        )


def resolve_sources(
    target: Target, sources: Sequence[QueueSource | TopicSource]
) -> tuple[list[ServiceGrant], list[PrincipalGrant]]:
    """Service grants and sender principals, each source checked and listed once."""
    services: list[ServiceGrant] = []
    senders: list[PrincipalGrant] = []
    seen: dict[tuple[str, str], int] = {}
    for index, source in enumerate(sources, start=1):
        label = f"source {index} ({source.type})"
        require_source_type(target.facts.service, source.type)
        known = service_source(target.facts.service, source.type)
        if known is None:
            sender = _sender(target, source, label)
            key = (source.type, sender.principal_arn)
            senders.append(sender)
        else:
            grant = _service_grant(target, known, source, label)
            key = (source.type, grant.source_arn)
            services.append(grant)
        if key in seen:
            raise InputError(
                f"sources {seen[key]} and {index} are the same {source.type} "
                f"{key[1]}; list each source once"
            )
        seen[key] = index
    return services, senders


def _service_grant(
    target: Target,
    known: ServiceSource,
    source: QueueSource | TopicSource,
    label: str,
) -> ServiceGrant:
    if not source.arn:
        raise InputError(f"{label} needs an arn, e.g. {known.arn_example}")
    arn = parse_arn(source.arn, what=f"{label} arn")
    _require_source_shape(target, known, arn, label)
    if known.type == "s3-bucket":
        return _bucket_grant(target, known, arn, source.account_id, label)
    if source.account_id is not None and source.account_id != arn.account:
        raise InputError(
            f"{label} has account_id {source.account_id!r} but its ARN is in "
            f"account {arn.account}; drop account_id or make them match"
        )
    _require_deliverable(target, known, arn, label)
    return ServiceGrant(known, str(arn), arn.account)


def _require_source_shape(
    target: Target, known: ServiceSource, arn: Arn, label: str
) -> None:
    """Right service, same partition, and the resource shape of that service."""
    if arn.service != known.arn_service:
        raise InputError(
            f"{label} has ARN {arn} of service {arn.service!r}; {known.type} "
            f"sources need an ARN like {known.arn_example}"
        )
    if arn.partition != target.arn.partition:
        raise InputError(
            f"{label} is in partition {arn.partition!r} but the "
            f"{target.facts.noun} is in {target.arn.partition!r}; AWS services "
            "deliver only within one partition, so use a source in the "
            f"{target.arn.partition!r} partition"
        )
    if known.type == "s3-bucket":
        _require_bucket_shape(arn, label)
        return
    _require_region_and_account(arn, f"{label} arn", str(arn))
    name = arn.resource.removeprefix(known.resource_prefix)
    malformed = not arn.resource.startswith(known.resource_prefix) or not name
    if malformed or (known.type == "sns-topic" and ":" in name):
        raise InputError(
            f"{label} has ARN {arn}, which is not shaped like a {known.type} "
            f"ARN; give one like {known.arn_example}"
        )


def _require_bucket_shape(arn: Arn, label: str) -> None:
    if arn.region or arn.account or "/" in arn.resource:
        raise InputError(
            f"{label} has ARN {arn}; give the bucket ARN itself, "
            "arn:aws:s3:::BUCKET (no Region, no account, no object key), and the "
            "bucket owner in account_id"
        )


def _bucket_grant(
    target: Target,
    known: ServiceSource,
    arn: Arn,
    account_id: str | None,
    label: str,
) -> ServiceGrant:
    """Bucket ARNs carry no account, so the owner comes from account_id."""
    if account_id is not None and not is_ascii_account_id(account_id):
        raise InputError(
            f"{label} has account_id {account_id!r}; give the bucket owner's "
            "12-digit account ID"
        )
    _require_deliverable(target, known, arn, label)
    owner = account_id or target.arn.account
    return ServiceGrant(known, str(arn), owner, account_assumed=account_id is None)


def _require_deliverable(
    target: Target, known: ServiceSource, arn: Arn, label: str
) -> None:
    """Pairings that AWS rejects, caught before they are deployed."""
    if known.type == "s3-bucket" and target.is_fifo:
        # S3 event notifications go to standard queues and topics only
        # (aws-properties-s3-bucket-queueconfiguration.html, EventNotifications.html).
        raise InputError(
            f"{label}: S3 event notifications cannot target a FIFO "
            f"{target.facts.noun}; use a standard {target.facts.noun}"
        )
    if (
        known.type == "sns-topic"
        and target.is_fifo
        and not arn.resource.endswith(".fifo")
    ):
        raise InputError(
            f"{label}: a standard SNS topic cannot deliver to the FIFO queue "
            f"{target.arn.resource}; subscribe a standard queue, or use a FIFO topic"
        )
    if known.type == "eventbridge-rule" and arn.region != target.arn.region:
        raise InputError(
            f"{label}: rule {arn} is in {arn.region} but the {target.facts.noun} "
            f"is in {target.arn.region}; EventBridge delivers to SQS and SNS "
            "targets in the rule's own Region, so use a rule in "
            f"{target.arn.region}"
        )


def _sender(
    target: Target, source: QueueSource | TopicSource, label: str
) -> PrincipalGrant:
    """An account or role source: an IAM principal allowed to send."""
    principal = principal_arn(target, _sender_text(source, label), label)
    arn = parse_arn(principal)
    wanted = "root" if source.type == "account" else "role/"
    if not arn.resource.startswith(wanted):
        shape = (
            "an account root ARN or account_id"
            if source.type == "account"
            else "a role ARN like arn:aws:iam::111122223333:role/NAME"
        )
        raise InputError(f"{label} has {principal}; {source.type} sources need {shape}")
    if source.account_id is not None and source.account_id != arn.account:
        raise InputError(
            f"{label} has account_id {source.account_id!r} but {principal} is in "
            f"account {arn.account}; drop account_id or make them match"
        )
    return PrincipalGrant(principal, arn.account, (target.facts.send_action,))


def _sender_text(source: QueueSource | TopicSource, label: str) -> str:
    """The ARN, or for an account source the bare account ID."""
    text = source.arn or (source.account_id if source.type == "account" else None)
    if text is None:
        wanted = (
            "an arn, e.g. arn:aws:iam::111122223333:role/orders-producer"
            if source.type == "role"
            else "an arn or account_id, e.g. 111122223333"
        )
        raise InputError(f"{label} needs {wanted}")
    return text


def principal_arn(target: Target, text: str, label: str) -> str:
    """An IAM principal ARN; a bare account ID becomes its root ARN."""
    if is_ascii_account_id(text):
        return f"arn:{target.arn.partition}:iam::{text}:root"
    arn = parse_arn(text, what=f"{label} principal")
    shaped = (
        arn.service == "iam"
        and not arn.region
        and is_ascii_account_id(arn.account)
        and (arn.resource == "root" or arn.resource.startswith(("role/", "user/")))
        and not arn.has_wildcard
    )
    if not shaped:
        raise InputError(
            f"{label} has {text!r}, which is not an IAM principal; give a role, "
            "user or account root ARN (arn:aws:iam::111122223333:role/NAME) or a "
            "12-digit account ID, with no wildcard"
        )
    if arn.partition != target.arn.partition:
        raise InputError(
            f"{label} is in partition {arn.partition!r} but the "
            f"{target.facts.noun} is in {target.arn.partition!r}; principals of "
            "another partition cannot be granted access"
        )
    return str(arn)


def resolve_consumers(
    target: Target, consumers: Sequence[Consumer]
) -> list[PrincipalGrant]:
    """Consumers with their actions, checked against what a consumer may get."""
    resolved: list[PrincipalGrant] = []
    seen: dict[str, int] = {}
    for index, consumer in enumerate(consumers, start=1):
        label = f"consumer {index}"
        principal = principal_arn(target, consumer.principal_arn, label)
        if principal in seen:
            raise InputError(
                f"consumers {seen[principal]} and {index} are the same principal "
                f"{principal}; list it once with all its actions"
            )
        seen[principal] = index
        actions = consumer_actions(target.facts, consumer.actions, label)
        resolved.append(
            PrincipalGrant(principal, parse_arn(principal).account, actions)
        )
    return resolved


def consumer_actions(
    facts: ResourceFacts, requested: list[str] | None, label: str
) -> tuple[str, ...]:
    """Canonical, sorted, de-duplicated actions; only those a consumer may get."""
    if requested is None:
        return facts.default_consumer_actions
    if not requested:
        raise InputError(f"{label} has an empty actions list; omit it for defaults")
    canonical = {action.lower(): action for action in facts.consumer_actions}
    chosen = set()
    for action in requested:
        if action.lower() not in canonical:
            raise InputError(_refused_action(facts, action, label))
        chosen.add(canonical[action.lower()])
    return tuple(sorted(chosen))


def _refused_action(facts: ResourceFacts, action: str, label: str) -> str:
    allowed = ", ".join(facts.consumer_actions)
    hint = ""
    if action.lower() == facts.send_action.lower():
        hint = " To let it send, list it under sources with type role or account."
    return (
        f"{label} asks for {action!r}, which this generator does not grant to a "
        f"consumer; use some of: {allowed}.{hint}"
    )
