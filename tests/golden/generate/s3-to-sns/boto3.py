import json

import boto3

policy = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AwsMessagingMcpPublishFromS3Buckets111122223333",
            "Effect": "Allow",
            "Principal": {
                "Service": "s3.amazonaws.com",
            },
            "Action": "sns:Publish",
            "Resource": "arn:aws:sns:us-east-1:111122223333:uploads",
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
            "Sid": "AwsMessagingMcpDenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sns:Publish",
            "Resource": "arn:aws:sns:us-east-1:111122223333:uploads",
            "Condition": {
                "Bool": {
                    "aws:SecureTransport": "false",
                },
            },
        },
    ],
}

boto3.client("sns", region_name="us-east-1").set_topic_attributes(
    TopicArn="arn:aws:sns:us-east-1:111122223333:uploads",
    AttributeName="Policy",
    AttributeValue=json.dumps(policy, separators=(",", ":")),
)
