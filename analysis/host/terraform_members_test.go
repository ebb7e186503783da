package host

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// TestTerraformFixesKeepStructure: for every fix of every policy in the
// Terraform fixtures, the file with the fix applied parses as HCL (or
// Terraform's JSON), the front end reads the policy at the same place, and
// its tree equals the tree the same fix gives on the policy written as a
// JSON document of its own. Fixes that add or remove members are counted:
// each shape must offer some.
func TestTerraformFixesKeepStructure(t *testing.T) {
	paths, _ := filepath.Glob("testdata/terraform/*")
	opts := policy.Options{AccountID: "111122223333"}
	compared := map[string]int{}
	files := map[string][]byte{}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[path] = src
		// The same with Windows line endings: inserted lines and removed
		// ones keep them.
		files[path+" (CRLF)"] = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	}
	for path, src := range files {
		f, ok := Terraform(src, nil)
		if !ok {
			continue
		}
		for _, p := range Analyze(src, f, opts).Policies {
			alone := renderJSON(p.Doc.Root, "")
			o := opts
			o.Kind, o.Identity = p.Kind, p.Identity
			aloneResult := policy.Analyze([]byte(alone), o)
			jsonFixes := fixesByFinding(aloneResult.Doc, aloneResult.Diagnostics)
			for key, fixes := range fixesByFinding(p.Doc, p.Result.Diagnostics) {
				for i, fix := range fixes {
					if i >= len(jsonFixes[key]) {
						t.Errorf("%s %s: %s: no such fix on the policy alone", path, p.Location, key)
						continue
					}
					out, err := policy.ApplyEdits(src, fix.Edits)
					if err != nil {
						t.Errorf("%s %s: %s: %v", path, p.Location, key, err)
						continue
					}
					if crlf := bytes.Contains(src, []byte("\r\n")); crlf && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
						t.Errorf("%s %s: %s: a bare line feed in a CRLF file:\n%q", path, p.Location, key, out)
					}
					got, ok := terraformTreeAt(out, p.Location)
					if !ok {
						t.Errorf("%s %s: %s: the fixed file does not parse or lost the policy:\n%s", path, p.Location, key, out)
						continue
					}
					fixedAlone, err := policy.ApplyEdits([]byte(alone), jsonFixes[key][i].Edits)
					if err != nil {
						t.Fatal(err)
					}
					want := tree(jsonsyntax.Parse(fixedAlone).Root)
					if p.document {
						// A condition block's values are always a list: one
						// value and a list of it are the same condition.
						got, want = oneValueLists(got, false), oneValueLists(want, false)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s %s: %s:\n got %v\nwant %v\n%s", path, p.Location, key, got, want, out)
					}
					if strings.HasPrefix(key, policy.RuleMFABool) {
						compared[shapeName(p.Embedded)+" moved to BoolIfExists"]++
					} else if strings.HasPrefix(key, policy.RuleSESSendPath) || strings.HasPrefix(key, policy.RuleSessionActions) {
						compared[shapeName(p.Embedded)+" values added"]++
					} else if slices.ContainsFunc(jsonFixes[key][i].Edits, func(e policy.Edit) bool { return e.NewText == "" }) {
						compared[shapeName(p.Embedded)+" removal"]++
					} else if slices.ContainsFunc(jsonFixes[key][i].Edits, func(e policy.Edit) bool { return e.Start == e.End }) {
						compared[shapeName(p.Embedded)+" insertion"]++
					}
				}
			}
		}
	}
	for _, shape := range []string{"jsonencode", "policy document", "policy document (JSON)", "heredoc", "quoted JSON"} {
		for _, what := range []string{" removal", " insertion"} {
			if compared[shape+what] == 0 {
				t.Errorf("no %s%s compared: %v", shape, what, compared)
			}
		}
	}
	if compared["jsonencode values added"] < 2 || compared["policy document values added"] == 0 || compared["policy document (JSON) values added"] == 0 {
		t.Errorf("too few fixes adding values to a list compared: %v", compared)
	}
	if compared["jsonencode moved to BoolIfExists"] < 2 || compared["policy document moved to BoolIfExists"] == 0 {
		t.Errorf("too few CND014 fixes compared: %v", compared)
	}
	t.Log(compared)
}

