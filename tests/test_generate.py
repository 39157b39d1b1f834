"""The policy generator's domain code: statements, merging, key advice, errors."""

import json
from typing import Any

import pytest

from aws_messaging_mcp.errors import InputError
from aws_messaging_mcp.knowledge.iam import iam_services, sns_topic_policy_actions
from aws_messaging_mcp.knowledge.loader import canonical_json
from aws_messaging_mcp.policy import check_policy
from aws_messaging_mcp.policy.arn import PARTITIONS
from aws_messaging_mcp.policy.generate import integrations
from aws_messaging_mcp.policy.generate.generator import (
    generate_queue_policy,
    generate_topic_policy,
)
from aws_messaging_mcp.policy.generate.models import (
    Consumer,
    QueueSource,
    TopicSource,
)
from aws_messaging_mcp.policy.generate.sources import DNS_SUFFIXES
from aws_messaging_mcp.policy.models import PolicyContext

QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders"
TOPIC = "arn:aws:sns:us-east-1:111122223333:alerts"
OWN_TOPIC = "arn:aws:sns:us-east-1:111122223333:orders-events"
RULE = "arn:aws:events:us-east-1:111122223333:rule/orders-created"
BUCKET = "arn:aws:s3:::orders-uploads"
KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
WORKER = "arn:aws:iam::111122223333:role/orders-worker"
PARTNER = "arn:aws:iam::444455556666:role/partner-producer"
TLS_DENY = {
    "Sid": "AwsMessagingMcpDenyInsecureTransport",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "sqs:*",
    "Resource": QUEUE,
    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
}


def sns_source(arn: str = OWN_TOPIC) -> QueueSource:
    return QueueSource(type="sns-topic", arn=arn)


# what each source gets ---------------------------------------------------------


def test_sns_topic_gets_send_message_pinned_by_its_arn() -> None:
    result = generate_queue_policy(QUEUE, [sns_source()])
    assert result.policy == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AwsMessagingMcpSendFromSnsTopics",
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": QUEUE,
                "Condition": {"ArnEquals": {"aws:SourceArn": OWN_TOPIC}},
            },
            TLS_DENY,
        ],
    }
    assert result.explanation == [
        "AwsMessagingMcpSendFromSnsTopics: allows sns.amazonaws.com to call "
        "sqs:SendMessage on this queue only when aws:SourceArn equals "
        f"{OWN_TOPIC} (ArnEquals).",
        "AwsMessagingMcpDenyInsecureTransport: denies sqs:* to everyone whenever "
        "the request is not sent over TLS (aws:SecureTransport is false).",
    ]
    assert result.assumptions == []


def test_s3_bucket_is_pinned_by_its_owner_too() -> None:
    source = QueueSource(type="s3-bucket", arn=BUCKET, account_id="777788889999")
    result = generate_queue_policy(QUEUE, [source], deny_insecure_transport=False)
    assert result.policy["Statement"] == [
        {
            "Sid": "AwsMessagingMcpSendFromS3Buckets777788889999",
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": QUEUE,
            "Condition": {
                "ArnEquals": {"aws:SourceArn": BUCKET},
                "StringEquals": {"aws:SourceAccount": "777788889999"},
            },
        }
    ]
    assert result.assumptions == []


def test_s3_bucket_without_owner_assumes_the_queue_account_and_says_so() -> None:
    result = generate_queue_policy(QUEUE, [QueueSource(type="s3-bucket", arn=BUCKET)])
    condition = result.policy["Statement"][0]["Condition"]
    assert condition["StringEquals"] == {"aws:SourceAccount": "111122223333"}
    assert result.assumptions == [
        f"The owner of bucket {BUCKET} was not given; the policy assumes it is "
        "the queue's account 111122223333. Pass account_id if another account "
        "owns it."
    ]


