package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests of issue 16 items 2, 3 and 4 in the server: settings files explain
// their mistakes, changes on disk are seen without file watchers, and
// "Suppress RULE here" is offered whether or not the file exists.

// Item 2: an open .policyls.json gets a diagnostic at each mistake (a
// misspelt key, an unknown rule ID, a severity that is not a documented
// word), and a quick fix where there is one reading; the settings that
// are right still apply.
func TestSettingsBufferExplainsItsMistakes(t *testing.T) {
	root := t.TempDir()
	settingsURI := fileURI(filepath.Join(root, ".policyls.json"))
	uri := fileURI(filepath.Join(root, "p.json"))
	c := actionsClient(t, initActions, root, "")
	const text = "{\n  \"rule\": {\"POL003\": \"off\"},\n  \"rules\": {\"POL03\": \"off\", \"POL009\": \"loud\"},\n  \"acountId\": \"123456789012\",\n  \"suppressions\": [{\"rule\": \"POL003\"}]\n}\n"
	c.didOpen(settingsURI, 1, text)
	c.didOpen(uri, 1, noVersionPolicy)
	pubs := c.published()
	if got := codes(t, pubs, uri); got != "" {
		t.Errorf("codes %q: the valid suppression must still apply", got)
	}
	diags := lastDiagnostics(t, pubs, settingsURI)
	want := []struct{ at, message string }{
		{"1:2-1:8", `unknown key "rule": did you mean "rules"`},
		{"2:12-2:19", `unknown rule "POL03": did you mean`},
		{"2:38-2:44", `unknown severity "loud"`},
		{"3:2-3:12", `unknown key "acountId": did you mean "accountId"`},
	}
	if len(diags) != len(want) {
		t.Fatalf("settings diagnostics %+v, want %d", diags, len(want))
	}
	for i, w := range want {
		if d := diags[i]; d.Range.String() != w.at || d.Severity != 1 || !strings.Contains(d.Message, w.message) {
			t.Errorf("diagnostic %d: %s %q, want %s %q", i, d.Range, d.Message, w.at, w.message)
		}
	}
	// The quick fix renames the key; the ambiguous rule ID gets none.
	actions := c.codeActions(settingsURI, diags[3].Range, `{"diagnostics": [`+mustJSON(t, diags[3])+`], "only": ["quickfix"]}`)
	if len(actions) != 1 || actions[0].Title != `Change to "accountId"` || !actions[0].IsPreferred {
		t.Fatalf("actions %+v, want the rename", actions)
	}
	edits, version := actions[0].editsFor(settingsURI)
	after := applyWireEdits(t, text, edits)
	if version != 1 || !strings.Contains(after, `"accountId": "123456789012"`) {
		t.Errorf("after the fix (version %d):\n%s", version, after)
	}
	if actions := c.codeActions(settingsURI, diags[1].Range, ""); len(actions) != 0 {
		t.Errorf("actions for POL03 (POL003 or POL013?) %+v, want none", actions)
	}
	// A key in the wrong case makes the text invalid; its fix is offered.
	c.didChange(settingsURI, 2, `{"Rules": {}}`)
	diags = lastDiagnostics(t, c.published(), settingsURI)
	if len(diags) != 1 {
		t.Fatalf("diagnostics %+v", diags)
	}
	if actions := c.codeActions(settingsURI, diags[0].Range, ""); len(actions) != 1 || actions[0].Title != `Change to "rules"` {
		t.Errorf("actions %+v, want the case fix", actions)
	}
}

// Item 2: a settings file on disk with mistakes, not open in the editor,
// is shown to the user once, at its first mistake.
func TestSettingsFileMistakesAreShown(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, ".policyls.json"), "{\n  \"rule\": {\"POL003\": \"off\"}\n}\n")
	c := newTestClient(t, initWith(root, "", false))
	shown := shownMessages(c.takeNotes())
	if len(shown) != 1 || !strings.Contains(shown[0], ".policyls.json:2:3: unknown key") || !strings.Contains(shown[0], `did you mean \"rules\"`) {
		t.Errorf("messages %q, want one at 2:3 about \"rule\"", shown)
	}
	c.didOpen(fileURI(filepath.Join(root, "p.json")), 1, noVersionPolicy)
	if shown := shownMessages(c.takeNotes()); len(shown) != 0 {
		t.Errorf("shown again: %q", shown)
	}
}

