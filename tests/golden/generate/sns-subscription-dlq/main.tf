resource "aws_sqs_queue_policy" "orders_subscription_dlq" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/orders-subscription-dlq"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AwsMessagingMcpSendFromSnsTopics"
        Effect = "Allow"
        Principal = {
          Service = "sns.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = "arn:aws:sqs:us-east-1:111122223333:orders-subscription-dlq"
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = "arn:aws:sns:us-east-1:111122223333:orders-events"
          }
        }
      },
      {
        Sid       = "AwsMessagingMcpDenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "arn:aws:sqs:us-east-1:111122223333:orders-subscription-dlq"
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}