def test_buckets_of_different_owners_get_separate_statements() -> None:
    sources = [
        QueueSource(type="s3-bucket", arn="arn:aws:s3:::b1", account_id="111122223333"),
        QueueSource(type="s3-bucket", arn="arn:aws:s3:::b2", account_id="444455556666"),
        QueueSource(type="s3-bucket", arn="arn:aws:s3:::b3", account_id="111122223333"),
    ]
    statements = generate_queue_policy(QUEUE, sources).policy["Statement"]
    assert [(s["Sid"], s["Condition"]) for s in statements[:2]] == [
        (
            "AwsMessagingMcpSendFromS3Buckets111122223333",
            {
                "ArnEquals": {"aws:SourceArn": ["arn:aws:s3:::b1", "arn:aws:s3:::b3"]},
                "StringEquals": {"aws:SourceAccount": "111122223333"},
            },
        ),
        (
            "AwsMessagingMcpSendFromS3Buckets444455556666",
            {
                "ArnEquals": {"aws:SourceArn": "arn:aws:s3:::b2"},
                "StringEquals": {"aws:SourceAccount": "444455556666"},
            },
        ),
    ]


def test_several_topics_share_one_statement_and_a_wildcard_selects_arn_like() -> None:
    sources = [
        sns_source("arn:aws:sns:us-east-1:111122223333:b"),
        sns_source("arn:aws:sns:eu-west-1:444455556666:orders-*"),
    ]
    statement = generate_queue_policy(QUEUE, sources).policy["Statement"][0]
    assert statement["Condition"] == {
        "ArnLike": {
            "aws:SourceArn": [
                "arn:aws:sns:eu-west-1:444455556666:orders-*",
                "arn:aws:sns:us-east-1:111122223333:b",
            ]
        }
    }


def test_eventbridge_rule_and_principals_and_consumers_in_fixed_order() -> None:
    result = generate_queue_policy(
        QUEUE,
        [
            QueueSource(type="role", arn=PARTNER),
            QueueSource(type="eventbridge-rule", arn=RULE),
            QueueSource(type="account", account_id="444455556666"),
        ],
        [
            Consumer(principal_arn=WORKER),
            Consumer(principal_arn="111122223333", actions=["SQS:receivemessage"]),
        ],
        deny_insecure_transport=False,
    )
    assert result.policy["Statement"] == [
        {
            "Sid": "AwsMessagingMcpSendFromEventBridgeRules",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": QUEUE,
            "Condition": {"ArnEquals": {"aws:SourceArn": RULE}},
        },
        {
            "Sid": "AwsMessagingMcpSendFromPrincipals",
            "Effect": "Allow",
            "Principal": {"AWS": [PARTNER, "arn:aws:iam::444455556666:root"]},
            "Action": "sqs:SendMessage",
            "Resource": QUEUE,
        },
        {
            "Sid": "AwsMessagingMcpConsumers1",
            "Effect": "Allow",
            "Principal": {"AWS": WORKER},
            "Action": [
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
            ],
            "Resource": QUEUE,
        },
        {
            "Sid": "AwsMessagingMcpConsumers2",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "sqs:ReceiveMessage",
            "Resource": QUEUE,
        },
    ]


def test_topic_sources_get_publish_and_the_tls_deny_names_publish_only() -> None:
    alarm = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-*"
    result = generate_topic_policy(
        TOPIC,
        [
            TopicSource(type="cloudwatch-alarm", arn=alarm),
            TopicSource(type="eventbridge-rule", arn=RULE),
        ],
        [Consumer(principal_arn="444455556666")],
    )
    assert result.policy["Statement"] == [
        {
            "Sid": "AwsMessagingMcpPublishFromCloudWatchAlarms",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"ArnLike": {"aws:SourceArn": alarm}},
        },
        {
            "Sid": "AwsMessagingMcpPublishFromEventBridgeRules",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"ArnEquals": {"aws:SourceArn": RULE}},
        },
        {
            "Sid": "AwsMessagingMcpConsumers1",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
            "Action": "sns:Subscribe",
            "Resource": TOPIC,
        },
        {
            "Sid": "AwsMessagingMcpDenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
    ]


def test_only_a_tls_deny_is_a_valid_request() -> None:
    assert generate_queue_policy(QUEUE).policy["Statement"] == [TLS_DENY]


