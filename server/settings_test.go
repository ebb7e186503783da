package server

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// iamPolicy is inferred as an identity-based policy and is clean as one; as
// a trust policy it breaks TRUST002 (no Resource in a trust policy).
const iamPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`

const trustRules = `{"kinds": [{"glob": "**/trust/*.json", "kind": "trust"}]}`

// codes returns the rule IDs of the last publish for uri.
func codes(t *testing.T, pubs []publishedParams, uri string) string {
	t.Helper()
	var out []string
	found := false
	for _, p := range pubs {
		if p.URI != uri {
			continue
		}
		found = true
		out = out[:0]
		for _, d := range p.diagnostics(t) {
			out = append(out, d.Code)
		}
	}
	if !found {
		t.Fatalf("nothing published for %s in %+v", uri, pubs)
	}
	return strings.Join(out, " ")
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func initWith(root, options string, pull bool) string {
	rootURI := "null"
	if root != "" {
		rootURI = `"` + fileURI(root) + `"`
	}
	caps := `{}`
	if pull {
		caps = `{"workspace": {"configuration": true}}`
	}
	if options == "" {
		options = "null"
	}
	return `{"processId": null, "rootUri": ` + rootURI + `, "initializationOptions": ` + options + `, "capabilities": ` + caps + `}`
}

func TestInitializationOptionsForceKinds(t *testing.T) {
	for _, options := range []string{trustRules, `{"policyls": ` + trustRules + `}`} {
		c := newTestClient(t, initWith("/work", options, false))
		c.didOpen("file:///work/infra/trust/role.json", 1, iamPolicy)
		c.didOpen("file:///work/infra/iam/role.json", 1, iamPolicy)
		pubs := c.published()
		if got := codes(t, pubs, "file:///work/infra/trust/role.json"); !strings.Contains(got, "TRUST002") {
			t.Errorf("options %s: trust file codes = %q, want TRUST002", options, got)
		}
		if got := codes(t, pubs, "file:///work/infra/iam/role.json"); got != "" {
			t.Errorf("options %s: other file codes = %q, want none", options, got)
		}
	}
}

func TestRelativeGlobsNeedTheRoot(t *testing.T) {
	c := newTestClient(t, initWith("/work", `{"kinds": [{"glob": "trust/*.json", "kind": "trust"}]}`, false))
	c.didOpen("file:///work/trust/a.json", 1, iamPolicy)
	c.didOpen("file:///elsewhere/trust/a.json", 1, iamPolicy)
	pubs := c.published()
	if got := codes(t, pubs, "file:///work/trust/a.json"); !strings.Contains(got, "TRUST002") {
		t.Errorf("file under the root: codes = %q, want TRUST002", got)
	}
	if got := codes(t, pubs, "file:///elsewhere/trust/a.json"); got != "" {
		t.Errorf("file outside the root: codes = %q, want none", got)
	}
}

func TestDidChangeConfigurationRepublishes(t *testing.T) {
	c := newTestClient(t, initWith("/work", "", false))
	const trustURI, otherURI = "file:///work/trust/a.json", "file:///work/b.json"
	c.didOpen(trustURI, 5, iamPolicy)
	c.didOpen(otherURI, 7, iamPolicy)
	c.takeNotes()

	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": `+trustRules+`}}`)
	pubs := c.published()
	if len(pubs) != 2 {
		t.Fatalf("re-published %+v, want both open documents", pubs)
	}
	if got := codes(t, pubs, trustURI); !strings.Contains(got, "TRUST002") {
		t.Errorf("after settings change: codes = %q, want TRUST002", got)
	}
	for _, p := range pubs {
		if p.URI == trustURI && *p.Version != 5 || p.URI == otherURI && *p.Version != 7 {
			t.Errorf("re-published %s at version %d", p.URI, *p.Version)
		}
	}

	// Settings that are not an object are shown to the user and leave
	// the old ones.
	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": 3}}`)
	notes := c.takeNotes()
	if len(notes) == 0 || notes[0].Method != "window/showMessage" || !strings.Contains(notes[0].Params, `must hold an object`) {
		t.Fatalf("invalid settings sent %+v, want a showMessage first", notes)
	}
	// An entry with an unknown kind is left out (and logged): the trust
	// policy is no longer forced.
	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": {"kinds": [{"glob": "**", "kind": "s3"}]}}}`)
	if got := codes(t, c.published(), trustURI); strings.Contains(got, "TRUST002") {
		t.Errorf("after an unknown kind: codes = %q, want the kind no longer forced", got)
	}

	// Settings without a policyls section, from a client that cannot be
	// asked, clear ours.
	c.notify("workspace/didChangeConfiguration", `{"settings": null}`)
	if got := codes(t, c.published(), trustURI); got != "" {
		t.Errorf("after clearing settings: codes = %q, want none", got)
	}
}

