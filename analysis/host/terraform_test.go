package host

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

var wantComment = regexp.MustCompile(`# want(@\d+)? ([A-Z0-9 ]+)`)

// TestTerraformFixtures: each testdata/terraform/*.tf names the findings it
// expects on a line with a "# want CODE..." comment ("# want@N" for line N,
// where a comment cannot go: inside a heredoc). Every other line has none.
func TestTerraformFixtures(t *testing.T) {
	paths, _ := filepath.Glob("testdata/terraform/*.tf")
	if len(paths) < 2 {
		t.Fatalf("fixtures: %v", paths)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := map[int][]string{}
			for i, line := range strings.Split(string(src), "\n") {
				m := wantComment.FindStringSubmatch(line)
				if m == nil {
					continue
				}
				at := i + 1
				if m[1] != "" {
					at, _ = strconv.Atoi(m[1][1:])
				}
				want[at] = append(want[at], strings.Fields(m[2])...)
			}
			f, ok := Terraform(src, nil)
			if !ok || len(f.Errors) > 0 {
				t.Fatalf("ok=%v errors=%v", ok, f.Errors)
			}
			got := map[int][]string{}
			ix := text.NewIndex(src)
			for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
				line, _ := ix.LineColumn(d.Start)
				got[line] = append(got[line], d.Code)
			}
			for _, m := range []map[int][]string{want, got} {
				for _, codes := range m {
					slices.Sort(codes)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("findings by line:\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestTerraformPinpointExample: examples/pinpoint-email-role.tf, AWS's
// documented Pinpoint trust and SES permission policies as Terraform, stays
// free of errors and warnings, each policy of the kind its attribute says.
func TestTerraformPinpointExample(t *testing.T) {
	src, err := os.ReadFile("../../examples/pinpoint-email-role.tf")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := Terraform(src, nil)
	if !ok {
		t.Fatal("no policies found")
	}
	r := Analyze(src, f, policy.Options{})
	var places []string
	for _, p := range r.Policies {
		places = append(places, p.Location+"="+string(p.Kind))
	}
	if fmt.Sprint(places) != "[aws_iam_role.pinpoint_email.assume_role_policy=trust aws_iam_role_policy.pinpoint_uses_ses.policy=iam-identity]" {
		t.Errorf("policies %v", places)
	}
	for _, d := range r.Diagnostics {
		if d.Severity <= policy.SeverityWarning {
			t.Errorf("%d: %s %s", d.Start, d.Code, d.Message)
		}
	}
}

// TestTerraformKinds: each attribute gives its policy's kind, and a policy
// document data source takes the kinds of the places its json is used in,
// across the module's files; one used as two kinds is checked as both, its
// findings labelled with the place.
func TestTerraformKinds(t *testing.T) {
	doc := `data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["sts:AssumeRole", "ses:SendEmail"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_ses_identity_policy" "p" {
  identity = "example.com"
  name     = "p"
  policy   = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_sesv2_email_identity_policy" "q" {
  email_identity = "example.com"
  policy_name    = "q"
  policy         = "{\"Version\": \"2012-10-17\", \"Statement\": []}"
}
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = "{}"
  inline_policy {
    name   = "i"
    policy = jsonencode({ Statement = [] })
  }
}
resource "aws_kms_key" "k" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}
`
	other := `resource "aws_iam_role" "a" {
  assume_role_policy = data.aws_iam_policy_document.shared.json
}
resource "aws_iam_policy" "b" {
  policy = "${data.aws_iam_policy_document.shared.json}"
}
`
	module := TerraformUses([]byte(doc), []byte(other))
	f, ok := Terraform([]byte(doc), &module)
	if !ok {
		t.Fatal("no policies")
	}
	var got []string
	for _, p := range f.Policies {
		got = append(got, p.Location+"="+string(p.Kind))
	}
	want := []string{
		"data.aws_iam_policy_document.shared (as trust in aws_iam_role.a.assume_role_policy)=trust",
		"data.aws_iam_policy_document.shared (as iam-identity in aws_iam_policy.b.policy)=iam-identity",
		"aws_ses_identity_policy.p.policy=ses-identity",
		"aws_sesv2_email_identity_policy.q.policy=ses-identity",
		"aws_iam_role.r.inline_policy.policy=iam-identity",
		"aws_kms_key.k.policy=unknown",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("policies:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	labelled := false
	for _, d := range Analyze([]byte(doc), f, policy.Options{}).Diagnostics {
		if strings.HasPrefix(d.Message, "(as trust in aws_iam_role.a.assume_role_policy) ") {
			labelled = true
		}
	}
	if !labelled {
		t.Error("no finding of the document as a trust policy is labelled with its place")
	}
	// Alone, the file does not know the other file's uses: an identity
	// policy.
	alone, _ := Terraform([]byte(doc), nil)
	if alone.Policies[0].Kind != policy.KindIAMIdentity || alone.Policies[0].Label != "" {
		t.Errorf("document alone: %+v", alone.Policies[0].Kind)
	}
}

// TestTerraformFixes: preferred fixes are written in HCL (a quoted string
// in jsonencode, an escaped one in a JSON string, JSON in a heredoc) and
// the file still parses with the fixes applied.
func TestTerraformFixes(t *testing.T) {
	src, err := os.ReadFile("testdata/terraform/firing.tf")
	if err != nil {
		t.Fatal(err)
	}
	fixed, n, _ := TerraformFixes(src, nil, policy.Options{}, policy.FixPreferred)
	if n == 0 {
		t.Fatal("no fix applied")
	}
	if _, diags := hclsyntax.ParseConfig(fixed, "", hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("fixed file does not parse: %v\n%s", diags, fixed)
	}
	for _, want := range []string{
		`Action   = ["ses:SendEmail", "ses:SendRawEmail"]`,
		`test     = "StringEquals"`,
	} {
		if !strings.Contains(string(fixed), want) {
			t.Errorf("fixed file lacks %s", want)
		}
	}
	// Fixes offered but not preferred (three candidates; a plural s), each
	// applied alone.
	f, _ := Terraform(src, nil)
	applied := 0
	for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
		if d.Code != policy.RuleActionUnknown || len(d.Fixes) == 0 || strings.Contains(string(src[d.Start:d.End]), "SendEmal") {
			continue
		}
		applied++
		one := slices.Clone(src)
		edits := d.Fixes[0].Edits
		for i := len(edits) - 1; i >= 0; i-- {
			one = slices.Concat(one[:edits[i].Start], []byte(edits[i].NewText), one[edits[i].End:])
		}
		if _, diags := hclsyntax.ParseConfig(one, "", hcl.InitialPos); diags.HasErrors() {
			t.Errorf("%s fixed: does not parse: %v", src[d.Start:d.End], diags)
		}
		g, _ := Terraform(one, nil)
		for _, d2 := range Analyze(one, g, policy.Options{}).Diagnostics {
			if d2.Start == d.Start && d2.Code == policy.RuleActionUnknown {
				t.Errorf("%s still unknown after its fix %q", src[d.Start:d.End], edits[0].NewText)
			}
		}
		fixedText := string(one[d.Start : d.Start+len(edits[0].NewText)])
		if want := map[bool]string{true: `\"s3:GetObject\"`, false: `"`}[strings.HasPrefix(string(src[d.Start:]), `\"`)]; !strings.HasPrefix(fixedText, want) {
			t.Errorf("fix written as %s, want it to start %s", fixedText, want)
		}
	}
	if applied != 3 { // the heredoc, the quoted string, sqs:SendMessages
		t.Errorf("%d offered fixes applied, want 3", applied)
	}
}

// TestTerraformSyntaxError: a file that does not parse reports its first
// HCL error, once, and no policy findings.
func TestTerraformSyntaxError(t *testing.T) {
	src := []byte("resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Version = \n}\n")
	f, ok := Terraform(src, nil)
	if !ok || len(f.Errors) != 1 || len(f.Policies) != 0 {
		t.Fatalf("ok=%v errors=%v policies=%d", ok, f.Errors, len(f.Policies))
	}
	// A file with no policy and no error is no concern of ours.
	if _, ok := Terraform([]byte("variable \"x\" {}\n"), nil); ok {
		t.Error("a file without policies was taken")
	}
}

// TestTerraformJSON: a .tf.json file's escaped JSON policy strings and
// aws_iam_policy_document blocks are checked at the file's lines, the
// document's kind from its use in "${data.aws_iam_policy_document.X.json}";
// fixes written into it keep valid JSON, and once fixed it is quiet.
func TestTerraformJSON(t *testing.T) {
	src, err := os.ReadFile("testdata/terraform/firing.tf.json")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := Terraform(src, nil)
	if !ok {
		t.Fatal("no policies")
	}
	var got []string
	ix := text.NewIndex(src)
	for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
		line, _ := ix.LineColumn(d.Start)
		got = append(got, fmt.Sprint(line, " ", d.Code))
	}
	if want := "[8 TRUST007 9 CND001 23 ACT002]"; fmt.Sprint(got) != want {
		t.Errorf("findings %v, want %s", got, want)
	}
	if f.Policies[1].Kind != policy.KindTrust {
		t.Errorf("document kind %s", f.Policies[1].Kind)
	}
	fixed, n, _ := TerraformFixes(src, nil, policy.Options{}, policy.FixPreferred)
	if n != 2 || !json.Valid(fixed) {
		t.Fatalf("%d fixes:\n%s", n, fixed)
	}
	g, _ := Terraform(fixed, nil)
	for _, d := range Analyze(fixed, g, policy.Options{}).Diagnostics {
		if d.Severity <= policy.SeverityWarning {
			t.Errorf("after the fixes: %s %s", d.Code, d.Message)
		}
	}
}

// FuzzTerraform: reading any text as a Terraform file never panics, and
// every syntax error, finding and fix edit lies inside the source. (An HCL
// block's nesting is not JSON's: a condition's variable may come before its
// test, so nodes are not checked against their parents here.)
func FuzzTerraform(f *testing.F) {
	paths, _ := filepath.Glob("testdata/terraform/*")
	paths = append(paths, "../../examples/pinpoint-email-role.tf")
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("resource \"aws_iam_policy\" \"p\" {\n  policy = \"{\\\"Statement\\\": [${x}]}\"\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ok := Terraform(src, nil)
		if !ok {
			return
		}
		for _, e := range file.Errors {
			if e.Start < 0 || e.Start > e.End || e.End > len(src) {
				t.Fatalf("syntax error range %d-%d of %d", e.Start, e.End, len(src))
			}
		}
		for _, d := range Analyze(src, file, policy.Options{}).Diagnostics {
			if d.Start < 0 || d.Start > d.End || d.End > len(src) {
				t.Fatalf("%s range %d-%d of %d", d.Code, d.Start, d.End, len(src))
			}
			for _, fx := range d.Fixes {
				if _, err := policy.ApplyEdits(src, fx.Edits); err != nil {
					t.Fatalf("%s fix %q: %v", d.Code, fx.Title, err)
				}
			}
		}
	})
}

// TestTerraformDocumentWords: findings in a policy document data source
// name a condition's parts as its condition block does (test, variable);
// the same finding in jsonencode keeps IAM's words.
func TestTerraformDocumentWords(t *testing.T) {
	src := []byte(`data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "StringEqual"
      variable = "aws:SourceAcount"
      values   = ["111122223333"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*", Condition = { StringEqual = { "aws:SourceAccount" = "111122223333" } } }] })
}
`)
	f, _ := Terraform(src, nil)
	var got []string
	for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
		if d.Code == policy.RuleOperatorUnknown {
			got = append(got, strings.SplitN(d.Message, ":", 2)[0])
		}
	}
	if want := `[unknown condition test (operator) "StringEqual" unknown condition operator "StringEqual"]`; fmt.Sprint(got) != want {
		t.Errorf("messages %v, want %s", got, want)
	}
}

// TestInsertPinpointRoleTerraform: the role appended to a .tf file is the
// example's text, without the data sources the module already declares,
// and the file still parses with its policies clean; not offered twice.
func TestInsertPinpointRoleTerraform(t *testing.T) {
	example, _ := os.ReadFile("../../examples/pinpoint-email-role.tf")
	if !strings.HasSuffix(string(example), PinpointRoleTerraform) {
		t.Fatal("examples/pinpoint-email-role.tf no longer ends with PinpointRoleTerraform")
	}
	src := []byte("data \"aws_region\" \"current\" {}\nvariable \"x\" {}")
	other := []byte("data \"aws_partition\" \"current\" {}\n")
	e, ok := InsertPinpointRoleTerraform(src, other)
	if !ok {
		t.Fatal("not offered")
	}
	after := slices.Concat(src[:e.Start], []byte(e.NewText), src[e.End:])
	if strings.Count(string(after), `data "aws_region" "current"`) != 1 || strings.Contains(string(after), `data "aws_partition"`) || !strings.Contains(string(after), "variable \"x\" {}\n\ndata \"aws_caller_identity\" \"current\" {}\n") {
		t.Errorf("after the insertion:\n%s", after)
	}
	f, ok := Terraform(after, nil)
	if !ok || len(f.Errors) > 0 || len(f.Policies) != 2 {
		t.Fatalf("after the insertion: ok=%v errors=%v", ok, f.Errors)
	}
	for _, d := range Analyze(after, f, policy.Options{}).Diagnostics {
		if d.Severity <= policy.SeverityWarning {
			t.Errorf("%s %s", d.Code, d.Message)
		}
	}
	if _, ok := InsertPinpointRoleTerraform(after); ok {
		t.Error("offered again")
	}
}

// TestTerraformSESIdentity: the identity an SES identity policy is attached
// to comes from its resource's identity argument, written literally or as a
// reference to an identity declared in another file of the module, in HCL
// and in .tf.json; SES004 names it when the Resource names another. A
// document attached to two different identities is compared with neither.
func TestTerraformSESIdentity(t *testing.T) {
	declared := []byte(`resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}
`)
	policyText := func(resource string) string {
		return `{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"ses:SendEmail\", \"Resource\": \"` + resource + `\"}]}`
	}
	cases := []struct {
		name, src string
		want      string // the identities the policies are attached to
		findings  int    // SES004 naming example.com
	}{
		{"reference to another file", `resource "aws_ses_identity_policy" "p" {
  identity = aws_ses_domain_identity.main.domain
  name     = "p"
  policy   = "` + policyText("arn:aws:ses:us-east-1:123456789012:identity/example.org") + `"
}
`, "[example.com]", 1},
		{".tf.json", `{"resource": {"aws_ses_identity_policy": {"p": {
  "identity": "${aws_ses_domain_identity.main.arn}",
  "name": "p",
  "policy": "` + policyText("arn:aws:ses:us-east-1:123456789012:identity/example.org") + `"
}}}}
`, "[example.com]", 1},
		{".tf.json literal, same identity", `{"resource": {"aws_sesv2_email_identity_policy": {"p": {
  "email_identity": "EXAMPLE.com",
  "policy_name": "p",
  "policy": "` + policyText("arn:aws:ses:us-east-1:123456789012:identity/example.com") + `"
}}}}
`, "[EXAMPLE.com]", 0},
		{"one document, two identities", `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["arn:aws:ses:us-east-1:123456789012:identity/example.org"]
    principals {
      type        = "AWS"
      identifiers = ["111122223333"]
    }
  }
}
resource "aws_ses_identity_policy" "a" {
  identity = "example.com"
  name     = "a"
  policy   = data.aws_iam_policy_document.d.json
}
resource "aws_ses_identity_policy" "b" {
  identity = "example.org"
  name     = "b"
  policy   = data.aws_iam_policy_document.d.json
}
`, "[]", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.src)
			module := TerraformUses(src, declared)
			f, ok := Terraform(src, &module)
			if !ok || len(f.Errors) > 0 {
				t.Fatalf("ok=%v errors=%v", ok, f.Errors)
			}
			var identities []string
			for _, p := range f.Policies {
				if p.Identity != "" {
					identities = append(identities, p.Identity)
				}
			}
			if fmt.Sprint(identities) != c.want {
				t.Errorf("identities %v, want %s", identities, c.want)
			}
			n := 0
			for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
				if d.Code == policy.RuleSESResource {
					if !strings.Contains(d.Message, `attached to the identity "example.com"`) {
						t.Errorf("SES004 does not name the identity: %s", d.Message)
					}
					n++
				}
			}
			if n != c.findings {
				t.Errorf("%d SES004 findings, want %d", n, c.findings)
			}
		})
	}
}

