# Fixes that add or remove members, in each shape.

resource "aws_iam_policy" "no_version" {
  policy = jsonencode({ # want POL003
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "no_version_one_line" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] }) # want POL003
}

resource "aws_iam_policy" "principal" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" } # want IAM003 (the account)
      Action    = "ses:SendEmail"
      Resource  = "*"
    }]
  })
}

resource "aws_iam_policy" "principal_one_line" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*", Principal = "*" }] }) # want IAM003
}

resource "aws_iam_policy" "principal_first" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Principal = "*", Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] }) # want IAM003
}

resource "aws_iam_policy" "principal_last_multi_line" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "*"
      Principal = { # want IAM003
        AWS = "arn:aws:iam::111122223333:root"
      }
    }]
  })
}

resource "aws_iam_role" "trust" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect       = "Allow",
      Principal    = { AWS = "arn:aws:iam::111122223333:root" },
      NotPrincipal = { AWS = "arn:aws:iam::111122223333:user/Bob" }, # want POL013 TRUST003
      Action       = "sts:AssumeRole",
      Resource     = "*", # want TRUST002
    }]
  })
}

# want@67 POL003
resource "aws_iam_policy" "heredoc" { # want@70 IAM003
  policy = <<-EOT
    {
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "ses:SendEmail",
        "Resource": "*"
      }]
    }
  EOT
}

resource "aws_iam_policy" "quoted" {
  policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]}" # want IAM003 POL003
}

data "aws_iam_policy_document" "identity" {
  statement {
    sid     = "Send"
    actions = ["ses:SendEmail"]
    principals { # want IAM003
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "document_trust" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["*"] # want TRUST002
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    not_principals { # want POL013 TRUST003
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:user/Bob"]
    }
  }
}

resource "aws_iam_role" "service_trust" {
  assume_role_policy = data.aws_iam_policy_document.service_trust.json
}

data "aws_iam_policy_document" "service_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"] # want TRUST007
    }
  }
}

resource "aws_iam_policy" "ses_identity_only" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = "arn:aws:ses:eu-west-1:111122223333:identity/example.com" # want SES008
    }]
  })
}

resource "aws_iam_policy" "ses_identity_list" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource = [ # want SES008
        "arn:aws:ses:eu-west-1:111122223333:identity/example.com",
      ]
    }]
  })
}

resource "aws_iam_role" "pods" {
  assume_role_policy = data.aws_iam_policy_document.pods.json
}

data "aws_iam_policy_document" "pods" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"] # want TRUST011
    }
  }
}

resource "aws_iam_policy" "mfa_two_keys" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:ListMFADevices", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = {
        Bool = {
          "aws:MultiFactorAuthPresent" = "false" # want CND014
          "aws:ViaAWSService"          = "false"
        }
      }
    }]
  })
}

resource "aws_iam_policy" "mfa_one_key" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:ListMFADevices", "sts:GetSessionToken"]
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } # want CND014
    }]
  })
}

data "aws_iam_policy_document" "mfa" {
  statement {
    effect      = "Deny"
    not_actions = ["iam:ListMFADevices", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent" # want CND014
      values   = ["false"]
    }
  }
}
