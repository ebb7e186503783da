package host

import (
	"bytes"
	"regexp"
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
	return appendTerraform(src, module, PinpointRoleTerraform, `resource "aws_iam_role" "pinpoint_email"`, `resource "aws_iam_role_policy" "pinpoint_uses_ses"`)
}

// PinpointIdentityPolicyTerraform is the SES identity policy (sending
// authorization) that lets Amazon Pinpoint send from an identity, as the
// Pinpoint developer guide gives it (pinpoint.amazonaws.com, tied to the
// account by aws:SourceAccount and to its projects by aws:SourceArn),
// limited to the sending actions. IDENTITY and RESOURCE are filled in by
// InsertPinpointIdentityPolicyTerraform.
const PinpointIdentityPolicyTerraform = `data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

resource "aws_ses_identity_policy" "pinpoint_sending" {
  identity = IDENTITY
  name     = "PinpointSendingAuthorization"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PinpointSendsFromIdentity"
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = RESOURCE
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:mobiletargeting:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:apps/*" }
      }
    }]
  })
}
`

var identityResource = regexp.MustCompile(`resource\s+"(aws_ses_domain_identity|aws_ses_email_identity|aws_sesv2_email_identity)"\s+"([A-Za-z0-9_-]+)"`)

// InsertPinpointIdentityPolicyTerraform returns the edit that appends the
// SES identity policy letting Amazon Pinpoint send from an identity: the
// identity the module declares when it declares one (its ARN), else
// example.com for the user to replace. Data sources already declared are
// left out; ok is false when the policy is already there.
func InsertPinpointIdentityPolicyTerraform(src []byte, module ...[]byte) (policy.Edit, bool) {
	identities := map[string]bool{}
	for _, f := range append([][]byte{src}, module...) {
		for _, m := range identityResource.FindAllSubmatch(f, -1) {
			identities[string(m[1])+"."+string(m[2])] = true
		}
	}
	identity := `"example.com" # the verified identity Pinpoint sends from`
	resource := `"arn:${data.aws_partition.current.partition}:ses:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:identity/example.com"`
	if len(identities) == 1 {
		for address := range identities {
			identity, resource = address+".arn", address+".arn"
		}
	}
	text := strings.NewReplacer("IDENTITY", identity, "RESOURCE", resource).Replace(PinpointIdentityPolicyTerraform)
	return appendTerraform(src, module, text, `resource "aws_ses_identity_policy" "pinpoint_sending"`)
}

// appendTerraform is the edit that appends text to a .tf file, without its
// data source lines the module already declares; ok is false when one of
// the resources (headers) is already declared.
func appendTerraform(src []byte, module [][]byte, text string, headers ...string) (policy.Edit, bool) {
	all := append([][]byte{src}, module...)
	declared := func(header string) bool {
		for _, f := range all {
			if bytes.Contains(f, []byte(header)) {
				return true
			}
		}
		return false
	}
	for _, h := range headers {
		if declared(h) {
			return policy.Edit{}, false
		}
	}
	var b strings.Builder
	if len(src) > 0 && !bytes.HasSuffix(src, []byte("\n")) {
		b.WriteString("\n")
	}
	if len(src) > 0 {
		b.WriteString("\n")
	}
	written := false
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(line, "data ") && declared(strings.TrimSuffix(strings.TrimSpace(line), " {}")) || !written && strings.TrimSpace(line) == "" {
			continue // declared already, or the blank line after data sources all left out
		}
		written = true
		b.WriteString(line)
	}
	return policy.Edit{Start: len(src), End: len(src), NewText: b.String()}, true
}
