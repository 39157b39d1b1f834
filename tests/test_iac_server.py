"""The scan_template tool, end to end through the in-memory client."""

import json

import pytest
from mcp import Client

from aws_messaging_mcp.iac.scanning import scan_document
from aws_messaging_mcp.mcp_server.iac import EXAMPLES
from conftest import ROOT, error_text, structured

pytestmark = pytest.mark.anyio

FIXTURES = ROOT / "tests" / "fixtures" / "iac"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


async def test_yaml_text_with_short_form_tags_is_scanned(client: Client) -> None:
    result = structured(
        await client.call_tool(
            "scan_template",
            {"template": _fixture("cloudformation/sns-sqs-wrong-topic.yaml")},
        )
    )
    assert result["format"] == "cloudformation" and result["format_inferred"]
    assert [f["rule_id"] for f in result["findings"]] == ["IAC102", "IAC103"]
    finding = result["findings"][0]
    assert finding["category"] == "missing-source-permission"
    assert (finding["file"], finding["resource"]) == ("template", "LedgerQueuePolicy")
    assert (finding["line"], finding["column"]) == (20, 7)
    assert result["summary"]["errors"] == 1
    assert result["placeholders"]["account"] == "000000000000"


async def test_a_plan_object_is_scanned_as_terraform(client: Client) -> None:
    plan = json.loads(_fixture("terraform/module-public-topic-policy.plan.json"))
    result = structured(
        await client.call_tool(
            "scan_template", {"template": plan, "format": "terraform-plan"}
        )
    )
    assert not result["format_inferred"]
    assert [(f["rule_id"], f["resource"]) for f in result["findings"]] == [
        ("PC101", "module.notifications.aws_sns_topic_policy.this")
    ]
    # Lines count in the object printed as JSON with 2-space indents.
    line = result["findings"][0]["line"]
    printed = json.dumps(plan, indent=2).splitlines()[line - 1]
    assert printed.strip().startswith('"policy": ')


async def test_json_text_keeps_its_lines(client: Client) -> None:
    text = _fixture("cloudformation/public-queue-policy.json")
    result = structured(await client.call_tool("scan_template", {"template": text}))
    assert [(f["rule_id"], f["line"]) for f in result["findings"]] == [
        ("PC101", 19),
        ("PC303", 20),
    ]


async def test_the_same_findings_as_the_domain_function(client: Client) -> None:
    text = _fixture("cloudformation/kms-alias-rule-target.yaml")
    result = structured(await client.call_tool("scan_template", {"template": text}))
    direct = scan_document(text, "template").model_dump(mode="json")
    assert result == direct


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"template": "/etc/passwd"},
            "template is neither a CloudFormation template",
        ),
        (
            {
                "template": _fixture.__name__
                and "Resources: {Q: {Type: AWS::SQS::Queue}}",
                "format": "terraform-plan",
            },
            "template looks like a cloudformation, not a terraform-plan",
        ),
        (
            {
                "template": "Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: "
                "{KmsMasterKeyId: !Ref Nope}}\n"
            },
            "Ref to 'Nope', which is not a parameter",
        ),
        ({"template": "a: [b"}, "template is not valid JSON or YAML"),
        ({"template": "x\u0000y"}, "template is a binary file"),
    ],
)
async def test_bad_templates_are_tool_errors_that_say_what_to_change(
    client: Client, arguments: dict[str, object], message: str
) -> None:
    assert message in error_text(await client.call_tool("scan_template", arguments))


async def test_an_alias_bomb_is_refused(client: Client) -> None:
    bomb = _fixture("bad/alias-bomb.yaml")
    text = error_text(await client.call_tool("scan_template", {"template": bomb}))
    assert "expands to more than 2,000,000 values" in text


async def test_every_example_is_accepted(client: Client) -> None:
    for arguments in EXAMPLES["scan_template"]:
        result = structured(await client.call_tool("scan_template", arguments))
        assert [f["rule_id"] for f in result["findings"]] == ["IAC102"]  # no policy


async def test_the_tool_is_listed_read_only_with_an_output_schema(
    client: Client,
) -> None:
    tools = {tool.name: tool for tool in (await client.list_tools()).tools}
    tool = tools["scan_template"]
    assert tool.annotations is not None and tool.annotations.read_only_hint
    assert tool.output_schema is not None
    assert "never a file path" in json.dumps(tool.input_schema).lower()
