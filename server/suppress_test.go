package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/policy"
)

const entry = `{"file": "p.json", "path": "/Statement/0/Effect", "rule": "POL009"}`

func TestSuppressionEdit(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{
			"append to the array",
			"{\n  \"rules\": {\"POL003\": \"off\"},\n  \"suppressions\": [\n    {\"file\": \"a.json\", \"path\": \"\", \"rule\": \"*\"}\n  ]\n}\n",
			"{\n  \"rules\": {\"POL003\": \"off\"},\n  \"suppressions\": [\n    {\"file\": \"a.json\", \"path\": \"\", \"rule\": \"*\"},\n    " + entry + "\n  ]\n}\n",
		},
		{
			"append to a one-line array",
			"{\n  \"suppressions\": [{\"file\": \"a.json\", \"path\": \"\", \"rule\": \"*\"}]\n}\n",
			"{\n  \"suppressions\": [{\"file\": \"a.json\", \"path\": \"\", \"rule\": \"*\"}, " + entry + "]\n}\n",
		},
		{
			"fill an empty array",
			"{\n    \"region\": \"eu-west-1\",\n    \"suppressions\": []\n}\n",
			"{\n    \"region\": \"eu-west-1\",\n    \"suppressions\": [\n        " + entry + "\n    ]\n}\n",
		},
		{
			"replace null",
			"{\n  \"suppressions\": null\n}",
			"{\n  \"suppressions\": [\n    " + entry + "\n  ]\n}",
		},
		{
			"add the member",
			"{\n  \"kinds\": [{\"glob\": \"**/trust/*.json\", \"kind\": \"trust\"}],\n  \"accountId\": \"123456789012\"\n}\n",
			"{\n  \"kinds\": [{\"glob\": \"**/trust/*.json\", \"kind\": \"trust\"}],\n  \"accountId\": \"123456789012\",\n  \"suppressions\": [\n    " + entry + "\n  ]\n}\n",
		},
		{
			"nested under policyls",
			"{\n  \"policyls\": {\n    \"region\": \"eu-west-1\"\n  }\n}\n",
			"{\n  \"policyls\": {\n    \"region\": \"eu-west-1\",\n    \"suppressions\": [\n      " + entry + "\n    ]\n  }\n}\n",
		},
		{
			"one line",
			`{"region": "eu-west-1"}`,
			`{"region": "eu-west-1", "suppressions": [` + entry + `]}`,
		},
		{
			"empty object on one line",
			`{}`,
			`{"suppressions": [` + entry + `]}`,
		},
		{
			"empty object on lines",
			"{\n}\n",
			"{\n  \"suppressions\": [\n    " + entry + "\n  ]\n}\n",
		},
		{
			"tabs and CRLF",
			"{\r\n\t\"region\": \"eu-west-1\"\r\n}\r\n",
			"{\r\n\t\"region\": \"eu-west-1\",\r\n\t\"suppressions\": [\r\n\t\t" + entry + "\r\n\t]\r\n}\r\n",
		},
		{
			"blank file",
			"\n",
			"{\n  \"suppressions\": [\n    " + entry + "\n  ]\n}\n",
		},
	}
	for _, tt := range tests {
		e, ok := suppressionEdit([]byte(tt.src), entry)
		if !ok {
			t.Errorf("%s: not offered", tt.name)
			continue
		}
		out, err := policy.ApplyEdits([]byte(tt.src), []policy.Edit{e})
		if err != nil || string(out) != tt.want {
			t.Errorf("%s: got\n%q\nwant\n%q (%v)", tt.name, out, tt.want, err)
			continue
		}
		c, err := config.Parse(out)
		if err != nil || len(c.Suppressions) == 0 {
			t.Errorf("%s: the result does not read as settings with a suppression: %v", tt.name, err)
			continue
		}
		if s := c.Suppressions[len(c.Suppressions)-1]; s.File.String() != "p.json" || s.Path != "/Statement/0/Effect" || s.Rule != "POL009" {
			t.Errorf("%s: last suppression %+v", tt.name, s)
		}
	}
	for _, src := range []string{
		`{"rules": {},}`,               // trailing comma: not JSON
		`{"region": "eu-west-1"} // x`, // a comment
		`{"Kinds": []}`,                // not valid settings
		`{"suppressions": {}}`,         // likewise
		`[1]`,                          // not an object
		`null`,                         // nothing to add a member to
		`{"policyls": null}`,           // likewise
		"{\"region\": \"eu-west-1\"\n", // unclosed
	} {
		if e, ok := suppressionEdit([]byte(src), entry); ok {
			t.Errorf("%q: offered %+v", src, e)
		}
	}
}

