"""Queue and topic policies that grant each source exactly what it needs.

Each service source gets the one send action (sqs:SendMessage, sns:Publish)
on the one resource ARN, with the service as principal, pinned by
aws:SourceArn; S3 sources also by aws:SourceAccount. Accounts and roles that
send, and consumers, are named principals with only their actions. The
result is merged into an existing policy if one is given, checked with
check_policy, and written out in the formats people deploy with.
"""

from collections.abc import Sequence
from typing import Any

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy.generate import kms, merge, quotas, sources
from aws_messaging_mcp.policy.generate.formats import render_formats
from aws_messaging_mcp.policy.generate.integrations import (
    ResourceService,
    resource_facts,
)
from aws_messaging_mcp.policy.generate.models import (
    Consumer,
    GeneratedPolicy,
    QueueSource,
    TopicSource,
)
from aws_messaging_mcp.policy.generate.sources import (
    PrincipalGrant,
    ServiceGrant,
    Target,
)
from aws_messaging_mcp.policy.generate.statements import build_statements
from aws_messaging_mcp.policy.models import CheckResult, PolicyContext

Document = dict[str, Any]


def generate_queue_policy(
    queue_arn: str,
    sources: Sequence[QueueSource] = (),
    consumers: Sequence[Consumer] = (),
    deny_insecure_transport: bool = True,
    existing_policy: Document | str | None = None,
    kms_key_arn: str | None = None,
) -> GeneratedPolicy:
    """The SQS queue policy for these senders and consumers."""
    return _generate(
        "sqs",
        queue_arn,
        sources,
        consumers,
        deny_insecure_transport,
        existing_policy,
        kms_key_arn,
    )


def generate_topic_policy(
    topic_arn: str,
    sources: Sequence[TopicSource] = (),
    consumers: Sequence[Consumer] = (),
    deny_insecure_transport: bool = True,
    existing_policy: Document | str | None = None,
    kms_key_arn: str | None = None,
) -> GeneratedPolicy:
    """The SNS topic policy for these publishers and subscribers."""
    return _generate(
        "sns",
        topic_arn,
        sources,
        consumers,
        deny_insecure_transport,
        existing_policy,
        kms_key_arn,
    )


def _generate(
    service: ResourceService,
    resource_arn: str,
    source_list: Sequence[QueueSource | TopicSource],
    consumer_list: Sequence[Consumer],
    deny_insecure_transport: bool,
    existing_policy: Document | str | None,
    kms_key_arn: str | None,
) -> GeneratedPolicy:
    target = sources.parse_target(service, resource_arn)
    services, senders = sources.resolve_sources(target, source_list)
    consumers = sources.resolve_consumers(target, consumer_list)
    existing = merge.existing_document(existing_policy)
    statements = build_statements(
        target, services, senders, consumers, deny_insecure_transport
    )
    if not statements:
        raise InputError(
            "nothing to generate: give at least one source or consumer, or keep "
            "deny_insecure_transport true"
        )
    policy, explanation, version_notes = merge.merge(existing, statements)
    quotas.require_within_quotas(target, policy)
    key = kms.key_advice(target, kms_key_arn, services, senders, consumers)
    return GeneratedPolicy(
        resource_arn=target.text,
        policy=policy,
        explanation=explanation,
        assumptions=[*version_notes, *_assumptions(target, services)],
        kms_key_policy_statements=key.statements,
        kms_notes=key.notes,
        formats=render_formats(target, policy),
        check=check_generated(target, policy, [*senders, *consumers]),
        references=_references(target, services),
    )


def check_generated(
    target: Target, policy: Document, principals: Sequence[PrincipalGrant]
) -> CheckResult:
    """check_policy on the result, trusting the accounts the caller named."""
    from aws_messaging_mcp.policy import check_policy  # the checker loads its rules

    trusted = sorted({grant.account for grant in principals} - {target.arn.account})
    context = PolicyContext(
        resource_arn=target.text,
        account_id=target.arn.account,
        trusted_accounts=trusted,
    )
    return check_policy(policy, target.facts.service, context)


def _assumptions(target: Target, services: Sequence[ServiceGrant]) -> list[str]:
    notes = [
        f"The owner of bucket {grant.source_arn} was not given; the policy "
        f"assumes it is the {target.facts.noun}'s account {grant.source_account}. "
        "Pass account_id if another account owns it."
        for grant in services
        if grant.account_assumed
    ]
    types = {grant.source.type for grant in services}
    if target.arn.partition != "aws" and services:
        notes.append(
            "Service principals are written as SERVICE.amazonaws.com; check the "
            f"principal names that the {target.arn.partition} partition expects."
        )
    if "eventbridge-rule" in types and target.is_fifo:
        notes.append(
            "EventBridge can deliver to this FIFO queue as a rule target, but not "
            "use it as a dead-letter queue: those must be standard queues."
        )
    if "sns-topic" in types and target.facts.service == "sqs":
        notes.extend(_subscription_dlq_notes(target, services))
    return notes


def _subscription_dlq_notes(
    target: Target, services: Sequence[ServiceGrant]
) -> list[str]:
    """A subscription's dead-letter queue lives in the subscription's account and
    Region (sns-dead-letter-queues.html)."""
    away = sorted(
        grant.source_arn
        for grant in services
        if grant.source.type == "sns-topic"
        and (grant.source_account, _region(grant))
        != (target.arn.account, target.arn.region)
    )
    if not away:
        return []
    return [
        f"{', '.join(away)} is in another account or Region: this queue can be "
        "subscribed to it, but cannot be the dead-letter queue of its subscriptions."
    ]


def _region(grant: ServiceGrant) -> str:
    return grant.source_arn.split(":")[3]


def _references(target: Target, services: Sequence[ServiceGrant]) -> list[str]:
    urls = list(resource_facts(target.facts.service).references)
    for grant in services:
        urls.extend(grant.source.references)
    return sorted(set(urls))
