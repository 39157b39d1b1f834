resource "aws_sqs_queue_policy" "uploads" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/111122223333/uploads"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AwsMessagingMcpSendFromS3Buckets111122223333"
        Effect = "Allow"
        Principal = {
          Service = "s3.amazonaws.com"
        }
        Action   = "sqs:SendMessage"
        Resource = "arn:aws:sqs:us-east-1:111122223333:uploads"
        Condition = {
          ArnEquals = {
            "aws:SourceArn" = "arn:aws:s3:::orders-uploads"
          }
          StringEquals = {
            "aws:SourceAccount" = "111122223333"
          }
        }
      },
      {
        Sid       = "AwsMessagingMcpDenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "arn:aws:sqs:us-east-1:111122223333:uploads"
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
}
