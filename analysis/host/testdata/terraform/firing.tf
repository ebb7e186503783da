resource "aws_iam_role" "pinpoint" {
  name = "pinpoint-ses"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" } # want TRUST007 PIN001
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.pinpoint.id
  policy = jsonencode({
    "Version" = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmal", "ses:SendRawEmail"] # want ACT002
      Resource = "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${var.domain}" # want SES008
    }]
  })
}

resource "aws_iam_policy" "heredoc" { # want@29 ACT002
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::${var.bucket}/*"}]
    }
  EOT
}

resource "aws_iam_policy" "quoted" {
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObjects\", \"Resource\": \"*\"}, {\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"${aws_s3_bucket.b.arn}/*\"}]}" # want ACT002
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"] # want TRUST007
    }
    condition {
      test     = "StringEqual" # want CND001
      variable = "aws:SourceAccount"
      values   = [var.account]
    }
  }
}

resource "aws_iam_role" "from_document" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

# Interpolations, references, function calls and for expressions are holes:
# only their literal parts are checked.
resource "aws_sqs_queue_policy" "holes" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = var.effect
      Principal = { AWS = [for a in var.accounts : "arn:aws:iam::${a}:root"] }
      Action    = concat(["sqs:SendMessage"], var.more_actions)
      Resource  = "${aws_sqs_queue.q.arn}"
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.t.arn } }
    }, {
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessages" # want ACT002
      Resource  = aws_sqs_queue.q.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.t.arn } }
    }]
  })
}
