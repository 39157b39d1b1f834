"""PC013: a topic policy holds an SNS action outside the topic-level list."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.actions import outside_topic_level
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule


class SnsTopicActions(Rule):
    id = "PC013"
    title = "A topic policy holds an SNS action that is not topic-level"
    category = "invalid-json-or-schema"
    severity = "error"
    rationale = (
        "A topic policy may only name the topic-level actions (Publish, "
        "Subscribe, GetTopicAttributes, SetTopicAttributes, AddPermission, "
        "RemovePermission, DeleteTopic, ListSubscriptionsByTopic, "
        "ListTagsForResource and the data protection policy actions). SNS "
        "rejects any other, including 'sns:*', with 'Policy statement action "
        "out of service scope!'."
    )
    fix = "List the topic-level actions the grantee needs, e.g. 'sns:Publish'."
    source_url = references.SNS_PERMISSIONS
    resource_types = frozenset({"sns"})
    requires = "has_unusual_actions"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            for action in statement.actions:
                outside = outside_topic_level(action)
                if not outside:
                    continue
                covers = f" (it covers {outside} that are not)" if outside > 1 else ""
                yield Issue(
                    statement.action_pointer(action),
                    f"{action!r} is not a topic-level action{covers}; SNS rejects "
                    "the policy",
                )
