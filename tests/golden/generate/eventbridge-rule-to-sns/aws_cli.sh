aws sns set-topic-attributes \
  --region us-east-1 \
  --topic-arn arn:aws:sns:us-east-1:111122223333:alerts \
  --attribute-name Policy \
  --attribute-value '{"Version":"2012-10-17","Statement":[{"Sid":"AwsMessagingMcpPublishFromEventBridgeRules","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:alerts","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/orders-failed"}}},{"Sid":"AwsMessagingMcpDenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:alerts","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'
