"""Generating queue and topic policies that are least privilege by construction.

    integrations.json / integrations.py   facts: principals, actions, key needs
    models.py      the public inputs and outputs
    sources.py     checking the input; resolving it into grants
    statements.py  grants grouped into statements, each with a stable Sid
    merge.py       merging into an existing policy, idempotently
    quotas.py      refusing a policy the service would reject for its size
    kms.py         key policy statements and notes for SSE-KMS
    terraform.py   JSON values as HCL
    formats.py     CloudFormation, Terraform, AWS CLI and boto3 renderings
    generator.py   the entry points: generate_queue_policy, generate_topic_policy

This package imports nothing on its own, so that the MCP server can load the
models at start-up without the generator behind them.
"""
