package host

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestTerraformConditionFix: the fix adding aws:SourceAccount (TRUST007)
// is written as HCL object items in jsonencode, and as a new condition
// block (in .tf.json, a new element of "condition") in a policy document,
// whether the statement has no Condition, another operator, or the same
// operator with another key. Applied, the file parses, the front end reads
// the new condition, and TRUST007 is gone.
func TestTerraformConditionFix(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"jsonencode, no Condition", `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
`, `      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]`},
		{"jsonencode, one line", `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "pinpoint.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
`, `Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } } }]`},
		{"jsonencode, another operator", `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        Bool = { "aws:SecureTransport" = "true" }
      }
    }]
  })
}
`, `        Bool = { "aws:SecureTransport" = "true" }
        StringEquals = { "aws:SourceAccount" = "111122223333" }
      }`},
		{"jsonencode, same operator", `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:PrincipalTag/team" = "mail" } }
    }]
  })
}
`, `{ StringEquals = { "aws:PrincipalTag/team" = "mail", "aws:SourceAccount" = "111122223333" } }`},
		{"policy document, no condition", `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["pinpoint.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`, `      identifiers = ["pinpoint.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}`},
		{"policy document, another condition", "data \"aws_iam_policy_document\" \"trust\" {\r\n\tstatement {\r\n\t\tactions = [\"sts:AssumeRole\"]\r\n\t\tprincipals {\r\n\t\t\ttype        = \"Service\"\r\n\t\t\tidentifiers = [\"pinpoint.amazonaws.com\"]\r\n\t\t}\r\n\t\tcondition {\r\n\t\t\ttest     = \"StringEquals\"\r\n\t\t\tvariable = \"aws:PrincipalTag/team\"\r\n\t\t\tvalues   = [\"mail\"]\r\n\t\t}\r\n\t}\r\n}\r\nresource \"aws_iam_role\" \"r\" {\r\n  assume_role_policy = data.aws_iam_policy_document.trust.json\r\n}\r\n",
			"\t\t}\r\n\t\tcondition {\r\n\t\t\ttest     = \"StringEquals\"\r\n\t\t\tvariable = \"aws:SourceAccount\"\r\n\t\t\tvalues   = [\"111122223333\"]\r\n\t\t}\r\n\t}\r\n}"},
		{".tf.json document, no condition", `{
  "data": {"aws_iam_policy_document": {"trust": {"statement": [{
    "actions": ["sts:AssumeRole"],
    "principals": [{"type": "Service", "identifiers": ["pinpoint.amazonaws.com"]}]
  }]}}},
  "resource": {"aws_iam_role": {"r": {"assume_role_policy": "${data.aws_iam_policy_document.trust.json}"}}}
}
`, `"identifiers": ["pinpoint.amazonaws.com"]}],
    "condition": [{"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["111122223333"]}]
  }]`},
		{".tf.json document, one condition object", `{
  "data": {"aws_iam_policy_document": {"trust": {"statement": {
    "actions": ["sts:AssumeRole"],
    "principals": {"type": "Service", "identifiers": ["pinpoint.amazonaws.com"]},
    "condition": {"test": "Bool", "variable": "aws:SecureTransport", "values": ["true"]}
  }}}},
  "resource": {"aws_iam_role": {"r": {"assume_role_policy": "${data.aws_iam_policy_document.trust.json}"}}}
}
`, `"condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["true"]}, {"test": "StringEquals", "variable": "aws:SourceAccount", "values": ["111122223333"]}]`},
	}
	opts := policy.Options{AccountID: "111122223333"}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.src)
			fixed := applyFix(t, src, opts, policy.RuleConfusedDeputy)
			if !strings.Contains(string(fixed), c.want) {
				t.Fatalf("fixed file lacks\n%s\nin\n%s", c.want, fixed)
			}
			if diags := terraformParse(fixed); diags.HasErrors() {
				t.Fatalf("fixed file does not parse: %v\n%s", diags, fixed)
			}
			f, ok := Terraform(fixed, nil)
			if !ok {
				t.Fatal("no policy after the fix")
			}
			r := Analyze(fixed, f, opts)
			found := false
			for _, p := range r.Policies {
				if s := p.Result.Policy.Statements[0]; s.Condition != nil {
					for _, op := range s.Condition.Value().Children() {
						if op.Key().Text() == "StringEquals" && op.Value().Member("aws:SourceAccount") != nil {
							found = true
						}
					}
				}
			}
			if !found {
				t.Error("the front end does not read the new condition")
			}
			for _, d := range r.Diagnostics {
				if d.Code == policy.RuleConfusedDeputy {
					t.Errorf("after the fix: %s", d.Message)
				}
			}
		})
	}
}

// applyFix applies the first fix of the first finding of rule in a
// Terraform file.
func applyFix(t *testing.T, src []byte, opts policy.Options, rule string) []byte {
	t.Helper()
	f, ok := Terraform(src, nil)
	if !ok || len(f.Errors) > 0 {
		t.Fatalf("ok=%v errors=%v", ok, f.Errors)
	}
	for _, d := range Analyze(src, f, opts).Diagnostics {
		if d.Code != rule {
			continue
		}
		if len(d.Fixes) == 0 {
			t.Fatalf("%s has no fix in HCL", rule)
		}
		edits := d.Fixes[0].Edits
		out := string(src)
		for i := len(edits) - 1; i >= 0; i-- {
			out = out[:edits[i].Start] + edits[i].NewText + out[edits[i].End:]
		}
		return []byte(out)
	}
	t.Fatalf("no %s finding", rule)
	return nil
}

// TestTerraformEveryFixParses: every fix offered in the Terraform fixtures
// and the condition cases, applied alone, leaves a file that parses.
func TestTerraformEveryFixParses(t *testing.T) {
	paths, _ := filepath.Glob("testdata/terraform/*")
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := Terraform(src, nil)
		if !ok {
			continue
		}
		fixes := 0
		for _, d := range Analyze(src, f, policy.Options{AccountID: "111122223333"}).Diagnostics {
			for _, fix := range d.Fixes {
				out := string(src)
				for i := len(fix.Edits) - 1; i >= 0; i-- {
					e := fix.Edits[i]
					out = out[:e.Start] + e.NewText + out[e.End:]
				}
				if diags := terraformParse([]byte(out)); diags.HasErrors() {
					t.Errorf("%s: %s fix %q leaves a file that does not parse: %v", path, d.Code, fix.Title, diags)
				}
				fixes++
			}
		}
		t.Logf("%s: %d fixes", path, fixes)
	}
}

// TestTerraformConditionFixOneRound: when one round of fixes renames an
// operator (CND001: StringEqual to StringEquals) whose block already tests
// aws:SourceAccount, the condition fix of the same round is not written: a
// second condition block of the same test and variable would merge its
// values with the first, an OR. Each file ends with one such condition.
func TestTerraformConditionFixOneRound(t *testing.T) {
	for path, variable := range map[string]string{
		"testdata/terraform/firing.tf":      `variable = "aws:SourceAccount"`,
		"testdata/terraform/firing.tf.json": `"variable": "aws:SourceAccount"`,
	} {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fixed, _, _ := TerraformFixes(src, nil, policy.Options{AccountID: "111122223333"}, policy.FixPreferred)
		if n := strings.Count(string(fixed), variable); n != 1 {
			t.Errorf("%s: %d conditions on aws:SourceAccount after the fixes:\n%s", path, n, fixed)
		}
		if !strings.Contains(string(fixed), "StringEquals") {
			t.Errorf("%s: the operator was not fixed:\n%s", path, fixed)
		}
	}
}
