package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/parser"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/completion"
)

// sesPolicyYAML is a clean template whose Resource is being typed at ‸.
const sesPolicyYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SendPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ses:SendEmail
            RESOURCE
`

const sesPolicyJSON = `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"SendPolicy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", RESOURCE}]}}}}}
`

const sesPolicyTerraform = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

data "aws_partition" "current" {}
data "aws_region" "here" {}
data "aws_caller_identity" "this" {}

resource "aws_iam_policy" "send" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmail"
      RESOURCE
    }]
  })
}

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendRawEmail"]
    DOCUMENT
  }
}

resource "aws_iam_policy" "raw" {
  policy = data.aws_iam_policy_document.send.json
}
`

const sesPolicyHeredoc = `data "aws_partition" "current" {}
data "aws_region" "here" {}
data "aws_caller_identity" "this" {}

resource "aws_iam_policy" "send" {
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", RESOURCE}]
    }
  EOT
}
`

const sesPolicyTerraformJSON = `{
  "data": {
    "aws_partition": {"current": {}},
    "aws_region": {"here": {}},
    "aws_caller_identity": {"this": {}},
    "aws_iam_policy_document": {"send": {"statement": [{"actions": ["ses:SendEmail"], RESOURCE}]}}
  },
  "resource": {"aws_iam_policy": {"send": {"policy": "${data.aws_iam_policy_document.send.json}"}}}
}
`

// The SES identity ARN template in each host's words, as inserted in
// plain text (a snippet's placeholder default).
const (
	subIdentityARN           = `"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/IdentityName"`
	terraformIdentityARN     = `"arn:${data.aws_partition.current.partition}:ses:${data.aws_region.here.region}:${data.aws_caller_identity.this.account_id}:identity/IdentityName"`
	terraformIdentityARNName = `"arn:${data.aws_partition.current.partition}:ses:${data.aws_region.here.name}:${data.aws_caller_identity.this.account_id}:identity/IdentityName"`
)

// TestARNTemplatesInHostSyntax: in a Resource being typed inside a
// template or a Terraform policy, completion offers first the ARN templates
// written with the host's own expressions (!Sub and the pseudo parameters,
// Fn::Sub in JSON, the module's data sources in Terraform), replacing the
// value typed, and the literal forms after them. Each, applied, leaves a
// file that parses, whose Resource reads as an ARN with host expressions,
// and with the same findings as the literal form.
func TestARNTemplatesInHostSyntax(t *testing.T) {
	for _, tc := range []hostARNCase{
		{"yaml plain", "stack.yaml", sesPolicyYAML, "Resource: arn‸", `!Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"`, "!Sub " + subIdentityARN, "arn‸", ""},
		{"yaml double-quoted", "stack.yaml", sesPolicyYAML, `Resource: "a‸"`, "", "!Sub " + subIdentityARN, `"a‸"`, ""},
		{"yaml block sequence", "stack.yaml", sesPolicyYAML, "Resource:\n              - arn:aws:ses:us-east-1:123456789012:configuration-set/*\n              - ar‸", "", "!Sub " + subIdentityARN, "ar‸", ""},
		{"yaml flow sequence", "stack.yaml", sesPolicyYAML, "Resource: [arn:aws:ses:us-east-1:123456789012:configuration-set/*, ar‸]", "", "!Sub " + subIdentityARN, "ar‸", ""},
		{"yaml inside !Sub", "stack.yaml", sesPolicyYAML, `Resource: !Sub "a‸"`, `"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"`, subIdentityARN, `"a‸"`, ""},
		{"yaml inside !Sub in a flow sequence", "stack.yaml", sesPolicyYAML, `Resource: [!Sub "a‸", "arn:aws:ses:us-east-1:123456789012:configuration-set/*"]`, "", subIdentityARN, `"a‸"`, ""},
		{"json", "stack.json", sesPolicyJSON, `"Resource": "arn‸"`, `{"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}`, `{"Fn::Sub": ` + subIdentityARN + `}`, `"arn‸"`, ""},
		{"json inside Fn::Sub", "stack.json", sesPolicyJSON, `"Resource": {"Fn::Sub": "arn‸"}`, "", subIdentityARN, `"arn‸"`, ""},
		{"terraform jsonencode", "main.tf", strings.Replace(sesPolicyTerraform, "DOCUMENT", `resources = ["*"]`, 1), `Resource = "arn‸"`, `"arn:${data.aws_partition.current.partition}:ses:${data.aws_region.here.region}:${data.aws_caller_identity.this.account_id}:identity/${IdentityName}"`, terraformIdentityARN, `"arn‸"`, ""},
		// modules that name no provider version: aws_region's name, which
		// provider 5 and 6 both read
		{"terraform heredoc", "main.tf", sesPolicyHeredoc, `"Resource": "arn‸"`, "", terraformIdentityARNName, `"arn‸"`, ""},
		{"terraform json policy document", "main.tf.json", sesPolicyTerraformJSON, `"resources": ["arn‸"]`, "", terraformIdentityARNName, `"arn‸"`, ""},
		{"terraform policy document", "main.tf", strings.Replace(sesPolicyTerraform, "RESOURCE", `Resource = "*"`, 1), `resources = ["a‸"]`, "", terraformIdentityARN, `"a‸"`, ""},
		{"yaml !Sub before a parameter", "stack.yaml", sesPolicyYAML, `Resource: !Sub "a‸${Name}"`, "", subIdentityARN, `"a‸${Name}"`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) { checkHostARN(t, tc) })
	}
}

