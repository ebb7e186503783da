package host

import (
	"bytes"
	"strings"

	"github.com/policyls/policyls/analysis/policy"
)

// PinpointRoleTerraform is the Amazon Pinpoint email sending role in
// Terraform: AWS's documented trust policy (with aws:SourceAccount) and SES
// permission policy, as examples/pinpoint-email-role.tf ends (a test keeps
// the two the same).
const PinpointRoleTerraform = `data "aws_caller_identity" "current" {}
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
`

// InsertPinpointRoleTerraform returns the edit that appends the Pinpoint
// role to a .tf file, leaving out the data sources the file or the other
// files of its module already declare (a second declaration is an error);
// ok is false when the role's resources are already there.
func InsertPinpointRoleTerraform(src []byte, module ...[]byte) (policy.Edit, bool) {
	all := append([][]byte{src}, module...)
	declared := func(header string) bool {
		for _, f := range all {
			if bytes.Contains(f, []byte(header)) {
				return true
			}
		}
		return false
	}
	if declared(`resource "aws_iam_role" "pinpoint_email"`) || declared(`resource "aws_iam_role_policy" "pinpoint_uses_ses"`) {
		return policy.Edit{}, false
	}
	var b strings.Builder
	if len(src) > 0 && !bytes.HasSuffix(src, []byte("\n")) {
		b.WriteString("\n")
	}
	if len(src) > 0 {
		b.WriteString("\n")
	}
	for _, line := range strings.SplitAfter(PinpointRoleTerraform, "\n") {
		if strings.HasPrefix(line, "data ") && declared(strings.TrimSuffix(strings.TrimSpace(line), " {}")) {
			continue
		}
		b.WriteString(line)
	}
	return policy.Edit{Start: len(src), End: len(src), NewText: b.String()}, true
}
