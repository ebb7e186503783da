package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/parser"
)

const yamlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  PinpointRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: pinpoint.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
      Policies:
        - PolicyName: Send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - ses:SendEmial
                Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"
`

// TestYAMLTemplate: a CloudFormation YAML template opened as yaml gets the
// findings of its policies at the template's positions, hover inside a
// policy, and quick fixes written as YAML that leave a template of the same
// shape; a YAML file that is no template gets nothing.
func TestYAMLTemplate(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/stack.yaml"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "yaml", "version": 1, "text": %s}}`, uri, quoteJSON(yamlTemplate)))
	diags := lastDiagnostics(t, c.published(), uri)
	typo := withCode(t, diags, "ACT002")
	if want := utf16Range(t, yamlTemplate, "ses:SendEmial"); typo.Range != want {
		t.Fatalf("ACT002 at %v, want %v", typo.Range, want)
	}
	for _, d := range diags {
		if d.Code != "ACT002" && d.Code != "PIN001" {
			t.Errorf("unexpected finding %s %s", d.Code, d.Message)
		}
	}

	// Hover on the trust policy's action.
	at := utf16Range(t, yamlTemplate, "sts:AssumeRole")
	raw := c.request("textDocument/hover", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, uri, at.Start.Line, at.Start.Character+5))
	if !strings.Contains(raw, "AssumeRole") || !strings.Contains(raw, `"range"`) {
		t.Errorf("hover = %s", raw)
	}
	// Outside every policy, nothing.
	if raw := c.request("textDocument/hover", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": 3, "character": 12}}`, uri)); raw != "null" {
		t.Errorf("hover outside policies = %s", raw)
	}

	// Completion inside an Action item: YAML scalars over the typed one.
	typing := strings.Replace(yamlTemplate, "ses:SendEmial", "ses:Sen", 1)
	c.didChange(uri, 2, typing)
	typed := utf16Range(t, typing, "ses:Sen\n")
	typed.End = typed.Start
	typed.End.Character += len("ses:Sen")
	list := c.complete(uri, typed.Start.Line, typed.End.Character)
	item := find(t, list, "ses:SendEmail")
	if item.TextEdit.NewText != "ses:SendEmail" || item.TextEdit.Range != typed {
		t.Errorf("item %+v", item)
	}
	for _, it := range list.Items {
		if strings.Contains(it.TextEdit.NewText, "{") || len(it.AdditionalTextEdits) > 0 {
			t.Errorf("JSON structure offered in YAML: %+v", it)
		}
	}

	// The quick fix is a YAML scalar; applied, the template parses to the
	// same structure and the finding is gone.
	c.didChange(uri, 3, yamlTemplate)
	typo = withCode(t, lastDiagnostics(t, c.published(), uri), "ACT002")
	fix := action(t, c.codeActions(uri, typo.Range, `{"diagnostics": [`+mustJSON(t, typo)+`]}`), `Change to "ses:SendEmail"`)
	edits, _ := fix.editsFor(uri)
	if len(edits) != 1 || edits[0].NewText != "ses:SendEmail" {
		t.Fatalf("edits %+v", edits)
	}
	after := applyWireEdits(t, yamlTemplate, edits)
	if after != strings.Replace(yamlTemplate, "ses:SendEmial", "ses:SendEmail", 1) {
		t.Fatalf("after the fix:\n%s", after)
	}
	if _, err := parser.ParseBytes([]byte(after), 0); err != nil {
		t.Fatalf("the fixed template does not parse: %v", err)
	}
	c.didChange(uri, 4, after)
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		if d.Code == "ACT002" {
			t.Errorf("still reported: %s", d.Message)
		}
	}

	// Fix-all applies the preferred fixes in YAML: here the one typo.
	c.didChange(uri, 5, yamlTemplate)
	all := action(t, c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source.fixAll.policyls"]}`), titleFixAll)
	edits, _ = all.editsFor(uri)
	if got := applyWireEdits(t, yamlTemplate, edits); got != after {
		t.Errorf("fix-all gave:\n%s", got)
	}

	// The outline lists the policies by logical ID and property.
	raw = c.request("textDocument/documentSymbol", fmt.Sprintf(`{"textDocument": {"uri": %q}}`, uri))
	for _, want := range []string{`"name":"PinpointRole AssumeRolePolicyDocument"`, `"name":"PinpointRole Policies[0].PolicyDocument"`, `"containerName":"PinpointRole AssumeRolePolicyDocument"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("outline lacks %s: %s", want, raw)
		}
	}

	// The source action adds the Pinpoint role to Resources.
	ins := action(t, c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source"]}`), titleInsertPinpointRole)
	edits, _ = ins.editsFor(uri)
	withRole := applyWireEdits(t, yamlTemplate, edits)
	if !strings.Contains(withRole, "\n  PinpointEmailRole:\n    Type: AWS::IAM::Role\n") {
		t.Errorf("after inserting the role:\n%s", withRole)
	}
	if _, err := parser.ParseBytes([]byte(withRole), 0); err != nil {
		t.Errorf("does not parse: %v", err)
	}

	// No formatting for a template.
	if edits := c.formatDocument(uri, `{"tabSize": 2, "insertSpaces": true}`); len(edits) != 0 {
		t.Errorf("formatting a template: %+v", edits)
	}

	// Other YAML: nothing published but an empty list.
	const other = "file:///work/.github/workflows/ci.yml"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "yaml", "version": 1, "text": %s}}`, other, quoteJSON("on: push\njobs: {Statement: [1]}\n")))
	if d := lastDiagnostics(t, c.published(), other); len(d) != 0 {
		t.Errorf("diagnostics on a workflow: %+v", d)
	}
}

// TestJSONTemplateCompletion: inside a JSON template's policy, completion
// answers as in a policy file (JSON edits fit a JSON host).
func TestJSONTemplateCompletion(t *testing.T) {
	c := newTestClient(t, initRich)
	const uri = "file:///work/cdk.out/App.template.json"
	src := `{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:Sen", "Resource": "*"}]}}}}}`
	c.didOpen(uri, 1, src)
	col := strings.Index(src, `ses:Sen"`) + len("ses:Sen")
	list := c.complete(uri, 0, col)
	find(t, list, "ses:SendEmail")
	// Outside the policy: nothing.
	if list := c.complete(uri, 0, 3); len(list.Items) != 0 {
		t.Errorf("%d items outside the policy", len(list.Items))
	}
}