// TestARNTemplateBeforeInterpolation: typed before an interpolation in a
// Terraform string, the host's ARN templates replace the whole string; the
// braces of ${...} once cut the range short, leaving {var.x}" behind, which
// does not parse.
func TestARNTemplateBeforeInterpolation(t *testing.T) {
	src := strings.Replace(sesPolicyTerraform, "DOCUMENT", `resources = ["*"]`, 1)
	_, _, text, at, list := completeTyped(t, initRich, "main.tf", src, `Resource = "a‸${var.x}"`)
	if len(list.Items) == 0 {
		t.Fatal("no items")
	}
	first := list.Items[0]
	if want := (wireRange{Start: positionAt(t, text, at-2), End: positionAt(t, text, at+len(`${var.x}"`))}); first.TextEdit.Range != want {
		t.Errorf("range %v, want %v", first.TextEdit.Range, want)
	}
	applied := applyWireEdits(t, text, []wireTextEdit{{Range: first.TextEdit.Range, NewText: completion.PlainText(first.TextEdit.NewText)}})
	checkParses(t, "main.tf", applied)
	if !strings.Contains(applied, `Resource = `+terraformIdentityARN+"\n") {
		t.Errorf("applied:\n%s", applied)
	}
}

// TestARNTemplatesWhileBroken: in a string not closed yet (the template or
// the .tf file does not parse), the same items, their edits within what is
// typed; applied, the file parses again.
func TestARNTemplatesWhileBroken(t *testing.T) {
	for _, tc := range []hostARNCase{
		{"yaml open quote", "stack.yaml", sesPolicyYAML, `Resource: "arn‸`, "", "!Sub " + subIdentityARN, `"arn‸`, ""},
		{"yaml open flow sequence", "stack.yaml", sesPolicyYAML, `Resource: [arn‸`, "", "!Sub " + subIdentityARN, `arn‸`, "]"},
		{"json open string", "stack.json", sesPolicyJSON, `"Resource": "arn‸`, "", `{"Fn::Sub": ` + subIdentityARN + `}`, `"arn‸`, ""},
		{"yaml open !Sub", "stack.yaml", sesPolicyYAML, `Resource: !Sub "a‸`, "", subIdentityARN, `"a‸`, ""},
		{"terraform open string", "main.tf", strings.Replace(sesPolicyTerraform, "DOCUMENT", `resources = ["*"]`, 1), `Resource = "arn‸`, "", terraformIdentityARN, `"arn‸`, ""},
		{"terraform open list", "main.tf", strings.Replace(sesPolicyTerraform, "RESOURCE", `Resource = "*"`, 1), `resources = ["a‸`, "", terraformIdentityARN, `"a‸`, "]"},
	} {
		t.Run(tc.name, func(t *testing.T) { checkHostARN(t, tc) })
	}
}

// hostARNCase: the host file src, whose RESOURCE (or DOCUMENT) is
// replaced by typed (‸ at the cursor); the label and plain text of the
// first item, what it replaces (‸ at the cursor), and what the user
// types after choosing it before the file parses (a bracket to close).
type hostARNCase struct {
	name, uri, src, typed string
	label, newText        string
	token, rest           string
}