# merging into an existing policy ---------------------------------------------

CONSOLE_DEFAULT = {
    "Version": "2012-10-17",
    "Id": "__default_policy_ID",
    "Statement": {
        "Sid": "__owner_statement",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "SQS:*",
        "Resource": QUEUE,
    },
}


def test_merge_keeps_foreign_statements_first_and_in_place() -> None:
    result = generate_queue_policy(
        QUEUE, [sns_source()], existing_policy=CONSOLE_DEFAULT
    )
    assert result.policy["Id"] == "__default_policy_ID"
    assert result.policy["Statement"][0] == CONSOLE_DEFAULT["Statement"]
    assert [s["Sid"] for s in result.policy["Statement"]] == [
        "__owner_statement",
        "AwsMessagingMcpSendFromSnsTopics",
        "AwsMessagingMcpDenyInsecureTransport",
    ]
    assert result.explanation[0] == (
        "__owner_statement: kept unchanged from existing_policy (not managed here)."
    )


def test_rerunning_on_the_output_changes_nothing() -> None:
    first = generate_queue_policy(
        QUEUE, [sns_source()], existing_policy=CONSOLE_DEFAULT
    )
    again = generate_queue_policy(
        QUEUE, [sns_source()], existing_policy=json.dumps(first.policy)
    )
    assert again.model_dump() == first.model_dump()


def test_a_new_run_replaces_what_the_last_one_generated() -> None:
    first = generate_queue_policy(
        QUEUE, [sns_source()], existing_policy=CONSOLE_DEFAULT
    )
    second = generate_queue_policy(
        QUEUE,
        [QueueSource(type="eventbridge-rule", arn=RULE)],
        deny_insecure_transport=False,
        existing_policy=first.policy,
    )
    assert [s["Sid"] for s in second.policy["Statement"]] == [
        "__owner_statement",
        "AwsMessagingMcpSendFromEventBridgeRules",
    ]


def test_an_unusable_version_is_replaced_and_reported() -> None:
    existing = {"Version": "2013-01-01", "Statement": []}
    result = generate_queue_policy(QUEUE, existing_policy=existing)
    assert result.policy["Version"] == "2012-10-17"
    assert result.assumptions == [
        "existing_policy had Version '2013-01-01', which SQS and SNS reject; the "
        "merged policy uses 2012-10-17."
    ]


# key policy statements ---------------------------------------------------------


def test_encrypted_queue_gets_a_key_statement_per_source_service() -> None:
    result = generate_queue_policy(
        QUEUE,
        [
            sns_source(),
            QueueSource(type="eventbridge-rule", arn=RULE),
            QueueSource(type="s3-bucket", arn=BUCKET, account_id="111122223333"),
            QueueSource(type="role", arn=PARTNER),
        ],
        [Consumer(principal_arn=WORKER)],
        kms_key_arn=KEY,
    )
    via_sqs = {"StringEquals": {"kms:ViaService": "sqs.us-east-1.amazonaws.com"}}
    assert result.kms_key_policy_statements == [
        {
            "Sid": "AwsMessagingMcpKeyForEventBridgeRules",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": "*",
        },
        {
            "Sid": "AwsMessagingMcpKeyForS3Buckets",
            "Effect": "Allow",
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": "*",
        },
        {
            "Sid": "AwsMessagingMcpKeyForSnsTopics",
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": OWN_TOPIC}},
        },
        {
            "Sid": "AwsMessagingMcpKeyForSenders",
            "Effect": "Allow",
            "Principal": {"AWS": PARTNER},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": "*",
            "Condition": via_sqs,
        },
        {
            "Sid": "AwsMessagingMcpKeyForConsumers",
            "Effect": "Allow",
            "Principal": {"AWS": WORKER},
            "Action": "kms:Decrypt",
            "Resource": "*",
            "Condition": via_sqs,
        },
    ]
    assert len(result.kms_notes) == 3
    assert "not supported in a key policy for EventBridge" in result.kms_notes[0]
    assert "documented form" in result.kms_notes[1]
    assert "PutKeyPolicy replaces the whole policy" in result.kms_notes[2]


