"""The audit tools and CLI end to end, the read allowlist, and a cold start
that needs neither AWS configuration nor boto3."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from mcp import Client

from aws_messaging_mcp.audit.allowlist import (
    ALLOWED_OPERATIONS,
    ForbiddenOperationError,
)
from aws_messaging_mcp.audit.queue import audit_queue
from aws_messaging_mcp.audit.reader import ReadOnlyAws
from aws_messaging_mcp.cli import build_parser
from aws_messaging_mcp.mcp_server import audit as audit_tools
from conftest import error_text, structured
from test_audit_support import (
    FAKE_KEY,
    REGION,
    Estate,
    OperationLog,
    estate,
    record_operations,
    use_local_aws,
)

LIVE_ANNOTATIONS = {
    "readOnlyHint": True,
    "destructiveHint": False,
    "openWorldHint": True,
}


@pytest.fixture
def aws() -> Estate:
    return estate()


@pytest.fixture
def operations(monkeypatch: pytest.MonkeyPatch, aws: Estate) -> Iterator[OperationLog]:
    use_local_aws(monkeypatch, aws.endpoint)
    log = record_operations(monkeypatch)
    yield log
    assert log.outside_allowlist() == []


def test_allowlist_is_exactly_the_published_read_operations() -> None:
    assert {
        service: sorted(operations)
        for service, operations in ALLOWED_OPERATIONS.items()
    } == {
        "sqs": [
            "GetQueueAttributes",
            "GetQueueUrl",
            "ListDeadLetterSourceQueues",
            "ListQueueTags",
        ],
        "sns": [
            "GetSubscriptionAttributes",
            "GetTopicAttributes",
            "ListSubscriptionsByTopic",
        ],
        "kms": ["DescribeKey", "GetKeyPolicy"],
        "lambda": ["GetFunctionConfiguration", "ListEventSourceMappings"],
    }


@pytest.mark.parametrize(
    ("service", "call", "arguments"),
    [
        ("sqs", "delete_queue", {"QueueUrl": "URL"}),
        ("sqs", "set_queue_attributes", {"QueueUrl": "URL", "Attributes": {}}),
    ],
)
def test_an_operation_off_the_allowlist_is_refused_before_it_is_sent(
    aws: Estate,
    operations: OperationLog,
    service: str,
    call: str,
    arguments: dict[str, Any],
) -> None:
    url = aws.queue("guarded", VisibilityTimeout=45)
    reader = ReadOnlyAws.connect(None, REGION, None, "queue")
    client = reader._client(service)
    filled = {
        name: url if value == "URL" else value for name, value in arguments.items()
    }

    with pytest.raises(ForbiddenOperationError, match="not on the audit's read"):
        getattr(client, call)(**filled)

    attributes = aws.client("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["VisibilityTimeout"]
    )["Attributes"]
    assert attributes == {"VisibilityTimeout": "45"}
    # The recorder saw the attempt; the autouse check would flag it, so the
    # log is emptied here after asserting what it caught.
    assert operations.outside_allowlist() == [f"{service}:{_operation_name(call)}"]
    operations.operations.clear()


def test_audit_reads_no_other_service(aws: Estate, operations: OperationLog) -> None:
    reader = ReadOnlyAws.connect(None, REGION, None, "queue")

    with pytest.raises(ValueError, match="no business with s3"):
        reader._client("s3")


def test_server_builds_without_aws_configuration_or_boto3() -> None:
    code = (
        "import sys, anyio\n"
        "from aws_messaging_mcp.mcp_server import build_server\n"
        "tools = anyio.run(build_server().list_tools)\n"
        "assert {'audit_queue', 'audit_topic'} <= {t.name for t in tools}\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('boto3', 'botocore'))\n"
        "print(loaded)\n"
    )
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("AWS_")
    }
    environment["HOME"] = "/nonexistent"

    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


@pytest.mark.anyio
async def test_audit_tools_are_live_read_only_with_output_schemas(
    client: Client,
) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}

    for name in ("audit_queue", "audit_topic"):
        annotations = tools[name].annotations.model_dump(
            by_alias=True, exclude_none=True
        )
        assert LIVE_ANNOTATIONS.items() <= annotations.items(), name
        assert tools[name].output_schema is not None
        for example in audit_tools.EXAMPLES[name]:
            jsonschema.validate(example, tools[name].input_schema)


@pytest.mark.anyio
async def test_audit_queue_tool_returns_the_domain_result(
    client: Client, aws: Estate, operations: OperationLog
) -> None:
    url = aws.queue("tool", ReceiveMessageWaitTimeSeconds=20)

    result = structured(await client.call_tool("audit_queue", {"queue": url}))

    expected = audit_queue(url).model_dump(mode="json")
    assert result == expected
    assert [f["id"] for f in result["findings"]] == [
        "no-dead-letter-queue",
        "not-encrypted-with-cmk",
    ]


@pytest.mark.anyio
async def test_audit_topic_tool_reports_a_missing_topic_as_a_tool_error(
    client: Client, operations: OperationLog
) -> None:
    message = error_text(
        await client.call_tool(
            "audit_topic",
            {"topic_arn": "arn:aws:sns:us-east-1:123456789012:never-created"},
        )
    )

    assert "does not exist" in message


@pytest.mark.anyio
async def test_audit_queue_tool_without_credentials_is_a_tool_error(
    client: Client, monkeypatch: pytest.MonkeyPatch, operations: OperationLog
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    message = error_text(
        await client.call_tool(
            "audit_queue", {"queue": "arn:aws:sqs:us-east-1:123456789012:orders"}
        )
    )

    assert "no usable AWS credentials for the audit" in message
    assert "AWS_PROFILE" in message


def test_cli_prints_the_audit_as_json_and_exits_1_on_errors(aws: Estate) -> None:
    url = aws.queue("cli", KmsMasterKeyId="alias/aws/sqs", Policy=_sns_sends())

    completed = _cli(aws, "audit", "queue", url)

    assert completed.returncode == 1, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed["queue_url"] == url
    assert [
        finding["id"]
        for finding in printed["findings"]
        if finding["origin"] == "audit" and finding["severity"] == "error"
    ] == ["not-encrypted-with-cmk"]


def test_cli_topic_audit_without_errors_exits_0(
    aws: Estate, operations: OperationLog, capsys: pytest.CaptureFixture[str]
) -> None:
    topic = aws.topic("cli", KmsMasterKeyId=aws.key())

    status = _run_in_process("audit", "topic", topic, "--region", REGION)

    assert status == 0
    assert json.loads(capsys.readouterr().out)["topic_arn"] == topic


def test_cli_reports_bad_input_on_stderr_with_status_2(
    operations: OperationLog, capsys: pytest.CaptureFixture[str]
) -> None:
    status = _run_in_process("audit", "queue", "orders")

    printed = capsys.readouterr()
    assert status == 2
    assert printed.out == ""
    assert printed.err.startswith("aws-messaging-mcp audit: queue 'orders' is neither")


def _run_in_process(*args: str) -> int:
    parsed = build_parser().parse_args(list(args))
    status: int = parsed.run(parsed)
    return status


def _cli(aws: Estate, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("AWS_")
    }
    environment.update(
        AWS_ENDPOINT_URL=aws.endpoint,
        AWS_ACCESS_KEY_ID=FAKE_KEY,
        AWS_SECRET_ACCESS_KEY=FAKE_KEY,
        AWS_DEFAULT_REGION=REGION,
        AWS_CONFIG_FILE="/nonexistent/aws-config",
        AWS_SHARED_CREDENTIALS_FILE="/nonexistent/aws-credentials",
        AWS_EC2_METADATA_DISABLED="true",
    )
    return subprocess.run(
        [sys.executable, "-m", "aws_messaging_mcp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
        stdin=subprocess.DEVNULL,
    )


def _sns_sends() -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": "*",
            }
        ],
    }


def _operation_name(call: str) -> str:
    return "".join(part.capitalize() for part in call.split("_"))
