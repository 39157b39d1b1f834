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
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
            "Condition": {
                "ArnEquals": {
                    "aws:SourceArn": "arn:aws:events:us-east-1:111122223333:rule/orders-created",
                },
            },
        },
        {
            "Sid": "AwsMessagingMcpSendFromS3Buckets111122223333",
            "Effect": "Allow",
            "Principal": {
                "Service": "s3.amazonaws.com",
            },
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
            "Condition": {
                "ArnEquals": {
                    "aws:SourceArn": "arn:aws:s3:::orders-uploads",
                },
                "StringEquals": {
                    "aws:SourceAccount": "111122223333",
                },
            },
        },
        {
            "Sid": "AwsMessagingMcpSendFromSnsTopics",
            "Effect": "Allow",
            "Principal": {
                "Service": "sns.amazonaws.com",
            },
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
            "Condition": {
                "ArnEquals": {
                    "aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:orders-events",
                },
            },
        },
        {
            "Sid": "AwsMessagingMcpSendFromPrincipals",
            "Effect": "Allow",
            "Principal": {
                "AWS": "arn:aws:iam::444455556666:role/partner-producer",
            },
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
        },
        {
            "Sid": "AwsMessagingMcpConsumers1",
            "Effect": "Allow",
            "Principal": {
                "AWS": "arn:aws:iam::111122223333:role/orders-worker",
            },
            "Action": [
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
            ],
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
        },
        {
            "Sid": "AwsMessagingMcpDenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sqs:*",
            "Resource": "arn:aws:sqs:us-east-1:111122223333:orders",
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "false",
                },
            },
        },
    ],
}

boto3.client("sqs", region_name="us-east-1").set_queue_attributes(
    QueueUrl="https://sqs.us-east-1.amazonaws.com/111122223333/orders",
    Attributes={"Policy": json.dumps(policy, separators=(",", ":"))},
)
