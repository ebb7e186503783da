# The role Amazon Pinpoint assumes to send email through Amazon SES: AWS's
# documented trust policy and SES permission policy (see
# pinpoint-trust-policy.json and pinpoint-ses-permission-policy.json), with
# the partition, region and account filled in by Terraform.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

resource "aws_iam_role" "pinpoint_email" {
  name = "PinpointEmailRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowPinpoint"
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}

resource "aws_iam_role_policy" "pinpoint_uses_ses" {
  name = "PinpointUsesSESForEmailSends"
  role = aws_iam_role.pinpoint_email.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "PinpointUsesSESForEmailSends"
      Effect = "Allow"
      Action = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [
        "arn:${data.aws_partition.current.partition}:ses:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:identity/*",
        "arn:${data.aws_partition.current.partition}:ses:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:configuration-set/*",
      ]
    }]
  })
}
