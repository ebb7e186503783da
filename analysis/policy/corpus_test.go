package policy

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCleanExamples: the policies in examples/ follow AWS's published
// examples (placeholders filled in) and must produce no error and no
// warning. A false positive on AWS's own examples is the worst thing a
// checker can do.
func TestCleanExamples(t *testing.T) {
	wantKind := map[string]Kind{
		"pinpoint-ses-permission-policy.json":              KindIAMIdentity,
		"pinpoint-trust-policy.json":                       KindTrust,
		"rcp-identity-perimeter.json":                      KindRCP,
		"rcp-network-perimeter.json":                       KindRCP,
		"ses-identity-policy.json":                         KindSESIdentity,
		"ses-cross-account-sending-authorization.json":     KindSESIdentity,
		"ses-service-principal-sending-authorization.json": KindSESIdentity,
		"ses-iam-send-from-one-address.json":               KindIAMIdentity,
		"trust-github-actions-oidc.json":                   KindTrust,
		"trust-ses-event-publishing.json":                  KindTrust,
		"s3-bucket-policy-ses-receiving.json":              KindUnknown,
		"aws-load-balancer-controller.json":                KindIAMIdentity,
		"ssm-aws-owned-resources.json":                     KindIAMIdentity,
		"pinpoint-ses-identity-policy.json":                KindSESIdentity,
		"kms-default-key-policy.json":                      KindUnknown,
		"vpc-endpoint-data-perimeter.json":                 KindUnknown,
		"s3-delegate-to-access-points.json":                KindUnknown,
	}
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	if err != nil || len(paths) != len(wantKind) {
		t.Fatalf("examples: %d files (%v), want %d; list every example here with its kind", len(paths), err, len(wantKind))
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "examples", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		name := filepath.Base(path)
		if !strings.Contains(string(readme), "`"+name+"`") {
			t.Errorf("examples/README.md does not describe %s", name)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		res := Analyze(src, Options{})
		if !res.IsPolicy || res.Kind != wantKind[name] {
			t.Errorf("%s: IsPolicy=%v kind=%s, want a %s policy", name, res.IsPolicy, res.Kind, wantKind[name])
		}
		for _, d := range res.Diagnostics {
			if d.Severity <= SeverityWarning {
				t.Errorf("%s: unexpected %s %s: %s", name, d.Severity, d.Code, d.Message)
			}
		}
	}
}

// TestOneDefectVariants: each example with one typical mistake put in is
// caught by the right rule on the right line.
func TestOneDefectVariants(t *testing.T) {
	tests := []struct {
		file, from, to string
		code           string
		line           int
	}{
		{"pinpoint-trust-policy.json", `"pinpoint.amazonaws.com"`, `"pinpoint.amazon.com"`, RuleServicePrincipal, 8},
		{"pinpoint-trust-policy.json", `"123456789012"`, `"accountId"`, RulePlaceholder, 13},
		{"pinpoint-trust-policy.json", `"StringEquals"`, `"StringNotEquals"`, RuleConfusedDeputy, 8},
		{"pinpoint-trust-policy.json", `"sts:AssumeRole"`, `"sts:AssumeRoleWithSAML"`, RuleTrustMismatch, 10},
		{"pinpoint-ses-permission-policy.json", `"ses:SendRawEmail"`, `"ses:SendRawEmial"`, RuleActionUnknown, 9},
		{"pinpoint-ses-permission-policy.json", `"arn:aws:ses:us-east-1:123456789012:identity/*"`, `"arn:partition:ses:region:accountId:identity/*"`, RulePlaceholder, 12},
		{"pinpoint-ses-permission-policy.json", `,
        "arn:aws:ses:us-east-1:123456789012:configuration-set/*"`, ``, RuleSESSendPath, 11},
		{"ses-identity-policy.json", `"Effect": "Allow"`, `"Effect": "allow"`, RuleBadEffect, 7},
		{"ses-identity-policy.json", `"ses:ListRecommendations"`, `"ses:CreateConfigurationSet"`, RuleSESAction, 17},
		{"ses-identity-policy.json", `identity/example.com`, `configuration-set/main`, RuleSESResource, 8},
		{"ses-cross-account-sending-authorization.json", `"ForAllValues:StringLike"`, `"StringLike"`, RuleQualifier, 21},
		{"ses-cross-account-sending-authorization.json", `"StringLike": {
          "ses:FromAddress"`, `"StringEquals": {
          "ses:FromAddress"`, RuleWildcardNoLike, 18},
		{"ses-cross-account-sending-authorization.json", `"2027-06-30T00:00:00Z"`, `"end of June"`, RuleConditionValue, 27},
		{"ses-cross-account-sending-authorization.json", `"aws:CurrentTime"`, `"aws:RequestedRegion"`, RuleSESConditionKey, 27},
		{"ses-service-principal-sending-authorization.json", `"ArnLike"`, `"ArnLik"`, RuleOperatorUnknown, 19},
		{"ses-iam-send-from-one-address.json", `"ses:SendTemplatedEmail"`, `"ses:SendTemplatedEmail",
        "ses:ListIdentities"`, RuleActionResource, 11},
		{"ses-iam-send-from-one-address.json", `"ses:GetSendQuota"`, `"ses:GetSendQuota",
        "iam:PassRole"`, RulePassRole, 32},
		{"trust-github-actions-oidc.json", `"sts:AssumeRoleWithWebIdentity"`, `"sts:AssumeRole"`, RuleTrustMismatch, 10},
		{"aws-load-balancer-controller.json", `"arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*"`, `"arn:aws:elasticloadbalancing:*:*:listener-rules/app/*/*/*"`, RuleARNNoType, 180},
		{"aws-load-balancer-controller.json", `"arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"
    }`, `"arn:aws:lambda:*:*:function:*"
    }`, RuleActionResource, 230},
		{"ssm-aws-owned-resources.json", `"arn:aws:ssm:*::parameter/aws/service/*"`, `"arn:aws:sqs:*::parameter/aws/service/*"`, RuleARNNoType, 33},
		{"ssm-aws-owned-resources.json", `"arn:aws:iam::aws:policy/*"`, `"arn:aws:iam::aws:role/*"`, RuleActionResource, 55},
		{"pinpoint-ses-identity-policy.json", `"StringLike"`, `"StringEquals"`, RuleWildcardNoLike, 17},
		{"pinpoint-ses-identity-policy.json", `"ses:*"`, `"ses:PutConfigurationSet*"`, RuleSESAction, 10},
		{"kms-default-key-policy.json", `:root`, `:role/KeyAdmin`, RuleServiceWildcard, 11},
		{"vpc-endpoint-data-perimeter.json", `"aws:ResourceOrgID": "o-a1b2c3d4e5"`, `"aws:ResourceOrgID": "<my-org-id>"`, RulePlaceholder, 15},
		{"trust-ses-event-publishing.json", `arn:aws:ses:us-east-1:123456789012:configuration-set`, `arn:aws:ses:us-east-1:444455556666:configuration-set`, RuleConfusedDeputy, 16},
		{"s3-bucket-policy-ses-receiving.json", `"StringEquals"`, `"StringNotEquals"`, RuleServiceNoSource, 8},
		{"s3-bucket-policy-ses-receiving.json", `"AWS:SourceAccount": "123456789012",
          "AWS:SourceArn"`, `"aws:Referer": "123456789012",
          "aws:UserAgent"`, RuleRefererOnly, 14},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.code, func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join("..", "..", "examples", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(orig), tt.from) {
				t.Fatalf("%q not in %s", tt.from, tt.file)
			}
			src := strings.Replace(string(orig), tt.from, tt.to, 1)
			var found []string
			for _, d := range Analyze([]byte(src), Options{}).Diagnostics {
				line := strings.Count(src[:d.Start], "\n") + 1
				if d.Code == tt.code && line == tt.line {
					return
				}
				found = append(found, d.Code+"@"+strconv.Itoa(line))
			}
			t.Errorf("want %s on line %d, found %v", tt.code, tt.line, found)
		})
	}
}