// TestBrokenYAMLKeepsFindings: while a line is unfinished the template does
// not parse; the server publishes the one YAML error and the last good
// findings, moved with the text, not a wall of errors or nothing.
func TestBrokenYAMLKeepsFindings(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/stack.yaml"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "yaml", "version": 1, "text": %s}}`, uri, quoteJSON(yamlTemplate)))
	withCode(t, lastDiagnostics(t, c.published(), uri), "ACT002")

	// An unclosed quote above the typo, with text inserted before it.
	broken := strings.Replace(yamlTemplate, "      Policies:\n", "      Tags: [\"unfinished\n      Policies:\n", 1)
	c.didChange(uri, 2, broken)
	diags := lastDiagnostics(t, c.published(), uri)
	syntax, typo := 0, 0
	for _, d := range diags {
		switch d.Code {
		case "JSON001":
			syntax++
		case "ACT002":
			typo++
			if want := utf16Range(t, broken, "ses:SendEmial"); d.Range != want {
				t.Errorf("ACT002 kept at %v, want %v (moved with the text)", d.Range, want)
			}
		}
	}
	if syntax != 1 || typo != 1 {
		t.Errorf("got %d syntax errors and %d ACT002: %+v", syntax, typo, diags)
	}
	// Still broken after another keystroke: still kept.
	c.didChange(uri, 3, strings.Replace(broken, "unfinished", "unfinishedx", 1))
	withCode(t, lastDiagnostics(t, c.published(), uri), "ACT002")
	// Fixed: the fresh findings.
	c.didChange(uri, 4, strings.Replace(yamlTemplate, "ses:SendEmial", "ses:SendEmail", 1))
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		if d.Code == "ACT002" || d.Code == "JSON001" {
			t.Errorf("after the repair: %s %s", d.Code, d.Message)
		}
	}
}

