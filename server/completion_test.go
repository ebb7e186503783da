package server

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// initRich declares what VS Code declares for completion and hover:
// snippets, Markdown and insertTextMode.
const initRich = `{"processId": null, "rootUri": null, "capabilities": {"textDocument": {
  "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown", "plaintext"], "insertTextModeSupport": {"valueSet": [1, 2]}}},
  "hover": {"contentFormat": ["markdown", "plaintext"]}}}}`

// initPlain declares nothing: plain text everywhere.
const initPlain = `{"processId": null, "rootUri": null, "capabilities": {}}`

type wireItem struct {
	Label         string `json:"label"`
	Kind          int    `json:"kind"`
	Detail        string `json:"detail"`
	Documentation *struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"documentation"`
	SortText         string `json:"sortText"`
	FilterText       string `json:"filterText"`
	InsertTextFormat int    `json:"insertTextFormat"`
	InsertTextMode   int    `json:"insertTextMode"`
	TextEdit         struct {
		Range   wireRange `json:"range"`
		NewText string    `json:"newText"`
	} `json:"textEdit"`
	AdditionalTextEdits []struct {
		Range   wireRange `json:"range"`
		NewText string    `json:"newText"`
	} `json:"additionalTextEdits"`
}

type wireList struct {
	IsIncomplete bool       `json:"isIncomplete"`
	Items        []wireItem `json:"items"`
}

// complete asks for completion at a line and UTF-16 character.
func (c *testClient) complete(uri string, line, character int) wireList {
	c.t.Helper()
	raw := c.request("textDocument/completion", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}, "context": {"triggerKind": 1}}`, uri, line, character))
	var list wireList
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		c.t.Fatalf("completion result %s: %v", raw, err)
	}
	if list.Items == nil {
		c.t.Fatalf("completion result %s: items must be an array", raw)
	}
	return list
}

func find(t *testing.T, list wireList, label string) wireItem {
	t.Helper()
	for _, it := range list.Items {
		if it.Label == label {
			return it
		}
	}
	var labels []string
	for _, it := range list.Items[:min(len(list.Items), 20)] {
		labels = append(labels, it.Label)
	}
	t.Fatalf("no item %q in %v", label, labels)
	return wireItem{}
}

// endOf returns the position just after the last occurrence of needle.
func endOf(t *testing.T, src, needle string) wirePosition {
	t.Helper()
	at := strings.LastIndex(src, needle)
	if at < 0 {
		t.Fatalf("%q not in source", needle)
	}
	return utf16Range(t, src[:at+len(needle)], src[at:at+len(needle)]).End
}

func TestCompletionRangesAreUTF16(t *testing.T) {
	c := newTestClient(t, initRich)
	const uri = "file:///work/p.json"
	// An emoji (two UTF-16 units, four bytes) and Japanese (one unit, three
	// bytes each) before the cursor on the same line.
	src := "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Sid\": \"送信😀\", \"Effect\": \"Allow\", \"Action\": \"ses:Sen"
	c.didOpen(uri, 1, src)
	cursor := endOf(t, src, "ses:Sen")
	it := find(t, c.complete(uri, cursor.Line, cursor.Character), "ses:SendEmail")
	want := utf16Range(t, src, `"ses:Sen`)
	if it.TextEdit.Range != want {
		t.Errorf("range = %v, want %v (the typed token with its quote)", it.TextEdit.Range, want)
	}
	if it.TextEdit.NewText != `"ses:SendEmail"` || it.FilterText != `"ses:SendEmail"` || it.InsertTextFormat != 1 {
		t.Errorf("item = %+v", it)
	}
	if it.Kind != 3 || it.Detail != "Write" || it.Documentation == nil || it.Documentation.Kind != "markdown" || !strings.Contains(it.Documentation.Value, "Send an email") {
		t.Errorf("kind, detail or documentation = %d %q %+v", it.Kind, it.Detail, it.Documentation)
	}
	// Applying the edit as a client does gives the closed string.
	if got := applyUTF16(t, src, it.TextEdit.Range, it.TextEdit.NewText); !strings.HasSuffix(got, `"Action": "ses:SendEmail"`) {
		t.Errorf("after accepting: %q", got)
	}
}

