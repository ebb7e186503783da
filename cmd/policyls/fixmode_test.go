package main

import (
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

func TestShownText(t *testing.T) {
	for in, want := range map[string]string{
		`"ses:SendEmial"`:                    `"ses:SendEmial"`,
		"":                                   "(nothing)",
		"\n  ":                               "(nothing)",
		",\n      \"Resource\": \"*\"":       `, "Resource": "*"`,
		"\r\n\t\"Version\": \"2012-10-17\",": `"Version": "2012-10-17",`,
		"a\nb.json:1: x -> y":                "a b.json:1: x -> y", // a line break cannot start a line
		"a\rb":                               "a b",
		"\x1b[2Kx":                           `\u001b[2Kx`,
		"a\u2028b\u202ec":                    `a\u2028b\u202ec`,
		"a\tb":                               `a\tb`,
		"bad\xffbyte":                        `bad\xffbyte`,
		"ünïcode ✓":                          "ünïcode ✓",
	} {
		if got := shownText(in); got != want {
			t.Errorf("shownText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFixFlag(t *testing.T) {
	for in, want := range map[string]fixFlag{
		"true": {true, policy.FixSafe}, "safe": {true, policy.FixSafe}, "all": {true, policy.FixPreferred}, "false": {},
	} {
		var f fixFlag
		if err := f.Set(in); err != nil || f != want {
			t.Errorf("Set(%q): %+v, %v; want %+v", in, f, err, want)
		}
	}
	var f fixFlag
	if err := f.Set("everything"); err == nil {
		t.Error("Set(everything) is no error")
	}
}

// locateChanges puts an inserted member on its own line, not on the line
// its leading line break starts from.
func TestLocateChanges(t *testing.T) {
	src := []byte("{\n  \"Statement\": {\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}\n}")
	fixed, _, changes := policy.Fixes(src, policy.Options{}, policy.FixSafe)
	got := locateChanges(fixed, changes)
	if len(got) != 2 || got[0].line != 2 || got[1].line != 3 {
		t.Errorf("changes %+v in\n%s", got, fixed)
	}
}