// checkHostARN: the first item is the host form, as wanted, over the
// token; a literal form follows. Applied, the file parses, its Resource
// reads as an ARN with host expressions, and it has no finding the
// literal form does not have.
func checkHostARN(t *testing.T, tc hostARNCase) {
	t.Helper()
	c, uri, src, at, list := completeTyped(t, initRich, tc.uri, tc.src, tc.typed)
	if len(list.Items) == 0 {
		t.Fatal("no items")
	}
	first := list.Items[0]
	if tc.label != "" && first.Label != tc.label {
		t.Errorf("first label %q, want %q", first.Label, tc.label)
	}
	inserted := completion.PlainText(first.TextEdit.NewText)
	if inserted != tc.newText || first.InsertTextFormat != 2 || !strings.Contains(first.TextEdit.NewText, "${1:IdentityName}") {
		t.Errorf("first item inserts %q (format %d), want the snippet of %q", first.TextEdit.NewText, first.InsertTextFormat, tc.newText)
	}
	start := at - strings.Index(tc.token, "‸")
	token := strings.Replace(tc.token, "‸", "", 1)
	if want := (wireRange{Start: positionAt(t, src, start), End: positionAt(t, src, start+len(token))}); first.TextEdit.Range != want {
		t.Errorf("range %v, want %v (%q)", first.TextEdit.Range, want, token)
	}

	// The literal forms are offered too, after the host's.
	var literal *wireItem
	for i, it := range list.Items {
		if strings.Contains(completion.PlainText(it.TextEdit.NewText), "arn:aws:ses:") {
			if i == 0 {
				t.Errorf("a literal form first")
			}
			literal = &list.Items[i]
			break
		}
	}
	if literal == nil {
		t.Fatal("no literal ARN template")
	}

	applied := applyWireEdits(t, src, []wireTextEdit{{Range: first.TextEdit.Range, NewText: inserted + tc.rest}})
	checkParses(t, tc.uri, applied)
	resource := readResource(t, tc.uri, applied, start)
	if !strings.HasPrefix(resource, "arn:${") || !strings.Contains(resource, ":ses:${") || !strings.HasSuffix(resource, ":identity/IdentityName") {
		t.Errorf("Resource reads %q", resource)
	}
	c.didChange(uri, 2, applied)
	got := codes(t, c.published(), uri)
	c.didChange(uri, 3, applyWireEdits(t, src, []wireTextEdit{{Range: literal.TextEdit.Range, NewText: completion.PlainText(literal.TextEdit.NewText) + tc.rest}}))
	literalCodes := codes(t, c.published(), uri)
	for _, code := range strings.Fields(strings.Trim(got, "[]")) {
		if !strings.Contains(literalCodes, code) {
			t.Errorf("findings %s with the host form, %s with the literal one:\n%s", got, literalCodes, applied)
		}
	}
}

// completeTyped opens a file named name (in a folder of its own) holding
// src with RESOURCE, else DOCUMENT, replaced by typed, and asks for
// completion where typed has ‸. It returns the client, the file's URI, its
// text and the cursor's offset with the answer.
func completeTyped(t *testing.T, init, name, src, typed string) (*testClient, string, string, int, wireList) {
	t.Helper()
	c := newTestClient(t, init)
	uri := fileURI(filepath.Join(t.TempDir(), name))
	typed = strings.Replace(strings.Replace(src, "RESOURCE", typed, 1), "DOCUMENT", typed, 1)
	at := strings.Index(typed, "‸")
	text := typed[:at] + typed[at+len("‸"):]
	c.didOpen(uri, 1, text)
	pos := positionAt(t, text, at)
	return c, uri, text, at, c.complete(uri, pos.Line, pos.Character)
}

// positionAt is the LSP position of a byte offset.
func positionAt(t *testing.T, src string, offset int) wirePosition {
	t.Helper()
	return utf16Range(t, src[:offset], src[:offset]).End
}

// checkParses: the file still parses in its own syntax.
func checkParses(t *testing.T, name, src string) {
	t.Helper()
	switch {
	case strings.HasSuffix(name, ".yaml"):
		if _, err := parser.ParseBytes([]byte(src), 0); err != nil {
			t.Fatalf("does not parse: %v\n%s", err, src)
		}
	case strings.HasSuffix(name, ".tf.json"):
		if _, diags := hcljson.Parse([]byte(src), name); diags.HasErrors() {
			t.Fatalf("does not parse: %v\n%s", diags, src)
		}
	case strings.HasSuffix(name, ".tf"):
		if _, diags := hclsyntax.ParseConfig([]byte(src), "", hcl.InitialPos); diags.HasErrors() {
			t.Fatalf("does not parse: %v\n%s", diags, src)
		}
	default:
		if doc := jsonsyntax.Parse([]byte(src)); len(doc.Errors) > 0 {
			t.Fatalf("does not parse: %v\n%s", doc.Errors, src)
		}
	}
}