// TestBrokenExample: every mistake in the broken example is caught on its
// own line.
func TestBrokenExample(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "broken-sending-policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	res := Analyze(src, Options{})
	lineOf := func(off int) int { return strings.Count(string(src[:off]), "\n") + 1 }
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Code+"@"+string(rune('0'+lineOf(d.Start))))
	}
	want := []string{"POL003@1", "IAM002@4", "POL009@5", "POL001@6", "JSON004@6"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestNotAPolicyIsSilent: other JSON files opened in the editor get no
// diagnostics at all, even when broken.
func TestNotAPolicyIsSilent(t *testing.T) {
	for _, src := range []string{
		`{"name": "app", "version": "1.0.0", "dependencies": {},}`,
		`[1, 2, 3]`,
		``,
		`{"compilerOptions": {"strict": true // comment
		}}`,
		`{"Version": 3}`,
		`{"Version": "1.0.0", "name": "app"}`,
		// Another format's lowercase "statement" and dated "Version" do
		// not make a policy (issue 13, item 7).
		`{"statement"`,
		`{"Version": "2021-05-01", "Name": "rules", "statement": [{"effect": "allow"}]}`,
		`{"Version": "2012-10-18", "statement": []}`,
	} {
		res := Analyze([]byte(src), Options{})
		if res.IsPolicy || len(res.Diagnostics) != 0 || res.Diagnostics == nil {
			t.Errorf("%q: IsPolicy=%v diagnostics=%v (want none, non-nil)", src, res.IsPolicy, res.Diagnostics)
		}
	}
	// A policy being typed is recognised from its first key on.
	for _, src := range []string{`{"Version": "2012-10-17"`, `{"Statement": [`, `{"Version": ""}`, `{"Version": "2012-1`, `{"Version": `} {
		if !Analyze([]byte(src), Options{}).IsPolicy {
			t.Errorf("%q should be recognised as a policy", src)
		}
	}
}

// TestDiagnosticCap: a garbage document cannot flood the editor.
func TestDiagnosticCap(t *testing.T) {
	src := "{\"Statement\": [" + strings.Repeat("x, ", 5000) + "]}"
	res := Analyze([]byte(src), Options{})
	if n := len(res.Diagnostics); n > maxSyntaxDiagnostics+20 {
		t.Errorf("%d diagnostics; syntax errors should be capped near %d", n, maxSyntaxDiagnostics)
	}
	last := res.Diagnostics[len(res.Diagnostics)-1]
	if !strings.Contains(last.Message, "more syntax errors are not shown") {
		t.Errorf("no summary of hidden errors; last diagnostic is %+v", last)
	}
}

// TestHugeDocuments: beyond MaxParsedSize nothing is parsed; a policy gets
// one finding about its size, other JSON stays silent, and memory stays small.
func TestHugeDocuments(t *testing.T) {
	huge := []byte(`{"Version": "2012-10-17", "Statement": [` + strings.Repeat(`{"Effect": "Allow"}, `, MaxParsedSize/20) + `]}`)
	res := Analyze(huge, Options{})
	if !res.IsPolicy || len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != RuleTooLarge {
		t.Fatalf("huge policy: IsPolicy=%v diagnostics=%+v", res.IsPolicy, res.Diagnostics)
	}
	if res.Doc == nil || res.Doc.Root != nil {
		t.Errorf("a huge document must not be parsed")
	}
	data := []byte(`[` + strings.Repeat(`{"name": "x"}, `, MaxParsedSize/14) + `]`)
	if res := Analyze(data, Options{}); res.IsPolicy || len(res.Diagnostics) != 0 {
		t.Errorf("huge non-policy JSON: IsPolicy=%v diagnostics=%v", res.IsPolicy, res.Diagnostics)
	}
	if res := Analyze(data, Options{Kind: KindTrust}); res.Kind != KindTrust || len(res.Diagnostics) != 1 {
		t.Errorf("huge document with a forced kind: kind=%s diagnostics=%v", res.Kind, res.Diagnostics)
	}
}
