"""PC201: a service principal is granted with no source condition."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.grants import (
    deputy_services,
    has_source_account,
    service_statements,
    source_arn_scoped,
)
from aws_messaging_mcp.policy.key_grants import key_policy_fix
from aws_messaging_mcp.policy.rules import Issue, Rule


class MissingSourceArn(Rule):
    id = "PC201"
    title = "A service principal is granted with no source condition"
    category = "confused-deputy-missing-source-arn"
    severity = "error"
    rationale = (
        "A service principal such as sns.amazonaws.com acts for every AWS "
        "customer. Without aws:SourceArn (or aws:SourceAccount, "
        "aws:SourceOrgID) any customer's topic, rule or bucket can make the "
        "service use this grant: the confused deputy. An aws:SourceArn that "
        "matches every resource of the service ('*', 'arn:aws:sns:*:*:*') is "
        "no better. Lambda, EC2 and Lambda@Edge role trust is exempt: "
        "iam:PassRole in the owner's account gates it. In a key policy, AWS "
        "documents two grants without a source condition (EventBridge "
        "deliveries to an encrypted queue or topic, and S3 notifications); "
        "the finding stays, and its fix says how the queue's or topic's "
        "policy pins the source instead."
    )
    fix = (
        'Add a condition naming the source: "ArnEquals": {"aws:SourceArn": '
        '"<topic, rule or bucket ARN>"} and "StringEquals": '
        '{"aws:SourceAccount": "<its account>"}.'
    )
    source_url = references.CONFUSED_DEPUTY
    requires = "has_service_or_open_principals"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in service_statements(policy):
            if source_arn_scoped(statement) or has_source_account(statement):
                continue
            pointer, message = statement.at("Principal"), _message(policy, statement)
            if policy.resource_type != "kms":
                yield Issue(pointer, message)
                continue
            fix, pages = key_policy_fix(deputy_services(policy, statement))
            yield Issue(pointer, message, fix=fix, references=pages)


def _message(policy: Policy, statement: Statement) -> str:
    services = deputy_services(policy, statement)
    who = ", ".join(services) if services else "a wildcard principal"
    if statement.tests_of("aws:sourcearn"):
        return (
            f"{who} is granted with an aws:SourceArn that matches every "
            "resource of the service, so any account's resource can use it"
        )
    if policy.resource_type == "kms":
        return (
            f"{who} may use this key with no aws:SourceArn or aws:SourceAccount "
            "condition, so a resource in any AWS account can have the service "
            "use it"
        )
    return (
        f"{who} is granted with no aws:SourceArn or aws:SourceAccount "
        "condition, so any AWS customer's resource can make the service use it"
    )