def test_aws_managed_key_gets_notes_instead_of_statements() -> None:
    managed = "arn:aws:kms:us-east-1:111122223333:alias/aws/sqs"
    result = generate_queue_policy(
        QUEUE,
        [sns_source(), QueueSource(type="role", arn=PARTNER)],
        kms_key_arn=managed,
    )
    assert result.kms_key_policy_statements == []
    assert result.kms_notes == [
        "The AWS managed key aws/sqs cannot be used with sns-topic sources: its "
        "key policy cannot be changed to let sns.amazonaws.com use it. Encrypt the "
        "queue with a customer managed key and generate again with its ARN.",
        "The AWS managed key aws/sqs serves only principals of the queue's own "
        "account; principals in other accounts need a customer managed key.",
    ]


def test_an_alias_is_named_in_the_notes() -> None:
    alias = "arn:aws:kms:us-east-1:111122223333:alias/orders"
    result = generate_queue_policy(QUEUE, [sns_source()], kms_key_arn=alias)
    assert result.kms_notes[0] == (
        "kms_key_arn is the alias alias/orders: key policies belong to keys, so "
        "add these statements to the policy of the key it points to."
    )


def test_without_a_key_a_service_source_brings_a_reminder() -> None:
    assert generate_queue_policy(QUEUE, [sns_source()]).kms_notes == [
        "If the queue is encrypted with a KMS key, generate again with kms_key_arn: "
        "service sources need a customer managed key whose policy lets them use "
        "it (the AWS managed key cannot be used by them)."
    ]


def test_cloudwatch_alarms_key_statement_is_pinned_to_the_alarms() -> None:
    alarm = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-backlog"
    result = generate_topic_policy(
        TOPIC, [TopicSource(type="cloudwatch-alarm", arn=alarm)], kms_key_arn=KEY
    )
    assert result.kms_key_policy_statements == [
        {
            "Sid": "AwsMessagingMcpKeyForCloudWatchAlarms",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*",
            "Condition": {"ArnEquals": {"aws:SourceArn": alarm}},
        }
    ]


def test_key_statements_pass_the_checker_except_the_unpinned_services() -> None:
    """EventBridge and S3 key statements carry no source condition on purpose
    (see kms.py); the checker reports exactly those, and nothing else."""
    result = generate_queue_policy(
        QUEUE,
        [
            sns_source(),
            QueueSource(type="eventbridge-rule", arn=RULE),
            QueueSource(type="s3-bucket", arn=BUCKET, account_id="111122223333"),
            QueueSource(type="role", arn=PARTNER),
        ],
        [Consumer(principal_arn=WORKER)],
        kms_key_arn=KEY,
    )
    document = {"Version": "2012-10-17", "Statement": result.kms_key_policy_statements}
    context = PolicyContext(
        resource_arn=KEY, account_id="111122223333", trusted_accounts=["444455556666"]
    )
    findings = check_policy(document, "kms", context).findings
    assert sorted((f.category, f.location.pointer) for f in findings) == [
        ("confused-deputy-missing-source-arn", "/Statement/0/Principal"),
        ("confused-deputy-missing-source-arn", "/Statement/1/Principal"),
        ("s3-needs-source-account", "/Statement/1/Principal"),
    ]


# bad input is a tool error that says what to change -------------------------