// shapeName names the way a Terraform policy is written.
func shapeName(e Embedded) string {
	switch {
	case e.Syntax == JSONInHeredoc:
		return "heredoc"
	case e.Syntax == JSONInHCLString:
		return "quoted JSON"
	case e.document && firstNonSpace([]byte(e.Doc.Source)) == '{':
		return "policy document (JSON)"
	case e.document:
		return "policy document"
	}
	return "jsonencode"
}

// terraformTreeAt reads src as a Terraform file and returns the tree of
// its policy at location; false when src does not parse or has no such
// policy.
func terraformTreeAt(src []byte, location string) (any, bool) {
	if terraformParse(src).HasErrors() {
		return nil, false
	}
	f, ok := Terraform(src, nil)
	if !ok || len(f.Errors) > 0 {
		return nil, false
	}
	for _, p := range f.Policies {
		if strings.EqualFold(p.Location, location) {
			return tree(p.Doc.Root), true
		}
	}
	return nil, false
}

// oneValueLists writes each condition value that is a list of one as that
// value, in a tree; inCondition: the tree is a Condition's value.
func oneValueLists(t any, inCondition bool) any {
	switch v := t.(type) {
	case []treeMember:
		out := make([]treeMember, len(v))
		for i, m := range v {
			out[i] = treeMember{m.Key, oneValueLists(m.Value, m.Key == "Condition")}
			if inCondition {
				// An operator's block: its keys' values.
				if block, ok := m.Value.([]treeMember); ok {
					values := make([]treeMember, len(block))
					for j, k := range block {
						values[j] = k
						if list, ok := k.Value.([]any); ok && len(list) == 1 {
							values[j].Value = list[0]
						}
					}
					out[i].Value = values
				}
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = oneValueLists(x, false)
		}
		return out
	}
	return t
}

// TestTerraformMemberRemoval: removing Principal from an identity policy,
// written in each layout: the text it leaves, or no fix where the edit
// cannot be shown to keep the rest (comments or a computed key around the
// item, a dynamic principals block that would stay).
func TestTerraformMemberRemoval(t *testing.T) {
	cases := []struct {
		name, policy, want string // want "": no fix offered
	}{
		{"own line with a comment", `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Principal = "*" # everyone
      Effect    = "Allow"
      Action    = "ses:SendEmail"
      Resource  = "*"
    }]
  })`, `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ses:SendEmail"
      Resource  = "*"
    }]
  })`},
		{"middle of one line", `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "ses:SendEmail", Resource = "*" }] })`,
			`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })`},
		{"first of one line", `jsonencode({ Version = "2012-10-17", Statement = [{ Principal = "*", Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })`,
			`jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })`},
		{"last, closing on its line", `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Action = "ses:SendEmail", Resource = "*"
      Principal = { AWS = "arn:aws:iam::111122223333:root" } }]
  })`, `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }]
  })`},
		{"block comments around it", `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", /* who */ Principal = "*" /* all */, Action = "ses:SendEmail", Resource = "*" }] })`, ``},
		{"a computed key beside it", `jsonencode({ Version = "2012-10-17", Statement = [{ Principal = "*", (var.key) = "x", Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })`, ``},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "resource \"aws_iam_policy\" \"p\" {\n  policy = " + c.policy + "\n}\n"
			got := removalFix(t, src)
			if c.want == "" {
				if got != "" {
					t.Errorf("a fix was offered:\n%s", got)
				}
				return
			}
			if want := "resource \"aws_iam_policy\" \"p\" {\n  policy = " + c.want + "\n}\n"; got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	document := func(statement string) string {
		return "data \"aws_iam_policy_document\" \"d\" {\n  statement {\n" + statement + "  }\n}\n"
	}
	principals := "    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::111122223333:root\"]\n    }\n"
	rest := "    actions   = [\"ses:SendEmail\"]\n    resources = [\"*\"]\n"
	if got, want := removalFix(t, document(principals+rest+principals)), document(rest); got != want {
		t.Errorf("document: got\n%s\nwant\n%s", got, want)
	}
	dynamic := "    dynamic \"principals\" {\n      for_each = var.accounts\n      content {\n        type        = \"AWS\"\n        identifiers = [principals.value]\n      }\n    }\n"
	if got := removalFix(t, document(principals+rest+dynamic)); got != "" {
		t.Errorf("document with a dynamic principals block: a fix was offered:\n%s", got)
	}
}

// removalFix applies the fix of src's IAM003 finding, or returns "" when
// it has none; the finding must be there.
func removalFix(t *testing.T, src string) string {
	t.Helper()
	f, ok := Terraform([]byte(src), nil)
	if !ok || len(f.Errors) > 0 {
		t.Fatalf("ok=%v errors=%v\n%s", ok, f.Errors, src)
	}
	for _, d := range Analyze([]byte(src), f, policy.Options{}).Diagnostics {
		if d.Code != policy.RuleIAMPrincipal {
			continue
		}
		if len(d.Fixes) == 0 {
			return ""
		}
		out, err := policy.ApplyEdits([]byte(src), d.Fixes[0].Edits)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	t.Fatalf("no IAM003 finding in\n%s", src)
	return ""
}

// terraformParse parses src as hcl reads a Terraform file: in Terraform's
// JSON syntax when it starts with "{", else as HCL.
func terraformParse(src []byte) hcl.Diagnostics {
	if firstNonSpace(src) == '{' {
		_, diags := hcljson.Parse(src, "main.tf.json")
		return diags
	}
	_, diags := hclsyntax.ParseConfig(src, "main.tf", hcl.InitialPos)
	return diags
}

// FuzzTerraformFixes: whatever the input, every fix offered in a Terraform
// file has edits inside it that do not overlap, and in a file that parses
// each fix leaves a file that still parses.
func FuzzTerraformFixes(f *testing.F) {
	paths, _ := filepath.Glob("testdata/terraform/*")
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ok := Terraform(src, nil)
		if !ok {
			return
		}
		parses := len(file.Errors) == 0 && !terraformParse(src).HasErrors()
		for _, d := range Analyze(src, file, policy.Options{AccountID: "111122223333"}).Diagnostics {
			for _, fix := range d.Fixes {
				out, err := policy.ApplyEdits(src, fix.Edits)
				if err != nil {
					t.Fatalf("%s %q: %v", d.Code, fix.Title, err)
				}
				if parses && terraformParse(out).HasErrors() {
					t.Fatalf("%s %q leaves a file that does not parse:\n%s", d.Code, fix.Title, out)
				}
			}
		}
	})
}

// TestTerraformRemovalLayouts: Principal removed from a jsonencode
// statement in each place among its items and each layout (one line, with
// or without a trailing comma, a line each, commas at line ends, a comment
// after each item, two lines), with LF and CRLF line endings: a fix is
// offered, the file parses, keeps its line endings and has no finding left.
func TestTerraformRemovalLayouts(t *testing.T) {
	items := []string{`Effect = "Allow"`, `Action = "ses:SendEmail"`, `Resource = "*"`}
	layouts := map[string]func([]string) string{
		"one line":        func(all []string) string { return "{ " + strings.Join(all, ", ") + " }" },
		"trailing comma":  func(all []string) string { return "{ " + strings.Join(all, ", ") + ", }" },
		"lines":           func(all []string) string { return "{\n      " + strings.Join(all, "\n      ") + "\n    }" },
		"lines, commas":   func(all []string) string { return "{\n      " + strings.Join(all, ",\n      ") + ",\n    }" },
		"lines, comments": func(all []string) string { return "{\n      " + strings.Join(all, " # c\n      ") + " # c\n    }" },
		"two lines": func(all []string) string {
			return "{ " + strings.Join(all[:2], ", ") + "\n      " + strings.Join(all[2:], ", ") + " }"
		},
	}
	for at := 0; at <= len(items); at++ {
		all := slices.Insert(slices.Clone(items), at, `Principal = { AWS = "*" }`)
		for name, layout := range layouts {
			src := "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [" + layout(all) + "]\n  })\n}\n"
			for _, newline := range []string{"\n", "\r\n"} {
				src := strings.ReplaceAll(src, "\n", newline)
				out := removalFix(t, src)
				if out == "" || terraformParse([]byte(out)).HasErrors() || strings.Contains(out, "Principal") || strings.Count(out, "\n") != strings.Count(out, newline) {
					t.Errorf("Principal item %d, %s, %q: fixed to\n%s", at, name, newline, out)
					continue
				}
				f, _ := Terraform([]byte(out), nil)
				for _, d := range Analyze([]byte(out), f, policy.Options{}).Diagnostics {
					t.Errorf("Principal item %d, %s: %s %s after the fix", at, name, d.Code, d.Message)
				}
			}
		}
	}
}

// TestTerraformGuessedKindRemoval: a policy document used nowhere in the
// module (passed to a module or an output, perhaps as a resource policy)
// is checked as an identity policy, a guess: removing its principals is
// offered but not preferred, so fix-all keeps them; once an aws_iam_policy
// uses it, the removal is preferred.
func TestTerraformGuessedKindRemoval(t *testing.T) {
	document := `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`
	used := document + "\nresource \"aws_iam_policy\" \"p\" {\n  policy = data.aws_iam_policy_document.d.json\n}\n"
	for src, preferred := range map[string]bool{document: false, used: true} {
		f, _ := Terraform([]byte(src), nil)
		var fixes []policy.Fix
		for _, d := range Analyze([]byte(src), f, policy.Options{}).Diagnostics {
			if d.Code == policy.RuleIAMPrincipal {
				fixes = d.Fixes
			}
		}
		if len(fixes) != 1 || fixes[0].Preferred != preferred {
			t.Errorf("used %v: fixes %+v, want one preferred=%v", preferred, fixes, preferred)
		}
		fixed, _, _ := TerraformFixes([]byte(src), nil, policy.Options{}, policy.FixPreferred)
		if kept := strings.Contains(string(fixed), "principals {"); kept == preferred {
			t.Errorf("used %v: after fix-all:\n%s", preferred, fixed)
		}
	}
}

// TestTerraformBoolIfExistsSplit: CND014 in a policy document whose Bool
// test holds another key too is reported without a fix: moving one key
// means splitting its condition block from the other's, which is not a
// member's removal; a Bool test of one key is renamed.
func TestTerraformBoolIfExistsSplit(t *testing.T) {
	src := []byte(`data "aws_iam_policy_document" "mfa" {
  statement {
    effect      = "Deny"
    not_actions = ["iam:ListMFADevices"]
    resources   = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
    condition {
      test     = "Bool"
      variable = "aws:ViaAWSService"
      values   = ["false"]
    }
  }
}
`)
	f, _ := Terraform(src, nil)
	found := false
	for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
		if d.Code == policy.RuleMFABool {
			found = true
			if len(d.Fixes) != 0 {
				t.Errorf("fixes offered: %+v", d.Fixes)
			}
		}
	}
	if !found {
		t.Fatal("no CND014 finding")
	}
}