// TestTerraformJSONJsonencode: a .tf.json policy written as
// "${jsonencode({...})}" is read as jsonencode in a .tf file: a finding
// points at the escaped string's bytes, references and interpolations
// stay holes (no false alarm), and no fix is offered inside the string.
func TestTerraformJSONJsonencode(t *testing.T) {
	src := []byte(`{"resource": {
  "aws_iam_policy": {"p": {
    "policy": "${jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Action = [\"s3:GetObjects\"], Resource = \"arn:aws:s3:::${var.bucket}/*\"}]})}"
  }},
  "aws_sqs_queue_policy": {"q": {
    "queue_url": "${aws_sqs_queue.q.id}",
    "policy": "${jsonencode({\"Version\" = \"2012-10-17\", Statement = [{Effect = \"Allow\", Principal = {AWS = var.accounts}, Action = \"sqs:SendMessage\", Resource = aws_sqs_queue.q.arn, Condition = {ArnEquals = {\"aws:SourceArn\" = \"${aws_sns_topic.t.arn}\"}}}]})}"
  }},
  "aws_ses_identity_policy": {"s": {
    "identity": "example.com",
    "name": "s",
    "policy": "${jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Principal = {AWS = \"111122223333\"}, Action = \"ses:SendEmail\", Resource = \"arn:aws:ses:us-east-1:123456789012:identity/example.org\"}]})}"
  }}
}}
`)
	f, ok := Terraform(src, nil)
	if !ok || len(f.Errors) > 0 {
		t.Fatalf("ok=%v errors=%v", ok, f.Errors)
	}
	var places []string
	for _, p := range f.Policies {
		places = append(places, p.Location)
	}
	if want := "[aws_iam_policy.p.policy aws_sqs_queue_policy.q.policy aws_ses_identity_policy.s.policy]"; fmt.Sprint(places) != want {
		t.Fatalf("policies %v, want %s", places, want)
	}
	var got []string
	for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
		got = append(got, d.Code+" "+string(src[d.Start:d.End]))
		if len(d.Fixes) > 0 {
			t.Errorf("%s offers a fix inside the string: %+v", d.Code, d.Fixes)
		}
	}
	want := []string{
		`ACT002 \"s3:GetObjects\"`,
		`SES004 \"arn:aws:ses:us-east-1:123456789012:identity/example.org\"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInsertPinpointIdentityPolicyTerraform: the SES identity policy for
// Amazon Pinpoint appended to a .tf file names the identity the module
// declares (else example.com, in identity and Resource alike), reuses the
// data sources declared, parses, and analyses with nothing above info; not
// offered twice.
func TestInsertPinpointIdentityPolicyTerraform(t *testing.T) {
	cases := []struct {
		name       string
		src, other string
		want       []string
	}{
		{"identity declared in the module", "resource \"aws_ses_domain_identity\" \"main\" {\n  domain = \"example.org\"\n}\n",
			"data \"aws_caller_identity\" \"current\" {}\ndata \"aws_partition\" \"current\" {}\ndata \"aws_region\" \"current\" {}\n",
			[]string{"}\n\nresource \"aws_ses_identity_policy\" \"pinpoint_sending\" {\n  identity = aws_ses_domain_identity.main.arn\n", "Resource  = aws_ses_domain_identity.main.arn\n"}},
		{"no identity declared", "", "",
			[]string{"data \"aws_caller_identity\" \"current\" {}\n", `identity = "example.com"`, `:identity/example.com"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(c.src)
			e, ok := InsertPinpointIdentityPolicyTerraform(src, []byte(c.other))
			if !ok {
				t.Fatal("not offered")
			}
			after := slices.Concat(src[:e.Start], []byte(e.NewText), src[e.End:])
			for _, w := range c.want {
				if !strings.Contains(string(after), w) {
					t.Errorf("lacks %q:\n%s", w, after)
				}
			}
			if c.other != "" && strings.Contains(string(after), "data \"") {
				t.Errorf("data sources the module declares inserted again:\n%s", after)
			}
			if _, diags := hclsyntax.ParseConfig(after, "main.tf", hcl.InitialPos); diags.HasErrors() {
				t.Fatalf("does not parse: %v\n%s", diags, after)
			}
			module := TerraformUses(after, []byte(c.other))
			f, ok := Terraform(after, &module)
			if !ok || len(f.Errors) > 0 || len(f.Policies) != 1 || f.Policies[0].Kind != policy.KindSESIdentity {
				t.Fatalf("after the insertion: ok=%v errors=%v policies=%d", ok, f.Errors, len(f.Policies))
			}
			if want := map[bool]string{true: "example.org", false: "example.com"}[c.other != ""]; f.Policies[0].Identity != want {
				t.Errorf("attached to %q, want %q", f.Policies[0].Identity, want)
			}
			for _, d := range Analyze(after, f, policy.Options{}).Diagnostics {
				if d.Severity <= policy.SeverityWarning {
					t.Errorf("%s %s", d.Code, d.Message)
				}
			}
			if _, ok := InsertPinpointIdentityPolicyTerraform(after); ok {
				t.Error("offered again")
			}
		})
	}
}