func TestSettingsArePulledFromAGoroutine(t *testing.T) {
	c := newUninitializedClient(t)
	c.answer["workspace/configuration"] = `[` + trustRules + `]`
	c.request("initialize", initWith("/work", "", true))
	c.notify("initialized", `{}`)
	c.s.background.Wait()
	c.mu.Lock()
	calls := c.calls
	c.mu.Unlock()
	if len(calls) != 1 || calls[0].Params != `{"items":[{"section":"policyls"}]}` {
		t.Fatalf("calls to the client = %+v, want one workspace/configuration for policyls", calls)
	}
	c.didOpen("file:///work/trust/a.json", 1, iamPolicy)
	if got := codes(t, c.published(), "file:///work/trust/a.json"); !strings.Contains(got, "TRUST002") {
		t.Errorf("with pulled settings: codes = %q, want TRUST002", got)
	}

	// didChangeConfiguration without settings makes the server ask again,
	// and the answer re-publishes open documents.
	c.answer["workspace/configuration"] = `[null]`
	c.notify("workspace/didChangeConfiguration", `{"settings": {}}`)
	c.s.background.Wait()
	if got := codes(t, c.published(), "file:///work/trust/a.json"); got != "" {
		t.Errorf("after pulling empty settings: codes = %q, want none", got)
	}
}

// Settings the client sends while the server's request for them is on its
// way win: the answer, asked for before they came, is older than them. (The
// VS Code launch test lost its settings change so under load.)
func TestStalePulledSettingsAreDropped(t *testing.T) {
	c := newUninitializedClient(t)
	c.answer["workspace/configuration"] = `[` + trustRules + `]`
	c.beforeAnswer = func(string) {
		c.mu.Lock()
		c.beforeAnswer = nil
		c.mu.Unlock()
		c.s.Handle(c.context("workspace/didChangeConfiguration", `{"settings": {"policyls": {"kinds": []}}}`))
	}
	c.request("initialize", initWith("/work", "", true))
	c.notify("initialized", `{}`)
	c.didOpen("file:///work/trust/a.json", 1, iamPolicy)
	if got := codes(t, c.published(), "file:///work/trust/a.json"); got != "" {
		t.Errorf("after settings sent while the pull was answered: codes = %q, want none (the pulled trust rule is stale)", got)
	}

	// An answer nothing crossed is taken.
	c.notify("workspace/didChangeConfiguration", `{"settings": {}}`)
	if got := codes(t, c.published(), "file:///work/trust/a.json"); !strings.Contains(got, "TRUST002") {
		t.Errorf("after a pull nothing crossed: codes = %q, want TRUST002", got)
	}
}

func TestWorkspaceFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, ".policyls.json"), []byte(trustRules), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, initWith(root, "", false))
	uri := fileURI(filepath.Join(root, "x", "trust", "r.json"))
	c.didOpen(uri, 1, iamPolicy)
	if got := codes(t, c.published(), uri); !strings.Contains(got, "TRUST002") {
		t.Errorf("with .policyls.json: codes = %q, want TRUST002", got)
	}

	// Editor settings come first.
	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": {"kinds": [{"glob": "**", "kind": "iam-identity"}]}}}`)
	if got := codes(t, c.published(), uri); strings.Contains(got, "TRUST002") {
		t.Errorf("editor settings should win over .policyls.json: codes = %q", got)
	}

	// A broken file is reported, not fatal.
	if err := os.WriteFile(filepath.Join(root, ".policyls.json"), []byte(`{"kinds": 1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": {}}}`)
	notes := c.takeNotes()
	var shown []string
	for _, n := range notes {
		if n.Method == "window/showMessage" {
			var p struct{ Message string }
			_ = json.Unmarshal([]byte(n.Params), &p)
			shown = append(shown, p.Message)
		}
	}
	if len(shown) != 1 || !strings.Contains(shown[0], ".policyls.json") {
		t.Errorf("broken .policyls.json: messages %q", shown)
	}
}

