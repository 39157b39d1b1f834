import json

import boto3

policy = {
    "Version": "2008-10-17",
    "Id": "__default_policy_ID",
    "Statement": [
        {
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {
                "AWS": "*",
            },
            "Action": [
                "SNS:GetTopicAttributes",
                "SNS:SetTopicAttributes",
                "SNS:AddPermission",
                "SNS:RemovePermission",
                "SNS:DeleteTopic",
                "SNS:Subscribe",
                "SNS:ListSubscriptionsByTopic",
                "SNS:Publish",
            ],
            "Resource": "arn:aws:sns:us-east-1:111122223333:orders-events",
            "Condition": {
                "StringEquals": {
                    "AWS:SourceOwner": "111122223333",
                },
            },
        },
        {
            "Sid": "AwsMessagingMcpConsumers1",
            "Effect": "Allow",
            "Principal": {
                "AWS": "arn:aws:iam::444455556666:root",
            },
            "Action": "sns:Subscribe",
            "Resource": "arn:aws:sns:us-east-1:111122223333:orders-events",
        },
        {
            "Sid": "AwsMessagingMcpDenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sns:Publish",
            "Resource": "arn:aws:sns:us-east-1:111122223333:orders-events",
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "false",
                },
            },
        },
    ],
}

boto3.client("sns", region_name="us-east-1").set_topic_attributes(
    TopicArn="arn:aws:sns:us-east-1:111122223333:orders-events",
    AttributeName="Policy",
    AttributeValue=json.dumps(policy, separators=(",", ":")),
)
