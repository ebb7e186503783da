package policy

import (
	"strings"
	"testing"
)

const settingsPolicy = `{
  "Statement": [
    {"Sid": "A", "Effect": "allow", "Action": ["ses:SendEmial", "SES:SendRawEmail"], "Resource": "*"},
    {"Sid": "B", "Effect": "Allow", "Action": "ses:SendEmial", "Resource": "*"}
  ]
}`

func codes(res *Result) string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Code+":"+d.Severity.String())
	}
	return strings.Join(out, " ")
}

func TestRuleSettings(t *testing.T) {
	base := Analyze([]byte(settingsPolicy), Options{})
	if got, want := codes(base), "POL003:warning POL009:error ACT002:error ACT005:hint ACT002:error"; got != want {
		t.Fatalf("without settings: %s, want %s", got, want)
	}
	res := Analyze([]byte(settingsPolicy), Options{Rules: map[string]RuleSetting{
		RuleNoVersion:  {Off: true},
		RuleActionCase: {Severity: SeverityWarning},
	}})
	if got, want := codes(res), "POL009:error ACT002:error ACT005:warning ACT002:error"; got != want {
		t.Errorf("with settings: %s, want %s", got, want)
	}
	for _, tt := range []struct {
		in   string
		want RuleSetting
		ok   bool
	}{{"off", RuleSetting{Off: true}, true}, {"hint", RuleSetting{Severity: SeverityHint}, true}, {"loud", RuleSetting{}, false}} {
		if got, ok := ParseRuleSetting(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("ParseRuleSetting(%q) = %+v, %v", tt.in, got, ok)
		}
	}
}

func TestSuppressions(t *testing.T) {
	for _, tt := range []struct {
		name string
		sup  []Suppression
		want string
	}{
		{"one value", []Suppression{{Rule: RuleActionUnknown, Path: "/Statement/0/Action/0"}}, "POL003:warning POL009:error ACT005:hint ACT002:error"},
		{"a whole statement", []Suppression{{Rule: RuleActionUnknown, Path: "/Statement/1"}}, "POL003:warning POL009:error ACT002:error ACT005:hint"},
		{"a key finding by its property", []Suppression{{Rule: RuleNoVersion, Path: ""}}, "POL009:error ACT002:error ACT005:hint ACT002:error"},
		{"every rule below a path", []Suppression{{Rule: "*", Path: "/Statement/0"}}, "POL003:warning ACT002:error"},
		{"a near miss", []Suppression{{Rule: RuleActionUnknown, Path: "/Statement/0/Action/0/x"}, {Rule: RuleBadEffect, Path: "/Statement/1"}}, "POL003:warning POL009:error ACT002:error ACT005:hint ACT002:error"},
	} {
		res := Analyze([]byte(settingsPolicy), Options{Suppressions: tt.sup})
		if got := codes(res); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	res := Analyze([]byte(settingsPolicy), Options{})
	var paths []string
	for _, d := range res.Diagnostics {
		paths = append(paths, PathOf(res.Doc, d))
	}
	if got, want := strings.Join(paths, " "), " /Statement/0/Effect /Statement/0/Action/0 /Statement/0/Action/1 /Statement/1/Action"; got != want {
		t.Errorf("paths %q, want %q", got, want)
	}
}
