"""The Terraform plan reader: addresses, modules, counts and references."""

import json
from typing import Any

from aws_messaging_mcp.iac import terraform
from aws_messaging_mcp.iac.scanning import detect_format, scan_document

ACCOUNT = "111122223333"


def _resource(address: str, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    return {"address": address, "mode": "managed", "type": kind, "values": values}


def _plan(
    resources: list[dict[str, Any]],
    configured: list[dict[str, Any]] | None = None,
    unknown: dict[str, dict[str, Any]] | None = None,
    modules: dict[str, Any] | None = None,
) -> dict[str, Any]:
    root: dict[str, Any] = {"resources": configured or []}
    if modules:
        root["module_calls"] = modules
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": resources}},
        "resource_changes": [
            {"address": address, "change": {"after_unknown": found}}
            for address, found in (unknown or {}).items()
        ],
        "configuration": {"root_module": root},
    }


def test_plans_and_templates_are_told_apart() -> None:
    assert detect_format(_plan([])) == "terraform-plan"
    assert detect_format({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}) == (
        "cloudformation"
    )
    assert detect_format({"format_version": "1.2"}) is None


def test_counted_resources_are_followed_through_their_configuration() -> None:
    queue = _resource("aws_sqs_queue.dlq[0]", "aws_sqs_queue", {"name": "jobs-dlq"})
    subscription = _resource(
        "aws_sns_topic_subscription.jobs",
        "aws_sns_topic_subscription",
        {"protocol": "lambda", "topic_arn": f"arn:aws:sns:eu-west-1:{ACCOUNT}:jobs"},
    )
    configured = [
        {
            "address": "aws_sns_topic_subscription.jobs",
            "expressions": {
                "redrive_policy": {"references": ["aws_sqs_queue.dlq[0].arn"]}
            },
        }
    ]
    unknown = {"aws_sns_topic_subscription.jobs": {"redrive_policy": True}}
    inventory = terraform.read(_plan([queue, subscription], configured, unknown), "p")
    [delivery] = inventory.deliveries
    assert delivery.dead_letter
    assert delivery.destination_arn == f"arn:aws:sqs:eu-west-1:{ACCOUNT}:jobs-dlq"
    assert inventory.owner_account == ACCOUNT


def test_references_inside_a_module_resolve_within_that_module() -> None:
    rule = _resource(
        "module.audit.aws_cloudwatch_event_rule.this",
        "aws_cloudwatch_event_rule",
        {"name": "audit", "event_bus_name": "security"},
    )
    target = _resource(
        "module.audit.aws_cloudwatch_event_target.this",
        "aws_cloudwatch_event_target",
        {"arn": f"arn:aws:sqs:eu-west-1:{ACCOUNT}:audit", "target_id": "q"},
    )
    modules = {
        "audit": {
            "module": {
                "resources": [
                    {
                        "address": "aws_cloudwatch_event_target.this",
                        "expressions": {
                            "rule": {
                                "references": ["aws_cloudwatch_event_rule.this.name"]
                            }
                        },
                    }
                ]
            }
        }
    }
    inventory = terraform.read(_plan([rule, target], modules=modules), "p")
    [delivery] = inventory.deliveries
    assert delivery.source_arn.endswith(":rule/security/audit")
    assert delivery.origin.resource == "module.audit.aws_cloudwatch_event_target.this"


def test_a_computed_default_policy_is_not_reported_as_unknown() -> None:
    topic = _resource("aws_sns_topic.new", "aws_sns_topic", {"name": "new"})
    unknown = {"aws_sns_topic.new": {"arn": True, "policy": True}}
    scan = scan_document(_plan([topic], unknown=unknown), "p")
    assert scan.findings == []
    assert scan.summary.policies == 0


def test_a_policy_heredoc_with_a_syntax_fault_reaches_the_checker() -> None:
    broken = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}'
    queue = _resource(
        "aws_sqs_queue.q",
        "aws_sqs_queue",
        {"name": "q", "arn": f"arn:aws:sqs:eu-west-1:{ACCOUNT}:q", "policy": broken},
    )
    scan = scan_document(json.dumps(_plan([queue]), indent=2), "plan.json")
    categories = {finding.category for finding in scan.findings}
    assert "invalid-json-or-schema" in categories
    assert {finding.resource for finding in scan.findings} == {"aws_sqs_queue.q"}
