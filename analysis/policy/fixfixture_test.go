package policy

import (
	"path/filepath"
	"strings"
	"testing"
)

// Fix fixtures live in testdata/fixes. Each holds an optional options
// section, the input, the fix to apply as "RULE title" (the finding's rule
// and the fix's exact title), the output expected after applying it, and
// optionally whether the fix is preferred ("no", "yes", or "safe" for
// preferred and safe; see fixsafety.go). The
// test also analyses the output: the finding must be gone (one fewer of
// that rule) and no rule may report more errors than before.
func TestFixFixtures(t *testing.T) {
	paths, err := filepath.Glob("testdata/fixes/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fix fixtures: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			f := readFixture(t, path)
			opts := parseOptions(t, f.options)
			rule, title, _ := strings.Cut(f.fix, " ")
			before := Analyze([]byte(f.input), opts)
			var chosen *Fix
			var offered []string
			for _, d := range before.Diagnostics {
				for i, fx := range d.Fixes {
					offered = append(offered, d.Code+" "+fx.Title)
					if d.Code == rule && fx.Title == title && chosen == nil {
						chosen = &d.Fixes[i]
					}
				}
			}
			if chosen == nil {
				t.Fatalf("no fix %q for %s; offered: %q", title, rule, offered)
			}
			if f.preferred != "" {
				got := "no"
				switch {
				case chosen.Preferred && chosen.Safe:
					got = "safe"
				case chosen.Preferred:
					got = "yes"
				}
				if got != f.preferred {
					t.Errorf("preferred: %s, want %s", got, f.preferred)
				}
			}
			out, err := ApplyEdits([]byte(f.input), chosen.Edits)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != f.output {
				t.Fatalf("after the fix:\n%s\nwant:\n%s", out, f.output)
			}
			after := Analyze(out, opts)
			if n, m := countRule(before, rule), countRule(after, rule); m >= n {
				t.Errorf("%s findings: %d before, %d after the fix", rule, n, m)
			}
			for code, n := range errorCounts(after) {
				if n > errorCounts(before)[code] {
					t.Errorf("the fix added a %s error", code)
				}
			}
		})
	}
}

func countRule(res *Result, rule string) int {
	n := 0
	for _, d := range res.Diagnostics {
		if d.Code == rule {
			n++
		}
	}
	return n
}

func errorCounts(res *Result) map[string]int {
	m := map[string]int{}
	for _, d := range res.Diagnostics {
		if d.Severity == SeverityError {
			m[d.Code]++
		}
	}
	return m
}

// TestFixAll: every preferred fix of the broken example, applied at once.
func TestFixAll(t *testing.T) {
	src := `{
  "Statement": [
    {
      "Sid": "Send",
      "Effect": "allow",
      "action": ["SES:SendEmail", "ses:SendRawEmial",],
      "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    }
  ]
}`
	want := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Send",
      "Effect": "Allow",
      "Action": ["ses:SendEmail", "ses:SendRawEmail"],
      "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    }
  ]
}`
	got, n := FixAll([]byte(src), Options{})
	if string(got) != want {
		t.Errorf("FixAll:\n%s\nwant:\n%s", got, want)
	}
	if n != 6 {
		t.Errorf("%d fixes applied, want 6", n)
	}
	if _, n := FixAll([]byte(want), Options{}); n != 0 {
		t.Errorf("a clean policy got %d fixes", n)
	}
}

// TestFixAllLeavesAccessChanges: fixes that change who may do what are
// offered, never applied by FixAll: BoolIfExists makes a Deny match more
// requests, and changing a federated assume action changes who can assume
// the role.
func TestFixAllLeavesAccessChanges(t *testing.T) {
	for _, src := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`,
	} {
		offered := 0
		for _, d := range Analyze([]byte(src), Options{}).Diagnostics {
			offered += len(d.Fixes)
		}
		if offered == 0 {
			t.Errorf("no fix offered for %s", src)
		}
		if got, n := FixAll([]byte(src), Options{}); n != 0 || string(got) != src {
			t.Errorf("FixAll applied %d fixes:\n%s", n, got)
		}
	}
}

// TestFixAllNeverRepeatsAKey: CND001 renames "StringEqual" and TRUST007
// adds "StringEquals" with aws:SourceAccount; taken in one round, they
// wrote "StringEquals" twice in one Condition, a policy IAM refuses (or a
// parser reads as one of the two, dropping a condition). The rename goes
// first and the addition is weighed against its result.
func TestFixAllNeverRepeatsAKey(t *testing.T) {
	opts := Options{AccountID: "123456789012"}
	for _, tt := range []struct{ key, want string }{
		// the renamed operator holds aws:SourceArn: TRUST007 is satisfied
		{"aws:SourceArn", `"Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"}}`},
		// it holds a misspelt key: the account is added inside it
		{"aws:SourceAccountt", `"Condition": {"StringEquals": {"aws:SourceAccountt": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc", "aws:SourceAccount": "123456789012"}}`},
	} {
		src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pinpoint.amazonaws.com"}, "Action": "sts:AssumeRole", ` +
			`"Condition": {"StringEqual": {"` + tt.key + `": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/abc"}}}]}`
		got, _ := FixAll([]byte(src), opts)
		if !strings.Contains(string(got), tt.want) {
			t.Errorf("%s: FixAll wrote\n%s\nwant it to hold\n%s", tt.key, got, tt.want)
		}
		for _, d := range Analyze(got, opts).Diagnostics {
			if d.Code == RuleDuplicateKey {
				t.Errorf("%s: FixAll repeated a key: %s\n%s", tt.key, d.Message, got)
			}
		}
	}
}
