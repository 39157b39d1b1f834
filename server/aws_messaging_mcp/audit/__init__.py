"""Live, read-only audits of SQS queues and SNS topics.

The only package that talks to AWS, and the only one that imports boto3 and
botocore, which it does when an audit runs (`audit.queue.audit_queue`,
`audit.topic.audit_topic`), never at import. Importing this package or
`audit.models` costs only pydantic models.

    locate       queue URL or ARN, topic ARN -> where it is
    reader       guarded boto3 clients, bounded retries, the call log
    allowlist    the read operations an audit may call, enforced per client
    queue/topic  what is read, in which order
    snapshot     what was read; checks/ judge it, catalogue + checks.json
                 hold their ids, numbers and sources
    policy_review  the policy checker on the attached policy
"""
