"""The checker as a whole: AWS's own policies, inference, repairs, crashes."""

from collections.abc import Iterator
from typing import Any

import pytest

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.policy import PolicyContext, check_policy
from aws_messaging_mcp.policy.catalogue import SUGGESTION_LIMIT
from aws_messaging_mcp.policy.checker import applicable_rules
from aws_messaging_mcp.policy.document import Policy
from aws_messaging_mcp.policy.models import CheckResult, ResourceType
from aws_messaging_mcp.policy.rules import Issue, Rule, all_rules

OWNER = "111122223333"
QUEUE = f"arn:aws:sqs:us-east-1:{OWNER}:orders"
TOPIC = f"arn:aws:sns:us-east-1:{OWNER}:orders-events"
BUS = f"arn:aws:events:us-east-1:{OWNER}:event-bus/default"
ROOT = f"arn:aws:iam::{OWNER}:root"

# AWS's own default and documented policies, with the account names above.
SNS_DEFAULT = {
    "Version": "2008-10-17",
    "Id": "__default_policy_ID",
    "Statement": [
        {
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": [
                "SNS:GetTopicAttributes",
                "SNS:SetTopicAttributes",
                "SNS:AddPermission",
                "SNS:RemovePermission",
                "SNS:DeleteTopic",
                "SNS:Subscribe",
                "SNS:ListSubscriptionsByTopic",
                "SNS:Publish",
                "SNS:Receive",
            ],
            "Resource": TOPIC,
            "Condition": {"StringEquals": {"AWS:SourceOwner": OWNER}},
        }
    ],
}
SQS_CONSOLE_DEFAULT = {
    "Version": "2012-10-17",
    "Id": "__default_policy_ID",
    "Statement": [
        {
            "Sid": "__owner_statement",
            "Effect": "Allow",
            "Principal": {"AWS": ROOT},
            "Action": "SQS:*",
            "Resource": QUEUE,
        }
    ],
}
KMS_DEFAULT = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": ROOT},
            "Action": "kms:*",
            "Resource": "*",
        }
    ],
}
KMS_MANAGED = {
    "Version": "2012-10-17",
    "Id": "auto-sqs-2",
    "Statement": [
        {
            "Sid": "Allow access through SQS for all principals in the account",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": [
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:CreateGrant",
                "kms:DescribeKey",
            ],
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "kms:ViaService": "sqs.us-east-1.amazonaws.com",
                    "kms:CallerAccount": OWNER,
                }
            },
        }
    ],
}
SNS_TO_SQS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": QUEUE,
            "Condition": {"ArnEquals": {"aws:SourceArn": TOPIC}},
        }
    ],
}
S3_TO_SQS = {
    "Version": "2012-10-17",
    "Id": "example-ID",
    "Statement": [
        {
            "Sid": "example-statement-ID",
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": ["SQS:SendMessage"],
            "Resource": QUEUE,
            "Condition": {
                "ArnLike": {"aws:SourceArn": "arn:aws:s3:*:*:orders-uploads"},
                "StringEquals": {"aws:SourceAccount": OWNER},
            },
        }
    ],
}
EVENTBRIDGE_TO_SQS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AWSEvents_orders_to_queue",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": QUEUE,
            "Condition": {
                "ArnEquals": {
                    "aws:SourceArn": f"arn:aws:events:us-east-1:{OWNER}:rule/orders"
                }
            },
        }
    ],
}
BUS_ORGANIZATION = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowAllAccountsFromOrganizationToPutEvents",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "events:PutEvents",
            "Resource": BUS,
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        }
    ],
}

AWS_OWN = [
    ("sns-default", SNS_DEFAULT, "sns"),
    ("sqs-console-default", SQS_CONSOLE_DEFAULT, "sqs"),
    ("kms-default", KMS_DEFAULT, "kms"),
    ("kms-aws-managed", KMS_MANAGED, "kms"),
    ("sns-to-sqs", SNS_TO_SQS, "sqs"),
    ("s3-to-sqs", S3_TO_SQS, "sqs"),
    ("eventbridge-to-sqs", EVENTBRIDGE_TO_SQS, "sqs"),
    ("bus-organization", BUS_ORGANIZATION, "eventbridge-bus"),
]