// TestTerraformRepeatedKey: an object of jsonencode may name a key twice;
// Terraform keeps the last and drops the other silently (a condition
// lost), so it is reported as in JSON. Fix-all, which renames StringEqual
// while TRUST007 adds StringEquals, never writes such a pair.
func TestTerraformRepeatedKey(t *testing.T) {
	twice := []byte(`resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      Resource = "*"
      Condition = { StringEquals = { "ses:FromAddress" = "a@example.com" }, "StringEquals" = { "ses:FromAddress" = "b@example.com" } }
    }]
  })
}
`)
	f, _ := Terraform(twice, nil)
	var found []policy.Diagnostic
	for _, d := range Analyze(twice, f, policy.Options{}).Diagnostics {
		if d.Code == policy.RuleDuplicateKey {
			found = append(found, d)
		}
	}
	if len(found) != 1 || string(twice[found[0].Start:found[0].End]) != `"StringEquals"` {
		t.Errorf("repeated key findings %+v", found)
	}

	src := []byte(`resource "aws_iam_role" "t" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pinpoint.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { "StringEqual" = { "aws:PrincipalTag/team" = "mail" } }
    }]
  })
}
`)
	opts := policy.Options{AccountID: "123456789012"}
	fixed, _, _ := TerraformFixes(src, nil, opts, policy.FixPreferred)
	g, ok := Terraform(fixed, nil)
	if strings.Count(string(fixed), "StringEquals") != 1 {
		t.Errorf("fix-all wrote StringEquals twice:\n%s", fixed)
	}
	if !ok || len(g.Errors) > 0 || len(g.Policies) != 1 {
		t.Fatalf("fixed file:\n%s", fixed)
	}
	for _, d := range Analyze(fixed, g, opts).Diagnostics {
		if d.Code == policy.RuleDuplicateKey || d.Code == "CND001" {
			t.Errorf("%s after fix-all: %s\n%s", d.Code, d.Message, fixed)
		}
	}
}

