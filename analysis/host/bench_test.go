package host

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/policyls/policyls/analysis/jsonsyntax"
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
			for i, p := range policies {
				policy.Analyze(p, policy.Options{Kind: benchKinds[i%2]})
			}
		}
	})
	mixed := mixedBenchTemplate(tmpl)
	b.Run(fmt.Sprintf("mixed-template-%dKB", len(mixed)>>10), func(b *testing.B) {
		b.SetBytes(int64(len(mixed)))
		for b.Loop() {
			f, ok := CloudFormation(mixed, true)
			if !ok || len(f.Policies) != 200 {
				b.Fatal("not read")
			}
			Analyze(mixed, f, policy.Options{})
		}
	})
	b.Run("mixed-line-scan-only", func(b *testing.B) {
		for b.Loop() {
			policyResourcesOnly(mixed)
		}
	})
	b.Run("yaml-parse-only", func(b *testing.B) {
		for b.Loop() {
			parseYAML(tmpl)
		}
	})
	b.Run("mixed-fast-read-only", func(b *testing.B) {
		b.SetBytes(int64(len(mixed)))
		for b.Loop() {
			if _, _, ok := readFastYAML(mixed); !ok {
				b.Fatal("the fast reader gave up")
			}
		}
	})
	b.Run("mixed-streamed-read-only", func(b *testing.B) {
		b.SetBytes(int64(len(mixed)))
		for b.Loop() {
			if f, read := readFastTemplate(mixed); !read || f == nil || len(f.Policies) != 200 {
				b.Fatal("the streamed read gave up")
			}
		}
	})
	b.Run("separate-parse-only", func(b *testing.B) {
		for b.Loop() {
			for _, p := range policies {
				jsonsyntax.Parse(p)
			}
		}
	})
	b.Run("mixed-go-yaml-only", func(b *testing.B) {
		b.SetBytes(int64(len(mixed)))
		for b.Loop() {
			if _, _, err := parseYAMLOf(mixed, mixed, lineStarts(mixed)); err != nil {
				b.Fatal(err.Message)
			}
		}
	})
}

// mixedBenchTemplate is tmpl with resources that hold no policy added until
// it is about 1 MB (the size): Lambda functions with environment
// variables and S3 buckets with tags, as real templates have beside their
// roles.
func mixedBenchTemplate(tmpl []byte) []byte {
	var b strings.Builder
	b.Write(tmpl)
	for i := 0; b.Len() < 1000<<10; i++ {
		fmt.Fprintf(&b, `  Function%d:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role%d.Arn
      Timeout: 30
      Environment:
        Variables:
          TABLE: orders-%d
          SENDER: noreply@example.com
      Code:
        ZipFile: |
          import boto3
          def handler(event, context):
              return {"statusCode": 200}
  Bucket%d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "mail-archive-${AWS::AccountId}-%d"
      Tags:
        - Key: team
          Value: mail
`, i, i%100, i, i, i)
	}
	return []byte(b.String())
}

// benchKinds are the kinds the template gives benchTemplate's policies, in
// their order (a role's trust policy, then its permission policy): the
// separate analyses run the same rules as the template's.
var benchKinds = [2]policy.Kind{policy.KindTrust, policy.KindIAMIdentity}

// BenchmarkTemplateRatio measures the ratio with the template's
// analysis and the separate analyses of its policies interleaved, so load
// from other work on a shared machine weighs on both alike: x-separate is
// the template's time over the separate documents' time. Each op is
// ratioBlock analyses of the template, then ratioBlock rounds of the
// separate analyses: the collector's work that one side's garbage starts
// and the other side pays is then a small part of a block (interleaving
// single analyses charged the separate side for much of the template's
// garbage, flattering the ratio by a tenth or more).
func BenchmarkTemplateRatio(b *testing.B) {
	const ratioBlock = 20
	tmpl, policies := benchTemplate(100)
	for _, tc := range []struct {
		name string
		src  []byte
	}{{"572KB", tmpl}, {"1MB-mixed", mixedBenchTemplate(tmpl)}} {
		b.Run(tc.name, func(b *testing.B) {
			var inTemplate, separate time.Duration
			for b.Loop() {
				start := time.Now()
				for range ratioBlock {
					f, ok := CloudFormation(tc.src, true)
					if !ok || len(f.Policies) != 200 {
						b.Fatal("not read")
					}
					Analyze(tc.src, f, policy.Options{})
				}
				mid := time.Now()
				for range ratioBlock {
					for i, p := range policies {
						policy.Analyze(p, policy.Options{Kind: benchKinds[i%2]})
					}
				}
				inTemplate += mid.Sub(start)
				separate += time.Since(mid)
			}
			n := float64(b.N * ratioBlock)
			b.ReportMetric(float64(inTemplate)/float64(separate), "x-separate")
			b.ReportMetric(float64(inTemplate.Microseconds())/1000/n, "template-ms/op")
			b.ReportMetric(float64(separate.Microseconds())/1000/n, "separate-ms/op")
		})
	}
}
