aws sns set-topic-attributes \
  --region us-east-1 \
  --topic-arn arn:aws:sns:us-east-1:111122223333:uploads \
  --attribute-name Policy \
  --attribute-value '{"Version":"2012-10-17","Statement":[{"Sid":"AwsMessagingMcpPublishFromS3Buckets111122223333","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:uploads","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::orders-uploads"},"StringEquals":{"aws:SourceAccount":"111122223333"}}},{"Sid":"AwsMessagingMcpDenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:uploads","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'
