resource "aws_sns_topic_policy" "alerts" {
  arn = "arn:aws:sns:us-east-1:111122223333:alerts"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AwsMessagingMcpPublishFromEventBridgeRules"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sns:Publish"
        Resource = "arn:aws:sns:us-east-1:111122223333:alerts"
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = "arn:aws:events:us-east-1:111122223333:rule/orders-failed"
          }
        }
      },
      {
        Sid       = "AwsMessagingMcpDenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = "arn:aws:sns:us-east-1:111122223333:alerts"
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}