// Rule settings and suppressions from the editor reach the analysis: a rule
// turned off disappears, a changed severity is published, a suppression
// silences one finding of one file.
func TestRuleSettingsAndSuppressions(t *testing.T) {
	const noVersion = `{"Statement": [{"Effect": "Allow", "Action": ["SES:SendEmail", "ses:SendEmial"], "Resource": "*"}]}`
	options := `{"policyls": {"rules": {"POL003": "off", "ACT005": "warning"}, "suppressions": [{"file": "legacy/*.json", "path": "/Statement/0/Action/1", "rule": "ACT002"}]}}`
	c := newTestClient(t, initWith("/work", options, false))
	c.didOpen("file:///work/new/p.json", 1, noVersion)
	c.didOpen("file:///work/legacy/p.json", 1, noVersion)
	pubs := c.published()
	if got := codes(t, pubs, "file:///work/new/p.json"); got != "ACT005 ACT002" {
		t.Errorf("new file codes = %q, want ACT005 ACT002 (POL003 off)", got)
	}
	if got := codes(t, pubs, "file:///work/legacy/p.json"); got != "ACT005" {
		t.Errorf("legacy file codes = %q, want ACT005 (ACT002 suppressed)", got)
	}
	for _, p := range pubs {
		for _, d := range p.diagnostics(t) {
			if d.Code == "ACT005" && d.Severity != 2 {
				t.Errorf("ACT005 published with severity %d, want 2 (warning)", d.Severity)
			}
		}
	}
}

// Bare settings holding only rules or suppressions are taken as they come,
// even from a client that could be asked for them.
func TestBareRuleSettingsAreTaken(t *testing.T) {
	c := newUninitializedClient(t)
	c.answer["workspace/configuration"] = `[null]`
	c.request("initialize", initWith("/work", "", true))
	c.notify("initialized", `{}`)
	c.s.background.Wait()
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`)
	if got := codes(t, c.published(), uri); got != "POL003" {
		t.Fatalf("codes %q, want POL003", got)
	}
	c.notify("workspace/didChangeConfiguration", `{"settings": {"rules": {"POL003": "off"}}}`)
	c.s.background.Wait()
	if got := codes(t, c.published(), uri); got != "" {
		t.Errorf("after turning POL003 off: codes %q", got)
	}
}

// A document takes the settings of the nearest .policyls.json above it, as
// `policyls check` does: a team folder's file replaces the root's for the
// documents below it (its globs relative to its own folder), the root's
// applies elsewhere, and the editor's settings still come first.
func TestNearestSettingsFileApplies(t *testing.T) {
	root := t.TempDir()
	team := filepath.Join(root, "team")
	writeFile(t, filepath.Join(root, ".policyls.json"), `{"rules": {"POL003": "off"}}`)
	writeFile(t, filepath.Join(team, ".policyls.json"), `{"kinds": [{"glob": "roles/*.json", "kind": "trust"}]}`)
	const noVersion = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	c := newTestClient(t, initWith(root, "", false))

	top := fileURI(filepath.Join(root, "roles", "r.json"))
	teamRole := fileURI(filepath.Join(team, "roles", "r.json"))
	teamDeep := fileURI(filepath.Join(team, "deep", "roles", "r.json"))
	for _, uri := range []string{top, teamRole, teamDeep} {
		c.didOpen(uri, 1, noVersion)
	}
	pubs := c.published()
	if got := codes(t, pubs, top); got != "" {
		t.Errorf("outside the team folder: codes %q, want none (the root's file turns POL003 off)", got)
	}
	if got := codes(t, pubs, teamRole); !strings.Contains(got, "TRUST002") || !strings.Contains(got, "POL003") {
		t.Errorf("team/roles: codes %q, want a trust policy (team's glob) with POL003 (the root's file does not apply)", got)
	}
	if got := codes(t, pubs, teamDeep); strings.Contains(got, "TRUST002") {
		t.Errorf("team/deep/roles: codes %q; the team's glob is relative to its folder", got)
	}

	// The editor's settings come before the team's file.
	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": {"kinds": [{"glob": "**", "kind": "iam-identity"}]}}}`)
	if got := codes(t, c.published(), teamRole); strings.Contains(got, "TRUST002") {
		t.Errorf("editor settings should win over the team's file: codes %q", got)
	}
}