// applyUTF16 applies an edit given in LSP positions, as an editor would.
func applyUTF16(t *testing.T, src string, r wireRange, text string) string {
	t.Helper()
	offset := func(p wirePosition) int {
		lines := strings.SplitAfter(src, "\n")
		at := 0
		for i := 0; i < p.Line; i++ {
			at += len(lines[i])
		}
		units := 0
		for i, r := range lines[p.Line] {
			if units >= p.Character {
				return at + i
			}
			units++
			if r > 0xFFFF {
				units++
			}
		}
		return at + len(lines[p.Line])
	}
	return src[:offset(r.Start)] + text + src[offset(r.End):]
}

func TestCompletionSnippetOrPlain(t *testing.T) {
	const uri = "file:///work/p.json"
	src := `{"Version": "2012-10-17", "Statement": [{}]}`
	cursor := endOf(t, src, "[{")
	for _, tt := range []struct {
		init, text string
		format     int
	}{
		{initRich, `"Action": ["$1"]`, 2},
		{initPlain, `"Action": [""]`, 1},
	} {
		c := newTestClient(t, tt.init)
		c.didOpen(uri, 1, src)
		it := find(t, c.complete(uri, cursor.Line, cursor.Character), "Action")
		if it.TextEdit.NewText != tt.text || it.InsertTextFormat != tt.format {
			t.Errorf("Action item = %q format %d, want %q format %d", it.TextEdit.NewText, it.InsertTextFormat, tt.text, tt.format)
		}
		if tt.init == initPlain && it.Documentation != nil && it.Documentation.Kind != "plaintext" {
			t.Errorf("documentation for a plain client = %+v", it.Documentation)
		}
	}
}

func TestCompletionMultiLineIsInsertedAsIs(t *testing.T) {
	c := newTestClient(t, initRich)
	const uri = "file:///work/p.json"
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    \n  ]\n}"
	c.didOpen(uri, 1, src)
	list := c.complete(uri, 3, 4)
	it := find(t, list, "Amazon Pinpoint email role: trust statement")
	if it.InsertTextMode != 1 || !strings.Contains(it.TextEdit.NewText, "\n      \"Sid\": \"AllowPinpoint\"") {
		t.Errorf("statement snippet: mode %d, text %q; want asIs, indented under the cursor", it.InsertTextMode, it.TextEdit.NewText)
	}
}

func TestCompletionEmptyAnswers(t *testing.T) {
	c := newTestClient(t, initRich)
	// An unknown document: an empty list, not an error.
	if list := c.complete("file:///work/never-opened.json", 0, 0); len(list.Items) != 0 {
		t.Errorf("unknown document: %+v", list)
	}
	const uri = "file:///work/p.json"
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}`
	c.didOpen(uri, 1, src)
	// Far past the end: clamped to the end of the document, after the
	// closing brace, where nothing is proposed.
	if list := c.complete(uri, 99, 99); len(list.Items) != 0 {
		t.Errorf("position past the end: %d items", len(list.Items))
	}
	if list := c.complete(uri, 0, 5000); len(list.Items) != 0 {
		t.Errorf("character past the end of the line: %d items", len(list.Items))
	}
}

func TestCompletionFollowsChangesAndSettings(t *testing.T) {
	options := `{"policyls": {"partition": "aws", "region": "eu-west-1", "accountId": "12345"}}`
	c := newTestClient(t, initWith("", options, false))
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, `{}`)
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": ""}]}`
	c.didChange(uri, 2, src)
	cursor := endOf(t, src, `"Resource": "`)
	list := c.complete(uri, cursor.Line, cursor.Character)
	// The invalid account ID is ignored (and logged); partition and region
	// still fill the template.
	find(t, list, "arn:aws:ses:eu-west-1:${Account}:identity/${IdentityName}")

	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": {"accountId": "123456789012"}}}`)
	list = c.complete(uri, cursor.Line, cursor.Character)
	it := find(t, list, "arn:aws:ses:${Region}:123456789012:identity/${IdentityName}")
	if it.TextEdit.NewText != `"arn:aws:ses:Region:123456789012:identity/IdentityName"` {
		t.Errorf("plain-text template = %q", it.TextEdit.NewText)
	}
}

