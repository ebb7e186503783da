# AWS's documented policies in each Terraform shape, quiet: SES sending
# authorization (examples/ses-cross-account-sending-authorization.json) in
# an indented heredoc with interpolations in its identity ARN, the S3
# bucket policy for SES receiving (examples/s3-bucket-policy-ses-receiving.json)
# as a quoted JSON string, and the Pinpoint trust policy as an
# aws_iam_policy_document. Findings named are hints and infos: StringEquals
# on an ARN key (AWS writes it so), Pinpoint's end of support.

resource "aws_ses_identity_policy" "partner" {
  identity = aws_ses_domain_identity.example.arn
  name     = "partner"
  policy   = <<-EOT
    {
      "Id": "SendingAuthorizationForPartner",
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AuthorizePartnerToSendAsMarketing",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::444455556666:root"
          },
          "Action": [
            "ses:SendEmail",
            "ses:SendRawEmail"
          ],
          "Resource": "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${var.domain}",
          "Condition": {
            "StringLike": {
              "ses:FromAddress": "marketing+*@example.com"
            },
            "ForAllValues:StringLike": {
              "ses:Recipients": [
                "*@example.com",
                "*@example.org"
              ]
            },
            "DateLessThan": {
              "aws:CurrentTime": "2027-06-30T00:00:00Z"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_s3_bucket_policy" "receiving" {
  bucket = "amzn-s3-demo-bucket"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"AllowSESPuts\", \"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ses.amazonaws.com\"}, \"Action\": \"s3:PutObject\", \"Resource\": \"arn:aws:s3:::amzn-s3-demo-bucket/*\", \"Condition\": {\"StringEquals\": {\"AWS:SourceAccount\": \"123456789012\", \"AWS:SourceArn\": \"arn:aws:ses:us-east-1:123456789012:receipt-rule-set/inbound:receipt-rule/store\"}}}]}" # want CND005
}

data "aws_iam_policy_document" "pinpoint_trust" {
  statement {
    sid     = "AllowPinpoint"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["pinpoint.amazonaws.com"] # want PIN001
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "pinpoint" {
  assume_role_policy = data.aws_iam_policy_document.pinpoint_trust.json
}