// readResource is the text the host front end reads for the string (a
// value or a key: the Resource, the key accepted) at offset, host
// expressions written as policy variables.
func readResource(t *testing.T, name, src string, offset int) string {
	t.Helper()
	var f *host.File
	var ok bool
	if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") {
		f, ok = host.Terraform([]byte(src), nil)
	} else {
		f, ok = host.CloudFormation([]byte(src), strings.HasSuffix(name, ".yaml"))
	}
	if !ok || len(f.Errors) > 0 {
		t.Fatalf("host front end: ok %v, errors %v", ok, f.Errors)
	}
	r := host.Analyze([]byte(src), f, policy.Options{})
	p := r.PolicyAt(offset)
	if p == nil {
		t.Fatalf("no policy at %d", offset)
	}
	n := p.Doc.NodeAt(offset)
	for n != nil && n.Kind() != jsonsyntax.String {
		n = n.Parent()
	}
	if n == nil {
		t.Fatalf("no string at %d", offset)
	}
	return n.Text()
}

// TestARNTemplatesTerraformModule: the data sources may be declared in
// another file of the module, under any name; without them, only the
// literal forms are offered.
func TestARNTemplatesTerraformModule(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.tf"), []byte(`data "aws_partition" "p" {}`+"\n"+`data "aws_caller_identity" "me" {}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, initPlain)
	uri := fileURI(filepath.Join(dir, "main.tf"))
	src := strings.NewReplacer("RESOURCE", `Resource = "arn"`, "DOCUMENT", `resources = ["*"]`, `data "aws_partition" "current" {}`, "", `data "aws_region" "here" {}`, "", `data "aws_caller_identity" "this" {}`, "").Replace(sesPolicyTerraform)
	c.didOpen(uri, 1, src)
	pos := endOf(t, src, `Resource = "arn`)
	first := c.complete(uri, pos.Line, pos.Character).Items[0]
	if want := `"arn:${data.aws_partition.p.partition}:ses:Region:${data.aws_caller_identity.me.account_id}:identity/IdentityName"`; first.TextEdit.NewText != want {
		t.Errorf("first item %q, want %q", first.TextEdit.NewText, want)
	}

	other := fileURI(filepath.Join(t.TempDir(), "main.tf"))
	c.didOpen(other, 1, src)
	for _, it := range c.complete(other, pos.Line, pos.Character).Items {
		if strings.Contains(it.TextEdit.NewText, "${") {
			t.Errorf("host form without data sources: %q", it.TextEdit.NewText)
		}
	}
}

// TestARNFieldsInHostStrings: in a !Sub string of a YAML template and in a
// Terraform string, the next field of a partly typed ARN offers the host's
// word first, inserted at the cursor; the file still parses after it.
func TestARNFieldsInHostStrings(t *testing.T) {
	for _, tc := range []struct {
		name, uri, src, typed, want string
	}{
		{"yaml !Sub", "stack.yaml", sesPolicyYAML, `Resource: !Sub "arn:${AWS::Partition}:ses:‸"`, "${AWS::Region}:"},
		{"yaml open !Sub", "stack.yaml", sesPolicyYAML, `Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:‸`, "${AWS::AccountId}:"},
		{"terraform", "main.tf", strings.Replace(sesPolicyTerraform, "DOCUMENT", `resources = ["*"]`, 1), `Resource = "arn:${data.aws_partition.current.partition}:ses:‸"`, "${data.aws_region.here.region}:"},
		{"terraform open string", "main.tf", strings.Replace(sesPolicyTerraform, "RESOURCE", `Resource = "*"`, 1), `resources = ["arn:‸`, "${data.aws_partition.current.partition}:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, src, at, list := completeTyped(t, initPlain, tc.uri, tc.src, tc.typed)
			pos := positionAt(t, src, at)
			if len(list.Items) < 2 {
				t.Fatalf("items %+v", list.Items)
			}
			first := list.Items[0]
			if first.TextEdit.NewText != tc.want || first.TextEdit.Range != (wireRange{Start: pos, End: pos}) {
				t.Errorf("first item %q at %v, want %q at the cursor %v", first.TextEdit.NewText, first.TextEdit.Range, tc.want, pos)
			}
			if strings.Contains(list.Items[1].TextEdit.NewText, "${") {
				t.Errorf("second item %q: the literal values follow the host's word", list.Items[1].TextEdit.NewText)
			}
			applied := applyWireEdits(t, src, []wireTextEdit{{Range: first.TextEdit.Range, NewText: first.TextEdit.NewText}})
			if strings.HasSuffix(tc.typed, "‸") {
				return // a string not closed yet: the user goes on typing
			}
			checkParses(t, tc.uri, applied)
		})
	}
}
