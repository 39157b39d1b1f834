"""The deployable forms of a generated policy carry exactly the same document.

CloudFormation is read back with PyYAML (and linted with cfn-lint when it is
installed); Terraform is evaluated with `terraform console` and checked with
`terraform fmt` when terraform is on the PATH (both work offline); the AWS CLI
command is split as a shell would; boto3 parameters are validated offline
against botocore's service model.
"""

import ast
import json
import shlex
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

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
from aws_messaging_mcp.policy.generate.terraform import hcl_value

QUEUE = "arn:aws:sqs:eu-west-1:111122223333:orders-dlq.fifo"
TOPIC = "arn:aws-cn:sns:cn-north-1:111122223333:alerts"
TERRAFORM = shutil.which("terraform")
needs_terraform = pytest.mark.skipif(TERRAFORM is None, reason="terraform not found")


@pytest.fixture(scope="module")
def queue_result() -> GeneratedPolicy:
    # An existing statement whose values would trip a careless renderer.
    existing = {
        "Statement": [
            {
                "Sid": "Owner's ${templates} & 100%{x} \u00e9",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sqs:*",
                "Resource": QUEUE,
                "Condition": {"Bool": {"aws:SecureTransport": True}},
            }
        ]
    }
    return generate_queue_policy(
        QUEUE,
        [
            QueueSource(
                type="sns-topic", arn="arn:aws:sns:eu-west-1:444455556666:a.fifo"
            ),
            QueueSource(type="role", arn="arn:aws:iam::444455556666:role/p"),
        ],
        [Consumer(principal_arn="arn:aws:iam::111122223333:role/w")],
        existing_policy=existing,
    )


@pytest.fixture(scope="module")
def topic_result() -> GeneratedPolicy:
    return generate_topic_policy(
        TOPIC,
        [
            TopicSource(
                type="s3-bucket", arn="arn:aws-cn:s3:::logs", account_id="1" * 12
            )
        ],
    )


def both(queue_result: GeneratedPolicy, topic_result: GeneratedPolicy) -> list[Any]:
    return [queue_result, topic_result]


def test_cloudformation_declares_the_policy_on_the_queue_url(
    queue_result: GeneratedPolicy,
) -> None:
    template = yaml.safe_load(queue_result.formats.cloudformation)
    assert template == {
        "Resources": {
            "OrdersDlqFifoQueuePolicy": {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [
                        "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dlq.fifo"
                    ],
                    "PolicyDocument": queue_result.policy,
                },
            }
        }
    }


def test_cloudformation_declares_the_policy_on_the_topic_arn(
    topic_result: GeneratedPolicy,
) -> None:
    template = yaml.safe_load(topic_result.formats.cloudformation)
    assert template["Resources"]["AlertsTopicPolicy"] == {
        "Type": "AWS::SNS::TopicPolicy",
        "Properties": {"Topics": [TOPIC], "PolicyDocument": topic_result.policy},
    }


def test_cloudformation_templates_pass_cfn_lint(
    queue_result: GeneratedPolicy, topic_result: GeneratedPolicy
) -> None:
    api = pytest.importorskip("cfnlint.api")
    for result, region in ((queue_result, "eu-west-1"), (topic_result, "cn-north-1")):
        template = (
            "AWSTemplateFormatVersion: '2010-09-09'\n" + result.formats.cloudformation
        )
        matches = api.lint(template, config=api.ManualArgs(regions=[region]))
        assert [str(match) for match in matches] == []


def test_aws_cli_command_carries_the_policy(
    queue_result: GeneratedPolicy, topic_result: GeneratedPolicy
) -> None:
    queue_words = _shell_words(queue_result.formats.aws_cli)
    assert queue_words[:3] == ["aws", "sqs", "set-queue-attributes"]
    options = dict(zip(queue_words[3::2], queue_words[4::2], strict=True))
    assert options["--region"] == "eu-west-1"
    attributes = json.loads(options["--attributes"])
    assert json.loads(attributes["Policy"]) == queue_result.policy

    topic_words = _shell_words(topic_result.formats.aws_cli)
    options = dict(zip(topic_words[3::2], topic_words[4::2], strict=True))
    assert topic_words[:3] == ["aws", "sns", "set-topic-attributes"]
    assert options["--topic-arn"] == TOPIC
    assert options["--attribute-name"] == "Policy"
    assert json.loads(options["--attribute-value"]) == topic_result.policy


