"""audit_queue: read one SQS queue through the read allowlist and check it.

Reads, in order, and only what the checks need: GetQueueUrl (for an ARN),
GetQueueAttributes, ListDeadLetterSourceQueues, ListQueueTags; for a KMS key
other than alias/aws/sqs DescribeKey, and GetKeyPolicy when services send;
for a redrive policy the DLQ's GetQueueAttributes; then
ListEventSourceMappings and GetFunctionConfiguration per mapped function.
A queue with none of these features costs four calls, one with all of them
and one Lambda consumer eight.

Known limits: one page of event source mappings (100) and of dead-letter
source queues (1,000) is read, and mappings owned by other accounts are not
visible; what is cut is listed in `skipped`.
"""

from typing import Any

from aws_messaging_mcp.audit.checks import QUEUE_CHECKS, run_checks
from aws_messaging_mcp.audit.documents import parse_policy, service_senders
from aws_messaging_mcp.audit.findings import summarise
from aws_messaging_mcp.audit.keys import read_key
from aws_messaging_mcp.audit.locate import (
    QueueLocation,
    locate_queue,
    queue_arn_from_url,
)
from aws_messaging_mcp.audit.models import LambdaConsumer, QueueAudit
from aws_messaging_mcp.audit.policy_review import review_policy
from aws_messaging_mcp.audit.reader import ReadOnlyAws, RetryPolicy
from aws_messaging_mcp.audit.snapshot import (
    KeyFacts,
    LambdaConsumerFacts,
    QueueSnapshot,
    redrive_target,
)
from aws_messaging_mcp.policy.arn import Arn, parse_arn
from aws_messaging_mcp.policy.models import DlqFor, PolicyContext

AWS_MANAGED_KEY = "alias/aws/sqs"
MAX_MAPPINGS = 100
MAX_SOURCE_QUEUES = 1000


def audit_queue(
    queue: str,
    region: str | None = None,
    profile: str | None = None,
    *,
    retry: RetryPolicy | None = None,
) -> QueueAudit:
    """Read the queue named by URL or ARN, check it, and report what was read."""
    location = locate_queue(queue)
    aws = ReadOnlyAws.connect(location.region, region, profile, "queue", retry)
    url, snapshot, tags = _read_queue(aws, location)
    arn = parse_arn(snapshot.arn, what="QueueArn")
    status, policy_findings = review_policy(
        snapshot.attributes.get("Policy"), "sqs", _policy_context(snapshot, arn)
    )
    findings = run_checks(QUEUE_CHECKS, snapshot) + policy_findings
    return QueueAudit(
        queue_url=url,
        queue_arn=snapshot.arn,
        region=aws.region,
        account_id=arn.account,
        fifo=snapshot.fifo,
        attributes=_without_policy(snapshot.attributes),
        tags=tags,
        dead_letter_source_queues=_listed(snapshot.dead_letter_sources),
        lambda_consumers=_consumers(snapshot.consumers),
        policy=status,
        findings=findings,
        summary=summarise(findings),
        calls=aws.calls,
        skipped=aws.skipped,
    )


def _read_queue(
    aws: ReadOnlyAws, location: QueueLocation
) -> tuple[str, QueueSnapshot, dict[str, str] | None]:
    url = location.url or _queue_url(aws, location)
    attributes = aws.read_required(
        "sqs:GetQueueAttributes",
        {"QueueUrl": url, "AttributeNames": ["All"]},
        missing=_missing_queue(location, aws.region),
    )["Attributes"]
    senders = service_senders(parse_policy(attributes.get("Policy")), "sqs:SendMessage")
    sources = _dead_letter_sources(aws, url)
    tags = _tags(aws, url)
    snapshot = QueueSnapshot(
        arn=attributes["QueueArn"],
        attributes=attributes,
        key=_key(aws, attributes.get("KmsMasterKeyId"), senders),
        service_senders=senders,
        dead_letter_sources=sources,
        dlq_retention_seconds=_dlq_retention(
            aws, url, redrive_target(attributes.get("RedrivePolicy"))
        ),
        consumers=_lambda_consumers(aws, attributes["QueueArn"]),
    )
    return url, snapshot, tags


def _key(
    aws: ReadOnlyAws, key_id: str | None, senders: tuple[str, ...]
) -> KeyFacts | None:
    if not key_id:
        return None
    return read_key(aws, key_id, AWS_MANAGED_KEY, need_policy=bool(senders))


def _queue_url(aws: ReadOnlyAws, location: QueueLocation) -> str:
    answer = aws.read_required(
        "sqs:GetQueueUrl",
        {"QueueName": location.name, "QueueOwnerAWSAccountId": location.account_id},
        missing=_missing_queue(location, aws.region),
    )
    url: str = answer["QueueUrl"]
    return url


