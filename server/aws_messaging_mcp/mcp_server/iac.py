"""The tool that scans a CloudFormation template or Terraform plan's policies.

It takes the content only, never a path: the server must not read files that
a model names.
"""

import json
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from pydantic import BeforeValidator, Field, WithJsonSchema

from aws_messaging_mcp.iac.models import TemplateFormat, TemplateScan
from aws_messaging_mcp.mcp_server.boundary import add_tools, tool_boundary

TEMPLATE = (
    "The template or plan itself: CloudFormation JSON or YAML text (short-form "
    "tags such as !Ref and !GetAtt are fine), CDK synthesis output, or the "
    "output of `terraform show -json PLAN`; as text or as a JSON object (lines "
    "then count in the object printed as JSON with 2-space indents). Never a "
    "file path."
)


def _as_text(value: object) -> object:
    """An object as indented JSON text, so that every finding has a line."""
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2)
    return value


# Typed as text, so that the SDK does not parse JSON text into an object (and
# lose its lines) before the handler sees it; the schema still offers both.
TemplateText = Annotated[
    str,
    BeforeValidator(_as_text),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "object"}]}),
]
FORMAT = "cloudformation or terraform-plan; inferred from the content when omitted."


@tool_boundary
def scan_template(
    template: Annotated[TemplateText, Field(description=TEMPLATE)],
    format: Annotated[TemplateFormat | None, Field(description=FORMAT)] = None,
) -> TemplateScan:
    """Check every messaging policy in a CloudFormation template, CDK output or
    Terraform plan, across resources: SQS queue, SNS topic, EventBridge bus,
    KMS key and IAM trust policies, each checked by check_policy in the context
    the template gives it.

    Beyond single policies it finds what only the whole template shows: a
    queue named as the dead-letter queue of an SNS subscription or EventBridge
    target that the service cannot write to (missing-dlq-permission); a topic,
    rule or bucket whose destination's policy does not grant it, or pins
    aws:SourceArn to other resources (missing-source-permission); a key on an
    encrypted queue or topic that does not let the sending service use it
    (kms-key-missing-service-grant). Intrinsic functions resolve to fixed
    placeholders (account 000000000000, Region us-east-1); values unknown
    before deployment are reported as unresolved-value. Each finding has the
    logical id or resource address, line, column and a concrete fix.
    """
    from aws_messaging_mcp.iac import documents
    from aws_messaging_mcp.iac.scanning import scan_document

    # The same limits as for files: size, binary content, nesting, aliases.
    text = documents.decode(template.encode("utf-8"), "template")
    return scan_document(text, "template", format)


EXAMPLE_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersTopic:
    Type: AWS::SNS::Topic
  OrdersQueue:
    Type: AWS::SQS::Queue
  OrdersSubscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref OrdersTopic
      Protocol: sqs
      Endpoint: !GetAtt OrdersQueue.Arn
"""

EXAMPLES: dict[str, list[dict[str, object]]] = {
    "scan_template": [
        {"template": EXAMPLE_TEMPLATE},
        {"template": EXAMPLE_TEMPLATE, "format": "cloudformation"},
    ]
}


def register(server: MCPServer) -> None:
    add_tools(server, (scan_template,))
