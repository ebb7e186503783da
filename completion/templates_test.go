package completion

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestTemplatesAreClean fills every template's placeholders with sample
// values and checks that the linter finds nothing to warn about, and that
// the policy is of the kind the template says.
func TestTemplatesAreClean(t *testing.T) {
	values := map[string]string{
		"partition": "aws", "region": "us-east-1", "accountId": "123456789012",
		"delegateAccountId": "111122223333", "identity": "example.com",
		"configurationSet": "transactional", "template": "welcome",
	}
	for _, tpl := range templates() {
		text := filled(tpl.Text, func(name string) (string, bool) {
			v, ok := values[name]
			if !ok {
				t.Errorf("%s: no sample value for ${%s}", tpl.Label, name)
			}
			return v, true
		})
		res := policy.Analyze([]byte(text), policy.Options{})
		if res.Kind != tpl.Kind {
			t.Errorf("%s: inferred kind %s, want %s", tpl.Label, res.Kind, tpl.Kind)
		}
		for _, d := range res.Diagnostics {
			if d.Severity <= policy.SeverityWarning {
				t.Errorf("%s: %s %s: %s\n%s", tpl.Label, d.Severity, d.Code, d.Message, text)
			}
		}
		if tpl.Members == "" || !strings.HasPrefix(tpl.Statement, "{\n") || !strings.HasSuffix(tpl.Statement, "\n}") {
			t.Errorf("%s: members %q, statement %q", tpl.Label, tpl.Members, tpl.Statement)
		}
	}
}

func TestPlainText(t *testing.T) {
	for snippet, want := range map[string]string{
		`"Action": ["$1"]`:                         `"Action": [""]`,
		`"${1:StringEquals}": {"$2": "${3:true}"}`: `"StringEquals": {"": "true"}`,
		`a\$b\}c\\d$0`:                             `a$b}c\d`,
		`arn:${12:aws}:x`:                          `arn:aws:x`,
		`${1:a\}b}`:                                `a}b`,
		`no placeholders`:                          `no placeholders`,
		`$`:                                        `$`,
	} {
		if got := PlainText(snippet); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", snippet, got, want)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	fill := func(name string) (string, bool) {
		switch name {
		case "Partition":
			return "aws", false
		case "Account":
			return "123456789012", true
		}
		return "", false
	}
	got, next := placeholders("arn:${Partition}:iam::${Account}:role/${Name}-$x-${Name}}", 3, fill)
	if want := `arn:${3:aws}:iam::123456789012:role/${4:Name}-\$x-${4:Name}}`; got != want || next != 5 {
		t.Errorf("placeholders = %q, %d; want %q, 5", got, next, want)
	}
	if got := filled("arn:${Partition}:iam::${Account}:role/${Name}", fill); got != "arn:aws:iam::123456789012:role/${Name}" {
		t.Errorf("filled = %q", got)
	}
}