def _missing_queue(location: QueueLocation, region: str) -> str:
    return (
        f"queue {location.name!r} of account {location.account_id} does not exist "
        f"in {region}, or this identity cannot see it; check the URL or ARN, the "
        "region and the profile"
    )


def _dead_letter_sources(aws: ReadOnlyAws, url: str) -> tuple[str, ...] | None:
    answer = aws.read(
        "sqs:ListDeadLetterSourceQueues",
        {"QueueUrl": url, "MaxResults": MAX_SOURCE_QUEUES},
        consequence="whether this queue is another queue's dead-letter queue "
        "is unknown, so the policy was checked without that context",
    )
    return None if answer is None else tuple(answer.get("queueUrls", []))


def _tags(aws: ReadOnlyAws, url: str) -> dict[str, str] | None:
    answer = aws.read(
        "sqs:ListQueueTags",
        {"QueueUrl": url},
        consequence="the queue's tags are not reported",
    )
    return None if answer is None else dict(answer.get("Tags", {}))


def _dlq_retention(
    aws: ReadOnlyAws, source_url: str, target_arn: str | None
) -> int | None:
    if target_arn is None:
        return None
    location = locate_queue(target_arn)

    # A DLQ lives in its source queue's Region, so it has the same endpoint:
    # its URL is the source URL with the account and name swapped, which
    # saves a GetQueueUrl call.
    url = f"{source_url.rsplit('/', 2)[0]}/{location.account_id}/{location.name}"
    attributes = aws.read(
        "sqs:GetQueueAttributes",
        {"QueueUrl": url, "AttributeNames": ["MessageRetentionPeriod"]},
        consequence="the dead-letter queue's retention was not compared",
        missing_fix=f"RedrivePolicy names {target_arn}, which does not exist: "
        "create it or point RedrivePolicy at an existing queue",
    )
    if attributes is None:
        return None
    return int(attributes["Attributes"]["MessageRetentionPeriod"])


def _lambda_consumers(
    aws: ReadOnlyAws, queue_arn: str
) -> tuple[LambdaConsumerFacts, ...] | None:
    answer = aws.read(
        "lambda:ListEventSourceMappings",
        {"EventSourceArn": queue_arn, "MaxItems": MAX_MAPPINGS},
        consequence="Lambda consumers are unknown, so the visibility timeout "
        "was not compared with their timeouts",
    )
    if answer is None:
        return None
    if answer.get("NextMarker"):
        aws.skip(
            "lambda:ListEventSourceMappings",
            "limit",
            f"only the first {MAX_MAPPINGS} event source mappings were checked",
            "audit the remaining consumers from the Lambda console",
        )
    return tuple(
        _consumer(aws, mapping) for mapping in answer.get("EventSourceMappings", [])
    )


def _consumer(aws: ReadOnlyAws, mapping: dict[str, Any]) -> LambdaConsumerFacts:
    function_arn = mapping["FunctionArn"]
    configuration = aws.read(
        "lambda:GetFunctionConfiguration",
        {"FunctionName": function_arn},
        consequence=f"the timeout of {function_arn} was not compared with the "
        "visibility timeout",
        missing_fix=f"an event source mapping points at {function_arn}, which no "
        "longer exists; delete the mapping",
    )
    timeout = None if configuration is None else configuration.get("Timeout")
    return LambdaConsumerFacts(function_arn, timeout, mapping.get("State"))


def _policy_context(queue: QueueSnapshot, arn: Arn) -> PolicyContext:
    sources = queue.dead_letter_sources or ()
    dlq_for = (
        DlqFor(
            kind="sqs-redrive",
            source_arn=queue_arn_from_url(sources[0], arn.region, arn.partition),
        )
        if sources
        else None
    )
    return PolicyContext(
        resource_arn=queue.arn, account_id=arn.account, dlq_for=dlq_for
    )


def _without_policy(attributes: Any) -> dict[str, str]:
    return {name: value for name, value in attributes.items() if name != "Policy"}


def _listed(urls: tuple[str, ...] | None) -> list[str] | None:
    return None if urls is None else list(urls)


def _consumers(
    consumers: tuple[LambdaConsumerFacts, ...] | None,
) -> list[LambdaConsumer] | None:
    if consumers is None:
        return None
    return [
        LambdaConsumer(
            function_arn=consumer.function_arn,
            timeout_seconds=consumer.timeout_seconds,
            mapping_state=consumer.state,
        )
        for consumer in consumers
    ]
