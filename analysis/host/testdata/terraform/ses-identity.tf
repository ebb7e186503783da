# An SES identity policy's Resource must name the identity it is attached
# to: a literal identity, an identity ARN, or a reference to an identity
# the module declares literally.

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_email_identity" "sender" {
  email = "sender@example.net"
}

resource "aws_ses_identity_policy" "literal" {
  identity = "example.com"
  name     = "literal"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:us-east-1:123456789012:identity/example.org" # want SES004
    }]
  })
}

resource "aws_sesv2_email_identity_policy" "by_reference" {
  email_identity = aws_ses_email_identity.sender.email
  policy_name    = "by_reference"
  policy         = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"ses:SendEmail\", \"Resource\": \"arn:aws:ses:us-east-1:123456789012:identity/other@example.net\"}]}" # want SES004
}

data "aws_iam_policy_document" "wrong_domain" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["arn:aws:ses:us-east-1:123456789012:identity/example.org"] # want SES004
    principals {
      type        = "AWS"
      identifiers = ["111122223333"]
    }
  }
}

resource "aws_ses_identity_policy" "from_document" {
  identity = aws_ses_domain_identity.main.arn
  name     = "from_document"
  policy   = data.aws_iam_policy_document.wrong_domain.json
}

# Quiet: the same identity (domains in any case), an identity filled in on
# deployment, and an identity argument that is not literal.
resource "aws_ses_identity_policy" "same" {
  identity = "arn:aws:ses:us-east-1:123456789012:identity/Example.com"
  name     = "same"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    }]
  })
}

resource "aws_ses_identity_policy" "filled_in" {
  identity = aws_ses_domain_identity.main.domain
  name     = "filled_in"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "ses:SendEmail"
      Resource  = "arn:aws:ses:us-east-1:123456789012:identity/${var.domain}"
    }]
  })
}

resource "aws_ses_identity_policy" "variable" {
  identity = var.domain
  name     = "variable"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "ses:SendEmail"
      Resource  = "arn:aws:ses:us-east-1:123456789012:identity/example.org"
    }]
  })
}
