"""What an action means in a given kind of policy: its own service, too broad.

Shared by the action rules and by the feature flags that let the checker
skip them: an action is *routine* when none of those rules can object to it
(a real action of the policy's own service, not a wildcard or a permission
change, and topic-level in a topic policy).
"""

from functools import lru_cache

from aws_messaging_mcp.policy.catalogue import (
    action_service,
    action_verdict,
    expand_action,
    is_sns_topic_action,
)

# What a grantee outside the owner's control can never need on the resource
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html):
# changing who has access, and deleting or wiping the resource.
SENSITIVE_ACTIONS = {
    "sqs": frozenset(
        {
            "addpermission",
            "removepermission",
            "setqueueattributes",
            "deletequeue",
            "purgequeue",
        }
    ),
    "sns": frozenset(
        {
            "addpermission",
            "removepermission",
            "settopicattributes",
            "deletetopic",
            "putdataprotectionpolicy",
        }
    ),
    "events": frozenset(
        {
            "putpermission",
            "removepermission",
            "deleteeventbus",
            "updateeventbus",
            "putresourcepolicy",
            "deleteresourcepolicy",
        }
    ),
    "kms": frozenset(
        {
            "putkeypolicy",
            "schedulekeydeletion",
            "disablekey",
            "deleteimportedkeymaterial",
            "disablekeyrotation",
        }
    ),
}
OWN_SERVICES = {
    "sqs": "sqs",
    "sns": "sns",
    "eventbridge-bus": "events",
    "kms": "kms",
    "iam-trust": "sts",
}


@lru_cache(maxsize=4096)
def is_broad_action(action: str, own: str) -> bool:
    """'*', '<own>:*', or a pattern covering a sensitive action of `own`.

    Actions of other services are left to action-service-mismatch.
    """
    if action == "*":
        return True
    if action_service(action) != own:
        return False
    if action.partition(":")[2] == "*":
        return True
    sensitive = SENSITIVE_ACTIONS.get(own, frozenset())
    return any(
        expanded.partition(":")[2] in sensitive for expanded in expand_action(action)
    )


@lru_cache(maxsize=4096)
def outside_topic_level(action: str) -> int:
    """How many SNS actions that are not topic-level `action` covers."""
    if action_service(action) != "sns" or action_verdict(action) != "known":
        return 0
    return sum(not is_sns_topic_action(a) for a in expand_action(action))


@lru_cache(maxsize=4096)
def routine_action(action: str, resource_type: str) -> bool:
    """True when no action rule (PC013, PC301 to PC303) can object to `action`.

    A test holds this to the rules' verdicts, so that a statement of routine
    actions lets the checker skip them.
    """
    own = OWN_SERVICES[resource_type]
    if action_verdict(action) != "known" or action_service(action) != own:
        return False
    if is_broad_action(action, own):
        return False
    return resource_type != "sns" or outside_topic_level(action) == 0
