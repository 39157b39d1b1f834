"""PC701: a dead-letter queue does not let its service send to it."""

import json
from collections.abc import Iterator
from typing import Any

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.arn import is_account_id
from aws_messaging_mcp.policy.catalogue import expand_action
from aws_messaging_mcp.policy.conditions import arn_like, arn_of
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.models import DlqFor
from aws_messaging_mcp.policy.repair import Repair
from aws_messaging_mcp.policy.rules import Issue, Rule

# What delivers to the dead-letter queue, per kind, and the page that says so.
DELIVERING_SERVICE = {
    "sns-subscription": ("sns.amazonaws.com", "topic", references.SNS_DLQ),
    "eventbridge-target": ("events.amazonaws.com", "rule", references.EVENTBRIDGE_DLQ),
}


class MissingDlqPermission(Rule):
    id = "PC701"
    title = "A dead-letter queue does not let its service send to it"
    category = "missing-dlq-permission"
    severity = "error"
    rationale = (
        "SNS (for a subscription's dead-letter queue) and EventBridge (for a "
        "target's) write failed messages to the queue as their service "
        "principal. Naming the queue as the dead-letter queue grants nothing: "
        "without a queue policy statement allowing sqs:SendMessage to "
        "sns.amazonaws.com or events.amazonaws.com for that topic or rule, "
        "the messages are dropped. SQS-to-SQS redrive needs no grant."
    )
    fix = (
        "Add a statement allowing the service principal sqs:SendMessage on "
        "this queue, with aws:SourceArn set to the topic or rule ARN."
    )
    source_url = references.SNS_DLQ
    resource_types = frozenset({"sqs"})
    requires = "is_dead_letter_queue"

    def check(self, policy: Policy) -> Iterator[Issue]:
        dlq_for = policy.context.dlq_for
        if dlq_for is None or dlq_for.kind not in DELIVERING_SERVICE:
            return
        service, source_kind, page = DELIVERING_SERVICE[dlq_for.kind]
        if any(_grants(policy, s, service, dlq_for) for s in policy.statements):
            return
        statement = _statement(service, dlq_for, policy.context.resource_arn)
        yield Issue(
            "/Statement",
            f"this queue is the dead-letter queue of {source_kind} "
            f"{dlq_for.source_arn}, but no statement lets {service} send to it "
            f"from that {source_kind}; failed messages will be dropped",
            fix=f"Add this statement: {json.dumps(statement)}",
            repair=_append(statement) if policy.context.resource_arn else None,
            references=(page,),
        )


def _grants(
    policy: Policy, statement: Statement, service: str, dlq_for: DlqFor
) -> bool:
    if not statement.live_allow:
        return False
    if service not in statement.services and not statement.wildcard_principal:
        return False
    if not any("sqs:sendmessage" in expand_action(a) for a in statement.actions):
        return False
    if not _covers_queue(statement, policy.context.resource_arn):
        return False
    return _source_matches(statement, dlq_for.source_arn)


def _covers_queue(statement: Statement, queue_arn: str | None) -> bool:
    if queue_arn is None:
        return True
    return any(arn_like(resource, queue_arn) for resource in statement.resources)


def _source_matches(statement: Statement, source_arn: str) -> bool:
    """Every condition holds for a delivery from `source_arn`, which it names."""
    source = arn_of(source_arn)
    account = source.account if source and is_account_id(source.account) else None
    request = {"aws:sourcearn": source_arn, "aws:sourceaccount": account}
    if not statement.tests_of("aws:sourcearn"):
        return False
    for test in statement.conditions:
        if test.key_lower not in request:
            continue
        if test.matches(request[test.key_lower]) is False:
            return False
    return True


def _statement(service: str, dlq_for: DlqFor, queue_arn: str | None) -> dict[str, Any]:
    return {
        "Sid": "AllowDeadLetterDelivery",
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sqs:SendMessage",
        "Resource": queue_arn or "<this queue's ARN>",
        "Condition": {"ArnEquals": {"aws:SourceArn": dlq_for.source_arn}},
    }


def _append(statement: dict[str, Any]) -> Repair:
    def repair(document: Any) -> None:
        existing = document.get("Statement")
        if isinstance(existing, list):
            existing.append(statement)
        elif isinstance(existing, dict):
            document["Statement"] = [existing, statement]
        else:
            document["Statement"] = [statement]

    return repair
