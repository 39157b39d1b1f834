"""Key policy statements for a queue or topic encrypted with a KMS key.

A service that delivers to an SSE-KMS queue or topic calls KMS as its own
service principal, so the key policy must let it: sqs-key-management.html
(kms:GenerateDataKey and kms:Decrypt), sns-key-management.html and
sns-enable-encryption-for-topic-sqs-queue-subscriptions.html
(kms:GenerateDataKey* and kms:Decrypt). AWS managed keys (aws/sqs, aws/sns)
have policies nobody can edit, so no service source can use them.

Pinning in the key policy differs by service. sns.amazonaws.com and
cloudwatch.amazonaws.com are pinned by aws:SourceArn. EventBridge is not:
AWS documents that aws:SourceArn and aws:SourceAccount are not supported in a
key policy for EventBridge deliveries (sns-key-management.html), so such a
condition would drop every event. S3's statement follows AWS's documented
form, without conditions (grant-destinations-permissions-to-s3.html). In both
cases the queue or topic policy still pins the source.

Producers and consumers named by ARN get kms:ViaService, so that they can use
the key only through the queue's or topic's service in its Region.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy.arn import Arn, parse_arn
from aws_messaging_mcp.policy.generate.integrations import ServiceSource
from aws_messaging_mcp.policy.generate.sources import (
    PrincipalGrant,
    ServiceGrant,
    Target,
    is_ascii_account_id,
)
from aws_messaging_mcp.policy.generate.statements import (
    SID_PREFIX,
    one_or_many,
    source_arn_condition,
)

Document = dict[str, Any]


@dataclass
class KeyAdvice:
    statements: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def key_advice(
    target: Target,
    kms_key_arn: str | None,
    services: Sequence[ServiceGrant],
    senders: Sequence[PrincipalGrant],
    consumers: Sequence[PrincipalGrant],
) -> KeyAdvice:
    """What the key policy needs for these sources and consumers, and why."""
    if kms_key_arn is None:
        return KeyAdvice(notes=_unencrypted_notes(target, services))
    key = parse_key_arn(target, kms_key_arn)
    if key.resource == target.facts.aws_managed_key:
        principals = [*senders, *consumers]
        return KeyAdvice(notes=_managed_key_notes(target, services, principals))
    advice = KeyAdvice()
    for grants in _by_service(services).values():
        advice.statements.append(_service_key_statement(grants))
        advice.notes.extend(_pinning_note(target, grants[0].source))
    if senders:
        advice.statements.append(
            _principal_key_statement(
                target, "KeyForSenders", senders, target.facts.producer_key_actions
            )
        )
    if consumers and target.facts.consumer_key_actions:
        advice.statements.append(
            _principal_key_statement(
                target, "KeyForConsumers", consumers, target.facts.consumer_key_actions
            )
        )
    advice.notes.extend(_merge_notes(key, bool(advice.statements)))
    return advice


def parse_key_arn(target: Target, text: str) -> Arn:
    """A key or alias ARN in the resource's partition and Region."""
    key = parse_arn(text, what="kms_key_arn")
    shaped = (
        key.service == "kms"
        and is_ascii_account_id(key.account)
        and key.resource.startswith(("key/", "alias/"))
        and not key.has_wildcard
    )
    if not shaped:
        raise InputError(
            f"kms_key_arn {text!r} is not a KMS key or alias ARN; give one like "
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-"
            "1234567890ab"
        )
    if (key.partition, key.region) != (target.arn.partition, target.arn.region):
        raise InputError(
            f"kms_key_arn {text!r} is in {key.region} ({key.partition}) but the "
            f"{target.facts.noun} is in {target.arn.region} "
            f"({target.arn.partition}); {target.facts.service.upper()} encrypts "
            "with a key in its own Region, so give that key"
        )
    return key


