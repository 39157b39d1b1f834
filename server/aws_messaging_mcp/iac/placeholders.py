"""Stable stand-ins for values that only exist once a stack is deployed.

A template names its own account, Region and resources through intrinsic
functions; the scanner replaces them with fixed values that keep the shape of
a real ARN, so that `arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:orders`
and `!Ref OrdersTopic` become the same string, and a condition pinned to a
resource of the same template counts as pinned.

    account     000000000000   (AWS::AccountId; the owner of every resource)
    Region      us-east-1      (AWS::Region)
    partition   aws            (AWS::Partition)
    names       the logical id (a queue without QueueName is named after it)

A value the scanner cannot know (a parameter without a default, an imported
value, an attribute it does not model, a Terraform value computed at apply
time) becomes `UNRESOLVED[what]`; the policy is still checked, findings that
rest on that value are replaced by one `unresolved-value` finding.
"""

import re
import uuid

OWNER_ACCOUNT = "000000000000"
REGION = "us-east-1"
PARTITION = "aws"
URL_SUFFIX = "amazonaws.com"
STACK_NAME = "stack"

UNRESOLVED_PREFIX = "UNRESOLVED["
_KEY_ID_NAMESPACE = uuid.UUID("6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f")
_QUEUE_URL = re.compile(
    r"^https://(?:sqs\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|"
    r"(?P<legacy>[a-z0-9-]+)\.queue\.amazonaws\.com|queue\.amazonaws\.com)"
    r"/(?P<account>\d{12})/(?P<name>[A-Za-z0-9_.-]+)/?$"
)


def unresolved(what: str) -> str:
    """The placeholder for a value that cannot be known before deployment."""
    return f"{UNRESOLVED_PREFIX}{what}]"


def is_unresolved(value: object) -> bool:
    """True when `value` (a string, or anything holding strings) has a placeholder."""
    if isinstance(value, str):
        return UNRESOLVED_PREFIX in value
    if isinstance(value, dict):
        return any(is_unresolved(item) for item in value.values())
    if isinstance(value, list):
        return any(is_unresolved(item) for item in value)
    return False


def unresolved_names(value: object) -> list[str]:
    """Each `what` of the placeholders inside `value`, in order, once."""
    found: list[str] = []
    _collect(value, found)
    return list(dict.fromkeys(found))


def _collect(value: object, found: list[str]) -> None:
    if isinstance(value, str):
        found.extend(re.findall(r"UNRESOLVED\[([^\]]*)\]", value))
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, found)
    elif isinstance(value, list):
        for item in value:
            _collect(item, found)


def arn(
    service: str,
    resource: str,
    *,
    region: str = REGION,
    account: str = OWNER_ACCOUNT,
    partition: str = PARTITION,
) -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"


def queue_url(name: str, region: str = REGION, account: str = OWNER_ACCOUNT) -> str:
    """What `Ref` of a queue returns: its URL, not its ARN (AWS::SQS::Queue docs)."""
    return f"https://sqs.{region}.{URL_SUFFIX}/{account}/{name}"


def queue_arn_from_url(url: str) -> str | None:
    """The ARN of the queue at `url`, or None when `url` is not a queue URL."""
    match = _QUEUE_URL.match(url) if isinstance(url, str) else None
    if match is None:
        return None
    region = match.group("region") or match.group("legacy") or REGION
    return arn("sqs", match.group("name"), region=region, account=match["account"])


def key_id(logical_id: str) -> str:
    """A key id shaped like a real one, the same on every run for one key."""
    return str(uuid.uuid5(_KEY_ID_NAMESPACE, logical_id))