BAD_QUEUE_INPUTS: list[tuple[str, dict[str, Any], str]] = [
    ("malformed queue arn", {"queue_arn": "orders"}, "is not an ARN; expected"),
    (
        "queue arn of another service",
        {"queue_arn": TOPIC},
        "is an ARN of service 'sns'; give the SQS queue ARN",
    ),
    (
        "queue arn without account",
        {"queue_arn": "arn:aws:sqs:us-east-1::orders"},
        "needs a 12-digit account ID",
    ),
    (
        "wildcard queue name",
        {"queue_arn": "arn:aws:sqs:us-east-1:111122223333:orders-*"},
        "with no wildcard",
    ),
    (
        "source of the wrong service",
        {"sources": [QueueSource(type="sns-topic", arn=QUEUE)]},
        "source 1 (sns-topic) has ARN arn:aws:sqs:us-east-1:111122223333:orders of "
        "service 'sqs'; sns-topic sources need an ARN like",
    ),
    (
        "source in another partition",
        {
            "sources": [
                QueueSource(type="sns-topic", arn="arn:aws-cn:sns:cn-north-1:1:t")
            ]
        },
        "source 1 (sns-topic) is in partition 'aws-cn' but the queue is in 'aws'",
    ),
    (
        "duplicate sources",
        {
            "sources": [
                sns_source(),
                QueueSource(type="role", arn=PARTNER),
                sns_source(),
            ]
        },
        f"sources 1 and 3 are the same sns-topic {OWN_TOPIC}; list each source once",
    ),
    (
        "malformed source arn",
        {"sources": [QueueSource(type="eventbridge-rule", arn="rule/x")]},
        "source 1 (eventbridge-rule) arn 'rule/x' is not an ARN",
    ),
    (
        "rule arn that names a bus",
        {
            "sources": [
                QueueSource(
                    type="eventbridge-rule",
                    arn="arn:aws:events:us-east-1:111122223333:event-bus/default",
                )
            ]
        },
        "is not shaped like a eventbridge-rule ARN",
    ),
    (
        "subscription arn instead of topic",
        {"sources": [sns_source(OWN_TOPIC + ":0b6f0c1e-7a3e-4c1f-9d8e-1234567890ab")]},
        "is not shaped like a sns-topic ARN",
    ),
    (
        "bucket object arn",
        {"sources": [QueueSource(type="s3-bucket", arn=BUCKET + "/key")]},
        "give the bucket ARN itself, arn:aws:s3:::BUCKET",
    ),
    (
        "bucket owner that is not an account",
        {"sources": [QueueSource(type="s3-bucket", arn=BUCKET, account_id="me")]},
        "give the bucket owner's 12-digit account ID",
    ),
    (
        "account_id that contradicts the arn",
        {
            "sources": [
                QueueSource(type="sns-topic", arn=OWN_TOPIC, account_id="444455556666")
            ]
        },
        "has account_id '444455556666' but its ARN is in account 111122223333",
    ),
    (
        "rule in another region",
        {
            "sources": [
                QueueSource(
                    type="eventbridge-rule", arn=RULE.replace("us-east-1", "eu-west-1")
                )
            ]
        },
        "EventBridge delivers to SQS and SNS targets in the rule's own Region",
    ),
    (
        "role source that is a user",
        {
            "sources": [
                QueueSource(type="role", arn="arn:aws:iam::111122223333:user/alice")
            ]
        },
        "role sources need a role ARN",
    ),
    (
        "account source without account",
        {"sources": [QueueSource(type="account")]},
        "source 1 (account) needs an arn or account_id",
    ),
    (
        "consumer that is not a principal",
        {"consumers": [Consumer(principal_arn=QUEUE)]},
        "consumer 1 has 'arn:aws:sqs:us-east-1:111122223333:orders', which is not "
        "an IAM principal",
    ),
    (
        "consumer asking to send",
        {"consumers": [Consumer(principal_arn=WORKER, actions=["sqs:SendMessage"])]},
        "To let it send, list it under sources with type role or account.",
    ),
    (
        "consumer asking for a destructive action",
        {"consumers": [Consumer(principal_arn=WORKER, actions=["sqs:DeleteQueue"])]},
        "consumer 1 asks for 'sqs:DeleteQueue', which this generator does not grant",
    ),
    (
        "consumer with empty actions",
        {"consumers": [Consumer(principal_arn=WORKER, actions=[])]},
        "consumer 1 has an empty actions list; omit it for defaults",
    ),
    (
        "duplicate consumers",
        {
            "consumers": [
                Consumer(principal_arn=WORKER),
                Consumer(principal_arn=WORKER, actions=["sqs:ReceiveMessage"]),
            ]
        },
        "consumers 1 and 2 are the same principal",
    ),
    (
        "key in another region",
        {"kms_key_arn": KEY.replace("us-east-1", "us-west-2")},
        "encrypts with a key in its own Region",
    ),
    (
        "key arn of another service",
        {"kms_key_arn": QUEUE},
        "is not a KMS key or alias ARN",
    ),
    (
        "existing policy that is not JSON",
        {"existing_policy": '{"Statement": [}'},
        "existing_policy is not valid JSON (line 1, column 16",
    ),
    (
        "existing policy with a stray key",
        {"existing_policy": {"Statement": [], "Extra": 1}},
        "existing_policy has top-level key(s) Extra",
    ),
    (
        "existing statement that is not an object",
        {"existing_policy": {"Statement": ["x"]}},
        "existing_policy statement 1 is not an object",
    ),
    (
        "nothing to generate",
        {"deny_insecure_transport": False},
        "nothing to generate",
    ),
    (
        "standard topic to fifo queue",
        {"queue_arn": QUEUE + ".fifo", "sources": [sns_source()]},
        "a standard SNS topic cannot deliver to the FIFO queue orders.fifo",
    ),
    (
        "bucket to fifo queue",
        {
            "queue_arn": QUEUE + ".fifo",
            "sources": [QueueSource(type="s3-bucket", arn=BUCKET)],
        },
        "S3 event notifications cannot target a FIFO queue",
    ),
]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [case[1:] for case in BAD_QUEUE_INPUTS],
    ids=[case[0] for case in BAD_QUEUE_INPUTS],
)
def test_bad_queue_input_says_what_to_change(
    arguments: dict[str, Any], message: str
) -> None:
    arguments = {"queue_arn": QUEUE, **arguments}
    with pytest.raises(InputError) as raised:
        generate_queue_policy(**arguments)
    assert message in str(raised.value)


