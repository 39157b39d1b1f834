"""Golden files for the documented integrations, reviewed as diffs.

Each case in CASES has a folder under tests/golden/generate/ holding the whole
output: result.json, and each deployable form in its own file
(cloudformation.yaml, main.tf, aws_cli.sh, boto3.py) so that a change reads
as a plain diff. Regenerate them all, then review `git diff`:

    UPDATE_GOLDEN=1 pytest tests/test_generate_golden.py
"""

import json
import os
import shutil
from typing import Any

import pytest

from aws_messaging_mcp.policy import check_policy
from aws_messaging_mcp.policy.generate.generator import (
    generate_queue_policy,
    generate_topic_policy,
)
from aws_messaging_mcp.policy.generate.models import (
    Consumer,
    GeneratedPolicy,
    QueueSource,
    TopicSource,
)
from aws_messaging_mcp.policy.models import DlqFor, PolicyContext
from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "generate"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

ACCOUNT = "111122223333"
PARTNER = "444455556666"
REGION = "us-east-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def queue(name: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def topic(name: str, account: str = ACCOUNT) -> str:
    return f"arn:aws:sns:{REGION}:{account}:{name}"


def rule(name: str) -> str:
    return f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{name}"


WORKER = {"principal_arn": f"arn:aws:iam::{ACCOUNT}:role/orders-worker"}
SNS_DEFAULT_POLICY = {
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
            ],
            "Resource": topic("orders-events"),
            "Condition": {"StringEquals": {"AWS:SourceOwner": ACCOUNT}},
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
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "SQS:*",
            "Resource": queue("orders"),
        }
    ],
}

CASES: dict[str, dict[str, Any]] = {
    "sns-to-sqs-same-account": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders"),
            "sources": [{"type": "sns-topic", "arn": topic("orders-events")}],
            "consumers": [WORKER],
        },
    },
    "sns-to-sqs-cross-account": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders"),
            "sources": [{"type": "sns-topic", "arn": topic("orders-events", PARTNER)}],
            "consumers": [WORKER],
        },
    },
    "sns-topic-allows-cross-account-subscriber": {
        "tool": "generate_topic_policy",
        "arguments": {
            "topic_arn": topic("orders-events"),
            "consumers": [{"principal_arn": PARTNER}],
            "existing_policy": SNS_DEFAULT_POLICY,
        },
    },
    "eventbridge-rule-to-sqs": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders"),
            "sources": [{"type": "eventbridge-rule", "arn": rule("orders-created")}],
            "consumers": [WORKER],
        },
    },
    "s3-to-sqs": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("uploads"),
            "sources": [
                {
                    "type": "s3-bucket",
                    "arn": "arn:aws:s3:::orders-uploads",
                    "account_id": ACCOUNT,
                }
            ],
        },
    },
    "sns-subscription-dlq": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders-subscription-dlq"),
            "sources": [{"type": "sns-topic", "arn": topic("orders-events")}],
        },
        "dlq_for": {"kind": "sns-subscription", "source_arn": topic("orders-events")},
    },
    "eventbridge-target-dlq": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders-rule-dlq"),
            "sources": [{"type": "eventbridge-rule", "arn": rule("orders-created")}],
        },
        "dlq_for": {"kind": "eventbridge-target", "source_arn": rule("orders-created")},
    },
    "encrypted-queue-customer-managed-key": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders"),
            "sources": [
                {"type": "sns-topic", "arn": topic("orders-events")},
                {"type": "eventbridge-rule", "arn": rule("orders-created")},
                {
                    "type": "s3-bucket",
                    "arn": "arn:aws:s3:::orders-uploads",
                    "account_id": ACCOUNT,
                },
                {
                    "type": "role",
                    "arn": f"arn:aws:iam::{PARTNER}:role/partner-producer",
                },
            ],
            "consumers": [WORKER],
            "kms_key_arn": KEY,
        },
    },
    "encrypted-queue-aws-managed-key": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders"),
            "sources": [{"type": "sns-topic", "arn": topic("orders-events")}],
            "kms_key_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/sqs",
        },
    },
    "merge-into-sqs-console-default": {
        "tool": "generate_queue_policy",
        "arguments": {
            "queue_arn": queue("orders"),
            "sources": [{"type": "sns-topic", "arn": topic("orders-events")}],
            "existing_policy": SQS_CONSOLE_DEFAULT,
        },
    },
    "eventbridge-rule-to-sns": {
        "tool": "generate_topic_policy",
        "arguments": {
            "topic_arn": topic("alerts"),
            "sources": [{"type": "eventbridge-rule", "arn": rule("orders-failed")}],
        },
    },
    "s3-to-sns": {
        "tool": "generate_topic_policy",
        "arguments": {
            "topic_arn": topic("uploads"),
            "sources": [
                {
                    "type": "s3-bucket",
                    "arn": "arn:aws:s3:::orders-uploads",
                    "account_id": ACCOUNT,
                }
            ],
        },
    },
    "cloudwatch-alarm-to-encrypted-sns": {
        "tool": "generate_topic_policy",
        "arguments": {
            "topic_arn": topic("alerts"),
            "sources": [
                {
                    "type": "cloudwatch-alarm",
                    "arn": f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:orders-*",
                }
            ],
            "kms_key_arn": KEY,
        },
    },
}

FORM_FILES = {
    "cloudformation": "cloudformation.yaml",
    "terraform": "main.tf",
    "aws_cli": "aws_cli.sh",
}


def run_case(case: dict[str, Any]) -> GeneratedPolicy:
    arguments = dict(case["arguments"])
    is_queue = case["tool"] == "generate_queue_policy"
    model = QueueSource if is_queue else TopicSource
    arguments["sources"] = [model(**entry) for entry in arguments.get("sources", [])]
    arguments["consumers"] = [
        Consumer(**entry) for entry in arguments.get("consumers", [])
    ]
    generator = generate_queue_policy if is_queue else generate_topic_policy
    return generator(**arguments)


def golden_files(case: dict[str, Any], result: GeneratedPolicy) -> dict[str, str]:
    """The files of one case: forms apart, everything else in result.json."""
    output = result.model_dump(mode="json")
    files = {}
    for form, name in FORM_FILES.items():
        files[name] = output["formats"][form]
        output["formats"][form] = f"(see {name})"
    files["boto3.py"] = output["formats"]["boto3"]["code"]
    output["formats"]["boto3"]["code"] = "(see boto3.py)"
    document = {"tool": case["tool"], "arguments": case["arguments"], "output": output}
    files["result.json"] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return files


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_its_golden_files(name: str) -> None:
    case = CASES[name]
    expected = golden_files(case, run_case(case))
    folder = GOLDEN / name
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for file_name, content in expected.items():
            (folder / file_name).write_text(content, encoding="utf-8")
    on_disk = {
        path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())
    }
    assert on_disk == expected, "rerun with UPDATE_GOLDEN=1 and review the diff"


def test_no_golden_folder_is_left_without_its_case() -> None:
    assert sorted(path.name for path in GOLDEN.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_policies_have_no_finding(name: str) -> None:
    case = CASES[name]
    result = run_case(case)
    assert result.check.findings == []
    if "dlq_for" in case:
        context = PolicyContext(
            resource_arn=result.resource_arn,
            dlq_for=DlqFor(**case["dlq_for"]),
        )
        kind = "sqs"
        assert check_policy(result.policy, kind, context).findings == []
