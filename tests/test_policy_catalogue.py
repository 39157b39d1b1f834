"""The IAM catalogue: its data, its look-ups, and the script that regenerates it."""

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from aws_messaging_mcp.knowledge import iam
from aws_messaging_mcp.policy import catalogue
from conftest import ROOT


def load_script() -> ModuleType:
    path = ROOT / "scripts" / "update_iam_catalogue.py"
    spec = importlib.util.spec_from_file_location("update_iam_catalogue", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_catalogued_service_loads_with_its_source_and_date() -> None:
    services = iam.iam_services()
    assert tuple(services) == iam.CATALOGUE_SERVICES
    for prefix, service in services.items():
        assert service.prefix == prefix
        assert service.source_url.endswith(f"/v1/{prefix}/{prefix}.json")
        assert service.reference_url.startswith("https://docs.aws.amazon.com/")
        assert str(service.checked_on) == "2026-12-03"


def test_the_catalogue_knows_the_messaging_actions() -> None:
    names = {a.name for a in iam.iam_services()["sqs"].actions}
    assert {"SendMessage", "ReceiveMessage", "SetQueueAttributes"} <= names
    assert "SendMessageBatch" not in names  # authorized by sqs:SendMessage
    assert "Publish" in {a.name for a in iam.iam_services()["sns"].actions}


def test_the_sns_topic_policy_actions_are_sns_actions() -> None:
    topic = iam.sns_topic_policy_actions()
    names = {a.name for a in iam.iam_services()["sns"].actions}
    assert set(topic.actions) <= names
    assert topic.source.url.startswith("https://docs.aws.amazon.com/sns/")


def test_quotas_are_those_of_the_contract() -> None:
    quotas = {(q.resource_type, q.name): q.maximum for q in iam.policy_quotas().quotas}
    assert quotas == {
        ("sqs", "bytes"): 8192,
        ("sqs", "statements"): 20,
        ("sqs", "principals"): 50,
        ("sqs", "conditions"): 10,
        ("sqs", "actions"): 7,
        ("sns", "bytes"): 30 * 1024,
        ("sns", "statements"): 100,
        ("sns", "principals"): 200,
    }


@pytest.mark.parametrize(
    ("action", "verdict"),
    [
        ("sqs:SendMessage", "known"),
        ("SQS:sendmessage", "known"),
        ("sqs:Send*", "known"),
        ("*", "known"),
        ("sqs:SendMessageBatch", "unknown"),
        ("sqs:Nothing*", "unknown"),
        ("sqss:SendMessage", "unknown"),
        ("sqs.SendMessage", "malformed"),
        ("sqs:", "malformed"),
        ("firehose:PutRecord", "unverifiable"),
    ],
)
def test_action_names_compare_without_regard_to_case(action: str, verdict: str) -> None:
    assert catalogue.action_verdict(action) == verdict


@pytest.mark.parametrize(
    ("key", "verdict", "name"),
    [
        ("aws:SourceArn", "known", "aws:SourceArn"),
        ("AWS:SOURCEARN", "known", "aws:SourceArn"),
        ("aws:PrincipalTag/team", "known", "aws:PrincipalTag/${TagKey}"),
        (
            "kms:EncryptionContext:aws:sns:topicArn",
            "known",
            "kms:EncryptionContext:${EncryptionContextKey}",
        ),
        ("sts:ExternalId", "known", "sts:ExternalId"),
        ("aws:SourecArn", "unknown", None),
        ("aws:PrincipalTag/", "unknown", None),
        ("SourceArn", "unknown", None),
        ("awss:SourceArn", "unknown", None),
        ("ec2:Vpc", "unverifiable", None),
        ("token.actions.githubusercontent.com:sub", "unverifiable", None),
    ],
)
def test_condition_keys_are_looked_up_with_their_templates(
    key: str, verdict: str, name: str | None
) -> None:
    assert catalogue.key_verdict(key) == verdict
    info = catalogue.key_info(key)
    assert (info.name if info else None) == name


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("aws:SourecArn", "aws:SourceArn"),
        ("aws:SourceAcount", "aws:SourceAccount"),
        ("aws:SecureTransprt", "aws:SecureTransport"),
    ],
)
def test_misspelt_keys_suggest_the_real_one(written: str, meant: str) -> None:
    assert catalogue.suggest_key(written) == meant


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("sqs:SendMessageBatch", "sqs:SendMessage"),
        ("SQS:DeleteMessageBatch", "SQS:DeleteMessage"),
        ("kms:GenerateDataKeys", "kms:GenerateDataKey"),
        ("sqs:Nothing", None),
    ],
)
def test_unknown_actions_suggest_the_real_one(written: str, meant: str | None) -> None:
    assert catalogue.suggest_action(written) == meant


def test_a_pattern_expands_to_the_actions_it_covers() -> None:
    assert catalogue.expand_action("sqs:Delete*") == (
        "sqs:deletemessage",
        "sqs:deletequeue",
    )
    assert catalogue.expand_action("sqs:nope") == ()


def test_the_update_script_converts_reference_documents(tmp_path: Path) -> None:
    script = load_script()
    reference = {
        "Name": "sqs",
        "Actions": [
            {
                "Name": "SendMessage",
                "ActionConditionKeys": [],
                "Resources": [{"Name": "queue"}],
                "Annotations": {"Properties": {"IsWrite": True}},
            },
            {
                "Name": "AddPermission",
                "Resources": [{"Name": "queue"}],
                "Annotations": {"Properties": {"IsPermissionManagement": True}},
            },
            {"Name": "ListQueues"},
        ],
        "ConditionKeys": [{"Name": "aws:ResourceTag/${TagKey}", "Types": ["String"]}],
        "Resources": [
            {
                "Name": "queue",
                "ARNFormats": [
                    "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"
                ],
            }
        ],
        "Version": "v1.4",
    }
    (tmp_path / "sqs.json").write_text(json.dumps(reference))
    loaded = script.read_reference(str(tmp_path), "sqs.json")
    service = script.convert_service("sqs", loaded, "2026-12-03", "a test copy")
    assert [(a.name, a.access_level) for a in service.actions] == [
        ("AddPermission", "Permissions management"),
        ("ListQueues", "Read"),
        ("SendMessage", "Write"),
    ]
    assert (
        service.source_url
        == "https://servicereference.us-east-1.amazonaws.com/v1/sqs/sqs.json"
    )
    prefixes = script.convert_prefixes(
        [{"service": "SQS", "url": "x"}, {"service": "sns", "url": "y"}],
        "2026-12-03",
        "a test copy",
    )
    assert prefixes.prefixes == ["sns", "sqs"]


def test_the_shipped_service_files_are_what_the_converter_writes() -> None:
    data = Path(iam.__file__).parent / "data" / "iam" / "services"
    for prefix, service in iam.iam_services().items():
        on_disk = json.loads((data / f"{prefix}.json").read_text(encoding="utf-8"))
        assert on_disk == service.model_dump(mode="json")


def test_a_spelling_budget_allows_a_limited_number_of_distinct_names() -> None:
    budget = catalogue.SpellingBudget(limit=2)
    assert budget.allows("aws:SourecArn")
    assert budget.allows("aws:SourceAcount")
    assert not budget.allows("aws:SecureTransprt")
    # A name already looked up stays allowed: its answer is cached.
    assert budget.allows("aws:SourecArn")
