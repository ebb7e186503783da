package server

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyls/policyls/analysis/config"
)

// Tests of issue 13 items 4, 5, 6 and 9 in the server: settings files are
// read bounded and typed, "Suppress RULE here" stays in the workspace,
// settings never apply from above the workspace or repository, and a
// settings change re-analyses only what it governs, off the request path.

const noVersionPolicy = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`

// startWithin starts a session for root, failing the test if initialize
// does not return within five seconds (a named pipe or /dev/stdin read
// there would block it for ever).
func startWithin(t *testing.T, init string) *testClient {
	t.Helper()
	started := make(chan *testClient, 1)
	go func() { started <- newTestClient(t, init) }()
	select {
	case c := <-started:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("initialize hangs")
		return nil
	}
}

// shownMessages returns the window/showMessage texts among notes.
func shownMessages(notes []sentMessage) []string {
	var out []string
	for _, n := range notes {
		if n.Method == "window/showMessage" {
			out = append(out, n.Params)
		}
	}
	return out
}

// publishedAmong returns the publishDiagnostics params among notes.
func publishedAmong(t *testing.T, notes []sentMessage) []publishedParams {
	t.Helper()
	c := &testClient{t: t, notes: nil}
	for _, n := range notes {
		if n.Method == "textDocument/publishDiagnostics" {
			c.notes = append(c.notes, n)
		}
	}
	return c.published()
}

// Item 4: a .policyls.json that is not a regular file of at most 1 MiB in
// the workspace is shown to the user at start, counts as no settings, and
// the server goes on serving. Before, a named pipe hung initialize, a
// folder of that name was skipped silently (and the search went on above
// it), and a link out of the workspace was read.
func TestUnsafeSettingsFilesAreReported(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "settings.json")
	writeFile(t, outside, `{"rules": {"POL003": "off"}}`)
	cases := map[string]struct {
		setUp func(t *testing.T, file string)
		want  string
	}{
		"folder": {func(t *testing.T, file string) { os.Mkdir(file, 0o755) }, "is a directory"},
		"over 1 MiB": {func(t *testing.T, file string) {
			writeFile(t, file, `{"rules": {"POL003": "off"}}`+strings.Repeat(" ", config.MaxFileSize))
		}, "larger than the limit of 1 MiB"},
		"link out of it":    {func(t *testing.T, file string) { symlinkOrSkip(t, outside, file) }, "outside"},
		"link to /dev/zero": {func(t *testing.T, file string) { symlinkOrSkip(t, "/dev/zero", file) }, "outside"},
	}
	cases["named pipe"] = struct {
		setUp func(t *testing.T, file string)
		want  string
	}{mkfifo, "is a named pipe"}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			file := filepath.Join(root, ".policyls.json")
			tc.setUp(t, file)
			c := startWithin(t, initWith(root, "", false))
			shown := shownMessages(c.takeNotes())
			if len(shown) != 1 || !strings.Contains(shown[0], file) || !strings.Contains(shown[0], tc.want) {
				t.Errorf("messages %q, want one naming %s and saying %q", shown, file, tc.want)
			}
			uri := fileURI(filepath.Join(root, "p.json"))
			c.didOpen(uri, 1, noVersionPolicy)
			if got := codes(t, publishedAmong(t, c.takeNotes()), uri); got != "POL003" {
				t.Errorf("codes %q, want POL003: no settings apply", got)
			}
		})
	}
}

func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links: %v", err)
	}
}

// Items 4 and 5: an open settings file that is not valid settings gets a
// diagnostic, at the key for a key in the wrong case or given twice; a
// differently-cased "Suppressions" beside "suppressions" is an error, not
// an override that drops suppressions, and the settings in force stay.
func TestSettingsBufferDiagnostics(t *testing.T) {
	root := t.TempDir()
	settingsURI := fileURI(filepath.Join(root, ".policyls.json"))
	uri := fileURI(filepath.Join(root, "p.json"))
	c := newTestClient(t, initWith(root, "", false))
	c.didOpen(settingsURI, 1, `{"suppressions": [{"rule": "POL003"}]}`)
	c.didOpen(uri, 1, noVersionPolicy)
	if got := codes(t, c.published(), uri); got != "" {
		t.Fatalf("codes %q, want POL003 suppressed", got)
	}
	const twice = `{"suppressions": [{"rule": "POL003"}], "Suppressions": []}`
	c.didChange(settingsURI, 2, twice)
	pubs := c.published()
	diags := lastDiagnostics(t, pubs, settingsURI)
	if len(diags) != 1 || diags[0].Severity != 1 || !strings.Contains(diags[0].Message, `write "suppressions"`) || diags[0].Range.String() != "0:39-0:53" {
		t.Errorf("settings diagnostics %+v, want one error on \"Suppressions\" (0:39-0:53)", diags)
	}
	for _, p := range pubs {
		if p.URI == uri {
			t.Errorf("an invalid settings buffer re-published %s", uri)
		}
	}
	// A valid buffer that silences everything gets a warning.
	c.didChange(settingsURI, 3, `{"suppressions": [{"rule": "*"}]}`)
	diags = lastDiagnostics(t, c.published(), settingsURI)
	if len(diags) != 1 || diags[0].Severity != 2 || !strings.Contains(diags[0].Message, "silences every finding") {
		t.Errorf("settings diagnostics %+v, want the silencing warning", diags)
	}
}

// Item 5: "Suppress RULE here" never creates or edits a settings file
// outside the workspace folder, resolving links; without a workspace
// folder there is no action; and a creation never overwrites a file that
// appeared meanwhile. Before, a dangling .policyls.json link got a
// creation (the editor would write where it points), a link to a file
// outside was edited, and the creation had no options.
func TestSuppressStaysInTheWorkspace(t *testing.T) {
	outsideDir := t.TempDir()
	outside := filepath.Join(outsideDir, "settings.json")
	writeFile(t, outside, "{}\n")

	e := newSuppressEnv(t, "")
	symlinkOrSkip(t, filepath.Join(outsideDir, "missing.json"), filepath.Join(e.root, ".policyls.json"))
	c := actionsClient(t, initActions, e.root, "")
	c.takeNotes()
	if a, ok := e.suppressAction(t, c); ok {
		t.Errorf("offered through a dangling link: %s", mustJSON(t, a.Edit))
	}

	e = newSuppressEnv(t, "")
	symlinkOrSkip(t, outside, filepath.Join(e.root, ".policyls.json"))
	c = actionsClient(t, initActions, e.root, "")
	c.takeNotes()
	if a, ok := e.suppressAction(t, c); ok {
		t.Errorf("offered through a link out of the workspace: %s", mustJSON(t, a.Edit))
	}

	// No workspace folder: no action, even with a settings file above.
	e = newSuppressEnv(t, "{}\n")
	c = actionsClient(t, initActions, "", "")
	if a, ok := e.suppressAction(t, c); ok {
		t.Errorf("offered without a workspace folder: %s", mustJSON(t, a.Edit))
	}

	// The creation says: do not overwrite, do not ignore an existing file.
	e = newSuppressEnv(t, "")
	c = actionsClient(t, initActions, e.root, "")
	a := e.mustSuppressAction(t, c)
	if dc := a.Edit.DocumentChanges; len(dc) == 0 || dc[0].Kind != "create" || dc[0].Options == nil ||
		dc[0].Options.Overwrite == nil || *dc[0].Options.Overwrite || dc[0].Options.IgnoreIfExists == nil || *dc[0].Options.IgnoreIfExists {
		t.Errorf("creation %s, want overwrite and ignoreIfExists false", mustJSON(t, dc))
	}

	// A settings file with "Suppressions" beside "suppressions" is
	// reported and gets no action.
	e = newSuppressEnv(t, `{"suppressions": [], "Suppressions": [{"rule": "*"}]}`)
	c = actionsClient(t, initActions, e.root, "")
	if shown := shownMessages(c.takeNotes()); len(shown) != 1 || !strings.Contains(shown[0], "case-sensitive") {
		t.Errorf("messages %q, want the key error", shown)
	}
	if _, ok := e.suppressAction(t, c); ok {
		t.Error("offered for settings with a key in two cases")
	}
	if data, _ := os.ReadFile(outside); string(data) != "{}\n" {
		t.Errorf("the file outside the workspace changed: %q", data)
	}
}

// Item 6: the search for .policyls.json stops at the workspace folder and
// at the repository root, and settings that silence everything are shown.
func TestSettingsStopAtTheWorkspaceAndRepository(t *testing.T) {
	outer := t.TempDir()
	writeFile(t, filepath.Join(outer, ".policyls.json"), `{"rules": {"POL003": "off"}}`)
	root := filepath.Join(outer, "workspace")
	c := newTestClient(t, initWith(root, "", false))
	uri := fileURI(filepath.Join(root, "p.json"))
	c.didOpen(uri, 1, noVersionPolicy)
	if got := codes(t, c.published(), uri); got != "POL003" {
		t.Errorf("in the workspace: codes %q, want POL003 (the settings above it do not apply)", got)
	}
	// A document outside the workspace, in a repository below the
	// settings file: the repository root stops the search.
	writeFile(t, filepath.Join(outer, "repo", ".git"), "gitdir: /elsewhere\n")
	other := fileURI(filepath.Join(outer, "repo", "p.json"))
	c.didOpen(other, 1, noVersionPolicy)
	if got := codes(t, c.published(), other); got != "POL003" {
		t.Errorf("in a repository: codes %q, want POL003", got)
	}

	// Settings on disk that silence everything are shown once.
	writeFile(t, filepath.Join(root, ".policyls.json"), `{"suppressions": [{"file": "**", "rule": "*"}]}`)
	c = newTestClient(t, initWith(root, "", false))
	shown := shownMessages(c.takeNotes())
	if len(shown) != 1 || !strings.Contains(shown[0], "silences every finding") {
		t.Errorf("messages %q, want the silencing warning", shown)
	}
	c.didOpen(uri, 1, noVersionPolicy)
	if shown := shownMessages(c.takeNotes()); len(shown) != 0 {
		t.Errorf("shown again: %q", shown)
	}
}

// Item 9: a change to a settings file re-analyses only the open documents
// it governs: those in its folder or below, unless a nearer settings file
// shields them. Before, every open document was re-analysed.
func TestSettingsChangeReanalysesOnlyWhatItGoverns(t *testing.T) {
	root := t.TempDir()
	team := filepath.Join(root, "team")
	writeFile(t, filepath.Join(team, ".policyls.json"), `{}`)
	writeFile(t, filepath.Join(team, "shielded", ".policyls.json"), `{}`)
	c := newTestClient(t, initWith(root, "", false))
	governed := []string{fileURI(filepath.Join(team, "a.json")), fileURI(filepath.Join(team, "deep", "b.json"))}
	others := []string{fileURI(filepath.Join(root, "c.json")), fileURI(filepath.Join(team, "shielded", "d.json")), fileURI(filepath.Join(root, "other", "e.json"))}
	for _, uri := range append(slices.Clone(governed), others...) {
		c.didOpen(uri, 1, noVersionPolicy)
	}
	settingsURI := fileURI(filepath.Join(team, ".policyls.json"))
	c.didOpen(settingsURI, 1, `{}`)
	c.takeNotes()
	c.didChange(settingsURI, 2, `{"rules": {"POL003": "off"}}`)
	var got []string
	for _, p := range c.published() {
		got = append(got, p.URI)
	}
	slices.Sort(got)
	want := append([]string{settingsURI}, governed...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("re-published %q, want %q", got, want)
	}
	// Closing the buffer (the file on disk is {}) or deleting the file
	// re-analyses the same documents.
	c.notify("textDocument/didClose", `{"textDocument": {"uri": `+quoteJSON(settingsURI)+`}}`)
	got = got[:0]
	for _, p := range c.published() {
		got = append(got, p.URI)
		if p.URI != settingsURI && codes(t, []publishedParams{p}, p.URI) != "POL003" {
			t.Errorf("after closing: %s not re-analysed with the settings on disk", p.URI)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("after closing, re-published %q, want %q", got, want)
	}
}

// Item 9: the re-analysis runs off the request path, and changes that come
// while it waits or works are coalesced: each governed document is
// re-published once, with the last settings.
func TestSettingsKeystrokesAreCoalescedOffTheRequestPath(t *testing.T) {
	root := t.TempDir()
	c := newTestClient(t, initWith(root, "", false))
	settingsURI := fileURI(filepath.Join(root, ".policyls.json"))
	c.didOpen(settingsURI, 1, `{}`)
	var uris []string
	for i := range 5 {
		uri := fileURI(filepath.Join(root, fmt.Sprintf("p%d.json", i)))
		uris = append(uris, uri)
		c.didOpen(uri, 1, noVersionPolicy)
	}
	c.takeNotes()
	release := make(chan struct{})
	c.s.beforeReanalysis = func() { <-release }
	texts := []string{`{"rules": {"POL003": "hint"}}`, `{"rules": {"POL003": "error"}}`, `{"rules": {"POL003": "off"}}`}
	for i, text := range texts {
		params := fmt.Sprintf(`{"textDocument": {"uri": %q, "version": %d}, "contentChanges": [{"text": %s}]}`, settingsURI, i+2, quoteJSON(text))
		// Handled without waiting for background work: the handler
		// returns while the re-analysis is held.
		if _, _, _, err := c.s.Handle(c.context("textDocument/didChange", params)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range publishedAmong(t, c.takeNotes()) {
		if p.URI != settingsURI {
			t.Errorf("%s re-published on the request path", p.URI)
		}
	}
	close(release)
	c.s.background.Wait()
	count := map[string]int{}
	for _, p := range c.published() {
		count[p.URI]++
		if got := codes(t, []publishedParams{p}, p.URI); got != "" {
			t.Errorf("%s re-published with codes %q, want the last settings (POL003 off)", p.URI, got)
		}
	}
	for _, uri := range uris {
		if count[uri] != 1 {
			t.Errorf("%s re-published %d times, want once", uri, count[uri])
		}
	}
}

// Item 9: settings are parsed once per text: code actions and re-analyses
// find the parsed settings, and the place for a suppression, in the cache.
func TestParsedSettingsAreCached(t *testing.T) {
	const settings = "{\n  \"suppressions\": []\n}\n"
	e := newSuppressEnv(t, settings)
	c := actionsClient(t, initActions, e.root, "")
	e.mustSuppressAction(t, c)
	c.s.mu.Lock()
	first := c.s.settingsCache[sha256.Sum256([]byte(settings))]
	c.s.mu.Unlock()
	if first == nil || first.insert == nil {
		t.Fatalf("the settings file's text is not cached with its insertion: %+v", first)
	}
	e.mustSuppressAction(t, c)
	c.s.mu.Lock()
	second := c.s.settingsCache[sha256.Sum256([]byte(settings))]
	c.s.mu.Unlock()
	if second != first || second.insert != first.insert {
		t.Error("a second code action parsed the settings again")
	}
}