func TestCompletionIncompleteForPrefixes(t *testing.T) {
	c := newTestClient(t, initRich)
	const uri = "file:///work/p.json"
	src := `{"Statement": [{"Effect": "Allow", "Action": "s"}]}`
	c.didOpen(uri, 1, src)
	cursor := endOf(t, src, `"s`)
	list := c.complete(uri, cursor.Line, cursor.Character)
	if !list.IsIncomplete {
		t.Error("service prefixes: isIncomplete = false, want true (the colon changes the answer)")
	}
	if it := find(t, list, "ses:"); it.TextEdit.NewText != `"ses:$0"` || it.Kind != 9 {
		t.Errorf("ses: item = %+v", it)
	}
}

func TestHover(t *testing.T) {
	const uri = "file:///work/p.json"
	src := "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Sid\": \"送信😀\", \"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]}"
	for _, tt := range []struct{ init, kind string }{{initRich, "markdown"}, {initPlain, "plaintext"}} {
		c := newTestClient(t, tt.init)
		c.didOpen(uri, 1, src)
		want := utf16Range(t, src, `"ses:SendEmail"`)
		pos := want.Start
		pos.Character += 5
		raw := c.request("textDocument/hover", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, uri, pos.Line, pos.Character))
		var h struct {
			Contents struct {
				Kind  string `json:"kind"`
				Value string `json:"value"`
			} `json:"contents"`
			Range wireRange `json:"range"`
		}
		if err := json.Unmarshal([]byte(raw), &h); err != nil {
			t.Fatalf("hover result %s: %v", raw, err)
		}
		if h.Range != want || h.Contents.Kind != tt.kind || !strings.Contains(h.Contents.Value, "`ses:SendEmail`") {
			t.Errorf("hover = %s, want %s contents over %v", raw, tt.kind, want)
		}
	}
}

func TestHoverEmptyAnswers(t *testing.T) {
	c := newTestClient(t, initRich)
	for _, params := range []string{
		`{"textDocument": {"uri": "file:///work/never-opened.json"}, "position": {"line": 0, "character": 0}}`,
		`{"textDocument": {"uri": "file:///work/p.json"}, "position": {"line": 0, "character": 0}}`,
		`{"textDocument": {"uri": "file:///work/p.json"}, "position": {"line": 40, "character": 40}}`,
	} {
		c.didOpen("file:///work/p.json", 1, `{"Version": "2012-10-17", "Statement": []}`)
		if got := c.request("textDocument/hover", params); got != "null" {
			t.Errorf("hover %s = %s, want null", params, got)
		}
	}
}

func TestCompletionSettingsFromWorkspaceFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".policyls.json"), []byte(`{"partition": "aws-us-gov", "region": "us-gov-west-1", "accountId": "123456789012"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	// The editor's region wins over the file's; a bare settings object (no
	// "policyls" key) is recognised by its members.
	c := newTestClient(t, initWith(root, "", false))
	c.notify("workspace/didChangeConfiguration", `{"settings": {"region": "us-gov-east-1"}}`)
	uri := fileURI(filepath.Join(root, "p.json"))
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": ""}]}`
	c.didOpen(uri, 1, src)
	cursor := endOf(t, src, `"Resource": "`)
	find(t, c.complete(uri, cursor.Line, cursor.Character), "arn:aws-us-gov:ses:us-gov-east-1:123456789012:identity/${IdentityName}")
}

func TestInvalidAccountIDIsLogged(t *testing.T) {
	var log strings.Builder
	c := newUninitializedClient(t)
	c.s = New(Options{Version: "test", Log: &syncWriter{w: &log}})
	c.request("initialize", initWith("", `{"policyls": {"accountId": "12345", "region": "eu-west-1"}}`, false))
	c.notify("initialized", `{}`)
	if !strings.Contains(log.String(), `accountId "12345" is not a 12-digit AWS account ID; ignored`) {
		t.Errorf("log = %q, want a line about the account ID", log.String())
	}
	if notes := c.takeNotes(); len(notes) != 0 {
		t.Errorf("an ignored setting sent %+v; a log line is enough", notes)
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	if c.s.editorConfig.AccountID != "" || c.s.editorConfig.Region != "eu-west-1" {
		t.Errorf("config = %+v, want the region kept and the account dropped", c.s.editorConfig)
	}
}

// syncWriter serialises writes for a log shared with the server's
// goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