@pytest.mark.parametrize(
    ("document", "resource_type"),
    [(d, t) for _, d, t in AWS_OWN],
    ids=[name for name, _, _ in AWS_OWN],
)
@pytest.mark.parametrize("with_context", [False, True], ids=["bare", "context"])
def test_aws_default_and_documented_policies_have_no_finding(
    document: dict[str, Any], resource_type: ResourceType, with_context: bool
) -> None:
    context = PolicyContext(account_id=OWNER) if with_context else None
    result = check_policy(document, resource_type, context)
    assert result.findings == []
    assert result.summary.total == 0
    assert result.repaired_policy is None


@pytest.mark.parametrize(
    ("document", "context", "resource_type", "inferred_from"),
    [
        (SNS_DEFAULT, None, "sns", "the service of the Resource ARNs (sns)"),
        (KMS_DEFAULT, None, "kms", "the kms: actions"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]},
            None,
            "iam-trust",
            "an sts:AssumeRole* action",
        ),
        (
            {"Statement": []},
            PolicyContext(resource_arn=BUS),
            "eventbridge-bus",
            "context.resource_arn",
        ),
        (
            {"Statement": []},
            PolicyContext.model_validate(
                {"dlq_for": {"kind": "sns-subscription", "source_arn": TOPIC}}
            ),
            "sqs",
            "context.dlq_for (only a queue is a dead-letter queue)",
        ),
        ({}, None, "sqs", "nothing in the document or context; sqs assumed"),
    ],
)
def test_resource_type_is_inferred_and_the_result_says_from_what(
    document: dict[str, Any],
    context: PolicyContext | None,
    resource_type: str,
    inferred_from: str,
) -> None:
    result = check_policy(document, None, context)
    assert result.resource_type == resource_type
    assert result.resource_type_inferred is True
    assert result.inferred_from == inferred_from


def test_a_given_resource_type_is_not_inferred() -> None:
    result = check_policy(SNS_DEFAULT, "sns")
    assert (result.resource_type_inferred, result.inferred_from) == (False, None)


def test_text_input_is_located_by_line_and_column() -> None:
    text = (
        "{\n"
        '  "Statement": [{\n'
        '    "Effect": "Allow",\n'
        '    "Principal": "*",\n'
        '    "Action": "sqs:SendMessage",\n'
        f'    "Resource": "{QUEUE}",\n'
        "  },]\n"
        "}"
    )
    result = check_policy(text, "sqs")
    located = [
        (f.rule_id, f.location.pointer, f.location.line, f.location.column)
        for f in result.findings
    ]
    assert located == [
        ("PC001", "", 6, 60),
        ("PC001", "", 7, 4),
        ("PC101", "/Statement/0/Principal", 4, 5),
    ]
    assert result.repaired_policy == {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "sqs:SendMessage",
                "Resource": QUEUE,
            }
        ]
    }


def test_repairs_are_applied_together_to_a_copy() -> None:
    document = {
        "Version": "2012-10-18",
        "Statement": [
            {
                "Effect": "allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessageBatch",
                "Resource": QUEUE,
                "Condition": {"ArnEquals": {"aws:SourecArn": TOPIC}},
            }
        ],
    }
    result = check_policy(document, "sqs")
    assert [f.rule_id for f in result.findings] == ["PC005", "PC010", "PC301", "PC501"]
    assert result.repaired_policy == SNS_TO_SQS
    assert document["Version"] == "2012-10-18"  # the caller's object is untouched
    assert check_policy(result.repaired_policy, "sqs").findings == []


def test_summary_counts_by_severity_and_category() -> None:
    document = {
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"},
            {
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": QUEUE,
                "Condition": {"StringEquals": {"aws:SourceArn": TOPIC}},
            },
        ]
    }
    result = check_policy(document, "sqs")
    assert result.summary.model_dump() == {
        "total": 4,
        "errors": 1,
        "warnings": 2,
        "infos": 1,
        "by_category": {
            "condition-operator-mismatch": 1,
            "overly-broad-actions": 1,
            "public-access": 1,
            "wildcard-resource": 1,
        },
    }


