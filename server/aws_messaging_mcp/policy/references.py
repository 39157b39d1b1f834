"""The AWS documentation pages the rules cite, one name each."""

IAM_GUIDE = "https://docs.aws.amazon.com/IAM/latest/UserGuide"
GRAMMAR = f"{IAM_GUIDE}/reference_policies_grammar.html"
ELEMENTS = f"{IAM_GUIDE}/reference_policies_elements.html"
VERSION = f"{IAM_GUIDE}/reference_policies_elements_version.html"
SID = f"{IAM_GUIDE}/reference_policies_elements_sid.html"
EFFECT = f"{IAM_GUIDE}/reference_policies_elements_effect.html"
PRINCIPAL = f"{IAM_GUIDE}/reference_policies_elements_principal.html"
NOT_PRINCIPAL = f"{IAM_GUIDE}/reference_policies_elements_notprincipal.html"
ACTION = f"{IAM_GUIDE}/reference_policies_elements_action.html"
RESOURCE = f"{IAM_GUIDE}/reference_policies_elements_resource.html"
CONDITION = f"{IAM_GUIDE}/reference_policies_elements_condition.html"
OPERATORS = f"{IAM_GUIDE}/reference_policies_elements_condition_operators.html"
MULTIVALUED = (
    f"{IAM_GUIDE}/reference_policies_condition-single-vs-multi-valued-context-keys.html"
)
GLOBAL_KEYS = f"{IAM_GUIDE}/reference_policies_condition-keys.html"
CONFUSED_DEPUTY = f"{IAM_GUIDE}/confused-deputy.html"
CROSS_ACCOUNT = f"{IAM_GUIDE}/access_policies-cross-account-resource-access.html"
SERVICE_AUTHORIZATION = (
    "https://docs.aws.amazon.com/service-authorization/latest/reference/"
    "reference_policies_actions-resources-contextkeys.html"
)
SQS_GUIDE = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide"
SQS_QUOTAS = f"{SQS_GUIDE}/quotas-policies.html"
SQS_BEST_PRACTICES = f"{SQS_GUIDE}/sqs-security-best-practices.html"
SNS_PERMISSIONS = (
    "https://docs.aws.amazon.com/sns/latest/dg/"
    "sns-access-policy-language-api-permissions-reference.html"
)
SNS_USE_CASES = (
    "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html"
)
SNS_DLQ = (
    "https://docs.aws.amazon.com/sns/latest/dg/sns-configure-dead-letter-queue.html"
)
EVENTBRIDGE_RESOURCE_POLICIES = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html"
EVENTBRIDGE_BUS_PERMISSIONS = (
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html"
)
EVENTBRIDGE_DLQ = (
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html"
)
S3_NOTIFICATION_PERMISSIONS = (
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
    "grant-destinations-permissions-to-s3.html"
)
KMS_KEY_POLICIES = (
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"
)
SNS_KEY_MANAGEMENT = "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"
EVENTBRIDGE_BUS_KEY_POLICY = (
    "https://docs.aws.amazon.com/eventbridge/latest/userguide/"
    "eb-encryption-key-policy.html"
)