// TestSAMPolicyTemplateOverLSP: an unknown SAM policy template name is an
// error at the name, and hover over a known one says what it grants.
func TestSAMPolicyTemplateOverLSP(t *testing.T) {
	const src = `Transform: AWS::Serverless-2016-10-31
Resources:
  Mailer:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - SESCrudPolicy:
            IdentityName: example.com
        - SESCrudPolcy:
            IdentityName: example.com
`
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/sam.yaml"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "yaml", "version": 1, "text": %s}}`, uri, quoteJSON(src)))
	diags := lastDiagnostics(t, c.published(), uri)
	unknown := withCode(t, diags, "HOST001")
	if want := utf16Range(t, src, "SESCrudPolcy"); unknown.Range != want {
		t.Errorf("HOST001 at %v, want %v", unknown.Range, want)
	}
	at := utf16Range(t, src, "SESCrudPolicy:")
	raw := c.request("textDocument/hover", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, uri, at.Start.Line, at.Start.Character+2))
	if !strings.Contains(raw, "ses:GetIdentityVerificationAttributes") || !strings.Contains(raw, `"range"`) {
		t.Errorf("hover = %s", raw)
	}
}

// TestCompletionWhileYAMLBroken: the line being typed leaves a bracket or a
// quote open, so the template does not parse; completion still answers
// there, its edits within the line as typed.
func TestCompletionWhileYAMLBroken(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/stack.yaml"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "yaml", "version": 1, "text": %s}}`, uri, quoteJSON(yamlTemplate)))
	for i, tc := range []struct{ typed, word, newText string }{
		{"Action: [ses:Sen", "ses:Sen", "ses:SendEmail"},
		{"Action: \"ses:Sen", "\"ses:Sen", `"ses:SendEmail"`},
	} {
		broken := strings.Replace(yamlTemplate, "Action:\n                  - ses:SendEmial", tc.typed, 1)
		c.didChange(uri, 2+i, broken)
		withCode(t, lastDiagnostics(t, c.published(), uri), "JSON001")
		at := utf16Range(t, broken, tc.word+"\n")
		at.End = at.Start
		at.End.Character += len(tc.word)
		item := find(t, c.complete(uri, at.Start.Line, at.End.Character), "ses:SendEmail")
		if item.TextEdit.NewText != tc.newText || item.TextEdit.Range != at {
			t.Errorf("%q: item %+v, want %q over %v", tc.typed, item.TextEdit, tc.newText, at)
		}
	}
}

