package host

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// mfaTemplate is a Deny without MFA whose Condition's operators are
// CONDITION.
const mfaTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Mfa:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
CONDITION
`

// TestBoolIfExistsInYAML: CND014's "Change to BoolIfExists" moves the
// MFA key out of a Bool block shared with another key: in YAML block style
// the key's line goes, and the key is written as a line under a new
// BoolIfExists mapping (its value as YAML, at the template's indentation)
// or under the existing one; the fixed template parses and has no CND014.
func TestBoolIfExistsInYAML(t *testing.T) {
	for _, tc := range []struct{ name, condition, want string }{
		{
			"a new block, Bool last",
			`
              Bool:
                aws:SecureTransport: "true"
                aws:MultiFactorAuthPresent: "false"`,
			`
              Bool:
                aws:SecureTransport: "true"
              BoolIfExists:
                aws:MultiFactorAuthPresent: "false"`,
		},
		{
			"a new block, another operator last, a comment",
			`
              Bool:
                aws:MultiFactorAuthPresent: 'false'   # why
                aws:SecureTransport: "true"
              StringEquals:
                aws:PrincipalAccount: "111122223333"`,
			`
              Bool:
                aws:SecureTransport: "true"
              StringEquals:
                aws:PrincipalAccount: "111122223333"
              BoolIfExists:
                aws:MultiFactorAuthPresent: "false"`,
		},
		{
			"the existing block, after Bool",
			`
              Bool:
                aws:MultiFactorAuthPresent: "false"
                aws:SecureTransport: "true"
              BoolIfExists:
                aws:ViaAWSService: "true"`,
			`
              Bool:
                aws:SecureTransport: "true"
              BoolIfExists:
                aws:ViaAWSService: "true"
                aws:MultiFactorAuthPresent: "false"`,
		},
		{
			"the existing block just before Bool, which goes",
			`
              BoolIfExists:
                aws:SecureTransport: "true"
              Bool:
                aws:MultiFactorAuthPresent:
                  - "false"`,
			`
              BoolIfExists:
                aws:SecureTransport: "true"
                aws:MultiFactorAuthPresent: ["false"]`,
		},
		{
			"four spaces a level",
			`
                Bool:
                    aws:SecureTransport: "true"
                    aws:MultiFactorAuthPresent: "false"`,
			`
                Bool:
                    aws:SecureTransport: "true"
                BoolIfExists:
                    aws:MultiFactorAuthPresent: "false"`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(mfaTemplate, "\nCONDITION", tc.condition, 1)
			f, ok := CloudFormation([]byte(src), true)
			if !ok || len(f.Errors) > 0 {
				t.Fatalf("the template does not parse: %v", f.Errors)
			}
			var fixes []policy.Fix
			for _, d := range Analyze([]byte(src), f, policy.Options{}).Diagnostics {
				for _, fix := range d.Fixes {
					if d.Code == policy.RuleMFABool && fix.Title == `Change to "BoolIfExists"` {
						fixes = append(fixes, fix)
					}
				}
			}
			if len(fixes) != 1 {
				t.Fatalf("%d fixes, want 1", len(fixes))
			}
			out, err := policy.ApplyEdits([]byte(src), fixes[0].Edits)
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Replace(mfaTemplate, "\nCONDITION", tc.want, 1); string(out) != want {
				t.Fatalf("fixed:\n%s\nwant:\n%s", out, want)
			}
			f, ok = CloudFormation(out, true)
			if !ok || len(f.Errors) > 0 {
				t.Fatalf("the fixed template does not parse: %v", f.Errors)
			}
			for _, d := range Analyze(out, f, policy.Options{}).Diagnostics {
				if d.Code == policy.RuleMFABool {
					t.Errorf("still %s: %s", d.Code, d.Message)
				}
			}
		})
	}
}
