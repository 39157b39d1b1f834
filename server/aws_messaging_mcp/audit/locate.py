"""Which queue or topic the caller means, from a URL or an ARN, and where it is.

Queue URLs look like https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (older
forms put the region before `queue.amazonaws.com`; local endpoints such as
moto put none); ARNs are arn:PARTITION:sqs:REGION:ACCOUNT:NAME. Queue names
are up to 80 letters, digits, hyphens and underscores, FIFO names ending in
`.fifo` (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy.arn import is_account_id, parse_arn

QUEUE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
REGION_IN_HOST = re.compile(r"(?:^|\.)([a-z]{2}(?:-[a-z]+)+-\d+)\.")
FIFO_SUFFIX = ".fifo"
QUEUE_EXAMPLES = (
    "https://sqs.us-east-1.amazonaws.com/111122223333/orders or "
    "arn:aws:sqs:us-east-1:111122223333:orders"
)


@dataclass(frozen=True)
class QueueLocation:
    name: str
    account_id: str
    region: str | None
    url: str | None = None
    partition: str = "aws"

    @property
    def fifo(self) -> bool:
        return self.name.endswith(FIFO_SUFFIX)


@dataclass(frozen=True)
class TopicLocation:
    arn: str
    name: str
    account_id: str
    region: str
    partition: str

    @property
    def fifo(self) -> bool:
        return self.name.endswith(FIFO_SUFFIX)


def locate_queue(queue: str) -> QueueLocation:
    """Parse a queue URL or ARN; an InputError shows both accepted forms."""
    text = queue.strip()
    if text.startswith("arn:"):
        return _queue_from_arn(text)
    if text.startswith(("https://", "http://")):
        return _queue_from_url(text)
    raise InputError(
        f"queue {queue!r} is neither a queue URL nor an ARN; pass one, e.g. "
        f"{QUEUE_EXAMPLES}"
    )


def locate_topic(topic_arn: str) -> TopicLocation:
    arn = parse_arn(topic_arn.strip(), what="topic ARN")
    if arn.service != "sns" or ":" in arn.resource:
        raise InputError(
            f"{topic_arn!r} is not a topic ARN; expected "
            "arn:aws:sns:REGION:ACCOUNT:TOPIC, e.g. "
            "arn:aws:sns:us-east-1:111122223333:orders"
        )
    _check_name(arn.resource, TOPIC_NAME, "topic")
    _check_account(arn.account, topic_arn)
    return TopicLocation(str(arn), arn.resource, arn.account, arn.region, arn.partition)


def queue_arn_from_url(url: str, region: str, partition: str) -> str:
    """The ARN of a queue URL that SQS returned, e.g. by ListDeadLetterSourceQueues."""
    location = _queue_from_url(url)
    return f"arn:{partition}:sqs:{region}:{location.account_id}:{location.name}"


def reconcile_region(located: str | None, given: str | None, what: str) -> str | None:
    """The region to use; an InputError when the resource and `region` disagree."""
    if located and given and located != given:
        raise InputError(
            f"the {what} is in {located} but region is {given}; drop region or "
            "make it match"
        )
    return located or given


def _queue_from_arn(text: str) -> QueueLocation:
    arn = parse_arn(text, what="queue ARN")
    if arn.service != "sqs":
        raise InputError(
            f"{text!r} is an ARN of {arn.service}, not of an SQS queue; pass "
            f"a queue, e.g. {QUEUE_EXAMPLES}"
        )
    _check_name(arn.resource, QUEUE_NAME, "queue")
    _check_account(arn.account, text)
    return QueueLocation(arn.resource, arn.account, arn.region, None, arn.partition)


def _queue_from_url(text: str) -> QueueLocation:
    parsed = urlparse(text)
    parts = [part for part in parsed.path.split("/") if part]
    if len(parts) != 2 or not parsed.hostname:
        raise InputError(
            f"queue URL {text!r} should end in /ACCOUNT/NAME, e.g. {QUEUE_EXAMPLES}"
        )
    account_id, name = parts
    _check_account(account_id, text)
    _check_name(name, QUEUE_NAME, "queue")
    found = REGION_IN_HOST.search(parsed.hostname + ".")
    partition = "aws-cn" if parsed.hostname.endswith(".cn") else "aws"
    region = found.group(1) if found else None
    return QueueLocation(name, account_id, region, text, partition)


def _check_name(name: str, pattern: re.Pattern[str], kind: str) -> None:
    base = name.removesuffix(FIFO_SUFFIX)
    if not pattern.match(base) or len(name) > (80 if kind == "queue" else 256):
        raise InputError(
            f"{name!r} is not a valid {kind} name: use letters, digits, hyphens "
            "and underscores, with .fifo at the end for a FIFO one"
        )


def _check_account(account_id: str, text: str) -> None:
    if not is_account_id(account_id):
        raise InputError(
            f"{text!r} names account {account_id!r}; an AWS account id has 12 digits"
        )
