package eval

import (
	"strings"
	"testing"
)

func TestParseTestFile(t *testing.T) {
	src := `{"policy": "p.json", "kind": "trust", "tests": [
  {"name": "a", "principal": "pinpoint.amazonaws.com", "action": "sts:AssumeRole",
   "context": {"aws:SourceAccount": "1", "aws:TagKeys": ["x", "y"], "aws:PrincipalTag/none": [], "n": 5},
   "expect": "allow"},
  {"action": "s3:GetObject", "expect": "maybe"},
  "junk"
]}`
	tf := ParseTestFile([]byte(src))
	if tf.Policy != "p.json" || tf.Kind != "trust" || len(tf.Tests) != 1 {
		t.Fatalf("%+v", tf)
	}
	tc := tf.Tests[0]
	if tc.Name != "a" || tc.Request.Principal == nil || tc.Request.Principal.Type != "Service" || tc.Expect != "allow" {
		t.Errorf("test %+v", tc)
	}
	if v, _ := tc.Request.Context.Get("aws:tagkeys"); len(v) != 2 {
		t.Errorf("multivalued %v", v)
	}
	if v, ok := tc.Request.Context.Get("aws:PrincipalTag/none"); !ok || len(v) != 0 {
		t.Errorf("empty set %v %v", v, ok)
	}
	if v, _ := tc.Request.Context.Get("n"); len(v) != 1 || v[0] != "5" {
		t.Errorf("number %v", v)
	}
	if !strings.HasPrefix(src[tc.Start:tc.End], `{"name": "a"`) {
		t.Errorf("range %q", src[tc.Start:tc.End])
	}
	var msgs []string
	for _, p := range tf.Problems {
		msgs = append(msgs, src[p.Start:p.End]+": "+p.Message)
	}
	want := []string{`"maybe": "expect" is one of allow, deny, implicit-deny, denied`, `"junk": a test is an object with "action" and "expect"`}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if bad := ParseTestFile([]byte(`[]`)); len(bad.Problems) == 0 {
		t.Error("an array is not a test file")
	}
}

func TestPasses(t *testing.T) {
	for _, c := range []struct {
		expect string
		d      Decision
		want   bool
	}{
		{"allow", Allow, true}, {"allow", ImplicitDeny, false}, {"deny", Deny, true}, {"deny", ImplicitDeny, false},
		{"implicit-deny", ImplicitDeny, true}, {"denied", Deny, true}, {"denied", ImplicitDeny, true}, {"denied", Allow, false},
	} {
		if Passes(c.expect, c.d) != c.want {
			t.Errorf("Passes(%s, %s) != %v", c.expect, c.d, c.want)
		}
	}
}
