aws sqs set-queue-attributes \
  --region us-east-1 \
  --queue-url https://sqs.us-east-1.amazonaws.com/111122223333/orders-subscription-dlq \
  --attributes '{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AwsMessagingMcpSendFromSnsTopics\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:111122223333:orders-subscription-dlq\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:orders-events\"}}},{\"Sid\":\"AwsMessagingMcpDenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\"arn:aws:sqs:us-east-1:111122223333:orders-subscription-dlq\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"}'