func TestEscapeGlob(t *testing.T) {
	for name, want := range map[string]string{
		"policies/p.json": "policies/p.json",
		"p[1].json":       `p\[1\].json`,
		"who?/*.json":     `who\?/\*.json`,
		`back\slash.json`: `back\\slash.json`,
		"日本語/ポリシー.json":   "日本語/ポリシー.json",
	} {
		got := escapeGlob(name)
		if got != want {
			t.Errorf("escapeGlob(%q) = %q, want %q", name, got, want)
		}
		g, err := config.CompileGlob(got)
		if err != nil || !g.Match(name) {
			t.Errorf("glob %q does not match %q (%v)", got, name, err)
		}
	}
}

// suppressEnv is a workspace with a policy holding POL009 at
// policies/p[1].json (a name with glob characters).
type suppressEnv struct {
	root, docPath, docURI, fileURI string
}

func newSuppressEnv(t *testing.T, settingsFile string) suppressEnv {
	t.Helper()
	root := t.TempDir()
	e := suppressEnv{root: root, docPath: filepath.Join(root, "policies", "p[1].json")}
	e.docURI = fileURI(e.docPath)
	e.fileURI = fileURI(filepath.Join(root, ".policyls.json"))
	if settingsFile != "" {
		if err := os.WriteFile(filepath.Join(root, ".policyls.json"), []byte(settingsFile), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// suppressAction opens the policy and asks for the POL009 actions.
func (e suppressEnv) suppressAction(t *testing.T, c *testClient) (wireAction, bool) {
	t.Helper()
	c.didOpen(e.docURI, 1, typoPolicy)
	effect := withCode(t, lastDiagnostics(t, c.published(), e.docURI), "POL009")
	actions := c.codeActions(e.docURI, effect.Range, `{"diagnostics": [`+mustJSON(t, effect)+`], "only": ["quickfix"]}`)
	want := []string{`Change to "Allow"`}
	for _, a := range actions {
		if a.Title == "Suppress POL009 here" {
			if a.Kind != "quickfix" || a.IsPreferred || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "POL009" {
				t.Errorf("suppress action %+v", a)
			}
			return a, true
		}
	}
	if got := titles(actions); !slices.Equal(got, want) {
		t.Errorf("actions %q", got)
	}
	return wireAction{}, false
}

// mustSuppressAction is suppressAction for tests that need the action.
func (e suppressEnv) mustSuppressAction(t *testing.T, c *testClient) wireAction {
	t.Helper()
	a, ok := e.suppressAction(t, c)
	if !ok {
		t.Fatal("no suppress action")
	}
	return a
}

const suppressedEntry = `{"file": "policies/p\\[1\\].json", "path": "/Statement/0/Effect", "rule": "POL009"}`

func TestSuppressActionEditsTheWorkspaceFile(t *testing.T) {
	const before = "{\n  \"rules\": {\"ACT005\": \"hint\"}\n}\n"
	e := newSuppressEnv(t, before)
	c := actionsClient(t, initActions, e.root, "")

	// The client was asked to watch .policyls.json.
	c.mu.Lock()
	calls := slices.Clone(c.calls)
	c.mu.Unlock()
	wantCall := `{"registrations":[{"id":"policyls-workspace-file","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":[{"globPattern":"**/.policyls.json"}]}}]}`
	if len(calls) != 1 || calls[0].Method != "client/registerCapability" || calls[0].Params != wantCall {
		t.Errorf("calls to the client %+v, want the watcher registration", calls)
	}

	a := e.mustSuppressAction(t, c)
	if len(a.Edit.DocumentChanges) != 1 || a.Edit.DocumentChanges[0].Kind != "" {
		t.Fatalf("document changes %+v, want one text edit", a.Edit.DocumentChanges)
	}
	edits, version := a.editsFor(e.fileURI)
	if version != -1 {
		t.Errorf("version %d, want null for a file the editor has not open", version)
	}
	after := applyWireEdits(t, before, edits)
	want := "{\n  \"rules\": {\"ACT005\": \"hint\"},\n  \"suppressions\": [\n    " + suppressedEntry + "\n  ]\n}\n"
	if after != want {
		t.Fatalf("settings after the action:\n%s\nwant:\n%s", after, want)
	}

	// The editor applies and saves it; the watcher reports the change and
	// the policy is re-published without POL009.
	if err := os.WriteFile(filepath.Join(e.root, ".policyls.json"), []byte(after), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(e.fileURI)+`, "type": 2}]}`)
	if got := codes(t, c.published(), e.docURI); strings.Contains(got, "POL009") || !strings.Contains(got, "ACT002") {
		t.Errorf("after the suppression: codes %q, want ACT002 and no POL009", got)
	}
	// Other files' changes are ignored.
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(fileURI(filepath.Join(e.root, "x.json")))+`, "type": 2}]}`)
	if notes := c.takeNotes(); len(notes) != 0 {
		t.Errorf("a change to another file sent %+v", notes)
	}
}

func TestSuppressActionCreatesTheFile(t *testing.T) {
	e := newSuppressEnv(t, "")
	c := actionsClient(t, initActions, e.root, "")
	a := e.mustSuppressAction(t, c)
	dc := a.Edit.DocumentChanges
	if len(dc) != 2 || dc[0].Kind != "create" || dc[0].URI != e.fileURI || dc[1].TextDocument == nil || dc[1].TextDocument.URI != e.fileURI || dc[1].TextDocument.Version != nil {
		t.Fatalf("document changes %s, want a CreateFile then an unversioned edit", mustJSON(t, dc))
	}
	got := applyWireEdits(t, "", dc[1].Edits)
	if want := "{\n  \"suppressions\": [\n    " + suppressedEntry + "\n  ]\n}\n"; got != want {
		t.Fatalf("new file:\n%s\nwant:\n%s", got, want)
	}
	// Created on disk, reported by the watcher: POL009 is gone.
	if err := os.WriteFile(filepath.Join(e.root, ".policyls.json"), []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(e.fileURI)+`, "type": 1}]}`)
	if got := codes(t, c.published(), e.docURI); strings.Contains(got, "POL009") {
		t.Errorf("after creating the file: codes %q", got)
	}
	// Deleted: POL009 is back.
	if err := os.Remove(filepath.Join(e.root, ".policyls.json")); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(e.fileURI)+`, "type": 3}]}`)
	if got := codes(t, c.published(), e.docURI); !strings.Contains(got, "POL009") {
		t.Errorf("after deleting the file: codes %q", got)
	}
}

// No action where the edit cannot be made: a file that is not valid
// settings, no workspace root.
func TestSuppressActionNotOffered(t *testing.T) {
	e := newSuppressEnv(t, `{"rules": {"POL003": "off"},}`)
	c := actionsClient(t, initActions, e.root, "")
	c.takeNotes() // the warning about the broken file
	if _, ok := e.suppressAction(t, c); ok {
		t.Error("offered for invalid JSON")
	}
	c.takeNotes()

	e = newSuppressEnv(t, "")
	c = actionsClient(t, initActions, "", "")
	if _, ok := e.suppressAction(t, c); ok {
		t.Error("offered without a workspace root")
	}

	// A document outside the workspace with no settings file above it: a
	// new file at the root would never apply to it.
	c = actionsClient(t, initActions, filepath.Join(e.root, "elsewhere"), "")
	if _, ok := e.suppressAction(t, c); ok {
		t.Error("offered for a document outside the workspace root")
	}
}

// With .policyls.json open in the editor, the action edits the buffer at
// its version, and the buffer's settings count as soon as it changes,
// before it is saved. Closing it makes the file on disk count again.
func TestSuppressWithTheFileOpen(t *testing.T) {
	const onDisk = "{\n  \"region\": \"eu-west-1\"\n}\n"
	const inBuffer = "{\n  \"region\": \"eu-west-1\",\n  \"suppressions\": []\n}\n"
	e := newSuppressEnv(t, onDisk)
	c := actionsClient(t, initActions, e.root, "")
	c.didOpen(e.fileURI, 3, inBuffer)
	a := e.mustSuppressAction(t, c)
	edits, version := a.editsFor(e.fileURI)
	if version != 3 {
		t.Errorf("edit of the open settings file at version %d, want 3", version)
	}
	after := applyWireEdits(t, inBuffer, edits)
	want := "{\n  \"region\": \"eu-west-1\",\n  \"suppressions\": [\n    " + suppressedEntry + "\n  ]\n}\n"
	if after != want {
		t.Fatalf("buffer after the action:\n%s\nwant:\n%s", after, want)
	}
	c.takeNotes()

	c.didChange(e.fileURI, 4, after)
	pubs := c.published()
	if got := codes(t, pubs, e.docURI); strings.Contains(got, "POL009") {
		t.Errorf("after the buffer changed: codes %q", got)
	}
	if got := codes(t, pubs, e.fileURI); got != "" {
		t.Errorf("the settings file itself: codes %q", got)
	}

	// Typing breaks the buffer for a moment: the last good settings stay
	// and nothing is shown to the user.
	c.didChange(e.fileURI, 5, after[:20])
	for _, n := range c.takeNotes() {
		if n.Method == "window/showMessage" || strings.Contains(n.Params, e.docURI) {
			t.Errorf("a broken buffer sent %s %s", n.Method, n.Params)
		}
	}
	c.didChange(e.fileURI, 6, after)
	c.notify("textDocument/didSave", `{"textDocument": {"uri": `+quoteJSON(e.fileURI)+`}}`)
	if got := codes(t, c.published(), e.docURI); strings.Contains(got, "POL009") {
		t.Errorf("after saving: codes %q", got)
	}

	// Closed without saving to disk: the file on disk has no suppression.
	c.notify("textDocument/didClose", `{"textDocument": {"uri": `+quoteJSON(e.fileURI)+`}}`)
	if got := codes(t, c.published(), e.docURI); !strings.Contains(got, "POL009") {
		t.Errorf("after closing: codes %q", got)
	}
}

// Issue 16 item 4: "Suppress RULE here" is offered without a settings
// file to clients that cannot create files too (Neovim 0.7 declares no
// documentChanges): the whole new file as an edit of its path, which they
// apply to a new buffer. Before, there was no action.
func TestSuppressActionWithoutFileCreation(t *testing.T) {
	e := newSuppressEnv(t, "")
	c := actionsClient(t, initActionsPlain, e.root, "")
	a := e.mustSuppressAction(t, c)
	edits, version := a.editsFor(e.fileURI)
	if len(a.Edit.DocumentChanges) != 0 || len(edits) != 1 || version != -1 {
		t.Fatalf("edit %s, want one plain edit of %s", mustJSON(t, a.Edit), e.fileURI)
	}
	if r := edits[0].Range; r.String() != "0:0-0:0" {
		t.Errorf("edit at %s, want an insertion at the start of the empty file", r)
	}
	got := applyWireEdits(t, "", edits)
	if want := "{\n  \"suppressions\": [\n    " + suppressedEntry + "\n  ]\n}\n"; got != want {
		t.Errorf("new file:\n%s\nwant:\n%s", got, want)
	}
	// The client opens the new buffer: its settings count before it is
	// saved.
	c.didOpen(e.fileURI, 1, got)
	if got := codes(t, c.published(), e.docURI); strings.Contains(got, "POL009") {
		t.Errorf("with the new buffer open: codes %q", got)
	}
}

func TestSuppressActionJSON(t *testing.T) {
	// The action's edit in the plain form: a map from the settings file's
	// URI to its edits.
	e := newSuppressEnv(t, "{}")
	c := actionsClient(t, initActionsPlain, e.root, "")
	a := e.mustSuppressAction(t, c)
	var edit map[string]map[string][]wireTextEdit
	raw := mustJSON(t, a.Edit)
	if err := json.Unmarshal([]byte(raw), &edit); err != nil || len(edit["changes"]) != 1 || len(edit["changes"][e.fileURI]) != 1 {
		t.Fatalf("edit %s", raw)
	}
	if got := applyWireEdits(t, "{}", edit["changes"][e.fileURI]); got != `{"suppressions": [`+suppressedEntry+`]}` {
		t.Errorf("settings after the action: %s", got)
	}
}

// The suppression goes into the settings file that applies to the document
// (the nearest one above it), naming the document relative to that file's
// folder, so `policyls check` reads it the same way.
func TestSuppressGoesToTheNearestSettingsFile(t *testing.T) {
	e := newSuppressEnv(t, "{\n  \"region\": \"eu-west-1\"\n}\n")
	nested := filepath.Join(e.root, "policies", ".policyls.json")
	const before = "{\n  \"suppressions\": []\n}\n"
	writeFile(t, nested, before)
	c := actionsClient(t, initActions, e.root, "")
	a := e.mustSuppressAction(t, c)
	edits, _ := a.editsFor(fileURI(nested))
	if len(edits) == 0 {
		t.Fatalf("the action does not edit %s: %s", nested, mustJSON(t, a.Edit))
	}
	after := applyWireEdits(t, before, edits)
	want := "{\n  \"suppressions\": [\n    {\"file\": \"p\\\\[1\\\\].json\", \"path\": \"/Statement/0/Effect\", \"rule\": \"POL009\"}\n  ]\n}\n"
	if after != want {
		t.Fatalf("nested settings after the action:\n%s\nwant:\n%s", after, want)
	}
	writeFile(t, nested, after)
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(fileURI(nested))+`, "type": 2}]}`)
	if got := codes(t, c.published(), e.docURI); strings.Contains(got, "POL009") {
		t.Errorf("after the suppression: codes %q", got)
	}
}

