package catalog

import (
	"slices"
	"testing"
)

func resourceType(t *testing.T, prefix, name string) *ResourceType {
	t.Helper()
	rt, ok := mustService(t, Default(), prefix).ResourceType(name)
	if !ok {
		t.Fatalf("no resource type %s/%s", prefix, name)
	}
	return rt
}

func TestMatchesARN(t *testing.T) {
	identity := resourceType(t, "ses", "identity")
	configSet := resourceType(t, "ses", "configuration-set")
	bucket := resourceType(t, "s3", "bucket")
	object := resourceType(t, "s3", "object")
	role := resourceType(t, "iam", "role")
	logGroup := resourceType(t, "logs", "log-group")
	tests := []struct {
		rt   *ResourceType
		arn  string
		want bool
	}{
		{identity, "arn:aws:ses:us-east-1:123456789012:identity/example.com", true},
		{identity, "arn:aws:ses:us-east-1:123456789012:identity/sender@example.com", true},
		{identity, "arn:aws:ses:us-east-1:123456789012:identity/*", true},
		{identity, "arn:aws:ses:*:*:identity/*", true},
		{identity, "arn:aws:ses:us-east-1:123456789012:*", true},
		{identity, "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/x", true},
		{identity, "arn:aws:ses:us-east-1:123456789012:identity/${aws:username}", true},
		{identity, "arn:${aws:partition}:ses:us-east-1:123456789012:identity/x", true},
		{identity, "arn:aws:ses:us-east-1:123456789012:identit?/x", true},
		{identity, "*", true},
		{identity, "arn:aws:ses:*", true}, // fewer than six fields: compared whole
		{identity, "arn:aws:ses:us-east-1:123456789012:configuration-set/my-set", false},
		{identity, "arn:aws:ses:us-east-1:123456789012:identity/", false},  // empty name
		{identity, "arn:aws:ses:us-east-1:123456789012:Identity/x", false}, // ARNs are case-sensitive
		{identity, "arn:aws:sns:us-east-1:123456789012:identity/x", false}, // wrong service
		{identity, "arn:aws:ses::123456789012:identity/x", false},          // SES needs a region
		{identity, "arn:aws:ses:us-east-1::identity/x", false},             // and an account
		{identity, "arn:aws:ses:us-east-1:123456789012:identity/${*}", true},
		{configSet, "arn:aws:ses:us-east-1:123456789012:configuration-set/my-set", true},
		{configSet, "arn:aws:ses:us-east-1:123456789012:configuration-set/*", true},
		{configSet, "arn:aws:ses:us-east-1:123456789012:identity/example.com", false},
		{bucket, "arn:aws:s3:::my-bucket", true},
		{bucket, "arn:aws:s3:::my-bucket/*", false}, // a bucket name has no '/'
		{bucket, "arn:aws:s3:::*", true},
		{object, "arn:aws:s3:::my-bucket/*", true},
		{object, "arn:aws:s3:::my-bucket/a/b/c.txt", true},
		{object, "arn:aws:s3:::my-bucket", false},
		{object, "arn:aws:s3:::*", true},
		{role, "arn:aws:iam::123456789012:role/service-role/my-role", true},
		{role, "arn:aws:iam::123456789012:role/*", true},
		{role, "arn:aws:iam:us-east-1:123456789012:role/x", false}, // IAM ARNs have no region
		{role, "arn:aws:iam::aws:role/x", true},
		{logGroup, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn", true},
		{logGroup, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*", true},
	}
	for _, tt := range tests {
		if got := tt.rt.MatchesARN(tt.arn); got != tt.want {
			t.Errorf("%s.MatchesARN(%q) = %v, want %v (formats %v)", tt.rt.Name, tt.arn, got, tt.want, tt.rt.ARNFormats)
		}
	}
}

func TestResourcesForARN(t *testing.T) {
	c := Default()
	send, _ := c.Action("ses:SendEmail")
	names := func(refs []ResourceRef) []string {
		var out []string
		for _, r := range refs {
			out = append(out, r.Type.Name)
		}
		return out
	}
	tests := map[string][]string{
		"arn:aws:ses:eu-west-1:123456789012:identity/example.com":       {"identity"},
		"arn:aws:ses:eu-west-1:123456789012:configuration-set/transact": {"configuration-set"},
		"arn:aws:ses:eu-west-1:123456789012:template/welcome":           {"template"},
		"arn:aws:ses:eu-west-1:123456789012:*":                          {"configuration-set", "identity", "template"},
		"arn:aws:ses:eu-west-1:123456789012:contact-list/x":             nil,
		"arn:aws:s3:::bucket":                                           nil,
	}
	for arn, want := range tests {
		if got := names(send.ResourcesForARN(arn)); !slices.Equal(got, want) {
			t.Errorf("ResourcesForARN(%q) = %v, want %v", arn, got, want)
		}
	}
	ses := mustService(t, c, "ses")
	if got := ses.ResourceTypesForARN("arn:aws:ses:us-east-1:123456789012:identity/*"); len(got) != 1 || got[0].Name != "identity" {
		t.Errorf("ses.ResourceTypesForARN(identity/*) = %v", got)
	}
}

func TestParseARNPattern(t *testing.T) {
	p := ParseARNPattern("arn:aws:ses:us-east-1:123456789012:identity/${aws:username}:x")
	if p.Service() != "ses" || p.String() == "" {
		t.Errorf("Service() = %q", p.Service())
	}
	if p.raw[5] != "identity/${aws:username}:x" {
		t.Errorf("resource part %q", p.raw[5])
	}
	if ParseARNPattern("*").Service() != "" || ParseARNPattern("arn:aws").Service() != "" {
		t.Error("short values have a service")
	}
}

// TestEveryFormatMatchesItself fills each ARN format's variables with
// sample text and checks the type matches the result: no format in the
// dataset is unmatchable.
func TestEveryFormatMatchesItself(t *testing.T) {
	for _, s := range Default().Services() {
		for _, rt := range s.ResourceTypes() {
			for _, f := range rt.ARNFormats {
				arn := fillVariables(f)
				if !rt.MatchesARN(arn) {
					t.Errorf("%s/%s does not match %q (format %q)", s.Prefix, rt.Name, arn, f)
				}
				if !rt.MatchesARN(f) {
					t.Errorf("%s/%s does not match its own format %q", s.Prefix, rt.Name, f)
				}
			}
		}
	}
}

func fillVariables(f string) string {
	out := []byte{}
	for i := 0; i < len(f); i++ {
		if f[i] == '$' && i+1 < len(f) && f[i+1] == '{' {
			for i < len(f) && f[i] != '}' {
				i++
			}
			out = append(out, "x1"...)
			continue
		}
		out = append(out, f[i])
	}
	return string(out)
}

func TestIntersects(t *testing.T) {
	tests := []struct {
		format, policy string
		want           bool
	}{
		{"a${X}", "a*", true},
		{"a${X}", "a", false},
		{"a${X}b", "a*", true},
		{"a${X}b", "a?b", true},
		{"a${X}b", "ab", false},
		{"${X}/${Y}", "*", true},
		{"${X}/${Y}", "x/", false},
		{"${X}", "?", true},
		{"${X}", "", false},
		{"abc", "a*c", true},
		{"abc", "a*d", false},
	}
	for _, tt := range tests {
		got := intersects(formatElems(nil, tt.format, false), policyElems(nil, tt.policy))
		if got != tt.want {
			t.Errorf("intersects(%q, %q) = %v", tt.format, tt.policy, got)
		}
	}
}
