import json

import boto3

policy = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AwsMessagingMcpSendFromEventBridgeRules",
            "Effect": "Allow",
            "Principal": {
                "Service": "events.amazonaws.com",
            },
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders-rule-dlq",
            "Condition": {
                "ArnEquals": {
                    "aws:SourceArn": "arn:aws:events:us-east-1:111122223333:rule/orders-created",
                },
            },
        },
        {
            "Sid": "AwsMessagingMcpDenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sqs:*",
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders-rule-dlq",
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "false",
                },
            },
        },
    ],
}

boto3.client("sqs", region_name="us-east-1").set_queue_attributes(
    QueueUrl="https://sqs.us-east-1.amazonaws.com/111122223333/orders-rule-dlq",
    Attributes={"Policy": json.dumps(policy, separators=(",", ":"))},
)
