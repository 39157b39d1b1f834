"""audit_topic: read one SNS topic and its subscriptions, and check them.

Reads GetTopicAttributes, one page of ListSubscriptionsByTopic (up to 100),
GetSubscriptionAttributes for at most MAX_SUBSCRIPTIONS confirmed
subscriptions, and for a KMS key other than alias/aws/sns DescribeKey (and
GetKeyPolicy when services publish). Subscriptions beyond those bounds are
listed in `skipped`, not checked.
"""

from typing import Any

from aws_messaging_mcp.audit.checks import TOPIC_CHECKS, run_checks
from aws_messaging_mcp.audit.documents import parse_policy, service_senders
from aws_messaging_mcp.audit.findings import summarise
from aws_messaging_mcp.audit.keys import read_key
from aws_messaging_mcp.audit.locate import TopicLocation, locate_topic
from aws_messaging_mcp.audit.models import SubscriptionReview, TopicAudit
from aws_messaging_mcp.audit.policy_review import review_policy
from aws_messaging_mcp.audit.reader import ReadOnlyAws, RetryPolicy
from aws_messaging_mcp.audit.snapshot import SubscriptionFacts, TopicSnapshot
from aws_messaging_mcp.policy.models import PolicyContext

AWS_MANAGED_KEY = "alias/aws/sns"
MAX_SUBSCRIPTIONS = 25
HIDDEN_ATTRIBUTES = frozenset({"Policy", "EffectivePolicy"})


def audit_topic(
    topic_arn: str,
    region: str | None = None,
    profile: str | None = None,
    *,
    retry: RetryPolicy | None = None,
) -> TopicAudit:
    """Read the topic and its subscriptions, check them, report what was read."""
    location = locate_topic(topic_arn)
    aws = ReadOnlyAws.connect(location.region, region, profile, "topic", retry)
    snapshot = _read_topic(aws, location)
    context = PolicyContext(resource_arn=location.arn, account_id=location.account_id)
    status, policy_findings = review_policy(
        snapshot.attributes.get("Policy"), "sns", context
    )
    findings = run_checks(TOPIC_CHECKS, snapshot) + policy_findings
    return TopicAudit(
        topic_arn=location.arn,
        region=aws.region,
        account_id=location.account_id,
        fifo=location.fifo,
        attributes={
            name: value
            for name, value in snapshot.attributes.items()
            if name not in HIDDEN_ATTRIBUTES
        },
        subscriptions=_reviews(snapshot.subscriptions),
        policy=status,
        findings=findings,
        summary=summarise(findings),
        calls=aws.calls,
        skipped=aws.skipped,
    )


def _read_topic(aws: ReadOnlyAws, location: TopicLocation) -> TopicSnapshot:
    attributes = aws.read_required(
        "sns:GetTopicAttributes",
        {"TopicArn": location.arn},
        missing=f"topic {location.arn} does not exist, or this identity cannot "
        "see it; check the ARN and the profile",
    )["Attributes"]
    senders = service_senders(parse_policy(attributes.get("Policy")), "sns:Publish")
    key_id = attributes.get("KmsMasterKeyId")
    return TopicSnapshot(
        arn=location.arn,
        attributes=attributes,
        key=read_key(aws, key_id, AWS_MANAGED_KEY, need_policy=bool(senders))
        if key_id
        else None,
        service_senders=senders,
        subscriptions=_subscriptions(aws, location.arn),
    )


def _subscriptions(
    aws: ReadOnlyAws, topic_arn: str
) -> tuple[SubscriptionFacts, ...] | None:
    listed = aws.read(
        "sns:ListSubscriptionsByTopic",
        {"TopicArn": topic_arn},
        consequence="no subscription was checked",
    )
    if listed is None:
        return None
    if listed.get("NextToken"):
        aws.skip(
            "sns:ListSubscriptionsByTopic",
            "limit",
            "only the first page of subscriptions (100) was checked",
            "audit the remaining subscriptions from the SNS console",
        )
    confirmed = [
        entry
        for entry in listed.get("Subscriptions", [])
        if entry.get("SubscriptionArn", "").startswith("arn:")
    ]
    if len(confirmed) > MAX_SUBSCRIPTIONS:
        aws.skip(
            "sns:GetSubscriptionAttributes",
            "limit",
            f"only {MAX_SUBSCRIPTIONS} of {len(confirmed)} subscriptions were "
            "checked, to keep the audit to a handful of calls",
            "audit the others from the SNS console",
        )
    return tuple(_subscription(aws, entry) for entry in confirmed[:MAX_SUBSCRIPTIONS])


def _subscription(aws: ReadOnlyAws, entry: dict[str, Any]) -> SubscriptionFacts:
    arn = entry["SubscriptionArn"]
    answer = aws.read(
        "sns:GetSubscriptionAttributes",
        {"SubscriptionArn": arn},
        consequence=f"the dead-letter queue and raw delivery of {arn} were not checked",
    )
    return SubscriptionFacts(
        arn=arn,
        protocol=entry.get("Protocol", ""),
        endpoint=entry.get("Endpoint", ""),
        attributes=None if answer is None else answer.get("Attributes", {}),
    )


def _reviews(
    subscriptions: tuple[SubscriptionFacts, ...] | None,
) -> list[SubscriptionReview] | None:
    if subscriptions is None:
        return None
    return [
        SubscriptionReview(
            subscription_arn=subscription.arn,
            protocol=subscription.protocol,
            endpoint=subscription.endpoint,
            raw_message_delivery=subscription.raw_delivery,
            dead_letter_queue_arn=subscription.dead_letter_target,
        )
        for subscription in subscriptions
    ]