def _shell_words(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", " "))


def test_boto3_parameters_are_valid_for_botocore(
    queue_result: GeneratedPolicy, topic_result: GeneratedPolicy
) -> None:
    for result in both(queue_result, topic_result):
        assert_valid_boto3_call(result)


@cache
def service_model(service: str) -> Any:
    from botocore import loaders
    from botocore.model import ServiceModel

    raw = loaders.create_loader().load_service_model(service, "service-2")
    return ServiceModel(raw, service)


def assert_valid_boto3_call(result: GeneratedPolicy) -> None:
    """Validate the call offline against botocore's own service model."""
    from botocore import xform_name
    from botocore.validate import ParamValidator

    call = result.formats.boto3
    operation = service_model(call.service).operation_model(call.operation)
    report = ParamValidator().validate(call.parameters, operation.input_shape)
    assert not report.has_errors(), report.generate_report()
    assert call.method == xform_name(call.operation)
    policy_text = (
        call.parameters.get("AttributeValue") or call.parameters["Attributes"]["Policy"]
    )  # type: ignore[index]
    assert json.loads(str(policy_text)) == result.policy


def test_boto3_code_compiles_and_holds_the_same_policy(
    queue_result: GeneratedPolicy, topic_result: GeneratedPolicy
) -> None:
    for result in both(queue_result, topic_result):
        module = ast.parse(result.formats.boto3.code)
        assignment = next(
            node
            for node in module.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "policy"
        )
        assert ast.literal_eval(assignment.value) == result.policy
        assert result.formats.boto3.method in result.formats.boto3.code


@needs_terraform
def test_terraform_evaluates_to_the_same_policy(
    tmp_path: Path, queue_result: GeneratedPolicy, topic_result: GeneratedPolicy
) -> None:
    for result in both(queue_result, topic_result):
        block = result.formats.terraform
        expression = block[block.index("jsonencode(") : block.rindex(")") + 1]
        assert json.loads(_terraform_console(tmp_path, expression)) == result.policy


@needs_terraform
def test_terraform_is_already_formatted(
    tmp_path: Path, queue_result: GeneratedPolicy, topic_result: GeneratedPolicy
) -> None:
    for number, result in enumerate(both(queue_result, topic_result)):
        path = tmp_path / f"policy{number}.tf"
        path.write_text(result.formats.terraform, encoding="utf-8")
        completed = subprocess.run(
            [str(TERRAFORM), "fmt", "-check", "-diff", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_terraform
def test_hcl_values_round_trip_through_terraform(tmp_path: Path) -> None:
    value = {
        "plain": "x",
        "aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:t-*", "${x}", "%{y}"],
        'quote " and \\ backslash': "line\nbreak\ttab \u00e9 \U0001f600",
        "empty": {},
        "none": [],
        "flags": [True, False, None, 7, 2.5],
        "nested": [{"a": {"b": ["c"]}}],
    }
    expression = f"jsonencode({hcl_value(value)})"
    assert json.loads(_terraform_console(tmp_path, expression)) == value


def _terraform_console(directory: Path, expression: str) -> str:
    """Evaluate an expression written into a local value, as plans would."""
    (directory / "main.tf").write_text(
        f"locals {{\n  evaluated = {expression}\n}}\n", encoding="utf-8"
    )
    completed = subprocess.run(
        [str(TERRAFORM), "console"],
        input="local.evaluated\n",
        capture_output=True,
        text=True,
        cwd=directory,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    # The console prints the string result as a quoted HCL string.
    printed: str = json.loads(completed.stdout.strip())
    return printed
