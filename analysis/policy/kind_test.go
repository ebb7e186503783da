package policy

import (
	"strings"
	"testing"
)

// TestInferKind: how a document's kind is inferred when no kind is forced
// (ARCHITECTURE.md, "Policy kinds"). Trust needs every action to be a
// role-session action; a principal with other services' actions is a
// resource policy, and Deny-for-"*"-on-"*" documents are RCPs.
func TestInferKind(t *testing.T) {
	tests := []struct {
		name, src string
		want      Kind
	}{
		{"identity policy", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`, KindIAMIdentity},
		// The SCP every organisation starts with reads as an identity policy.
		{"FullAWSAccess SCP", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`, KindIAMIdentity},
		{"service trust", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}`, KindTrust},
		{"session actions", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"]}}`, KindTrust},
		{"any case and wildcards", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["STS:assumerole", "sts:AssumeRole*"]}}`, KindTrust},
		{"web identity", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}}`, KindTrust},
		// Without a Resource anywhere only a trust policy is left: its
		// stray action is then reported (TRUST004).
		{"trust with a stray action", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "s3:GetObject"]}}`, KindTrust},
		{"principal mixing services", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": ["sts:AssumeRole", "s3:GetObject"], "Resource": "*"}}`, KindUnknown},
		{"NotAction never makes trust", `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "NotAction": "sts:AssumeRole", "Resource": "*"}}`, KindUnknown},
		{"session actions in one statement only", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}, {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}]}`, KindUnknown},
		{"whole-service wildcard with a principal", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "*", "Resource": "*"}}`, KindUnknown},
		// The data perimeter RCP of AWS's examples: sts:AssumeRole among
		// other services' actions, denied to "*" on "*".
		{"RCP", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sts:AssumeRole", "sts:SetContext"], "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}, {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*", "Condition": {"Null": {"token.actions.githubusercontent.com:sub": "true"}}}]}`, KindRCP},
		{"RCP of sts actions only", `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}}`, KindRCP},
		{"RCP with NotResource", `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "NotResource": "arn:aws:s3:::public-site/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}`, KindRCP},
		{"RCPFullAWSAccess", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`, KindRCP},
		// A bucket policy names its bucket: Deny for "*" alone is no RCP.
		{"deny-only bucket policy", `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}`, KindUnknown},
		{"RCP shape with an Allow", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}, {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`, KindUnknown},
		{"SES identity policy", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ses:SendEmail", "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com"}}`, KindSESIdentity},
		{"key policy", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}}`, KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Analyze([]byte(tt.src), Options{})
			if res.Kind != tt.want {
				t.Errorf("kind %s, want %s", res.Kind, tt.want)
			}
		})
	}
}

// TestForcedKinds: rcp and scp are accepted wherever a kind is named.
func TestForcedKinds(t *testing.T) {
	for _, name := range []string{"rcp", "scp"} {
		k, ok := ParseKind(name)
		if !ok || string(k) != name {
			t.Errorf("ParseKind(%q) = %q, %v", name, k, ok)
		}
	}
}

// TestRCPKeepsResource: even forced to "trust", a statement that is not a
// trust statement keeps its Resource under fix-all; a real trust statement
// loses it when the kind is forced (a guessed kind can be wrong, so then
// the removal is only offered).
func TestRCPKeepsResource(t *testing.T) {
	rcp := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sts:AssumeRole"], "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`
	for _, opts := range []Options{{}, {Kind: KindTrust}} {
		if out, _ := FixAll([]byte(rcp), opts); !strings.Contains(string(out), `"Resource": "*"`) {
			t.Errorf("kind %q: fix-all removed the Resource:\n%s", opts.Kind, out)
		}
	}
	trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}`
	if out, _ := FixAll([]byte(trust), Options{Kind: KindTrust}); strings.Contains(string(out), `"Resource"`) {
		t.Errorf("fix-all kept the Resource of a trust statement:\n%s", out)
	}
	if out, _ := FixAll([]byte(trust), Options{}); !strings.Contains(string(out), `"Resource"`) {
		t.Errorf("fix-all removed the Resource of a statement only guessed to be trust:\n%s", out)
	}
}
