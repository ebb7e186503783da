package server

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

const terraformModuleText = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["pinpoint.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "pinpoint" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.pinpoint.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ses:SendEmial"]
      Resource = "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/*"
    }]
  })
}
`

// TestTerraformDocument: a .tf file opened as terraform gets its policies'
// findings at the file's positions, hover in an aws_iam_policy_document,
// completion in jsonencode written as HCL strings, quick fixes and fix-all
// in HCL that leave a file that parses, the outline by resource address,
// and no formatting; a .tf file without policies gets nothing.
func TestTerraformDocument(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/module/main.tf"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "terraform", "version": 1, "text": %s}}`, uri, quoteJSON(terraformModuleText)))
	diags := lastDiagnostics(t, c.published(), uri)
	typo := withCode(t, diags, "ACT002")
	if want := utf16Range(t, terraformModuleText, `"ses:SendEmial"`); typo.Range != want {
		t.Fatalf("ACT002 at %v, want %v", typo.Range, want)
	}
	for _, d := range diags {
		if d.Code != "ACT002" && d.Code != "PIN001" {
			t.Errorf("unexpected finding %s %s", d.Code, d.Message)
		}
	}

	// Hover on the data source's action.
	at := utf16Range(t, terraformModuleText, "sts:AssumeRole")
	raw := c.request("textDocument/hover", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, uri, at.Start.Line, at.Start.Character+5))
	if !strings.Contains(raw, "AssumeRole") || !strings.Contains(raw, `"range"`) {
		t.Errorf("hover = %s", raw)
	}

	// Completion in a jsonencode action: HCL strings over the typed one.
	typing := strings.Replace(terraformModuleText, `"ses:SendEmial"`, `"ses:Sen"`, 1)
	c.didChange(uri, 2, typing)
	typed := utf16Range(t, typing, `"ses:Sen"`)
	list := c.complete(uri, typed.Start.Line, typed.End.Character-1)
	item := find(t, list, "ses:SendEmail")
	if item.TextEdit.NewText != `"ses:SendEmail"` || item.TextEdit.Range != typed {
		t.Errorf("item %+v", item)
	}
	for _, it := range list.Items {
		if strings.Contains(it.TextEdit.NewText, "{") || len(it.AdditionalTextEdits) > 0 {
			t.Errorf("JSON structure offered in HCL: %+v", it)
		}
	}

	// Completion in a string not closed yet (the file does not parse):
	// items end at the cursor, and choosing one closes the string.
	open := strings.Replace(terraformModuleText, `["ses:SendEmial"]`, `["ses:Se`, 1)
	c.didChange(uri, 3, open)
	cursor := utf16Range(t, open, `"ses:Se`)
	list = c.complete(uri, cursor.Start.Line, cursor.End.Character)
	item = find(t, list, "ses:SendEmail")
	if item.TextEdit.NewText != `"ses:SendEmail"` || item.TextEdit.Range != cursor {
		t.Errorf("item in an open string %+v, want range %v", item, cursor)
	}
	if closed := applyWireEdits(t, open, []wireTextEdit{{Range: item.TextEdit.Range, NewText: item.TextEdit.NewText}}); !strings.Contains(closed, `Action   = ["ses:SendEmail"`) {
		t.Errorf("after choosing it:\n%s", closed)
	}

	// The same in an aws_iam_policy_document's actions.
	inDocument := strings.Replace(terraformModuleText, `actions = ["sts:AssumeRole"]`, `actions = ["sts:Assume`, 1)
	c.didChange(uri, 4, inDocument)
	cursor = utf16Range(t, inDocument, `"sts:Assume`)
	item = find(t, c.complete(uri, cursor.Start.Line, cursor.End.Character), "sts:AssumeRole")
	if item.TextEdit.NewText != `"sts:AssumeRole"` || item.TextEdit.Range != cursor {
		t.Errorf("item in a document's open string %+v, want range %v", item, cursor)
	}

	// The quick fix, applied, leaves a file that parses, without the finding.
	c.didChange(uri, 5, terraformModuleText)
	typo = withCode(t, lastDiagnostics(t, c.published(), uri), "ACT002")
	fix := action(t, c.codeActions(uri, typo.Range, `{"diagnostics": [`+mustJSON(t, typo)+`]}`), `Change to "ses:SendEmail"`)
	edits, _ := fix.editsFor(uri)
	after := applyWireEdits(t, terraformModuleText, edits)
	if after != strings.Replace(terraformModuleText, "ses:SendEmial", "ses:SendEmail", 1) {
		t.Fatalf("after the fix:\n%s", after)
	}
	if _, diags := hclsyntax.ParseConfig([]byte(after), "", hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("the fixed file does not parse: %v", diags)
	}
	c.didChange(uri, 6, after)
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		if d.Code == "ACT002" {
			t.Errorf("still reported: %s", d.Message)
		}
	}

	// Fix-all: the same one fix.
	c.didChange(uri, 7, terraformModuleText)
	all := action(t, c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source.fixAll.policyls"]}`), titleFixAll)
	edits, _ = all.editsFor(uri)
	if got := applyWireEdits(t, terraformModuleText, edits); got != after {
		t.Errorf("fix-all gave:\n%s", got)
	}

	// The outline names each policy by its address.
	raw = c.request("textDocument/documentSymbol", fmt.Sprintf(`{"textDocument": {"uri": %q}}`, uri))
	for _, want := range []string{`"name":"data.aws_iam_policy_document.trust"`, `"name":"aws_iam_role_policy.send.policy"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("outline lacks %s: %s", want, raw)
		}
	}

	if edits := c.formatDocument(uri, `{"tabSize": 2, "insertSpaces": true}`); len(edits) != 0 {
		t.Errorf("formatting a .tf file: %+v", edits)
	}

	// While the file does not parse: the one HCL error, and the last good
	// findings kept.
	broken := strings.Replace(terraformModuleText, `role = aws_iam_role.pinpoint.id`, `role = `, 1)
	c.didChange(uri, 8, broken)
	var codes []string
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		codes = append(codes, fmt.Sprint(d.Code))
	}
	slices.Sort(codes)
	if strings.Join(codes, " ") != "ACT002 JSON001 PIN001" {
		t.Errorf("while broken: %v", codes)
	}

	// Another .tf file without policies: nothing published; the source
	// action appends the Pinpoint role, which parses and checks clean.
	const vars = "file:///work/module/variables.tf"
	const varsText = "variable \"region\" {}\n"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "terraform", "version": 1, "text": %s}}`, vars, quoteJSON(varsText)))
	if got := lastDiagnostics(t, c.published(), vars); len(got) != 0 {
		t.Errorf("variables.tf: %+v", got)
	}
	ins := action(t, c.codeActions(vars, wireRange{}, `{"diagnostics": [], "only": ["source"]}`), titleInsertPinpointRole)
	edits, _ = ins.editsFor(vars)
	withRole := applyWireEdits(t, varsText, edits)
	if !strings.Contains(withRole, `resource "aws_iam_role" "pinpoint_email"`) {
		t.Fatalf("after inserting the role:\n%s", withRole)
	}
	c.didChange(vars, 2, withRole)
	for _, d := range lastDiagnostics(t, c.published(), vars) {
		if d.Severity <= 2 {
			t.Errorf("inserted role: %s %s", d.Code, d.Message)
		}
	}
	// The SES identity policy for Pinpoint, a separate action, reuses the
	// data sources the role brought.
	ins = action(t, c.codeActions(vars, wireRange{}, `{"diagnostics": [], "only": ["source"]}`), titleInsertPinpointIdentityPolicy)
	edits, _ = ins.editsFor(vars)
	withPolicy := applyWireEdits(t, withRole, edits)
	if !strings.Contains(withPolicy, `resource "aws_ses_identity_policy" "pinpoint_sending"`) || strings.Count(withPolicy, `data "aws_partition" "current"`) != 1 {
		t.Fatalf("after inserting the identity policy:\n%s", withPolicy)
	}
	c.didChange(vars, 3, withPolicy)
	for _, d := range lastDiagnostics(t, c.published(), vars) {
		if d.Severity <= 2 {
			t.Errorf("inserted identity policy: %s %s", d.Code, d.Message)
		}
	}
}

