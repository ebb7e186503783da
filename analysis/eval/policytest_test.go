package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
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

func TestCheckReportsFailingTests(t *testing.T) {
	policySrc := `{"Version": "2012-10-17",
"Statement": [{"Sid": "Send", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	src := `{"policy": "p.json", "tests": [
  {"name": "send", "action": "ses:SendEmail", "expect": "allow"},
  {"name": "no raw", "action": "ses:SendRawEmail", "expect": "allow"}
]}`
	var asked string
	load := func(path string, kind policy.Kind) (*policy.Result, error) {
		asked = path
		return policy.Analyze([]byte(policySrc), policy.Options{Kind: kind}), nil
	}
	got := ParseTestFile([]byte(src)).Check(load)
	if asked != "p.json" || len(got) != 1 {
		t.Fatalf("asked %q, got %+v", asked, got)
	}
	want := "policy test \"no raw\" fails: expected allow, got implicit-deny\nimplicitly denied: no statement allows ses:SendRawEmail\nclosest: statement \"Send\" (line 2); action ses:SendRawEmail is not in Action"
	if got[0].Message != want || !strings.HasPrefix(src[got[0].Start:got[0].End], `{"name": "no raw"`) {
		t.Errorf("got %q on %q", got[0].Message, src[got[0].Start:got[0].End])
	}
	missing := ParseTestFile([]byte(src)).Check(func(string, policy.Kind) (*policy.Result, error) { return nil, errors.New("no such file") })
	if len(missing) != 1 || src[missing[0].Start:missing[0].End] != `"p.json"` || missing[0].Message != "cannot run the tests: no such file" {
		t.Errorf("missing policy: %+v", missing)
	}
}

func TestTallyTests(t *testing.T) {
	r := policy.Analyze([]byte(`{"Version":"2012-10-17","Statement":[
  {"Effect":"Allow","Action":"s3:*","Resource":"*"},
  {"Effect":"Deny","Action":"s3:Delete*","Resource":"*"},
  {"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`), policy.Options{})
	tests := ParseTestFile([]byte(`{"policy":"p.json","tests":[
  {"action":"s3:GetObject","expect":"allow"},{"action":"s3:PutObject","expect":"allow"},
  {"action":"s3:DeleteObject","expect":"deny"},{"action":"sqs:SendMessage","expect":"implicit-deny"}]}`)).Tests
	got := TallyTests(r.Policy, r.Kind, tests)
	want := []Tally{{Allows: 2}, {Denies: 1}, {}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	for tally, s := range map[Tally]string{{Allows: 2, Denies: 1}: "allows 2 tests, denies 1", {Allows: 1}: "allows 1 test", {Denies: 3}: "denies 3 tests", {}: "decides no test"} {
		if tally.String() != s {
			t.Errorf("%+v: %q, want %q", tally, tally.String(), s)
		}
	}
}
