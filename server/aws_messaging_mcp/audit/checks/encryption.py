"""Encryption at rest of a queue or topic, and whether its senders can use the key.

SSE-SQS and the AWS managed keys (alias/aws/sqs, alias/aws/sns) protect data
at rest, but their key policies cannot be changed: AWS services that send to
the resource cannot be let in, and key use cannot be scoped or audited per
key. Production guidance therefore asks for a customer managed key.
"""

from aws_messaging_mcp.audit.documents import missing_key_actions
from aws_messaging_mcp.audit.findings import audit_finding
from aws_messaging_mcp.audit.models import AuditFinding
from aws_messaging_mcp.audit.snapshot import QueueSnapshot, TopicSnapshot

CMK_CHECK = "not-encrypted-with-cmk"
GRANT_CHECK = "key-policy-missing-service-grant"
CMK_FIX = (
    "Create a customer managed symmetric KMS key, let the producers, consumers "
    "and sending services use it in its key policy (kms:GenerateDataKey and "
    "kms:Decrypt), and set KmsMasterKeyId to its ARN."
)


def not_encrypted_with_cmk(
    resource: QueueSnapshot | TopicSnapshot,
) -> list[AuditFinding]:
    key = resource.key
    if key is not None and key.manager != "AWS":
        return []
    kind = "topic" if isinstance(resource, TopicSnapshot) else "queue"
    if key is not None:
        return [_aws_managed_key(resource, kind, key.key_id)]
    if resource.attributes.get("SqsManagedSseEnabled", "").lower() == "true":
        message = (
            "The queue uses SSE-SQS: encrypted at rest with keys SQS owns, "
            "which no key policy or CloudTrail record lets you control."
        )
        return [audit_finding(CMK_CHECK, "info", resource.arn, message, CMK_FIX)]
    message = f"The {kind} is not encrypted at rest."
    return [audit_finding(CMK_CHECK, "warning", resource.arn, message, CMK_FIX)]


def key_policy_missing_service_grant(
    resource: QueueSnapshot | TopicSnapshot,
) -> list[AuditFinding]:
    key = resource.key
    if key is None or key.manager != "CUSTOMER" or key.policy is None:
        return []
    findings = []
    for service in resource.service_senders:
        missing = missing_key_actions(key.policy, service)
        if missing:
            findings.append(_missing_grant(resource.arn, key.key_id, service, missing))
    return findings


def _aws_managed_key(
    resource: QueueSnapshot | TopicSnapshot, kind: str, key_id: str
) -> AuditFinding:
    senders = ", ".join(resource.service_senders)
    if not senders:
        message = (
            f"The {kind} is encrypted with the AWS managed key {key_id}, whose "
            "key policy cannot be changed or scoped."
        )
        return audit_finding(CMK_CHECK, "warning", resource.arn, message, CMK_FIX)

    # The resource policy admits services that must encrypt with this key,
    # and the AWS managed key can never grant them: their sends fail.
    message = (
        f"The {kind} policy lets {senders} send, but the {kind} is encrypted with "
        f"the AWS managed key {key_id}, which no service principal can be "
        "allowed to use: those messages are not delivered."
    )
    return audit_finding(CMK_CHECK, "error", resource.arn, message, CMK_FIX)


def _missing_grant(
    resource_arn: str, key_id: str, service: str, missing: list[str]
) -> AuditFinding:
    actions = ", ".join(missing)
    return audit_finding(
        GRANT_CHECK,
        "error",
        resource_arn,
        f"The resource policy lets {service} send, but the key policy of "
        f"{key_id} does not allow it {actions}; its messages fail to encrypt "
        "and are not delivered.",
        f'Add a key policy statement: Allow, Principal {{"Service": "{service}"}}, '
        'Action ["kms:GenerateDataKey*", "kms:Decrypt"], Resource "*", with '
        "aws:SourceArn set to the sending resource.",
    )
