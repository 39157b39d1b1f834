"""PC202: aws:SourceArn names a resource but leaves its account open."""

from collections.abc import Iterator
from functools import lru_cache

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.conditions import (
    ACCOUNTLESS_SERVICES,
    arn_matches_every_resource,
    arn_of,
    source_arn_account_open,
)
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.grants import (
    asserts,
    has_source_account,
    service_statements,
)
from aws_messaging_mcp.policy.rules import Issue, Rule


class MissingSourceAccount(Rule):
    id = "PC202"
    title = "aws:SourceArn leaves the source account open"
    category = "confused-deputy-missing-source-account"
    severity = "error"
    rationale = (
        "Topic, rule and trail names are not unique across accounts. An "
        "aws:SourceArn whose account part is '*' or empty "
        "('arn:aws:sns:us-east-1:*:alerts') matches a resource of that name "
        "in any account, and any account can create one. Pin the account in "
        "the ARN or add aws:SourceAccount."
    )
    fix = (
        "Put the account id in the aws:SourceArn value, or add "
        '"StringEquals": {"aws:SourceAccount": "<account id>"}.'
    )
    source_url = references.CONFUSED_DEPUTY
    requires = "has_service_or_open_principals"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in service_statements(policy):
            if has_source_account(statement):
                continue
            for test in statement.tests_of("aws:sourcearn"):
                if not asserts(test):
                    continue
                open_values = [v for v in test.values if _account_open(v)]
                if open_values:
                    yield Issue(
                        test.pointer,
                        f"aws:SourceArn {open_values[0]!r} matches that name in "
                        "any account, and there is no aws:SourceAccount",
                    )
                    break


@lru_cache(maxsize=4096)
def _account_open(value: str) -> bool:
    arn = arn_of(value)
    if arn is None or arn.service in ACCOUNTLESS_SERVICES:
        return False
    return source_arn_account_open(arn) and not arn_matches_every_resource(value)