// TestTerraformBoolIfExistsMoveInJsonencode: CND014 moves one key of a Bool
// holding others into BoolIfExists (new or existing) in a jsonencode
// object. The key is still under Bool when the insertion is written, which
// the guard against testing one key under two operators took for a clash:
// the fix was dropped.
func TestTerraformBoolIfExistsMoveInJsonencode(t *testing.T) {
	for name, existing := range map[string]string{
		"new block":      "",
		"existing block": "        BoolIfExists = {\n          \"aws:ViaAWSService\" = \"false\"\n        }\n",
	} {
		src := []byte("resource \"aws_iam_policy\" \"mfa\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n" +
			"      Effect    = \"Deny\"\n      NotAction = [\"iam:ListMFADevices\"]\n      Resource  = \"*\"\n      Condition = {\n" + existing +
			"        Bool = {\n          \"aws:MultiFactorAuthPresent\" = \"false\"\n          \"aws:SecureTransport\"        = \"true\"\n        }\n      }\n    }]\n  })\n}\n")
		f, _ := Terraform(src, nil)
		var fix *policy.Fix
		for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
			if d.Code == policy.RuleMFABool && len(d.Fixes) > 0 {
				fix = &d.Fixes[0]
			}
		}
		if fix == nil {
			t.Errorf("%s: no fix for CND014", name)
			continue
		}
		out, err := policy.ApplyEdits(src, fix.Edits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		g, _ := Terraform(out, nil)
		if g == nil || len(g.Policies) != 1 {
			t.Fatalf("%s: fixed file not read:\n%s", name, out)
		}
		cond := g.Policies[0].Doc.Root.Member("Statement").Value().Children()[0].Member("Condition").Value()
		moved := cond.Member("BoolIfExists")
		kept := cond.Member("Bool")
		if moved == nil || moved.Value().Member("aws:MultiFactorAuthPresent") == nil || kept == nil ||
			kept.Value().Member("aws:MultiFactorAuthPresent") != nil || kept.Value().Member("aws:SecureTransport") == nil {
			t.Errorf("%s: the key did not move alone:\n%s", name, out)
		}
	}
}
