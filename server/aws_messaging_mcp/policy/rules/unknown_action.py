"""PC301: an action names nothing in the Service Authorization Reference."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.actions import OWN_SERVICES
from aws_messaging_mcp.policy.catalogue import (
    SpellingBudget,
    action_service,
    action_verdict,
    catalogue,
    suggest_action,
)
from aws_messaging_mcp.policy.document import Policy, Statement
from aws_messaging_mcp.policy.repair import replace_string
from aws_messaging_mcp.policy.rules import Issue, Rule


class UnknownAction(Rule):
    id = "PC301"
    title = "An action names no action of its service"
    category = "unknown-action"
    severity = "error"
    rationale = (
        "An action the service does not define grants or denies nothing, so "
        "the statement silently does less than it says. Common cases are "
        "batch APIs (sqs:SendMessageBatch is authorized by sqs:SendMessage), "
        "invented names (sqs:PublishMessage) and a dot for the colon "
        "(sqs.SendMessage). Names compare without regard to case, so 'SQS:' "
        "is fine."
    )
    fix = "Use the action's name from the Service Authorization Reference."
    source_url = references.SERVICE_AUTHORIZATION
    requires = "has_unusual_actions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            for action in (*statement.actions, *statement.not_actions):
                verdict = action_verdict(action)
                if verdict in ("unknown", "malformed") and not _foreign(policy, action):
                    intended = _intended(action, verdict, policy.spelling)
                    yield _issue(statement, action, verdict, intended)


def _foreign(policy: Policy, action: str) -> bool:
    """Another known service's action in a queue, topic or bus policy.

    Those are action-service-mismatch alone (POLICY-CATEGORIES).
    """
    service = action_service(action)
    if not policy.is_resource_policy or service is None:
        return False
    own = OWN_SERVICES[policy.resource_type]
    return service != own and service in catalogue().prefixes


def _issue(
    statement: Statement, action: str, verdict: str, intended: str | None
) -> Issue:
    pointer = statement.action_pointer(action)
    if verdict == "malformed":
        message = f"{action!r} is not of the form 'service:Action'"
    else:
        message = f"{action!r} is not an action of its service"
    if intended is None:
        return Issue(pointer, message)
    return Issue(
        pointer,
        f"{message}; did you mean {intended!r}?",
        fix=f"Replace {action!r} with {intended!r}.",
        repair=replace_string(statement.at(statement.action_element), action, intended),
    )


def _intended(action: str, verdict: str, spelling: SpellingBudget) -> str | None:
    if verdict == "malformed":
        for separator in (".", "::", ": ", " :"):
            candidate = action.strip().replace(separator, ":", 1)
            if action_verdict(candidate) == "known":
                return candidate
        return None
    return suggest_action(action) if spelling.allows(action) else None
