package catalog

import (
	"slices"
	"testing"
)

func matchNames(c *Catalog, pattern string) []string {
	var out []string
	for _, a := range c.MatchActions(pattern) {
		out = append(out, a.FullName())
	}
	return out
}

func TestMatchActions(t *testing.T) {
	c := Default()
	tests := []struct {
		pattern string
		want    []string
	}{
		{"s3:Get*Tagging", []string{"s3:GetBucketTagging", "s3:GetJobTagging", "s3:GetObjectTagging",
			"s3:GetObjectVersionTagging", "s3:GetStorageLensConfigurationTagging"}},
		{"ec2:DescribeVpc?", []string{"ec2:DescribeVpcs"}},
		{"ec2:DescribeVpc??", nil}, // '?' needs exactly one character
		{"ec2:DescribeVpcs?", nil},
		{"ses:SendEmail", []string{"ses:SendEmail"}},
		{"SES:sendemail", []string{"ses:SendEmail"}},
		{"ses:Send*", []string{"ses:SendBounce", "ses:SendBulkEmail", "ses:SendBulkTemplatedEmail",
			"ses:SendCustomVerificationEmail", "ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail"}},
		{"ses:send*email", []string{"ses:SendBulkEmail", "ses:SendBulkTemplatedEmail",
			"ses:SendCustomVerificationEmail", "ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail"}},
		{"ses:SendEmail*", []string{"ses:SendEmail"}}, // '*' also matches nothing
		{"sts:AssumeRole*", []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}},
		{"ses:NoSuch*", nil},
		{"nosuch:*", nil},
		{"ses:", nil},
		{"SendEmail", nil}, // no prefix, no wildcard
		{"", nil},
	}
	for _, tt := range tests {
		if got := matchNames(c, tt.pattern); !slices.Equal(got, tt.want) {
			t.Errorf("MatchActions(%q) = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}

func TestMatchActionsCounts(t *testing.T) {
	c := Default()
	count := func(p string) int { return len(c.MatchActions(p)) }
	if n := count("iam:List*"); n != 38 {
		t.Errorf("iam:List* matched %d, want 38", n)
	}
	if n := count("ses:*"); n != 233 {
		t.Errorf("ses:* matched %d, want 233", n)
	}
	if n := count("*"); n != wantActions {
		t.Errorf("* matched %d, want %d", n, wantActions)
	}
	if n := count("*:*"); n != wantActions {
		t.Errorf("*:* matched %d, want %d", n, wantActions)
	}
	// A wildcard in the prefix: every Get action of every s... service.
	if n := count("s*:Get*"); n != 447 {
		t.Errorf("s*:Get* matched %d, want 447", n)
	}
	want := 0
	for _, p := range []string{"ses", "sms", "sns", "sqs", "sts"} {
		want += len(mustService(t, c, p).Actions())
	}
	if n := count("s?s:*"); n != want {
		t.Errorf("s?s:* matched %d, want %d", n, want)
	}
	// Without a colon the pattern runs over "prefix:Name".
	if got := matchNames(c, "sts*AssumeRoot"); !slices.Equal(got, []string{"sts:AssumeRoot"}) {
		t.Errorf("sts*AssumeRoot = %v", got)
	}
}

func TestActionsMatchingStopsEarly(t *testing.T) {
	c := New()
	for range c.ActionsMatching("*") {
		break
	}
	if n := c.decoded.Load(); n != 1 {
		t.Errorf("stopping after one match decoded %d services", n)
	}
}

func TestGlobFold(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"", "", true},
		{"", "a", false},
		{"a*", "a", true},
		{"*a", "ba", true},
		{"*a", "ab", false},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"a?c", "abbc", false},
		{"Get*Tagging", "getbuckettagging", true},
		{"Get*Tagging", "GetBucketTaggingX", false},
		{"*Get*Get*", "GetGet", true},
		{"*Get*Get*", "Get", false},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"**", "x", true},
		{"?*", "", false},
	}
	for _, tt := range tests {
		if got := globFold(tt.p, tt.s); got != tt.want {
			t.Errorf("globFold(%q, %q) = %v", tt.p, tt.s, got)
		}
	}
}