def test_topic_refuses_a_queue_only_source_type() -> None:
    source = TopicSource.model_construct(type="sns-topic", arn=OWN_TOPIC)
    with pytest.raises(InputError, match="use one of: eventbridge-rule, s3-bucket"):
        generate_topic_policy(TOPIC, [source])


def test_too_many_statements_name_the_quota() -> None:
    sources = [
        QueueSource(type="s3-bucket", arn=f"arn:aws:s3:::b{n}", account_id=f"{n:012d}")
        for n in range(1, 22)
    ]
    with pytest.raises(InputError) as raised:
        generate_queue_policy(QUEUE, sources)
    assert (
        "the queue policy would exceed SQS quotas: 22 statements where at most "
        "20 are allowed" in str(raised.value)
    )


# the catalogue behind the generator ------------------------------------------


def test_catalogue_is_in_canonical_form_with_dated_aws_sources() -> None:
    text = integrations.catalog_text()
    assert text == canonical_json(json.loads(text))
    catalog = integrations.catalog()
    for item in (*catalog.resources, *catalog.service_sources):
        assert item.checked_on == "2026-12-03"
        assert item.references
        for url in item.references:
            assert url.startswith(
                ("https://docs.aws.amazon.com/", "https://repost.aws/")
            )


def test_every_action_the_generator_grants_exists_in_the_iam_catalogue() -> None:
    known = {
        f"{prefix}:{action.name}"
        for prefix, service in iam_services().items()
        for action in service.actions
    }
    catalog = integrations.catalog()
    for facts in catalog.resources:
        granted = [
            facts.send_action,
            *facts.consumer_actions,
            *facts.producer_key_actions,
            *facts.consumer_key_actions,
        ]
        assert set(granted) <= known, facts.service
    for source in catalog.service_sources:
        actions = {action.removesuffix("*") for action in source.key_actions}
        assert actions <= known, source.type


def test_topic_policies_hold_only_topic_level_actions() -> None:
    allowed = {f"sns:{action}" for action in sns_topic_policy_actions().actions}
    facts = integrations.resource_facts("sns")
    granted = {facts.send_action, *facts.consumer_actions}
    assert granted | set(facts.insecure_transport_actions) <= allowed


def test_every_partition_has_a_dns_suffix() -> None:
    assert set(DNS_SUFFIXES) == set(PARTITIONS)