// A settings file created in a folder takes over for the documents below it
// once the client reports it, and is forgotten when deleted.
func TestNewSettingsFileTakesOver(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "sub")
	const noVersion = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	c := newTestClient(t, initWith(root, "", false))
	uri := fileURI(filepath.Join(sub, "p.json"))
	c.didOpen(uri, 1, noVersion)
	if got := codes(t, c.published(), uri); got != "POL003" {
		t.Fatalf("without settings: codes %q, want POL003", got)
	}
	file := filepath.Join(sub, ".policyls.json")
	writeFile(t, file, `{"rules": {"POL003": "off"}}`)
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(fileURI(file))+`, "type": 1}]}`)
	if got := codes(t, c.published(), uri); got != "" {
		t.Errorf("after sub/.policyls.json was created: codes %q, want none", got)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", `{"changes": [{"uri": `+quoteJSON(fileURI(file))+`, "type": 3}]}`)
	if got := codes(t, c.published(), uri); got != "POL003" {
		t.Errorf("after it was deleted: codes %q, want POL003", got)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// While the user is typing in an open settings file, its buffer is briefly
// not valid settings: the settings last read from it stay in force, even
// when something else makes the server read its settings again, and the
// user is not interrupted with a message.
func TestBrokenSettingsBufferKeepsItsSettings(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, ".policyls.json")
	const valid = `{"rules": {"POL003": "off"}}`
	writeFile(t, file, valid)
	const noVersion = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	c := newTestClient(t, initWith(root, "", false))
	settingsURI := fileURI(file)
	c.didOpen(settingsURI, 1, valid)
	uri := fileURI(filepath.Join(root, "p.json"))
	c.didOpen(uri, 1, noVersion)
	if got := codes(t, c.published(), uri); got != "" {
		t.Fatalf("with POL003 off: codes %q", got)
	}
	c.didChange(settingsURI, 2, `{"rules": {"POL003": "of`)
	c.notify("workspace/didChangeConfiguration", `{"settings": {"policyls": {"region": "eu-west-1"}}}`)
	notes := c.takeNotes()
	for _, n := range notes {
		if n.Method == "window/showMessage" {
			t.Errorf("a half-typed settings buffer interrupted the user: %s", n.Params)
		}
	}
	var pubs []publishedParams
	for _, n := range notes {
		if n.Method == "textDocument/publishDiagnostics" {
			var p publishedParams
			if err := json.Unmarshal([]byte(n.Params), &p); err != nil {
				t.Fatal(err)
			}
			pubs = append(pubs, p)
		}
	}
	if got := codes(t, pubs, uri); got != "" {
		t.Errorf("after an unrelated reload: codes %q, want the buffer's last good settings (POL003 off)", got)
	}
}

// A settings file created in the editor and not saved yet already applies
// to the documents below it.
func TestUnsavedSettingsFileApplies(t *testing.T) {
	root := t.TempDir()
	const noVersion = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	c := newTestClient(t, initWith(root, "", false))
	c.didOpen(fileURI(filepath.Join(root, "team", ".policyls.json")), 1, `{"rules": {"POL003": "off"}}`)
	uri := fileURI(filepath.Join(root, "team", "p.json"))
	c.didOpen(uri, 1, noVersion)
	if got := codes(t, c.published(), uri); got != "" {
		t.Errorf("codes %q, want none: the unsaved team/.policyls.json turns POL003 off", got)
	}
}