// TestTerraformConditionQuickFix: TRUST007's quick fix in a policy
// document is a new condition block; applied, the file parses and the
// finding is gone.
func TestTerraformConditionQuickFix(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/trust/main.tf"
	text := strings.Replace(terraformModuleText, `    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
`, "", 1)
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "terraform", "version": 1, "text": %s}}`, uri, quoteJSON(text)))
	deputy := withCode(t, lastDiagnostics(t, c.published(), uri), "TRUST007")
	fix := action(t, c.codeActions(uri, deputy.Range, `{"diagnostics": [`+mustJSON(t, deputy)+`]}`), "Add condition aws:SourceAccount (then replace AWS's example account 111122223333 with yours)")
	edits, _ := fix.editsFor(uri)
	after := applyWireEdits(t, text, edits)
	if !strings.Contains(after, "    }\n    condition {\n      test     = \"StringEquals\"\n      variable = \"aws:SourceAccount\"\n      values   = [\"111122223333\"]\n    }\n  }\n}") {
		t.Fatalf("after the fix:\n%s", after)
	}
	if _, diags := hclsyntax.ParseConfig([]byte(after), "", hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("the fixed file does not parse: %v", diags)
	}
	c.didChange(uri, 2, after)
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		if d.Code == "TRUST007" {
			t.Errorf("still reported: %s", d.Message)
		}
	}
}

// TestTerraformMemberFixAll: fix-all in a .tf file adds Version to a
// jsonencode policy as an HCL item, removes a Principal item from an
// identity policy and the principals block of a policy document an
// aws_iam_policy uses; the file parses and the findings are gone.
func TestTerraformMemberFixAll(t *testing.T) {
	const text = `resource "aws_iam_policy" "send" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "ses:SendEmail"
      Resource  = "*"
    }]
  })
}