// Item 3: without file watchers (Neovim 0.7 registers none), a settings
// file edited, created or deleted on disk is noticed when a document it
// governs is next analysed, at most once a second. Before, the server
// kept the settings it first read until restarted.
func TestSettingsOnDiskSeenWithoutWatchers(t *testing.T) {
	root := t.TempDir()
	settings := filepath.Join(root, ".policyls.json")
	uri := fileURI(filepath.Join(root, "team", "p.json"))
	c := newTestClient(t, initWith(root, "", false))
	c.s.mu.Lock()
	c.s.statInterval = time.Hour
	c.s.mu.Unlock()
	setInterval := func(d time.Duration) {
		c.s.mu.Lock()
		c.s.statInterval = d
		c.s.mu.Unlock()
	}
	edit := func(version int) string {
		t.Helper()
		c.didChange(uri, version, noVersionPolicy)
		c.s.background.Wait()
		return lastCodes(t, c.published(), uri)
	}
	c.didOpen(uri, 1, noVersionPolicy)
	if got := codes(t, c.published(), uri); got != "POL003" {
		t.Fatalf("codes %q", got)
	}
	// Created: the search of the document's folder finds it, once due.
	writeFile(t, settings, `{"rules": {"POL003": "off"}}`)
	if got := edit(2); got != "POL003" {
		t.Errorf("checked within the interval: codes %q, want POL003 still", got)
	}
	setInterval(0)
	if got := edit(3); got != "" {
		t.Errorf("after creating the file: codes %q, want POL003 off", got)
	}
	// Edited in place: a new size and time.
	writeFile(t, settings, `{"rules": {"POL003": "error"}}`)
	if got := edit(4); got != "POL003" {
		t.Errorf("after editing the file: codes %q, want POL003 back", got)
	}
	// A nearer one created, then deleted.
	nearer := filepath.Join(root, "team", ".policyls.json")
	writeFile(t, nearer, `{"rules": {"POL003": "off"}}`)
	if got := edit(5); got != "" {
		t.Errorf("after a nearer file appeared: codes %q, want none", got)
	}
	if err := os.Remove(nearer); err != nil {
		t.Fatal(err)
	}
	if got := edit(6); got != "POL003" {
		t.Errorf("after the nearer file went: codes %q, want POL003", got)
	}
}

// lastCodes is the codes of the last diagnostics published for uri.
func lastCodes(t *testing.T, pubs []publishedParams, uri string) string {
	t.Helper()
	var last []publishedParams
	for _, p := range pubs {
		if p.URI == uri {
			last = []publishedParams{p}
		}
	}
	return codes(t, last, uri)
}

// Item 2: completion and hover answer in an open .policyls.json (a
// settings file is never a policy, so before they gave nothing).
func TestSettingsBufferCompletionAndHover(t *testing.T) {
	root := t.TempDir()
	settingsURI := fileURI(filepath.Join(root, ".policyls.json"))
	c := newTestClient(t, initWith(root, "", false))
	const text = `{"rules": {"POL003": "in"}, "r"}`
	c.didOpen(settingsURI, 1, text)
	pos := endOf(t, text, `"in`)
	item := find(t, c.complete(settingsURI, pos.Line, pos.Character), "info")
	if item.TextEdit.NewText != `"info"` {
		t.Errorf("info item %+v", item)
	}
	pos = endOf(t, text, `, "r`)
	find(t, c.complete(settingsURI, pos.Line, pos.Character), "region")
	pos = endOf(t, text, `"POL0`)
	raw := c.request("textDocument/hover", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, settingsURI, pos.Line, pos.Character))
	if !strings.Contains(raw, "POL003") || !strings.Contains(raw, "Default severity") {
		t.Errorf("hover on POL003: %s", raw)
	}
}