// TestTerraformDynamicPrincipals: principals given by a dynamic block (or
// with a computed type) are principals the module computes: no "statement
// has no Principal" (POL012) or other finding about them, in .tf and
// .tf.json.
func TestTerraformDynamicPrincipals(t *testing.T) {
	for _, src := range []string{
		`data "aws_iam_policy_document" "t" {
  statement {
    actions = ["sts:AssumeRole"]
    dynamic "principals" {
      for_each = var.principals
      content {
        type        = principals.value.type
        identifiers = principals.value.identifiers
      }
    }
  }
}
resource "aws_iam_role" "r" { assume_role_policy = data.aws_iam_policy_document.t.json }
`,
		`data "aws_iam_policy_document" "t" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = var.type
      identifiers = ["111122223333"]
    }
  }
}
resource "aws_iam_role" "r" { assume_role_policy = data.aws_iam_policy_document.t.json }
`,
		`{"data": {"aws_iam_policy_document": {"t": {"statement": [{"actions": ["sts:AssumeRole"],
  "dynamic": {"principals": {"for_each": "${var.principals}", "content": {"type": "AWS", "identifiers": "${principals.value}"}}}}]}}},
 "resource": {"aws_iam_role": {"r": {"assume_role_policy": "${data.aws_iam_policy_document.t.json}"}}}}`,
	} {
		f, ok := Terraform([]byte(src), nil)
		if !ok || len(f.Policies) != 1 {
			t.Fatalf("not read: %s", src)
		}
		for _, d := range Analyze([]byte(src), f, policy.Options{}).Diagnostics {
			t.Errorf("false alarm %s %s in\n%s", d.Code, d.Message, src)
		}
	}
}