// TestCompletionWithYAMLBrokenElsewhere: a line broken somewhere other
// than the cursor's (above or below, in another resource, in another
// policy of the same resource, in the same policy) stops the template from
// parsing; completion inside a policy still answers with the items of the
// unbroken template, its edits on the cursor's line.
func TestCompletionWithYAMLBrokenElsewhere(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/stack.yaml"
	typing := strings.Replace(yamlTemplate, "- ses:SendEmial", "- ses:Sen", 1)
	const otherResource = "  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: BROKEN\n"
	items := func(version int, src, word string) (labels []string, ok bool) {
		t.Helper()
		c.didChange(uri, version, src)
		at := utf16Range(t, src, word)
		list := c.complete(uri, at.End.Line, at.End.Character)
		for _, it := range list.Items {
			if it.TextEdit.Range.Start.Line != at.End.Line || it.TextEdit.Range.End.Line != at.End.Line || len(it.AdditionalTextEdits) > 0 {
				t.Errorf("%q: an edit off the cursor's line: %+v", it.Label, it)
			}
			labels = append(labels, it.Label+" -> "+it.TextEdit.NewText)
		}
		return labels, len(list.Items) > 0
	}
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "yaml", "version": 1, "text": %s}}`, uri, quoteJSON(typing)))
	for _, where := range []struct{ word, name string }{
		{"- ses:Sen\n", "an action in the permission policy"},
		{"Action: sts:AssumeRole\n", "an action in the trust policy"},
	} {
		word := strings.TrimSuffix(where.word, "\n")
		want, ok := items(2, typing, word)
		if !ok {
			t.Fatalf("%s: no items in the unbroken template", where.name)
		}
		for i, tc := range []struct{ name, broken string }{
			{"a resource above with an open quote", strings.Replace(typing, "Resources:\n", "Resources:\n"+strings.Replace(otherResource, "BROKEN", `"unfinished`, 1), 1)},
			{"a resource below with an open bracket", typing + strings.Replace(otherResource, "BROKEN", "[unfinished", 1)},
			{"a stray tab in another resource", typing + strings.Replace(otherResource, "      BucketName: BROKEN", "\tBucketName: x", 1)},
			{"a half-typed key in another resource", typing + strings.Replace(otherResource, "BucketName: BROKEN", "BucketNa\n      Tags: []", 1)},
			{"the other policy of the same resource", strings.Replace(typing, "Service: pinpoint.amazonaws.com", `Service: "pinpoint.amazonaws.com`, 1)},
			{"the same resource's name", strings.Replace(typing, "      Policies:\n", "      Tags: [unfinished\n      Policies:\n", 1)},
		} {
			if where.word != "- ses:Sen\n" && strings.Contains(tc.name, "other policy") {
				continue // that break is in the trust policy itself
			}
			if _, err := parser.ParseBytes([]byte(tc.broken), 0); err == nil {
				t.Fatalf("%s: the template still parses", tc.name)
			}
			got, _ := items(3+i, tc.broken, word)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s, completing %s: %d items %.300v\nwant %d %.300v", tc.name, where.name, len(got), got, len(want), want)
			}
		}
	}
	// In the same policy, a line broken above the cursor's: the items of
	// the policy without that line.
	for i, broken := range []string{
		strings.Replace(typing, "Version: \"2012-10-17\"\n            Statement:\n              - Effect: Allow", "Version: \"2012-10-17\n            Statement:\n              - Effect: Allow", 1),
		strings.Replace(typing, "              - Effect: Allow\n                Action:", "              - Effect: Allow\n                Conditio\n                Action:", 1),
	} {
		if _, err := parser.ParseBytes([]byte(broken), 0); err == nil {
			t.Fatalf("case %d still parses", i)
		}
		got, _ := items(20+i, broken, "ses:Sen")
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "ses:SendEmail -> ") }) {
			t.Errorf("case %d: %v", i, got)
		}
	}
}

// TestJSONTemplateInsertPinpointRole: a JSON template gets the source
// action too; the role is a new member of Resources at the template's
// indentation, and the result is JSON whose new policies are clean.
func TestJSONTemplateInsertPinpointRole(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/cdk.out/App.template.json"
	const src = "{\n    \"Resources\": {\n        \"Bucket\": {\n            \"Type\": \"AWS::S3::Bucket\"\n        }\n    }\n}\n"
	c.didOpen(uri, 1, src)
	ins := action(t, c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source"]}`), titleInsertPinpointRole)
	edits, _ := ins.editsFor(uri)
	withRole := applyWireEdits(t, src, edits)
	if !json.Valid([]byte(withRole)) || !strings.Contains(withRole, "        },\n        \"PinpointEmailRole\": {\n            \"Type\": \"AWS::IAM::Role\",\n") {
		t.Fatalf("after inserting the role:\n%s", withRole)
	}
	c.didChange(uri, 2, withRole)
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		if d.Severity <= 2 {
			t.Errorf("%s %s", d.Code, d.Message)
		}
	}
}
