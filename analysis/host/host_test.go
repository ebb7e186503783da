package host

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/templates")

// render lists a host file's policies and findings, one a line, in
// 1-based line:column form (UTF-16 columns, as check prints them), with
// the fixes each finding offers.
func render(src []byte, f *File, ok bool) string {
	if !ok {
		return "not a template\n"
	}
	r := Analyze(src, f, policy.Options{})
	ix := text.NewIndex(src)
	var b strings.Builder
	for _, p := range r.Policies {
		l, c := ix.LineColumn(p.Doc.Root.Start())
		fmt.Fprintf(&b, "policy %d:%d %s %s\n", l, c, p.Kind, p.Location)
	}
	for _, d := range r.Diagnostics {
		l, c := ix.LineColumn(d.Start)
		el, ec := ix.LineColumn(d.End)
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s\n", l, c, el, ec, d.Code, d.Message)
		for _, fx := range d.Fixes {
			fmt.Fprintf(&b, "  fix %q:", fx.Title)
			for _, e := range fx.Edits {
				fmt.Fprintf(&b, " %q->%q", src[e.Start:e.End], e.NewText)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// TestTemplates: each template in testdata/templates has its findings in a
// .want file beside it (-update rewrites them; review the diff).
func TestTemplates(t *testing.T) {
	paths, _ := filepath.Glob("testdata/templates/*")
	n := 0
	for _, path := range paths {
		if strings.HasSuffix(path, ".want") {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			isYAML := !strings.HasSuffix(path, ".json")
			f, ok := CloudFormation(src, isYAML)
			got := render(src, f, ok)
			if *update {
				if err := os.WriteFile(path+".want", []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path + ".want")
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("findings differ\n--- got\n%s--- want\n%s", got, want)
			}
		})
	}
	if n < 5 {
		t.Fatalf("%d templates found", n)
	}
}

// TestPolicyFilesAreNotTemplates: plain policies (every example) and other
// JSON are never read as templates, so they keep today's analysis.
func TestPolicyFilesAreNotTemplates(t *testing.T) {
	paths, _ := filepath.Glob("../../examples/*.json")
	if len(paths) < 10 {
		t.Fatalf("%d examples", len(paths))
	}
	for _, path := range paths {
		src, _ := os.ReadFile(path)
		for _, yaml := range []bool{false, true} {
			if _, ok := CloudFormation(src, yaml); ok {
				t.Errorf("%s read as a template", path)
			}
		}
	}
}

// TestPinpointExample: the Amazon Pinpoint email role of examples/, both of
// AWS's documented policies (pinpoint-trust-policy.json and
// pinpoint-ses-permission-policy.json) in one AWS::IAM::Role, stays free of
// errors and warnings, with each policy of the kind its place says.
func TestPinpointExample(t *testing.T) {
	src, err := os.ReadFile("../../examples/pinpoint-email-role.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := CloudFormation(src, true)
	if !ok {
		t.Fatal("not read as a template")
	}
	r := Analyze(src, f, policy.Options{})
	kinds := []policy.Kind{}
	for _, p := range r.Policies {
		kinds = append(kinds, p.Kind)
	}
	if fmt.Sprint(kinds) != "[trust iam-identity]" {
		t.Errorf("kinds %v", kinds)
	}
	for _, d := range r.Diagnostics {
		if d.Severity <= policy.SeverityWarning {
			t.Errorf("%d: %s %s", d.Start, d.Code, d.Message)
		}
	}
}

// TestCleanTemplateExamples: every template in examples/ has policies and
// no error or warning.
func TestCleanTemplateExamples(t *testing.T) {
	paths, _ := filepath.Glob("../../examples/*.yaml")
	if len(paths) < 2 {
		t.Fatalf("%d template examples", len(paths))
	}
	for _, path := range paths {
		src, _ := os.ReadFile(path)
		f, ok := CloudFormation(src, true)
		if !ok || len(f.Policies) == 0 {
			t.Errorf("%s: no template or no policy", path)
			continue
		}
		for _, d := range Analyze(src, f, policy.Options{}).Diagnostics {
			if d.Severity <= policy.SeverityWarning {
				t.Errorf("%s at %d: %s %s", path, d.Start, d.Code, d.Message)
			}
		}
	}
}

// TestYAMLFixKeepsStructure: the quick fixes of a YAML template are YAML
// scalars; applied, the template parses to the same shape with the new
// value.
func TestYAMLFixKeepsStructure(t *testing.T) {
	if applied := applyYAMLFixes(t, "testdata/templates/yaml-mistakes.yaml"); applied < 3 {
		t.Errorf("%d fixes applied", applied)
	}
}

// TestYAMLInsertMembers: fixes that add members (Version, a Condition) are
// YAML lines at the mapping's indentation; applied, the template parses,
// keeps its policies and the finding is gone.
func TestYAMLInsertMembers(t *testing.T) {
	if applied := applyYAMLFixes(t, "testdata/templates/yaml-insert-members.yaml"); applied != 2 {
		t.Errorf("%d fixes applied, want 2", applied)
	}
}

// applyYAMLFixes applies the first fix of each finding of a YAML template
// on its own, checks the result, and returns how many it applied.
func applyYAMLFixes(t *testing.T, path string) int {
	t.Helper()
	src, _ := os.ReadFile(path)
	f, _ := CloudFormation(src, true)
	r := Analyze(src, f, policy.Options{})
	applied := 0
	for _, d := range r.Diagnostics {
		if len(d.Fixes) == 0 {
			continue
		}
		fixed, err := policy.ApplyEdits(src, d.Fixes[0].Edits)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := parser.ParseBytes(fixed, 0); err != nil {
			t.Fatalf("%s: fixed template does not parse: %v", d.Code, err)
		}
		f2, ok := CloudFormation(fixed, true)
		if !ok || len(f2.Policies) != len(f.Policies) {
			t.Fatalf("%s: the fixed template lost policies", d.Code)
		}
		r2 := Analyze(fixed, f2, policy.Options{})
		for _, d2 := range r2.Diagnostics {
			if d2.Code == d.Code && d2.Message == d.Message {
				t.Errorf("%s still reported after %q", d.Code, d.Fixes[0].Title)
			}
		}
		applied++
	}
	return applied
}

func TestYAMLScalar(t *testing.T) {
	for _, c := range []struct {
		value  string
		quoted bool
		want   string
	}{
		{"ses:SendEmail", false, "ses:SendEmail"},
		{"ses:SendEmail", true, `"ses:SendEmail"`},
		{"*", false, `"*"`},
		{"yes", false, `"yes"`},
		{"123456789012", false, `"123456789012"`},
		{"a: b", false, `"a: b"`},
		{"arn:aws:s3:::b/*", false, "arn:aws:s3:::b/*"},
		{"", false, `""`},
	} {
		if got := YAMLScalar(c.value, c.quoted); got != c.want {
			t.Errorf("YAMLScalar(%q, %v) = %s, want %s", c.value, c.quoted, got, c.want)
		}
	}
}

// TestYAMLSingleQuoted: a value written single-quoted reads back, through
// go-yaml, as the same string; one with a line break or another control
// character has no single-quoted form.
func TestYAMLSingleQuoted(t *testing.T) {
	for _, value := range []string{"ses:SendEmail", "it's", "''", "", "arn:${AWS::Partition}:s3:::b/*", "a: b # c", "\\n"} {
		scalar, ok := YAMLSingleQuoted(value)
		var read map[string]string
		err := goyaml.Unmarshal([]byte("v: "+scalar), &read)
		if got := read["v"]; !ok || err != nil || got != value {
			t.Errorf("YAMLSingleQuoted(%q) = %s, %v: reads back %q, %v", value, scalar, ok, got, err)
		}
	}
	for _, value := range []string{"a\nb", "a\tb", "a\rb", "\x7f"} {
		if scalar, ok := YAMLSingleQuoted(value); ok {
			t.Errorf("YAMLSingleQuoted(%q) = %s, want none", value, scalar)
		}
	}
}

// TestComputedValuesAreHoles: every intrinsic function, short and long,
// becomes a Hole or (Fn::Sub of a literal) a string, never an object the
// rules would call the wrong type.
func TestComputedValuesAreHoles(t *testing.T) {
	src := []byte("Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n" +
		"          - Effect: !If [Cond, Allow, Deny]\n            Action: !Split [',', 's3:GetObject,s3:PutObject']\n" +
		"            Resource:\n              - !Select [0, !Ref Arns]\n              - Fn::GetAtt: [B, Arn]\n              - Fn::Sub: arn:${AWS::Partition}:s3:::${B}/*\n              - !ImportValue Shared\n              - !Sub '${Bucket.Arn}/*'\n")
	f, ok := CloudFormation(src, true)
	if !ok || len(f.Policies) != 1 {
		t.Fatalf("ok %v, file %+v", ok, f)
	}
	root := f.Policies[0].Doc.Root
	st := root.Member("Statement").Value().Children()[0]
	if k := st.Member("Effect").Value().Kind(); k != jsonsyntax.Hole {
		t.Errorf("Effect is %v", k)
	}
	var kinds []string
	for _, r := range st.Member("Resource").Value().Children() {
		kinds = append(kinds, r.Kind().String()+":"+r.Text())
	}
	if got := strings.Join(kinds, " "); got != "expression:Fn::Select expression:Fn::GetAtt string:arn:${AWS.Partition}:s3:::${B}/* expression:Fn::ImportValue expression:Fn::Sub" {
		t.Errorf("resources: %s", got)
	}
	r := Analyze(src, f, policy.Options{})
	for _, d := range r.Diagnostics {
		t.Errorf("false alarm: %s %s", d.Code, d.Message)
	}
}

// TestInsertPinpointRole: the action adds the role at the end of a YAML
// template's Resources with the resources' indentation; the template then
// parses, holds both policies of the right kinds, and stays free of errors
// and warnings. The example template holds the same text.
func TestInsertPinpointRole(t *testing.T) {
	for _, indent := range []string{"  ", "    "} {
		src := []byte("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + indent + "Bucket:\n" + indent + indent + "Type: AWS::S3::Bucket\nOutputs:\n  X:\n    Value: 1\n")
		out := insertRole(t, src, true)
		if !strings.Contains(string(out), "\n"+indent+"PinpointEmailRole:\n"+indent+"  Type: AWS::IAM::Role\n") || !strings.HasSuffix(string(out), "Outputs:\n  X:\n    Value: 1\n") {
			t.Errorf("placed wrong:\n%s", out)
		}
	}
	// The name taken by a later resource (the fast reader keeps the names
	// of all, the first entry only).
	taken := []byte("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n  PinpointEmailRole:\n    Type: AWS::S3::Bucket\n")
	if out := insertRole(t, taken, true); !strings.Contains(string(out), "\n  PinpointEmailRole2:\n    Type: AWS::IAM::Role\n") {
		t.Errorf("name taken, placed wrong:\n%s", out)
	}
	example, _ := os.ReadFile("../../examples/pinpoint-email-role.yaml")
	indented := ""
	for line := range strings.SplitSeq(strings.TrimSuffix(PinpointRoleYAML, "\n"), "\n") {
		indented += "  " + line + "\n"
	}
	if !strings.Contains(string(example), indented) {
		t.Error("examples/pinpoint-email-role.yaml no longer holds PinpointRoleYAML")
	}
}

// insertRole applies the action's edit to a template and returns the
// result, which must parse and hold the role's two policies, of the right
// kinds, free of errors and warnings.
func insertRole(t *testing.T, src []byte, yaml bool) []byte {
	t.Helper()
	f, ok := CloudFormation(src, yaml)
	if !ok {
		t.Fatal("not a template")
	}
	e, ok := Analyze(src, f, policy.Options{}).InsertPinpointRole(src)
	if !ok {
		t.Fatal("no insertion")
	}
	out, _ := policy.ApplyEdits(src, []policy.Edit{e})
	if !yaml && !json.Valid(out) {
		t.Fatalf("not JSON:\n%s", out)
	}
	f, ok = CloudFormation(out, yaml)
	if !ok || len(f.Policies) != 2 || f.Policies[0].Kind != policy.KindTrust || f.Policies[1].Kind != policy.KindIAMIdentity || !strings.HasPrefix(f.Policies[0].Location, "Resources.PinpointEmailRole") {
		t.Fatalf("after inserting:\n%s", out)
	}
	for _, d := range Analyze(out, f, policy.Options{}).Diagnostics {
		if d.Severity <= policy.SeverityWarning {
			t.Errorf("%s %s", d.Code, d.Message)
		}
	}
	return out
}

// TestInsertPinpointRoleJSON: in JSON templates of each layout the role is
// a new last member of Resources at the template's indentation, under a
// logical ID not taken yet; the result is JSON, holds both policies of the
// right kinds, and stays free of errors and warnings.
func TestInsertPinpointRoleJSON(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // a line the inserted text must hold
	}{
		{"compact", `{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}`, `{"B":{"Type":"AWS::S3::Bucket"},"PinpointEmailRole":{"Type":"AWS::IAM::Role",`},
		{"two spaces", "{\n  \"Resources\": {\n    \"B\": {\n      \"Type\": \"AWS::S3::Bucket\"\n    }\n  }\n}\n", "\n    \"PinpointEmailRole\": {\n      \"Type\": \"AWS::IAM::Role\",\n"},
		{"four spaces", "{\n    \"Resources\": {\n        \"B\": {\n            \"Type\": \"AWS::S3::Bucket\"\n        }\n    }\n}\n", "\n        \"PinpointEmailRole\": {\n            \"Type\": \"AWS::IAM::Role\",\n"},
		{"tabs and CRLF", "{\r\n\t\"Resources\": {\r\n\t\t\"B\": {\r\n\t\t\t\"Type\": \"AWS::S3::Bucket\"\r\n\t\t}\r\n\t}\r\n}\r\n", "\r\n\t\t\"PinpointEmailRole\": {\r\n\t\t\t\"Type\": \"AWS::IAM::Role\",\r\n"},
		{"empty Resources", "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {}\n}\n", "\"Resources\": {\n    \"PinpointEmailRole\": {\n      \"Type\""},
		{"empty compact", `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{ }}`, `"Resources":{"PinpointEmailRole":{"Type":"AWS::IAM::Role",`},
		{"name taken", `{"Resources": {"PinpointEmailRole": {"Type": "AWS::S3::Bucket"}}}`, `"PinpointEmailRole2":{"Type":"AWS::IAM::Role"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := insertRole(t, []byte(tc.src), false)
			if !strings.Contains(string(out), tc.want) {
				t.Errorf("placed wrong, want %q in:\n%s", tc.want, out)
			}
			// The JSON role and the YAML one are the same resource.
			var fromJSON map[string]any
			json.Unmarshal(out, &fromJSON)
			role := fromJSON["Resources"].(map[string]any)
			var got any
			for k, v := range role {
				if strings.HasPrefix(k, "PinpointEmailRole") && v.(map[string]any)["Type"] == "AWS::IAM::Role" {
					got = v
				}
			}
			if want := pinpointRoleFromYAML(t); !reflect.DeepEqual(got, want) {
				t.Errorf("JSON role %v\nYAML role %v", got, want)
			}
		})
	}
}

// pinpointRoleFromYAML is PinpointRoleYAML's resource as JSON would decode
// it, its tags written as CloudFormation's long forms.
func pinpointRoleFromYAML(t *testing.T) any {
	t.Helper()
	text := strings.ReplaceAll(PinpointRoleYAML, "!Ref AWS::AccountId", `{"Ref": "AWS::AccountId"}`)
	text = regexp.MustCompile(`!Sub (\S+)`).ReplaceAllString(text, `{"Fn::Sub": "$1"}`)
	var v map[string]any
	if err := goyaml.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	return v["PinpointEmailRole"]
}

// TestSAMTemplateHover: hovering a SAM policy template's name says what it
// grants and its parameters; an unknown name and other places get nothing.
func TestSAMTemplateHover(t *testing.T) {
	src, err := os.ReadFile("testdata/templates/sam-policy-templates.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, ok := CloudFormation(src, true)
	if !ok {
		t.Fatal("not a template")
	}
	r := Analyze(src, f, policy.Options{})
	at := strings.Index(string(src), "SESCrudPolicy:") + 3
	md, start, end, ok := r.SAMTemplateHover(at)
	if !ok || string(src[start:end]) != "SESCrudPolicy" {
		t.Fatalf("hover %v at %q", ok, src[start:end])
	}
	for _, want := range []string{"ses:GetIdentityVerificationAttributes", "SendRawEmail", "identity IdentityName", "Parameters: IdentityName"} {
		if !strings.Contains(md, want) {
			t.Errorf("hover %q lacks %q", md, want)
		}
	}
	if md, _, _, _ := r.SAMTemplateHover(strings.Index(string(src), "AMIDescribePolicy")); !strings.Contains(md, "No parameters") {
		t.Errorf("AMIDescribePolicy hover %q", md)
	}
	for _, elsewhere := range []string{"MadeUpPolicy", "IdentityName: example.com", "AWSLambdaBasicExecutionRole"} {
		if _, _, _, ok := r.SAMTemplateHover(strings.Index(string(src), elsewhere) + 1); ok {
			t.Errorf("hover at %q", elsewhere)
		}
	}
}

// Every SAM policy template's summary names its parameters, so the hover
// says where each goes.
func TestSAMTemplatesData(t *testing.T) {
	if len(samTemplates) != 77 {
		t.Errorf("%d templates; the AWS SAM list has 77", len(samTemplates))
	}
	for name, tmpl := range samTemplates {
		for _, p := range tmpl.params {
			if !strings.Contains(tmpl.grants, p) {
				t.Errorf("%s: %q does not mention %s", name, tmpl.grants, p)
			}
		}
	}
}

// TestSuppressionsByLocation: a suppression naming a policy's location
// silences its finding there only, at the pointer inside that policy; one
// without a location applies inside every policy of the file; a location
// never applies to a policy file.
func TestSuppressionsByLocation(t *testing.T) {
	const grant = "        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: ses:SendEmial\n            Resource: \"*\"\n"
	src := []byte("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  A:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n" + grant +
		"  B:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n" + grant)
	f, ok := CloudFormation(src, true)
	if !ok || len(f.Policies) != 2 {
		t.Fatal("not the template meant")
	}
	typoIn := func(list ...policy.Suppression) (places []string) {
		for _, p := range Analyze(src, f, policy.Options{Suppressions: list}).Policies {
			for _, d := range p.Result.Diagnostics {
				if d.Code == "ACT002" {
					places = append(places, strings.Split(p.Location, ".")[1])
				}
			}
		}
		return places
	}
	for _, tc := range []struct {
		name string
		list []policy.Suppression
		want string
	}{
		{"none", nil, "[A B]"},
		{"B's action", []policy.Suppression{{Rule: "ACT002", Location: "Resources.B.Properties.PolicyDocument", Path: "/Statement/0/Action"}}, "[A]"},
		{"the whole of A", []policy.Suppression{{Rule: "*", Location: "Resources.A.Properties.PolicyDocument"}}, "[B]"},
		{"another pointer in B", []policy.Suppression{{Rule: "ACT002", Location: "Resources.B.Properties.PolicyDocument", Path: "/Statement/0/Resource"}}, "[A B]"},
		{"no such place", []policy.Suppression{{Rule: "ACT002", Location: "Resources.C.Properties.PolicyDocument"}}, "[A B]"},
		{"no location: every policy", []policy.Suppression{{Rule: "ACT002", Path: "/Statement/0"}}, "[]"},
	} {
		if got := fmt.Sprint(typoIn(tc.list...)); got != tc.want {
			t.Errorf("%s: ACT002 in %s, want %s", tc.name, got, tc.want)
		}
	}
	// A policy file has no locations.
	alone := policy.Analyze([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmial", "Resource": "*"}]}`),
		policy.Options{Suppressions: []policy.Suppression{{Rule: "*", Location: "Resources.B.Properties.PolicyDocument"}}})
	if !slices.ContainsFunc(alone.Diagnostics, func(d policy.Diagnostic) bool { return d.Code == "ACT002" }) {
		t.Error("a located suppression silenced a policy file")
	}
	// A Terraform policy document used as two kinds is named with its use,
	// or by its address for both.
	tf := []byte(`data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["sts:AssumeRole", "ses:SendEmial"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["pinpoint.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`)
	tfFile, ok := Terraform(tf, nil)
	if !ok || len(tfFile.Policies) != 2 {
		t.Fatalf("Terraform policies: %v", ok)
	}
	typos := func(location string) (n int) {
		list := []policy.Suppression{{Rule: "ACT002", Location: location}}
		for _, d := range Analyze(tf, tfFile, policy.Options{Suppressions: list}).Diagnostics {
			if d.Code == "ACT002" {
				n++
			}
		}
		return n
	}
	if n := typos("nowhere"); n != 2 {
		t.Fatalf("%d typos without suppression, want one per use", n)
	}
	if n := typos(tfFile.Policies[0].Location); n != 1 {
		t.Errorf("%s: %d typos left, want 1", tfFile.Policies[0].Location, n)
	}
	if n := typos("data.aws_iam_policy_document.d"); n != 0 {
		t.Errorf("by address: %d typos left", n)
	}
}

// TestFixAllNeverRepeatsAYAMLKey: CND001 renames StringEqual and TRUST007
// adds StringEquals in the same Condition. In YAML a key written twice is
// no duplicate-key finding but a syntax error (go-yaml refuses the
// mapping), so fix-all once wrote both in one round and left a template
// that does not parse. Applied, the template parses and the policy is
// clean of both.
func TestFixAllNeverRepeatsAYAMLKey(t *testing.T) {
	role := func(name, condition string) string {
		return "  " + name + ":\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n" +
			"          - Effect: Allow\n            Principal:\n              Service: pinpoint.amazonaws.com\n            Action: sts:AssumeRole\n            Condition:" + condition + "\n"
	}
	src := []byte("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" +
		role("Role", "\n              StringEqual:\n                aws:PrincipalTag/team: mail") +
		role("Flow", ` {StringEqual: {"aws:PrincipalTag/team": mail}}`))
	opts := policy.Options{AccountID: "123456789012"}
	fixed, _, _ := Fixes(src, true, opts, policy.FixPreferred)
	if _, err := parser.ParseBytes(fixed, 0); err != nil {
		t.Fatalf("fixed template does not parse: %v\n%s", err, fixed)
	}
	f, ok := CloudFormation(fixed, true)
	if !ok || len(f.Policies) != 2 {
		t.Fatalf("fixed template lost its policies:\n%s", fixed)
	}
	for _, d := range Analyze(fixed, f, opts).Diagnostics {
		if d.Code == policy.RuleSyntax || d.Code == policy.RuleDuplicateKey || d.Code == "CND001" {
			t.Errorf("%s after fix-all: %s\n%s", d.Code, d.Message, fixed)
		}
	}
}

// TestComputedConditionsMayTestAnyKey: a Condition the host computes (an
// !If or !Ref in a template, a variable in jsonencode, a dynamic condition
// block or a computed test in a policy document), or an operator whose keys
// it computes, may test aws:SourceAccount or any other key: the rules that
// warn about a key missing stay quiet (TRUST007 here, SES006 for "*").
func TestComputedConditionsMayTestAnyKey(t *testing.T) {
	trust := "  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n" +
		"          - Effect: Allow\n            Principal:\n              Service: pinpoint.amazonaws.com\n            Action: sts:AssumeRole\n"
	templates := []string{
		"Resources:\n" + trust + "            Condition: !If [HasAccount, {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}, !Ref AWS::NoValue]\n",
		"Resources:\n" + trust + "            Condition:\n              StringEquals: !Ref Conditions\n",
		"Resources:\n" + trust + "            Condition:\n              Fn::If: [HasAccount, {StringEquals: {aws:SourceAccount: '111122223333'}}, !Ref AWS::NoValue]\n",
	}
	for _, src := range templates {
		f, ok := CloudFormation([]byte(src), true)
		if !ok || len(f.Policies) != 1 {
			t.Fatalf("not read: %s", src)
		}
		for _, d := range Analyze([]byte(src), f, policy.Options{}).Diagnostics {
			if d.Code == policy.RuleConfusedDeputy {
				t.Errorf("false alarm %s %s in\n%s", d.Code, d.Message, src)
			}
		}
	}
	principals := "principals {\n      type        = \"Service\"\n      identifiers = [\"pinpoint.amazonaws.com\"]\n    }\n"
	modules := []string{
		"resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Principal = {Service = \"pinpoint.amazonaws.com\"}, Action = \"sts:AssumeRole\", Condition = var.condition}]})\n}\n",
		"resource \"aws_iam_role\" \"r\" {\n  assume_role_policy = jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Principal = {Service = \"pinpoint.amazonaws.com\"}, Action = \"sts:AssumeRole\", Condition = {StringEquals = var.keys}}]})\n}\n",
		"data \"aws_iam_policy_document\" \"t\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    " + principals +
			"    dynamic \"condition\" {\n      for_each = var.conditions\n      content {\n        test     = condition.value.test\n        variable = condition.value.variable\n        values   = condition.value.values\n      }\n    }\n  }\n}\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = data.aws_iam_policy_document.t.json\n}\n",
		"data \"aws_iam_policy_document\" \"t\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    " + principals +
			"    condition {\n      test     = var.test\n      variable = \"aws:SourceAccount\"\n      values   = [\"111122223333\"]\n    }\n  }\n}\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = data.aws_iam_policy_document.t.json\n}\n",
		"data \"aws_iam_policy_document\" \"t\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    " + principals +
			"    condition {\n      test     = \"StringEquals\"\n      variable = var.key\n      values   = [\"111122223333\"]\n    }\n  }\n}\nresource \"aws_iam_role\" \"r\" {\n  assume_role_policy = data.aws_iam_policy_document.t.json\n}\n",
		"resource \"aws_ses_identity_policy\" \"p\" {\n  identity = \"example.com\"\n  name     = \"p\"\n  policy = jsonencode({Version = \"2012-10-17\", Statement = [{Effect = \"Allow\", Principal = {AWS = \"*\"}, Action = \"ses:SendEmail\", Resource = \"arn:aws:ses:us-east-1:123456789012:identity/example.com\", Condition = local.org_only}]})\n}\n",
	}
	jsonTrust := `{"data": {"aws_iam_policy_document": {"t": {"statement": [{"actions": ["sts:AssumeRole"], "principals": [{"type": "Service", "identifiers": ["pinpoint.amazonaws.com"]}], CONDITION}]}}},
 "resource": {"aws_iam_role": {"r": {"assume_role_policy": "${data.aws_iam_policy_document.t.json}"}}}}`
	modules = append(modules,
		strings.Replace(jsonTrust, "CONDITION", `"dynamic": {"condition": {"for_each": "${var.conditions}", "content": {"test": "${condition.value.test}", "variable": "${condition.value.variable}", "values": "${condition.value.values}"}}}`, 1),
		strings.Replace(jsonTrust, "CONDITION", `"condition": [{"test": "StringEquals", "variable": "${var.key}", "values": ["111122223333"]}]`, 1))
	for _, src := range modules {
		f, ok := Terraform([]byte(src), nil)
		if !ok || len(f.Policies) != 1 {
			t.Fatalf("not read: %s", src)
		}
		for _, d := range Analyze([]byte(src), f, policy.Options{}).Diagnostics {
			if d.Code == policy.RuleConfusedDeputy || d.Code == policy.RuleSESOpenGrant {
				t.Errorf("false alarm %s %s in\n%s", d.Code, d.Message, src)
			}
		}
	}
}