def _by_service(services: Sequence[ServiceGrant]) -> dict[str, list[ServiceGrant]]:
    grouped: dict[str, list[ServiceGrant]] = defaultdict(list)
    for grant in sorted(services, key=lambda grant: grant.source.principal):
        grouped[grant.source.principal].append(grant)
    return grouped


def _service_key_statement(grants: list[ServiceGrant]) -> Document:
    source = grants[0].source
    statement: Document = {
        "Sid": f"{SID_PREFIX}KeyFor{source.label}",
        "Effect": "Allow",
        "Principal": {"Service": source.principal},
        "Action": one_or_many(source.key_actions),
        "Resource": "*",
    }
    if source.key_pinned:
        _, statement["Condition"] = source_arn_condition(
            grant.source_arn for grant in grants
        )
    return statement


def _principal_key_statement(
    target: Target, name: str, grants: Sequence[PrincipalGrant], actions: Sequence[str]
) -> Document:
    # "Resource": "*" in a key policy means this key.
    return {
        "Sid": f"{SID_PREFIX}{name}",
        "Effect": "Allow",
        "Principal": {"AWS": one_or_many(grant.principal_arn for grant in grants)},
        "Action": one_or_many(actions),
        "Resource": "*",
        "Condition": {"StringEquals": {"kms:ViaService": target.endpoint}},
    }


def _pinning_note(target: Target, source: ServiceSource) -> list[str]:
    noun = target.facts.noun
    if source.key_pinned:
        return []
    if source.type == "eventbridge-rule":
        return [
            f"The {source.principal} key statement has no aws:SourceArn or "
            "aws:SourceAccount condition: AWS documents that these keys are not "
            "supported in a key policy for EventBridge deliveries, so such a "
            f"condition would drop every event. The {noun} policy pins the rules. "
            "check_policy on the key policy reports this statement as "
            "confused-deputy-missing-source-arn: expected for this grant."
        ]
    return [
        f"The {source.principal} key statement follows AWS's documented form, "
        f"without conditions; the {noun} policy pins the buckets and their owners. "
        "check_policy on the key policy reports this statement "
        "(confused-deputy-missing-source-arn, s3-needs-source-account): expected "
        "for this grant."
    ]


def _merge_notes(key: Arn, has_statements: bool) -> list[str]:
    notes = []
    if key.resource.startswith("alias/"):
        notes.append(
            f"kms_key_arn is the alias {key.resource}: key policies belong to "
            "keys, so add these statements to the policy of the key it points to."
        )
    if has_statements:
        notes.append(
            "Add these statements to the key policy next to its existing ones: "
            "PutKeyPolicy replaces the whole policy, and a key policy without "
            "its administrator statement can lock the key."
        )
    return notes


def _by_type(source: ServiceSource) -> str:
    return source.type


def _managed_key_notes(
    target: Target,
    services: Sequence[ServiceGrant],
    principals: Sequence[PrincipalGrant],
) -> list[str]:
    managed = target.facts.aws_managed_key.removeprefix("alias/")
    noun = target.facts.noun
    notes = [
        f"The AWS managed key {managed} cannot be used with {source.type} sources: "
        f"its key policy cannot be changed to let {source.principal} use it. "
        f"Encrypt the {noun} with a customer managed key and generate again with "
        "its ARN."
        for source in sorted({grant.source for grant in services}, key=_by_type)
    ]
    if any(grant.account != target.arn.account for grant in principals):
        notes.append(
            f"The AWS managed key {managed} serves only principals of the "
            f"{noun}'s own account; principals in other accounts need a customer "
            "managed key."
        )
    return notes


def _unencrypted_notes(target: Target, services: Sequence[ServiceGrant]) -> list[str]:
    if not services:
        return []
    noun = target.facts.noun
    return [
        f"If the {noun} is encrypted with a KMS key, generate again with "
        f"kms_key_arn: service sources need a customer managed key whose policy "
        "lets them use it (the AWS managed key cannot be used by them)."
    ]
