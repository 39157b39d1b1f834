"""The same policy as CloudFormation, Terraform, an AWS CLI command and boto3.

- CloudFormation: AWS::SQS::QueuePolicy takes queue URLs, AWS::SNS::TopicPolicy
  topic ARNs (AWSCloudFormation/latest/TemplateReference).
- Terraform: aws_sqs_queue_policy takes queue_url, aws_sns_topic_policy arn;
  the policy is written with jsonencode so that plans diff it as data.
- AWS CLI and boto3: SetQueueAttributes with the Policy attribute, and
  SetTopicAttributes with AttributeName Policy; the policy travels as compact
  JSON, the form the size quota counts.
"""

import json
import re
import shlex
from typing import Any

from aws_messaging_mcp.policy.generate.models import Boto3Call, PolicyFormats
from aws_messaging_mcp.policy.generate.quotas import compact_json
from aws_messaging_mcp.policy.generate.sources import DNS_SUFFIXES, Target
from aws_messaging_mcp.policy.generate.terraform import (
    INDENT,
    attributes,
    hcl_string,
    hcl_value,
)

Document = dict[str, Any]


def queue_url(target: Target) -> str:
    arn = target.arn
    suffix = DNS_SUFFIXES[arn.partition]
    return f"https://sqs.{arn.region}.{suffix}/{arn.account}/{arn.resource}"


def render_formats(target: Target, policy: Document) -> PolicyFormats:
    return PolicyFormats(
        cloudformation=cloudformation(target, policy),
        terraform=terraform(target, policy),
        aws_cli=aws_cli(target, policy),
        boto3=boto3_call(target, policy),
    )


def cloudformation(target: Target, policy: Document) -> str:
    import yaml  # only when formats are rendered: yaml is slow to import

    is_queue = target.facts.service == "sqs"
    properties: Document = (
        {"Queues": [queue_url(target)]} if is_queue else {"Topics": [target.text]}
    )
    properties["PolicyDocument"] = policy
    kind = "AWS::SQS::QueuePolicy" if is_queue else "AWS::SNS::TopicPolicy"
    template = {
        "Resources": {_logical_id(target): {"Type": kind, "Properties": properties}}
    }
    body = yaml.safe_dump(
        template, sort_keys=False, default_flow_style=False, width=1_000_000
    )
    return f"# {kind} for {target.text}\n{body}"


def terraform(target: Target, policy: Document) -> str:
    is_queue = target.facts.service == "sqs"
    kind = "aws_sqs_queue_policy" if is_queue else "aws_sns_topic_policy"
    reference = ("queue_url", queue_url(target)) if is_queue else ("arn", target.text)
    entries = [
        (reference[0], hcl_string(reference[1])),
        ("policy", f"jsonencode({hcl_value(policy, 1)})"),
    ]
    body = "\n".join(attributes(entries, 1))
    return f'resource "{kind}" "{_terraform_name(target)}" {{\n{body}\n}}\n'


def aws_cli(target: Target, policy: Document) -> str:
    region = target.arn.region
    if target.facts.service == "sqs":
        attributes_json = json.dumps({"Policy": compact_json(policy)})
        options = [
            ("--region", region),
            ("--queue-url", queue_url(target)),
            ("--attributes", attributes_json),
        ]
        command = "aws sqs set-queue-attributes"
    else:
        options = [
            ("--region", region),
            ("--topic-arn", target.text),
            ("--attribute-name", "Policy"),
            ("--attribute-value", compact_json(policy)),
        ]
        command = "aws sns set-topic-attributes"
    lines = [
        command,
        *(f"{INDENT}{flag} {shlex.quote(value)}" for flag, value in options),
    ]
    return " \\\n".join(lines) + "\n"


def boto3_call(target: Target, policy: Document) -> Boto3Call:
    if target.facts.service == "sqs":
        operation, method = "SetQueueAttributes", "set_queue_attributes"
        parameters: dict[str, Any] = {
            "QueueUrl": queue_url(target),
            "Attributes": {"Policy": compact_json(policy)},
        }
        code_arguments = [
            f"QueueUrl={json.dumps(queue_url(target))}",
            'Attributes={"Policy": json.dumps(policy, separators=(",", ":"))}',
        ]
    else:
        operation, method = "SetTopicAttributes", "set_topic_attributes"
        parameters = {
            "TopicArn": target.text,
            "AttributeName": "Policy",
            "AttributeValue": compact_json(policy),
        }
        code_arguments = [
            f"TopicArn={json.dumps(target.text)}",
            'AttributeName="Policy"',
            'AttributeValue=json.dumps(policy, separators=(",", ":"))',
        ]
    return Boto3Call(
        service=target.facts.service,
        operation=operation,
        method=method,
        region_name=target.arn.region,
        parameters=parameters,
        code=_boto3_code(target, method, policy, code_arguments),
    )


def _boto3_code(
    target: Target, method: str, policy: Document, arguments: list[str]
) -> str:
    client = (
        f"boto3.client({json.dumps(target.facts.service)}, "
        f"region_name={json.dumps(target.arn.region)})"
    )
    call = "".join(f"    {argument},\n" for argument in arguments)
    return (
        "import json\n\nimport boto3\n\n"
        f"policy = {python_literal(policy)}\n\n"
        f"{client}.{method}(\n{call})\n"
    )


def python_literal(value: Any, depth: int = 0) -> str:
    """A JSON value as a Python literal, indented four spaces per level."""
    pad, inner = "    " * depth, "    " * (depth + 1)
    if isinstance(value, dict) and value:
        entries = "".join(
            f"{inner}{json.dumps(str(key))}: {python_literal(item, depth + 1)},\n"
            for key, item in value.items()
        )
        return "{\n" + entries + pad + "}"
    if isinstance(value, list) and value:
        items = "".join(
            f"{inner}{python_literal(item, depth + 1)},\n" for item in value
        )
        return "[\n" + items + pad + "]"
    if isinstance(value, bool) or value is None:
        return repr(value)
    # A JSON string or number is also a valid Python literal.
    return json.dumps(value)


def _name_parts(target: Target) -> list[str]:
    return [part for part in re.split(r"[^A-Za-z0-9]+", target.arn.resource) if part]


def _logical_id(target: Target) -> str:
    """CloudFormation logical IDs are alphanumeric."""
    name = "".join(part[:1].upper() + part[1:] for part in _name_parts(target))
    return f"{name}{target.facts.noun.capitalize()}Policy"


def _terraform_name(target: Target) -> str:
    """Terraform names start with a letter or underscore."""
    name = "_".join(part.lower() for part in _name_parts(target))
    return name if name[:1].isalpha() else f"_{name}"
