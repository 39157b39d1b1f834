"""PC401: a queue, topic or bus policy grants on a wildcard resource."""

from collections.abc import Iterator

from aws_messaging_mcp.policy import references
from aws_messaging_mcp.policy.arn import Arn
from aws_messaging_mcp.policy.conditions import arn_of, has_wildcard, is_bare_wildcard
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.rules import Issue, Rule

KINDS = {"sqs": "queue", "sns": "topic", "eventbridge-bus": "event bus"}


class WildcardResource(Rule):
    id = "PC401"
    title = "A queue, topic or bus policy names a wildcard resource"
    category = "wildcard-resource"
    severity = "warning"
    rationale = (
        "A queue, topic or bus policy should name the resource it is attached "
        "to. '*', or an ARN with a wildcard region, account or name, reads as "
        "a grant on many resources, and is what a policy copied between "
        "resources keeps by mistake. A bus policy may name rule ARN patterns "
        "('rule/*') in the bus owner's account and region. Key policies are "
        "exempt ('*' there means the key itself), as are trust policies."
    )
    fix = "Set Resource to the ARN of the queue, topic or bus this policy is on."
    source_url = references.RESOURCE
    resource_types = frozenset({"sqs", "sns", "eventbridge-bus"})
    requires = "has_wildcard_resources"

    def check(self, policy: Policy) -> Iterator[Issue]:
        for statement in policy.statements:
            if not statement.live_allow:
                continue
            for resource in statement.resources:
                if _wildcard(policy, resource):
                    yield Issue(
                        statement.resource_pointer(resource),
                        f"Resource {resource!r} is a wildcard, not the "
                        f"{KINDS[policy.resource_type]} this policy belongs to",
                    )


def _wildcard(policy: Policy, resource: str) -> bool:
    if "*" not in resource and "?" not in resource:
        return False
    if is_bare_wildcard(resource):
        return True
    arn = arn_of(resource)
    if arn is None:
        return False
    if not any(has_wildcard(part) for part in (arn.region, arn.account, arn.resource)):
        return False
    return not _own_rule_pattern(policy, arn)


def _own_rule_pattern(policy: Policy, arn: Arn) -> bool:
    """'arn:aws:events:REGION:OWNER:rule/...' in a bus policy is allowed."""
    if policy.resource_type != "eventbridge-bus" or arn.service != "events":
        return False
    if not arn.resource.startswith("rule/"):
        return False
    if has_wildcard(arn.region) or has_wildcard(arn.account):
        return False
    owner = policy.likely_owner
    bus = arn_of(policy.context.resource_arn or "")
    if bus is not None and bus.region and bus.region != arn.region:
        return False
    return owner is None or owner == arn.account
