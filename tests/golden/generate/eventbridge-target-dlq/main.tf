resource "aws_sqs_queue_policy" "orders_rule_dlq" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/orders-rule-dlq"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AwsMessagingMcpSendFromEventBridgeRules"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = "arn:aws:sqs:us-east-1:111122223333:orders-rule-dlq"
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = "arn:aws:events:us-east-1:111122223333:rule/orders-created"
          }
        }
      },
      {
        Sid       = "AwsMessagingMcpDenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "arn:aws:sqs:us-east-1:111122223333:orders-rule-dlq"
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}
