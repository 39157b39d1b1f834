"""The tool subcommands: flags and JSON input become the tool's arguments.

Each command's JSON output must equal the tool's structured output for the
arguments written out here, so these tests pin how flags, positional
arguments, `--input` documents and stdin turn into tool arguments, and that
the CLI and the MCP server answer from one engine.
"""

import io
import json
from pathlib import Path
from typing import Any

import pytest

from aws_messaging_mcp.cli import main
from aws_messaging_mcp.cli.output import call_tool

PUBLIC_QUEUE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}
    ],
}
QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders-dlq"
TOPIC = "arn:aws:sns:us-east-1:111122223333:orders"
ROLE = "arn:aws:iam::111122223333:role/orders-worker"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _tool(tool: str, arguments: dict[str, Any]) -> Any:
    succeeded, answer = call_tool(tool, arguments)
    assert succeeded, answer
    return answer


@pytest.mark.parametrize(
    ("args", "tool", "arguments"),
    [
        (["services"], "list_services", {}),
        (
            ["facts", "sqs-fifo", "--topic", "limits"],
            "get_service_facts",
            {"service": "sqs-fifo", "topics": ["limits"]},
        ),
        (
            ["compare", "kinesis-data-streams", "msk", "--dimension", "replay"],
            "compare_services",
            {"services": ["kinesis-data-streams", "msk"], "dimensions": ["replay"]},
        ),
        (
            ["recommend", "orders processed in order per customer"],
            "recommend_service",
            {"description": "orders processed in order per customer"},
        ),
        (
            ["explain", "SNS dead-letter queue stays empty", "--limit", "2"],
            "explain_gotcha",
            {"query": "SNS dead-letter queue stays empty", "limit": 2},
        ),
        (
            ["explain", "messages arrive twice", "--service", "sqs-standard"],
            "explain_gotcha",
            {"query": "messages arrive twice", "services": ["sqs-standard"]},
        ),
        (
            [
                "generate-queue-policy",
                "--queue-arn",
                QUEUE,
                "--source",
                f"type=sns-topic,arn={TOPIC}",
                "--consumer",
                f"principal_arn={ROLE},actions=sqs:ReceiveMessage|sqs:DeleteMessage",
            ],
            "generate_queue_policy",
            {
                "queue_arn": QUEUE,
                "sources": [{"type": "sns-topic", "arn": TOPIC}],
                "consumers": [
                    {
                        "principal_arn": ROLE,
                        "actions": ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
                    }
                ],
            },
        ),
        (
            [
                "generate-topic-policy",
                "--topic-arn",
                TOPIC,
                "--source",
                "type=eventbridge-rule,arn=arn:aws:events:us-east-1:111122223333:rule/r",
                "--allow-insecure-transport",
            ],
            "generate_topic_policy",
            {
                "topic_arn": TOPIC,
                "sources": [
                    {
                        "type": "eventbridge-rule",
                        "arn": "arn:aws:events:us-east-1:111122223333:rule/r",
                    }
                ],
                "deny_insecure_transport": False,
            },
        ),
    ],
)
def test_command_prints_the_tools_output_for_its_flags(
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    tool: str,
    arguments: dict[str, Any],
) -> None:
    status, out, err = _run(capsys, *args, "--format", "json")
    assert (status, err) == (0, "")
    assert json.loads(out) == _tool(tool, arguments)


def test_check_policy_reads_the_file_and_builds_the_context(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(PUBLIC_QUEUE_POLICY, indent=2), encoding="utf-8")
    status, out, _ = _run(
        capsys,
        "check-policy",
        str(policy),
        "--resource-type",
        "sqs",
        "--resource-arn",
        QUEUE,
        "--trusted-account",
        "444455556666",
        "--dlq-for",
        f"kind=sns-subscription,source_arn={TOPIC}",
        "--format",
        "json",
    )
    expected = _tool(
        "check_policy",
        {
            "policy": policy.read_text(encoding="utf-8"),
            "resource_type": "sqs",
            "context": {
                "resource_arn": QUEUE,
                "trusted_accounts": ["444455556666"],
                "dlq_for": {"kind": "sns-subscription", "source_arn": TOPIC},
            },
        },
    )
    assert status == 0
    assert json.loads(out) == expected
    categories = {finding["category"] for finding in expected["findings"]}
    assert {"public-access", "overly-broad-actions"} <= categories


def test_check_policy_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = json.dumps(PUBLIC_QUEUE_POLICY)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    status, out, _ = _run(capsys, "check-policy", "-", "--format", "json")
    assert status == 0
    assert json.loads(out) == _tool("check_policy", {"policy": text})


def test_an_input_document_supplies_arguments_and_flags_override_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = tmp_path / "arguments.json"
    document.write_text(
        json.dumps({"service": "sqs-standard", "topics": ["ordering"]}),
        encoding="utf-8",
    )
    status, out, _ = _run(
        capsys, "facts", "sns-fifo", "--input", str(document), "--format", "json"
    )
    assert status == 0
    expected = _tool(
        "get_service_facts", {"service": "sns-fifo", "topics": ["ordering"]}
    )
    assert json.loads(out) == expected


def test_recommend_takes_structured_requirements_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    requirements = {"ordering": "per-key", "fan_out": True}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(requirements)))
    status, out, _ = _run(capsys, "recommend", "--input", "-", "--format", "json")
    assert status == 0
    assert json.loads(out) == _tool("recommend_service", requirements)


def test_text_format_is_indented_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "facts", "sqs-fifo", "--topic", "limits", "--format", "text"
    )
    assert status == 0
    assert out.startswith("service:\n  id: sqs-fifo\n")
    assert "\n  - " in out and not out.lstrip().startswith("{")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["facts", "kafka"], "input_value='kafka'"),
        (["check-policy", "/no/such/policy.json"], "cannot read /no/such/policy.json"),
        (["check-policy", "-", "--dlq-for", "sns"], "--dlq-for takes key=value pairs"),
        (["compare", "sqs-fifo"], "compare_services"),
    ],
)
def test_bad_input_is_a_message_and_status_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    status, out, err = _run(capsys, *args, "--format", "json")
    assert status == 2 and out == ""
    assert err.startswith("aws-messaging-mcp: ") and message in err
