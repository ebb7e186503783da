package host

import (
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// PinpointRoleYAML is the Amazon Pinpoint email sending role as a YAML
// template resource: AWS's documented trust policy (tied to the stack's
// account) and SES permission policy, with partition, region and account
// from the stack. examples/pinpoint-email-role.yaml holds the same text.
const PinpointRoleYAML = `PinpointEmailRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Sid: AllowPinpoint
          Effect: Allow
          Principal:
            Service: pinpoint.amazonaws.com
          Action: sts:AssumeRole
          Condition:
            StringEquals:
              aws:SourceAccount: !Ref AWS::AccountId
    Policies:
      - PolicyName: PinpointUsesSESForEmailSends
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Sid: PinpointUsesSESForEmailSends
              Effect: Allow
              Action:
                - ses:SendEmail
                - ses:SendRawEmail
              Resource:
                - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*
                - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/*
`

// InsertPinpointRole is the edit that adds the Pinpoint email sending role
// at the end of a YAML template's block-style Resources, indented as its
// resources are, with the template's line breaks; false for JSON
// templates, flow-style or empty Resources.
func (r *Result) InsertPinpointRole(src []byte) (policy.Edit, bool) {
	res := r.resources
	if r.syntax != YAML || res == nil || res.Kind != jsonsyntax.Object || len(res.Members) == 0 || res.End > len(src) {
		return policy.Edit{}, false
	}
	first := res.Members[0].Key.Start
	lineStart := first
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	indent := string(src[lineStart:first])
	if strings.TrimLeft(indent, " ") != "" || indent == "" {
		return policy.Edit{}, false // not a block mapping on lines of its own
	}
	name := "PinpointEmailRole"
	for i := 2; member(res, name) != nil; i++ {
		name = "PinpointEmailRole" + strconv.Itoa(i)
	}
	nl := "\n"
	if strings.Contains(string(src), "\r\n") {
		nl = "\r\n"
	}
	var b strings.Builder
	text := strings.Replace(PinpointRoleYAML, "PinpointEmailRole:", name+":", 1)
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		b.WriteString(nl + indent + line)
	}
	// After the last line of Resources.
	at := res.End
	for at < len(src) && src[at] != '\n' && src[at] != '\r' {
		at++
	}
	return policy.Edit{Start: at, End: at, NewText: b.String()}, true
}
