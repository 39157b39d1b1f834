"""PC302: a queue, topic or bus policy names another service's action."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.actions import OWN_SERVICES
from aws_messaging_mcp.policy.catalogue import action_service, catalogue
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule

KINDS = {"sqs": "a queue", "sns": "a topic", "eventbridge-bus": "an event bus"}


class ActionServiceMismatch(Rule):
    id = "PC302"
    title = "A queue, topic or bus policy names another service's action"
    category = "action-service-mismatch"
    severity = "error"
    rationale = (
        "A resource policy can only grant its own service's actions: "
        "sns:Publish in a queue policy or sqs:SendMessage in a topic policy "
        "does nothing there, and SQS and SNS reject such a policy. The "
        "intended grant usually belongs in the other resource's policy (or, "
        "for kms: actions, in the key policy)."
    )
    fix = (
        "Grant only the resource's own actions here (sqs: in a queue policy, "
        "sns: in a topic policy, events: in a bus policy) and move the other "
        "to the policy of the resource it acts on."
    )
    source_url = references.ACTION
    resource_types = frozenset({"sqs", "sns", "eventbridge-bus"})
    requires = "has_unusual_actions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        own = OWN_SERVICES[policy.resource_type]
        known = catalogue().prefixes
        kind = KINDS[policy.resource_type]
        for statement in policy.statements:
            for action in (*statement.actions, *statement.not_actions):
                service = action_service(action)
                if service is not None and service != own and service in known:
                    yield Issue(
                        statement.action_pointer(action),
                        f"{action!r} is an action of {service}; {kind} policy "
                        f"can only grant {own}: actions",
                    )
