"""Amazon Resource Names: parsing, and the parts messaging policies care about.

Format: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, where RESOURCE may hold
further colons or slashes (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
S3 bucket ARNs carry neither region nor account.
"""

import re
from dataclasses import dataclass

from aws_messaging_mcp.errors import InputError

PARTITIONS = (
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
)
ACCOUNT_ID = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return ":".join(
            (
                "arn",
                self.partition,
                self.service,
                self.region,
                self.account,
                self.resource,
            )
        )

    @property
    def resource_type(self) -> str:
        """'rule' of 'rule/orders', 'key' of 'key/1234'; '' for a bare name."""
        head, separator, _ = self.resource.partition("/")
        return head if separator else ""

    @property
    def resource_name(self) -> str:
        """'orders' of 'rule/orders' or of a queue ARN's 'orders'."""
        return self.resource.partition("/")[2] or self.resource

    @property
    def has_wildcard(self) -> bool:
        return any(char in str(self) for char in "*?")


def try_parse_arn(text: str) -> Arn | None:
    """The ARN in `text`, or None when it is not shaped like one."""
    if not isinstance(text, str):
        return None
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[2]:
        return None
    return Arn(*parts[1:])


def parse_arn(text: str, *, what: str = "ARN") -> Arn:
    """The ARN in `text`; an InputError that shows the expected form otherwise."""
    arn = try_parse_arn(text)
    if arn is None or not arn.partition or not arn.resource:
        raise InputError(
            f"{what} {text!r} is not an ARN; expected "
            "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, for example "
            "arn:aws:sqs:us-east-1:111122223333:orders"
        )
    if arn.partition not in PARTITIONS:
        raise InputError(
            f"{what} {text!r} has unknown partition {arn.partition!r}; "
            f"use one of: {', '.join(PARTITIONS)}"
        )
    return arn


def is_account_id(text: str) -> bool:
    return bool(ACCOUNT_ID.match(text))