class Exploding(Rule):
    id = "PC998"
    title = "Explodes"
    category = "advice"
    severity = "info"
    rationale = "A rule that always raises, to show the others still run."
    fix = "Nothing to fix."
    source_url = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"

    def check(self, policy: Policy) -> Iterator[Issue]:
        raise ZeroDivisionError("boom")


def test_a_crashing_rule_becomes_an_internal_error_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = (Exploding(), *all_rules())
    monkeypatch.setattr(
        "aws_messaging_mcp.policy.checker.applicable_rules",
        lambda resource_type, parsed: rules,
    )
    document = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "sqs:SendMessage",
                "Resource": QUEUE,
            }
        ]
    }
    result = check_policy(document, "sqs")
    crashed, *rest = result.findings
    assert (crashed.rule_id, crashed.category, crashed.severity) == (
        "PC999",
        "internal-error",
        "error",
    )
    assert crashed.message.startswith(
        "rule PC998 (Explodes) failed with ZeroDivisionError"
    )
    assert [f.rule_id for f in rest] == ["PC101"]


def test_only_the_raw_text_rules_run_on_an_unparseable_document() -> None:
    result: CheckResult = check_policy("{nope", "sqs")
    assert [f.rule_id for f in result.findings] == ["PC001"]
    assert {rule.id for rule in applicable_rules("sqs", False)} == {"PC001", "PC002"}


@pytest.mark.parametrize("policy", [5, None, ["a"], b"{}"])
def test_a_policy_of_another_type_is_an_input_error(policy: object) -> None:
    with pytest.raises(InputError, match="policy must be a JSON object or a string"):
        check_policy(policy, "sqs")  # type: ignore[arg-type]


def test_an_unknown_resource_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown resource_type 'queue'"):
        check_policy({}, "queue")  # type: ignore[arg-type]


def test_rules_for_key_and_trust_policies_exclude_queue_only_rules() -> None:
    kms = {rule.id for rule in applicable_rules("kms", True)}
    trust = {rule.id for rule in applicable_rules("iam-trust", True)}
    for queue_only in ("PC011", "PC012", "PC302", "PC401", "PC701"):
        assert queue_only not in kms and queue_only not in trust


def test_a_context_with_a_lone_surrogate_still_gives_a_sendable_result() -> None:
    grant = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "sqs:SendMessage",
                "Resource": QUEUE,
            }
        ]
    }
    result = check_policy(grant, "sqs", PolicyContext(account_id="1111\ud800"))
    assert "(1111?)" in result.findings[0].message
    result.model_dump_json()


def test_a_context_may_be_given_as_a_plain_object() -> None:
    result = check_policy(SNS_DEFAULT, None, {"account_id": OWNER})  # type: ignore[arg-type]
    assert result.findings == []


def test_a_context_that_does_not_validate_is_an_input_error() -> None:
    with pytest.raises(InputError, match="context is not valid"):
        check_policy(SNS_DEFAULT, "sns", {"dlq_for": {"kind": "nope"}})  # type: ignore[arg-type]


def test_the_public_api_is_pinned() -> None:
    import aws_messaging_mcp.policy as policy

    assert sorted(policy.__all__) == [
        "CheckResult",
        "Finding",
        "PolicyContext",
        "ResourceType",
        "check_policy",
    ]


def test_past_the_spelling_budget_misspelt_keys_are_reported_without_a_guess() -> None:
    keys = {f"aws:SourceAccoun{index}": "111122223333" for index in range(100)}
    keys["aws:SourceAcount"] = "111122223333"
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": QUEUE,
        "Condition": {"StringEquals": keys},
    }
    result = check_policy({"Statement": [statement]}, "sqs")
    unknown = [f for f in result.findings if f.rule_id == "PC501"]
    assert len(unknown) == len(keys)
    guessed = [f for f in unknown if "Did you mean" in f.message]
    assert len(guessed) == SUGGESTION_LIMIT
    # Each is a fault either way; only the guess is left out.
    assert all(f.category == "condition-key-typo-or-unknown" for f in unknown)
