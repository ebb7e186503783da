package completion

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

var insertTitles = []string{
	"Insert SES sending authorization policy",
	"Insert Amazon Pinpoint SES sending permission policy",
	"Insert Amazon Pinpoint trust policy",
}

// applyInsertion applies an insertion's edits to src.
func applyInsertion(t *testing.T, src string, ins Insertion) string {
	t.Helper()
	edits := make([]policy.Edit, len(ins.Edits))
	for i, e := range ins.Edits {
		edits[i] = policy.Edit(e)
	}
	out, err := policy.ApplyEdits([]byte(src), edits)
	if err != nil {
		t.Fatalf("%s: %v", ins.Title, err)
	}
	return string(out)
}

// TestInsertionsAreClean inserts every template into every kind of empty
// document, analyses the result and checks it: no error without settings
// (placeholders are warnings), neither error nor warning with them, the
// template's kind, and the document's layout kept.
func TestInsertionsAreClean(t *testing.T) {
	docs := map[string]string{
		"empty":                 "",
		"blank lines":           "\n\n",
		"empty object":          "{}\n",
		"empty array":           "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n",
		"empty statement obj":   "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": {}\n}\n",
		"tabs and CRLF":         "{\r\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": [ ]\r\n}\r\n",
		"no version, one line":  `{"Statement": []}`,
		"no version, multiline": "{\n  \"Id\": \"x\",\n  \"Statement\": []\n}",
	}
	settings := Options{Partition: "aws", Region: "eu-west-1", AccountID: "123456789012"}
	for name, src := range docs {
		for _, opts := range []Options{{}, settings} {
			res := policy.Analyze([]byte(src), policy.Options{})
			list := Insertions(res, opts)
			var titles []string
			for _, ins := range list {
				titles = append(titles, ins.Title)
			}
			if strings.Join(titles, "|") != strings.Join(insertTitles, "|") {
				t.Fatalf("%s: titles %q, want %q", name, titles, insertTitles)
			}
			for _, ins := range list {
				out := applyInsertion(t, src, ins)
				after := policy.Analyze([]byte(out), policy.Options{Partition: opts.Partition, Region: opts.Region, AccountID: opts.AccountID})
				if after.Kind != ins.Kind {
					t.Errorf("%s, %s: kind %s, want %s", name, ins.Title, after.Kind, ins.Kind)
				}
				worst := policy.SeverityError
				if opts.AccountID != "" {
					worst = policy.SeverityWarning
				}
				for _, d := range after.Diagnostics {
					// The delegate sender's account is not the user's: no
					// setting fills it, and its placeholder warning is the
					// guidance the user needs.
					if d.Code == policy.RulePlaceholder && strings.Contains(d.Message, `principal "arn:`) && ins.Kind == policy.KindSESIdentity && d.Severity == policy.SeverityWarning {
						continue
					}
					if d.Severity <= worst {
						t.Errorf("%s, %s (settings %v): %s %s: %s\n%s", name, ins.Title, opts.AccountID != "", d.Severity, d.Code, d.Message, out)
					}
				}
				if opts.AccountID == "" && !strings.Contains(out, "accountId") {
					t.Errorf("%s, %s: no accountId placeholder in\n%s", name, ins.Title, out)
				}
				if strings.Contains(src, "\t") && strings.Contains(out, "  ") {
					t.Errorf("%s, %s: spaces in a tab-indented document:\n%q", name, ins.Title, out)
				}
				if strings.Contains(src, "\r\n") && strings.Count(out, "\n") != strings.Count(out, "\r\n") {
					t.Errorf("%s, %s: bare line feeds in a CRLF document:\n%q", name, ins.Title, out)
				}
			}
		}
	}
}

func TestInsertionText(t *testing.T) {
	src := "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}\n"
	res := policy.Analyze([]byte(src), policy.Options{})
	var trust *Insertion
	list := Insertions(res, Options{AccountID: "123456789012"})
	for i := range list {
		if list[i].Title == "Insert Amazon Pinpoint trust policy" {
			trust = &list[i]
		}
	}
	if trust == nil {
		t.Fatalf("no trust policy in %+v", list)
	}
	want := `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowPinpoint",
            "Effect": "Allow",
            "Principal": {
                "Service": "pinpoint.amazonaws.com"
            },
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {
                    "aws:SourceAccount": "123456789012"
                }
            }
        }
    ]
}
`
	if got := applyInsertion(t, src, *trust); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// The SES policy without settings: placeholders everywhere.
	list = Insertions(policy.Analyze(nil, policy.Options{}), Options{})
	got := applyInsertion(t, "", list[0])
	for _, want := range []string{`"AWS": "arn:partition:iam::account-id:root"`, `"Resource": "arn:partition:ses:region:accountId:identity/example.com"`} {
		if !strings.Contains(got, want) {
			t.Errorf("SES policy lacks %s:\n%s", want, got)
		}
	}
	// The partition follows the configured region.
	list = Insertions(policy.Analyze(nil, policy.Options{}), Options{Region: "cn-north-1"})
	if got := applyInsertion(t, "", list[1]); !strings.Contains(got, "arn:aws-cn:ses:cn-north-1:accountId:identity/*") {
		t.Errorf("Pinpoint policy with a China region:\n%s", got)
	}
}

func TestNoInsertions(t *testing.T) {
	for _, src := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}`,
		`{"name": "package"}`,
		`{} x`,
		`{"Statement": [}`,
		`[]`,
	} {
		if list := Insertions(policy.Analyze([]byte(src), policy.Options{}), Options{}); len(list) != 0 {
			t.Errorf("%s: offered %d insertions", src, len(list))
		}
	}
	// A forced kind keeps only its own templates.
	res := policy.Analyze([]byte(`{"Statement": []}`), policy.Options{Kind: policy.KindTrust})
	list := Insertions(res, Options{KindForced: true})
	if len(list) != 1 || list[0].Title != "Insert Amazon Pinpoint trust policy" {
		t.Errorf("trust forced: %+v", list)
	}
	if Insertions(nil, Options{}) != nil {
		t.Error("nil result")
	}
}

func TestIndentUnitAndNewline(t *testing.T) {
	for src, want := range map[string]string{
		"":                        "  ",
		"{}":                      "  ",
		"{\n    \"a\": 1\n}":      "    ",
		"{\n\t\"a\": 1\n}":        "\t",
		"{\n\n   \n  \"a\": 1\n}": "  ",
		"{\r\n   \"a\": 1\r\n}":   "   ",
		"{\n" + strings.Repeat(" ", 12) + "\"a\": 1\n}": strings.Repeat(" ", 8),
	} {
		if got := IndentUnit(src); got != want {
			t.Errorf("IndentUnit(%q) = %q, want %q", src, got, want)
		}
	}
	if Newline("{\r\n}") != "\r\n" || Newline("{\n}") != "\n" || Newline("{}") != "\n" {
		t.Error("Newline")
	}
}
