aws sns set-topic-attributes \
  --region us-east-1 \
  --topic-arn arn:aws:sns:us-east-1:111122223333:alerts \
  --attribute-name Policy \
  --attribute-value '{"Version":"2012-10-17","Statement":[{"Sid":"AwsMessagingMcpPublishFromCloudWatchAlarms","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:alerts","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:orders-*"}}},{"Sid":"AwsMessagingMcpDenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:alerts","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'