resource "aws_iam_policy" "from_document" {
  policy = data.aws_iam_policy_document.send.json
}

data "aws_iam_policy_document" "send" {
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
	const want = `resource "aws_iam_policy" "send" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "ses:SendEmail"
      Resource  = "*"
    }]
  })
}

resource "aws_iam_policy" "from_document" {
  policy = data.aws_iam_policy_document.send.json
}

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
  }
}
`
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/members/main.tf"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "terraform", "version": 1, "text": %s}}`, uri, quoteJSON(text)))
	var codes []string
	for _, d := range lastDiagnostics(t, c.published(), uri) {
		codes = append(codes, fmt.Sprint(d.Code))
	}
	if strings.Join(codes, " ") != "POL003 IAM003 IAM003" {
		t.Fatalf("findings %v", codes)
	}
	all := action(t, c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source.fixAll.policyls"]}`), titleFixAll)
	edits, _ := all.editsFor(uri)
	after := applyWireEdits(t, text, edits)
	if after != want {
		t.Fatalf("after fix-all:\n%s", after)
	}
	if _, diags := hclsyntax.ParseConfig([]byte(after), "", hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("the fixed file does not parse: %v", diags)
	}
	c.didChange(uri, 2, after)
	if left := lastDiagnostics(t, c.published(), uri); len(left) != 0 {
		t.Errorf("still reported: %+v", left)
	}
}

// TestUntitledTerraformAndYAML: the VS Code extension attaches untitled
// documents in the terraform and yaml languages, whose URI names no file
// type. They are read as the language the client names (didOpen's
// languageId), not as JSON policies: no wall of JSON syntax errors over
// HCL or YAML; a Terraform policy's finding is reported.
func TestUntitledTerraformAndYAML(t *testing.T) {
	c := newTestClient(t, initParams)
	c.takeNotes()
	cases := []struct{ uri, language, text, want string }{
		{"untitled:Untitled-1", "terraform", terraformModuleText, "ACT002"},
		{"untitled:Untitled-2", "terraform", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n", ""},
		{"untitled:Untitled-3", "yaml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", ""},
	}
	for _, tc := range cases {
		c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": %q, "version": 1, "text": %s}}`, tc.uri, tc.language, quoteJSON(tc.text)))
		var codes []string
		for _, d := range lastDiagnostics(t, c.published(), tc.uri) {
			codes = append(codes, fmt.Sprint(d.Code))
		}
		if tc.want == "" && len(codes) != 0 || tc.want != "" && !slices.Contains(codes, tc.want) {
			t.Errorf("%s (%s): findings %v, want %q", tc.uri, tc.language, codes, tc.want)
		}
		// Edits keep the language the document was opened in.
		c.didChange(tc.uri, 2, tc.text+"\n")
		var again []string
		for _, d := range lastDiagnostics(t, c.published(), tc.uri) {
			again = append(again, fmt.Sprint(d.Code))
		}
		if !slices.Equal(again, codes) {
			t.Errorf("%s after an edit: %v, before %v", tc.uri, again, codes)
		}
	}
}

// TestTerraformDocumentBlockCompletion: in a policy document's condition
// and principals blocks, the operator in test, the key in variable and the
// principal type complete as HCL strings over the one typed (the policy
// model reads them as keys, whose items JSON writes with a colon and a
// value, which HCL has no place for); applied, the file parses.
func TestTerraformDocumentBlockCompletion(t *testing.T) {
	condition := "condition {\n      test     = \"StringEquals\"\n      variable = \"aws:SourceAccount\"\n      values   = [\"1\"]\n    }"
	for _, tc := range []struct{ typed, label, token string }{
		{strings.Replace(condition, `"StringEquals"`, `"StringEq‸"`, 1), "StringEquals", `"StringEq"`},
		{strings.Replace(condition, `"aws:SourceAccount"`, `"ses:From‸"`, 1), "ses:FromAddress", `"ses:From"`},
		{"principals {\n      type        = \"Serv‸\"\n      identifiers = [\"pinpoint.amazonaws.com\"]\n    }", "Service", `"Serv"`},
	} {
		src := strings.Replace(sesPolicyTerraform, "RESOURCE", `Resource = "*"`, 1)
		_, _, text, at, list := completeTyped(t, initRich, "main.tf", src, tc.typed)
		item := find(t, list, tc.label)
		start := strings.LastIndex(text[:at], `"`)
		if want := (wireRange{Start: positionAt(t, text, start), End: positionAt(t, text, start+len(tc.token))}); item.TextEdit.Range != want || item.TextEdit.NewText != `"`+tc.label+`"` {
			t.Errorf("%s: item %q over %v, want %q over %v", tc.label, item.TextEdit.NewText, item.TextEdit.Range, `"`+tc.label+`"`, want)
			continue
		}
		checkParses(t, "main.tf", applyWireEdits(t, text, []wireTextEdit{{Range: item.TextEdit.Range, NewText: item.TextEdit.NewText}}))
	}
}

// TestUntitledTerraformEditing: an untitled Terraform document gets what a
// .tf file gets: completion in a string not closed yet and fix-all in HCL.
func TestUntitledTerraformEditing(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "untitled:Untitled-1"
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "terraform", "version": 1, "text": %s}}`, uri, quoteJSON(terraformModuleText)))
	c.published()
	all := action(t, c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source.fixAll.policyls"]}`), titleFixAll)
	edits, _ := all.editsFor(uri)
	if got := applyWireEdits(t, terraformModuleText, edits); got != strings.Replace(terraformModuleText, "ses:SendEmial", "ses:SendEmail", 1) {
		t.Errorf("fix-all gave:\n%s", got)
	}
	open := strings.Replace(terraformModuleText, `["ses:SendEmial"]`, `["ses:Se`, 1)
	c.didChange(uri, 2, open)
	cursor := utf16Range(t, open, `"ses:Se`)
	if item := find(t, c.complete(uri, cursor.Start.Line, cursor.End.Character), "ses:SendEmail"); item.TextEdit.NewText != `"ses:SendEmail"` || item.TextEdit.Range != cursor {
		t.Errorf("item in an open string %+v, want range %v", item, cursor)
	}
}