// In a template or a Terraform file, "Suppress RULE here" names the policy
// the finding is in by its location and the path inside it; once the
// settings file holds it, that finding is gone and the same finding in the
// file's other policy stays.
func TestSuppressActionInTemplatesAndTerraform(t *testing.T) {
	const grant = "        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: ses:SendEmial\n            Resource: \"*\"\n"
	const stack = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  A:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n" + grant +
		"  B:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n" + grant
	const tf = `resource "aws_iam_policy" "a" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmial", Resource = "*" }] })
}
resource "aws_iam_policy" "b" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmial", Resource = "*" }] })
}
`
	for _, tc := range []struct{ name, text, entry string }{
		{"stack.yaml", stack, `{"file": "stack.yaml", "location": "Resources.B.Properties.PolicyDocument", "path": "/Statement/0/Action", "rule": "ACT002"}`},
		{"main.tf", tf, `{"file": "main.tf", "location": "aws_iam_policy.b.policy", "path": "/Statement/0/Action", "rule": "ACT002"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const before = "{\n}\n"
			root := t.TempDir()
			settings := filepath.Join(root, ".policyls.json")
			if err := os.WriteFile(settings, []byte(before), 0o644); err != nil {
				t.Fatal(err)
			}
			docURI, fileURI := fileURI(filepath.Join(root, tc.name)), fileURI(settings)
			c := actionsClient(t, initActions, root, "")
			c.didOpen(docURI, 1, tc.text)
			var typos []wireDiagnostic
			for _, d := range lastDiagnostics(t, c.published(), docURI) {
				if d.Code == "ACT002" {
					typos = append(typos, d)
				}
			}
			if len(typos) != 2 {
				t.Fatalf("%d ACT002, want one per policy", len(typos))
			}
			second := typos[1]
			actions := c.codeActions(docURI, second.Range, `{"diagnostics": [`+mustJSON(t, second)+`], "only": ["quickfix"]}`)
			a := action(t, actions, "Suppress ACT002 here")
			edits, _ := a.editsFor(fileURI)
			after := applyWireEdits(t, before, edits)
			if want := "{\n  \"suppressions\": [\n    " + tc.entry + "\n  ]\n}\n"; after != want {
				t.Fatalf("settings after the action:\n%s\nwant:\n%s", after, want)
			}
			if err := os.WriteFile(settings, []byte(after), 0o644); err != nil {
				t.Fatal(err)
			}
			c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(fileURI)+`, "type": 2}]}`)
			var left []wireDiagnostic
			for _, d := range lastDiagnostics(t, c.published(), docURI) {
				if d.Code == "ACT002" {
					left = append(left, d)
				}
			}
			if len(left) != 1 || left[0].Range != typos[0].Range {
				t.Errorf("after the suppression: %+v, want only the first policy's ACT002 at %+v", left, typos[0].Range)
			}
		})
	}
}
