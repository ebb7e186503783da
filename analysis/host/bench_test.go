package host

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// benchTemplate is a YAML template of n roles, each with a trust policy and
// a permission policy of several statements (2n policies), and the same
// policies as JSON documents.
func benchTemplate(n int) (template []byte, policies [][]byte) {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
	for i := range n {
		fmt.Fprintf(&b, `  Role%d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: pinpoint.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:SourceAccount: "123456789012"
      Policies:
        - PolicyName: Send%d
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
`, i, i)
		for j := range 12 {
			fmt.Fprintf(&b, `              - Sid: Send%d
                Effect: Allow
                Action:
                  - ses:SendEmail
                  - ses:SendRawEmail
                Resource:
                  - arn:aws:ses:us-east-1:123456789012:identity/example%d.com
                  - arn:aws:ses:us-east-1:123456789012:configuration-set/*
                Condition:
                  StringEquals:
                    ses:FromAddress: noreply@example%d.com
`, j, j, j)
		}
		trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pinpoint.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}`
		var st []string
		for j := range 12 {
			st = append(st, fmt.Sprintf(`{"Sid": "Send%d", "Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": ["arn:aws:ses:us-east-1:123456789012:identity/example%d.com", "arn:aws:ses:us-east-1:123456789012:configuration-set/*"], "Condition": {"StringEquals": {"ses:FromAddress": "noreply@example%d.com"}}}`, j, j, j))
		}
		perm := `{"Version": "2012-10-17", "Statement": [` + strings.Join(st, ", ") + `]}`
		policies = append(policies, []byte(trust), []byte(perm))
	}
	return []byte(b.String()), policies
}

// BenchmarkTemplate compares the analysis of a template of 200 policies
// (100 roles; about 0.5 MB of YAML) with the analysis of the same policies
// as separate JSON documents (issue: at most 1.5x).
func BenchmarkTemplate(b *testing.B) {
	tmpl, policies := benchTemplate(100)
	b.Run(fmt.Sprintf("template-%dKB", len(tmpl)>>10), func(b *testing.B) {
		b.SetBytes(int64(len(tmpl)))
		for b.Loop() {
			f, ok := CloudFormation(tmpl, true)
			if !ok || len(f.Policies) != 200 {
				b.Fatal("not read")
			}
			Analyze(tmpl, f, policy.Options{})
		}
	})
	b.Run("separate-policies", func(b *testing.B) {
		for b.Loop() {
			for _, p := range policies {
				policy.Analyze(p, policy.Options{Kind: ""})
			}
		}
	})
	b.Run("yaml-parse-only", func(b *testing.B) {
		for b.Loop() {
			parseYAML(tmpl)
		}
	})
}
