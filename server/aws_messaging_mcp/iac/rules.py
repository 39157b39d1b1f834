"""The scanner's own rules: what only a view across resources can tell.

The policy checker's rules (`PCnnn`) judge one document. These judge how
resources of one template or plan fit together. Ids are `IAC` and three
digits:

    IAC00x  values the scanner could not know
    IAC10x  deliveries: dead-letter queues and senders without a grant
    IAC20x  KMS keys of encrypted queues and topics

Their categories, beside those of POLICY-CATEGORIES:

- `missing-dlq-permission` (as the checker's): a queue named as the
  dead-letter queue of an SNS subscription or an EventBridge target has no
  policy at all, so the service cannot write to it.
- `missing-source-permission`: a topic, rule or bucket of the template sends
  to a queue or topic whose policy grants that sender nothing (no policy, the
  wrong service principal, or an `aws:SourceArn` naming other resources).
  Deliveries fail, and nothing is retried into a DLQ for permission errors.
- `kms-key-missing-service-grant`: a queue or topic that a service writes to
  is encrypted with a key whose policy does not let that service principal
  call `kms:GenerateDataKey` and `kms:Decrypt`, or with the AWS managed key
  (`alias/aws/sqs`, `alias/aws/sns`), whose policy no one can change.
- `advice` (info only, as the checker uses it): an `aws:SourceArn` names a
  topic, rule or bucket of the template that sends nothing to the resource.
- `unresolved-value`: a value in a policy (or the policy itself) was not
  known to the scanner; it was checked with a placeholder, or not at all.
"""

from dataclasses import dataclass

from aws_messaging_mcp.policy.models import Severity

RULE_ID_PATTERN = r"^IAC\d{3}$"

SNS_DLQ_URL = "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html"
EVENTBRIDGE_DLQ_URL = (
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/rule-dlq.html"
)
SQS_KMS_URL = (
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/"
    "sqs-key-management.html"
)
SNS_KMS_URL = "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"
INTRINSICS_URL = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
    "intrinsic-function-reference.html"
)
PLAN_URL = "https://developer.hashicorp.com/terraform/internals/json-format"
S3_DESTINATION_URL = (
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
    "grant-destinations-permissions-to-s3.html"
)
SNS_TO_SQS_URL = (
    "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html"
)
EVENTBRIDGE_TARGET_URL = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html"


@dataclass(frozen=True)
class ScannerRule:
    id: str
    title: str
    category: str
    severity: Severity
    rationale: str
    source_url: str


UNRESOLVED_VALUE = ScannerRule(
    "IAC001",
    "Policy value unknown until deployment",
    "unresolved-value",
    "info",
    "A parameter without a default, an imported value or an attribute the "
    "scanner does not model stands in the policy. The scanner checked the "
    "policy with a placeholder there and dropped findings at that element.",
    INTRINSICS_URL,
)
POLICY_UNKNOWN_AT_PLAN = ScannerRule(
    "IAC002",
    "Policy computed at apply time",
    "unresolved-value",
    "info",
    "Terraform will only know this policy during apply (it embeds a value "
    "computed then, such as the ARN of a resource being created), so the plan "
    "holds no policy to check.",
    PLAN_URL,
)
DLQ_WITHOUT_POLICY = ScannerRule(
    "IAC101",
    "Dead-letter queue has no queue policy",
    "missing-dlq-permission",
    "error",
    "SNS and EventBridge write failed messages to a dead-letter queue as their "
    "own service principal; without a queue policy granting sqs:SendMessage "
    "the write is denied and the message is lost.",
    SNS_DLQ_URL,
)
SENDER_NOT_GRANTED = ScannerRule(
    "IAC102",
    "Sender not granted by the destination's policy",
    "missing-source-permission",
    "error",
    "A topic, rule or bucket of this template sends to a queue or topic whose "
    "policy does not allow that sender's service principal to deliver from "
    "it, so every delivery is denied.",
    SNS_TO_SQS_URL,
)
GRANT_TO_NON_SENDER = ScannerRule(
    "IAC103",
    "Source ARN names a resource that does not send here",
    "advice",
    "info",
    "The policy's aws:SourceArn names a topic, rule or bucket of this template "
    "that delivers nothing to this queue or topic: a subscription, target or "
    "notification may be missing, or the grant is left over.",
    SNS_TO_SQS_URL,
)
KEY_MISSING_GRANT = ScannerRule(
    "IAC201",
    "Key policy does not let the sending service use the key",
    "kms-key-missing-service-grant",
    "error",
    "A service writing to an encrypted queue or topic calls KMS as its own "
    "principal; the key policy must allow it kms:GenerateDataKey and "
    "kms:Decrypt, or every delivery fails.",
    SQS_KMS_URL,
)
AWS_MANAGED_KEY = ScannerRule(
    "IAC202",
    "AWS managed key on a queue or topic that a service writes to",
    "kms-key-missing-service-grant",
    "error",
    "The policy of the AWS managed key for SQS or SNS cannot be edited and "
    "grants no other service, so SNS, EventBridge and S3 cannot deliver to a "
    "queue or topic encrypted with it.",
    SNS_KMS_URL,
)

SCANNER_RULES: tuple[ScannerRule, ...] = (
    UNRESOLVED_VALUE,
    POLICY_UNKNOWN_AT_PLAN,
    DLQ_WITHOUT_POLICY,
    SENDER_NOT_GRANTED,
    GRANT_TO_NON_SENDER,
    KEY_MISSING_GRANT,
    AWS_MANAGED_KEY,
)


def scanner_rule(rule_id: str) -> ScannerRule | None:
    return next((rule for rule in SCANNER_RULES if rule.id == rule_id), None)
