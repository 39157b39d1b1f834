"""What to advise about a key policy grant to a service principal.

A service that delivers to an encrypted queue or topic calls KMS as its own
service principal, so the key policy grants it the key. Most such grants can
be pinned to the source (aws:SourceArn, aws:SourceAccount), and the
confused-deputy rules say so. Two are documented by AWS without a condition:
EventBridge deliveries to an encrypted queue or topic, where AWS states that
the source keys are not supported in the key policy
(https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html), and S3
event notifications
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html).
There the queue's or topic's own policy pins the source, and the finding on
the key policy stays, as the categories define it, with a fix that says so.
"""

from aws_messaging_mcp.policy import references

EVENTBRIDGE_KEY_FIX = (
    'If this key encrypts an event bus, add "ArnEquals": {"aws:SourceArn": '
    '"<event bus ARN>"} (or kms:EncryptionContext:aws:events:event-bus:arn). '
    "If it encrypts a queue or topic that EventBridge rules deliver to, AWS "
    "documents that aws:SourceArn and aws:SourceAccount are not supported in "
    "the key policy for those deliveries, and such a condition drops every "
    "event: keep the statement, pin the rules with aws:SourceArn in the queue's "
    "or topic's policy, and record this finding as a reviewed exception."
)
S3_KEY_FIX = (
    "AWS documents the key statement for S3 event notifications to an "
    "encrypted queue or topic without a condition. Keep it only for that, and "
    "pin the buckets and their owner (aws:SourceArn and aws:SourceAccount) in "
    "the queue's or topic's policy, which decides what S3 may deliver; record "
    "this finding as a reviewed exception."
)
KEY_POLICY_FIXES = {
    "events.amazonaws.com": (
        EVENTBRIDGE_KEY_FIX,
        (references.SNS_KEY_MANAGEMENT, references.EVENTBRIDGE_BUS_KEY_POLICY),
    ),
    "s3.amazonaws.com": (S3_KEY_FIX, (references.S3_NOTIFICATION_PERMISSIONS,)),
}
KEY_POLICY_FIX = (
    "Add a condition naming the resource the service uses the key for, e.g. "
    '"ArnEquals": {"aws:SourceArn": "<topic or alarm ARN>"} and '
    '"StringEquals": {"aws:SourceAccount": "<its account>"}.'
)


def key_policy_fix(services: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The fix, and the pages it rests on, for a key grant to these services."""
    if len(services) == 1 and services[0] in KEY_POLICY_FIXES:
        return KEY_POLICY_FIXES[services[0]]
    return KEY_POLICY_FIX, (references.KMS_KEY_POLICIES,)
