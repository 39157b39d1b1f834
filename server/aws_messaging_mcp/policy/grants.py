"""Who a statement lets in, and how its conditions pin the caller down.

Shared by the access, confused-deputy and broad-action rules, so that they
agree on what "a service principal", "pinned to an account" and "outside the
owner's control" mean. Terms follow POLICY-CATEGORIES.
"""

from aws_messaging_mcp.policy.actions import OWN_SERVICES, is_broad_action
from aws_messaging_mcp.policy.arn import is_account_id
from aws_messaging_mcp.policy.conditions import (
    ConditionTest,
    arn_matches_every_resource,
    arn_of,
    is_bare_wildcard,
)
from aws_messaging_mcp.policy.document import Policy, Statement

SOURCE_ARN = "aws:sourcearn"
# Keys that tie a service's request to the account (or organization) its
# source resource belongs to; aws:SourceOwner is the older SNS form of
# aws:SourceAccount (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
SOURCE_ACCOUNT_KEYS = frozenset(
    {"aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths"}
)
SERVICE_SOURCE_KEYS = SOURCE_ACCOUNT_KEYS | {SOURCE_ARN}
# Role attachment for these is gated by iam:PassRole in the owner's account,
# so their trust policies need no source condition (POLICY-CATEGORIES).
TRUST_EXEMPT_SERVICES = frozenset(
    {"lambda.amazonaws.com", "ec2.amazonaws.com", "edgelambda.amazonaws.com"}
)
ACCOUNT_PIN_KEYS = frozenset(
    {
        "aws:sourceowner",
        "aws:sourceaccount",
        "kms:calleraccount",
        "aws:principalaccount",
    }
)
ARN_PIN_KEYS = frozenset({SOURCE_ARN, "aws:principalarn"})
# Keys beyond the narrowing ones that bound another account's access: the
# account that created an EventBridge rule, and in a trust policy the
# external id the caller must present.
BOUNDING_KEYS = frozenset({"events:creatoraccount"})
TRUST_BOUNDING_KEYS = BOUNDING_KEYS | {"sts:externalid"}
ORG_KEYS = frozenset(
    {
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
    }
)


def asserts(test: ConditionTest) -> bool:
    """A test that, when its key is present, requires a matching value."""
    op = test.operator
    return op is not None and op.asserts


def source_arn_scoped(statement: Statement) -> bool:
    """Some aws:SourceArn test names specific resources (not every one)."""
    if SOURCE_ARN not in statement.tests_by_key:
        return False
    return any(
        asserts(test) and not any(map(arn_matches_every_resource, test.values))
        for test in statement.tests_of(SOURCE_ARN)
    )


def has_source_account(statement: Statement) -> bool:
    """An aws:SourceAccount-like test that pins an account or organization."""
    return any(
        test.key_lower in SOURCE_ACCOUNT_KEYS
        and asserts(test)
        and not any(map(is_bare_wildcard, test.values))
        for test in statement.conditions
    )


def has_valid_source_account(statement: Statement) -> bool:
    """aws:SourceAccount pinned to 12-digit account ids (what S3 needs)."""
    return any(
        asserts(test) and all(is_account_id(value) for value in test.values)
        for test in statement.tests_of("aws:sourceaccount")
    )


def deputy_services(policy: Policy, statement: Statement) -> tuple[str, ...]:
    """The service principals of a statement that need a source condition."""
    services = statement.services
    if policy.resource_type == "iam-trust":
        services = tuple(s for s in services if s not in TRUST_EXEMPT_SERVICES)
    return services


def service_style_wildcard(statement: Statement) -> bool:
    """A '*' principal whose only narrowing is keys that only services send."""
    return (
        statement.wildcard_principal
        and bool(statement.narrowing)
        and all(test.key_lower in SERVICE_SOURCE_KEYS for test in statement.narrowing)
    )


def service_statements(policy: Policy) -> tuple[Statement, ...]:
    """The live, non-public Allows meant for service principals (worked out once)."""
    found: tuple[Statement, ...] | None = policy.memo.get("service_statements")
    if found is None:
        found = policy.memo["service_statements"] = tuple(
            [
                statement
                for statement in policy.statements
                if statement.live_allow
                and not statement.is_public
                and (
                    deputy_services(policy, statement)
                    or service_style_wildcard(statement)
                )
            ]
        )
    return found


def pinned_accounts(statement: Statement) -> set[str]:
    """Accounts the narrowing conditions tie the caller or its source to."""
    accounts: set[str] = set()
    for test in statement.narrowing:
        if test.key_lower in ACCOUNT_PIN_KEYS:
            accounts.update(test.values)
        elif test.key_lower in ARN_PIN_KEYS:
            for value in test.values:
                arn = arn_of(value)
                if arn is not None and is_account_id(arn.account):
                    accounts.add(arn.account)
    return accounts


def outside_grantees(policy: Policy, statement: Statement) -> list[str]:
    """Who outside the owner's control a live Allow lets in, in words."""
    if statement.is_public:
        return ["any AWS account or anonymous caller"]
    grantees = [f"the service principal {s}" for s in statement.services]
    if statement.not_principal is not None:
        grantees.append("every principal not named in NotPrincipal")
    if statement.wildcard_principal:
        grantees.extend(_narrowed_wildcard(policy, statement))
    owner = policy.likely_owner
    if statement.principal is not None and owner is not None:
        accounts = statement.principal.accounts - {owner}
        grantees.extend(f"account {account}" for account in sorted(accounts))
    return grantees


def _narrowed_wildcard(policy: Policy, statement: Statement) -> list[str]:
    owner = policy.likely_owner
    pinned = pinned_accounts(statement)
    if pinned:
        foreign = sorted(a for a in pinned if owner is not None and a != owner)
        return [f"callers from account {account}" for account in foreign]
    trusted_org = policy.context.trusted_org_id
    orgs = {
        value
        for test in statement.narrowing
        if test.key_lower in ("aws:principalorgid", "aws:sourceorgid")
        for value in test.values
    }
    if trusted_org is not None and orgs and orgs != {trusted_org}:
        return [f"callers from organization {org}" for org in sorted(orgs)]
    return []


def broad_actions(policy: Policy, statement: Statement) -> list[str]:
    """Actions of the statement that are wildcards or sensitive for its service."""
    own = OWN_SERVICES[policy.resource_type]
    return [action for action in statement.actions if is_broad_action(action, own)]


def cross_account_narrowed(policy: Policy, statement: Statement) -> bool:
    """A condition bounds what another account's principals can do."""
    if statement.narrowing:
        return True
    if not statement.conditions:
        return False
    extra = (
        TRUST_BOUNDING_KEYS if policy.resource_type == "iam-trust" else BOUNDING_KEYS
    )
    return any(
        test.key_lower in extra
        and asserts(test)
        and not any(map(is_bare_wildcard, test.values))
        for test in statement.conditions
    )
