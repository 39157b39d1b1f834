"""PC203: an S3 event notification grant has no aws:SourceAccount."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import arn_of
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.grants import (
    has_valid_source_account,
    service_statements,
    service_style_wildcard,
)
from aws_messaging_mcp.policy.key_grants import S3_KEY_FIX
from aws_messaging_mcp.policy.rules import Issue, Rule

S3_PRINCIPAL = "s3.amazonaws.com"


class S3NeedsSourceAccount(Rule):
    id = "PC203"
    title = "An S3 notification grant has no aws:SourceAccount"
    category = "s3-needs-source-account"
    severity = "error"
    rationale = (
        "Bucket ARNs carry no account id, so aws:SourceArn alone cannot tell "
        "your bucket from one of the same name that someone creates in "
        "another account after yours is deleted. S3 event delivery grants "
        "need aws:SourceAccount too."
    )
    fix = (
        'Add "StringEquals": {"aws:SourceAccount": "<bucket owner account '
        'id>"} beside the aws:SourceArn bucket condition.'
    )
    source_url = references.S3_NOTIFICATION_PERMISSIONS
    requires = "has_service_or_open_principals"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in service_statements(policy):
            if not _serves_s3(statement):
                continue
            if has_valid_source_account(statement):
                continue
            message = (
                "S3 event delivery is granted without an aws:SourceAccount "
                "condition; a same-named bucket in another account would match"
            )
            # In a key policy, AWS's documented S3 statement has no condition.
            fix = S3_KEY_FIX if policy.resource_type == "kms" else None
            yield Issue(
                statement.at("Principal"),
                message,
                fix=fix,
                references=(references.CONFUSED_DEPUTY,),
            )


def _serves_s3(statement: Statement) -> bool:
    if S3_PRINCIPAL in statement.services:
        return True
    if not service_style_wildcard(statement):
        return False
    arns = [
        arn_of(value)
        for test in statement.narrowing
        if test.key_lower == "aws:sourcearn"
        for value in test.values
    ]
    return bool(arns) and all(arn is not None and arn.service == "s3" for arn in arns)
