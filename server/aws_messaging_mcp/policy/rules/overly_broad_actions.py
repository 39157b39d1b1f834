"""PC303: an outside grantee is allowed a wildcard or a sensitive action."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.grants import broad_actions, outside_grantees
from aws_messaging_mcp.policy.rules import Issue, Rule


class OverlyBroadActions(Rule):
    id = "PC303"
    title = "An outside grantee is allowed a wildcard or a sensitive action"
    category = "overly-broad-actions"
    severity = "warning"
    rationale = (
        "A service principal, another account or the public needs one or two "
        "actions (sqs:SendMessage, sns:Publish, events:PutEvents, "
        "kms:GenerateDataKey). A wildcard ('*', 'sqs:*') or an action that "
        "changes permissions or deletes the resource (sqs:SetQueueAttributes, "
        "sns:AddPermission, kms:PutKeyPolicy, ...) lets it take the resource "
        "over. The owner's own account and roles are not held to this."
    )
    fix = (
        'List only the actions the grantee uses, e.g. "Action": '
        '"sqs:SendMessage" for a producer.'
    )
    source_url = references.SQS_BEST_PRACTICES
    requires = "has_unusual_actions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not statement.live_allow:
                continue
            broad = broad_actions(policy, statement)
            if not broad and not statement.not_actions:
                continue
            grantees = outside_grantees(policy, statement)
            if not grantees:
                continue
            who = "; ".join(grantees)
            if statement.not_actions:
                yield Issue(
                    statement.at("NotAction"),
                    f"Allow with NotAction grants {who} every action not listed",
                )
            for action in broad:
                yield Issue(
                    statement.action_pointer(action),
                    f"{who} may perform {action!r}, more than it can need",
                )
