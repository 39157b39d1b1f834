"""Reading the KMS key that a queue or topic names, only as far as checks need."""

from aws_messaging_mcp.audit.documents import parse_policy
from aws_messaging_mcp.audit.reader import ReadOnlyAws
from aws_messaging_mcp.audit.snapshot import KeyFacts, KeyManager

KEY_POLICY_NAME = "default"


def read_key(
    aws: ReadOnlyAws, key_id: str, aws_managed_alias: str, *, need_policy: bool
) -> KeyFacts:
    """Who manages the key, and its policy when a service must be let in.

    The alias of the service's AWS managed key (alias/aws/sqs, alias/aws/sns)
    can only name that key, so it needs no call.
    """
    if key_id == aws_managed_alias or key_id.endswith(f":{aws_managed_alias}"):
        return KeyFacts(key_id, "AWS")
    described = aws.read(
        "kms:DescribeKey",
        {"KeyId": key_id},
        consequence="whether the key is customer managed was not checked",
        missing_fix="KmsMasterKeyId names a key that does not exist or is not "
        "visible to this identity; set it to a customer managed key's ARN",
    )
    if described is None:
        return KeyFacts(key_id, None)
    metadata = described["KeyMetadata"]
    manager: KeyManager = "AWS" if metadata.get("KeyManager") == "AWS" else "CUSTOMER"
    if manager == "AWS" or not need_policy:
        return KeyFacts(key_id, manager)
    return KeyFacts(key_id, manager, _key_policy(aws, metadata["Arn"]))


def _key_policy(aws: ReadOnlyAws, key_arn: str) -> dict[str, object] | None:
    answer = aws.read(
        "kms:GetKeyPolicy",
        {"KeyId": key_arn, "PolicyName": KEY_POLICY_NAME},
        consequence="whether the key policy lets the sending services in was "
        "not checked",
    )
    return parse_policy(answer.get("Policy")) if answer else None
