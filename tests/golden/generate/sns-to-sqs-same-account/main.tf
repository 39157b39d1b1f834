resource "aws_sqs_queue_policy" "orders" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/orders"
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
        Resource = "arn:aws:sqs:us-east-1:111122223333:orders"
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = "arn:aws:sns:us-east-1:111122223333:orders-events"
          }
        }
      },
      {
        Sid    = "AwsMessagingMcpConsumers1"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:role/orders-worker"
        }
        Action = [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ]
        Resource = "arn:aws:sqs:us-east-1:111122223333:orders"
      },
      {
        Sid       = "AwsMessagingMcpDenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "arn:aws:sqs:us-east-1:111122223333:orders"
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}
