package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

func TestParseShapes(t *testing.T) {
	rules := `{"kinds": [{"glob": "**/trust/*.json", "kind": "trust"}, {"glob": "**/*.json", "kind": "iam-identity"}]}`
	for _, input := range []string{rules, `{"policyls": ` + rules + `}`, `{"other": 1, "policyls": ` + rules + `}`} {
		c, err := Parse([]byte(input))
		if err != nil {
			t.Fatalf("Parse(%s): %v", input, err)
		}
		if got := c.KindFor("a/trust/r.json"); got != policy.KindTrust {
			t.Errorf("Parse(%s): KindFor trust file = %q", input, got)
		}
		if got := c.KindFor("a/r.json"); got != policy.KindIAMIdentity {
			t.Errorf("Parse(%s): KindFor other file = %q", input, got)
		}
		if got := c.KindFor("a/r.txt"); got != "" {
			t.Errorf("Parse(%s): KindFor unmatched file = %q, want empty", input, got)
		}
	}
}

func TestParseEmpty(t *testing.T) {
	for _, input := range []string{"", "  ", "null", "{}", `{"policyls": null}`, `{"policyls": {}}`, `{"unrelated": true}`} {
		c, err := Parse([]byte(input))
		if err != nil {
			t.Errorf("Parse(%q): %v", input, err)
			continue
		}
		if len(c.Kinds) != 0 || c.KindFor("x.json") != "" {
			t.Errorf("Parse(%q) = %+v, want empty", input, c)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ input, want string }{
		{`[1]`, "JSON object"},
		{`{"rules": {},}`, "JSON object"},
		{`{"policyls": 3}`, `"policyls" must hold an object`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.input))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) error = %v, want it to mention %q", tt.input, err, tt.want)
		}
	}
}

// Issue 16 item 2: every other mistake is a problem at its place, with the
// one reading as a replacement where there is one; the rest of the
// settings still apply.
func TestParseProblems(t *testing.T) {
	tests := []struct {
		input, at, want, replacement string
	}{
		{`{"rule": {"POL003": "off"}}`, `"rule"`, `did you mean "rules"`, `"rules"`},
		{`{"acountId": "123456789012"}`, `"acountId"`, `did you mean "accountId"`, `"accountId"`},
		{`{"rule": {}, "rules": {}}`, `"rule"`, `did you mean "rules"`, ""}, // renaming would repeat a key
		{`{"colour": "blue"}`, `"colour"`, `unknown key "colour" (want kinds, partition`, ""},
		{`{"policyls": {"$schema": "x"}}`, `"$schema"`, `unknown key "$schema"`, ""},
		{`{"policyls": {}, "rules": {"POL003": "off"}}`, `"rules"`, `move it into the "policyls" object`, ""},
		{`{"rules": {"POL03": "off"}}`, `"POL03"`, `unknown rule "POL03": did you mean`, ""}, // POL003 or POL013
		{`{"rules": {"pol003": "off"}}`, `"pol003"`, `did you mean POL003`, `"POL003"`},
		{`{"rules": {"NOPE": "off"}}`, `"NOPE"`, `unknown rule "NOPE"; ignored`, ""},
		{`{"rules": {"POL003": "warn"}}`, `"warn"`, `unknown severity "warn"`, ""},
		{`{"rules": {"POL003": "eror"}}`, `"eror"`, `did you mean "error"`, `"error"`},
		{`{"rules": {"POL003": "loud"}}`, `"loud"`, `(want off, error, warning, info, information, hint)`, ""},
		{`{"rules": {"POL003": 1}}`, `1`, `rules.POL003 must be a string, not a number`, ""},
		{`{"rules": []}`, `[]`, `rules must be an object, not an array`, ""},
		{`{"kinds": {"**/*.json": "trust"}}`, `{"**/*.json": "trust"}`, `kinds must be an array, not an object`, ""},
		{`{"kinds": [{"glob": "*.json", "kind": "trsut"}]}`, `"trsut"`, `unknown kind "trsut": did you mean "trust"`, `"trust"`},
		{`{"kinds": [{"glob": "*.json", "kind": "s3"}]}`, `"s3"`, `unknown kind "s3" (want ses-identity, iam-identity, trust, rcp, scp, unknown)`, ""},
		{`{"kinds": [{"glob": "", "kind": "trust"}]}`, `""`, "kinds[0]: empty glob", ""},
		{`{"kinds": [{"glob": "ok", "kind": "trust"}, {"glob": "[", "kind": "trust"}]}`, `"["`, "kinds[1]: glob", ""},
		{`{"kinds": [{"glob": "ok", "knd": "trust"}]}`, `"knd"`, `did you mean "kind"`, `"kind"`},
		{`{"kinds": [{"glob": "ok"}]}`, `{"glob": "ok"}`, `kinds[0] needs a "glob" and a "kind"`, ""},
		{`{"kinds": [3]}`, `3`, `kinds[0] must be an object, not a number`, ""},
		{`{"suppressions": [{"rule": "ACT02"}]}`, `"ACT02"`, `unknown rule "ACT02": did you mean "ACT002"`, `"ACT002"`},
		{`{"suppressions": [{"rules": "ACT002"}]}`, `"rules"`, `did you mean "rule"`, `"rule"`},
		{`{"suppressions": [{"file": "x.json"}]}`, `{"file": "x.json"}`, `needs a "rule"`, ""},
		{`{"suppressions": [{"rule": "ACT002", "path": "Statement/0"}]}`, `"Statement/0"`, "must be a JSON Pointer", ""},
		{`{"suppressions": [{"rule": "ACT002", "path": 0}]}`, `0`, "suppressions[0].path must be a string", ""},
	}
	for _, tt := range tests {
		c, err := Parse([]byte(tt.input))
		if err != nil {
			t.Errorf("Parse(%s): %v, want a problem, not an error", tt.input, err)
			continue
		}
		if len(c.Problems) != 1 {
			t.Errorf("Parse(%s): problems %+v, want one", tt.input, c.Problems)
			continue
		}
		p := c.Problems[0]
		if got := tt.input[p.Start:p.End]; got != tt.at || !strings.Contains(p.Message, tt.want) || p.Replacement != tt.replacement {
			t.Errorf("Parse(%s): problem %q at %q replaced by %q, want %q at %q replaced by %q", tt.input, p.Message, got, p.Replacement, tt.want, tt.at, tt.replacement)
		}
	}
	// The rest applies: the valid rule, and the severity in upper case in
	// its one reading (with a problem saying how to write it).
	c, err := Parse([]byte("\n " + `{"rule": {}, "rules": {"POL003": "off", "ACT005": "HINT", "SEC001": "information"}, "$schema": "https://example.com/s.json"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Rules["POL003"].Off || c.Rules["ACT005"].Severity != policy.SeverityHint || c.Rules["SEC001"].Severity != policy.SeverityInfo {
		t.Errorf("rules %+v", c.Rules)
	}
	if len(c.Problems) != 2 || c.Problems[0].Start != 3 || c.Problems[1].Replacement != `"hint"` {
		t.Errorf("problems %+v, want the unknown key (at 3, past the leading blanks) and HINT", c.Problems)
	}
}

func TestNilConfig(t *testing.T) {
	var c *Config
	if got := c.KindFor("a.json"); got != "" {
		t.Errorf("nil Config KindFor = %q", got)
	}
	if got := c.Merge(nil); len(got.Kinds) != 0 {
		t.Errorf("nil Merge = %+v", got)
	}
}

func TestMergeOrder(t *testing.T) {
	first, _ := Parse([]byte(`{"kinds": [{"glob": "**", "kind": "trust"}]}`))
	second, _ := Parse([]byte(`{"kinds": [{"glob": "**", "kind": "ses-identity"}]}`))
	if got := first.Merge(second).KindFor("x.json"); got != policy.KindTrust {
		t.Errorf("Merge: KindFor = %q, want the first config's kind", got)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, FileName)
	if err := os.WriteFile(file, []byte(`{"kinds": [{"glob": "ses/*.json", "kind": "ses-identity"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(file, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.KindFor(Rel(dir, filepath.Join(dir, "ses", "a.json"))); got != policy.KindSESIdentity {
		t.Errorf("KindFor = %q", got)
	}
	if _, err := Load(filepath.Join(dir, "missing.json"), dir); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want a wrapped not-exist error", err)
	}
	if err := os.WriteFile(file, []byte(`[3]`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(file, dir); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("Load(bad) error = %v, want it to name the file", err)
	}
}

func TestRel(t *testing.T) {
	root := t.TempDir()
	tests := []struct{ root, file, want string }{
		{root, filepath.Join(root, "a", "b.json"), "a/b.json"},
		{root, filepath.Join(root, "b.json"), "b.json"},
		{filepath.Join(root, "a"), filepath.Join(root, "ab", "c.json"), filepath.ToSlash(filepath.Join(root, "ab", "c.json"))},
		{filepath.Join(root, "a"), filepath.Join(root, "c.json"), filepath.ToSlash(filepath.Join(root, "c.json"))},
		{"", filepath.Join(root, "c.json"), filepath.ToSlash(filepath.Join(root, "c.json"))},
	}
	for _, tt := range tests {
		if got := Rel(tt.root, tt.file); got != tt.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tt.root, tt.file, got, tt.want)
		}
	}
}

// Neovim sends an empty Lua table as []: that is empty settings.
func TestEmptyArrayIsEmptySettings(t *testing.T) {
	for _, input := range []string{`[]`, ` [ ] `, `{"policyls": []}`} {
		c, err := Parse([]byte(input))
		if err != nil || len(c.Kinds) != 0 || len(c.Rules) != 0 {
			t.Errorf("Parse(%q) = %+v, %v; want empty settings", input, c, err)
		}
	}
}

func TestRuleSettingsAndSuppressions(t *testing.T) {
	c, err := Parse([]byte(`{"policyls": {
		"rules": {"POL003": "off", "ACT005": "hint", "NOPE01": "off", "POL009": "loud"},
		"suppressions": [
			{"file": "policies/legacy.json", "path": "/Statement/0/Action/1", "rule": "ACT002"},
			{"path": "/Statement/2", "rule": "*"},
			{"file": "x.json", "path": "Statement/0", "rule": "ACT002"},
			{"file": "x.json", "rule": "ZZZ999"}
		],
		"accountId": "123456789012"
	}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rules) != 2 || !c.Rules["POL003"].Off || c.Rules["ACT005"].Severity != policy.SeverityHint {
		t.Errorf("rules = %+v", c.Rules)
	}
	if len(c.Problems) != 4 {
		t.Errorf("want 4 problems (unknown rule, bad value, relative path, unknown suppressed rule), got %+v", c.Problems)
	}
	legacy := c.OptionsFor("policies/legacy.json")
	if len(legacy.Suppressions) != 2 || legacy.Suppressions[0] != (policy.Suppression{Rule: "ACT002", Path: "/Statement/0/Action/1"}) || legacy.AccountID != "123456789012" || !legacy.Rules["POL003"].Off {
		t.Errorf("options for the legacy file = %+v", legacy)
	}
	if other := c.OptionsFor("policies/new.json"); len(other.Suppressions) != 1 || other.Suppressions[0].Rule != "*" {
		t.Errorf("options for another file = %+v", other)
	}
	// A location names a policy inside a template or Terraform file.
	embedded, err := Parse([]byte(`{"suppressions": [{"file": "stack.yaml", "location": "Resources.Role.Properties.AssumeRolePolicyDocument", "path": "/Statement/0", "rule": "ACT002"}]}`))
	if err != nil || len(embedded.Problems) != 0 {
		t.Fatalf("%v %+v", err, embedded.Problems)
	}
	if got := embedded.OptionsFor("stack.yaml").Suppressions; len(got) != 1 || got[0] != (policy.Suppression{Rule: "ACT002", Location: "Resources.Role.Properties.AssumeRolePolicyDocument", Path: "/Statement/0"}) {
		t.Errorf("suppressions for the template = %+v", got)
	}
	// The editor's settings win over the workspace file's for the same rule.
	editor, _ := Parse([]byte(`{"rules": {"POL003": "warning"}}`))
	merged := editor.Merge(c)
	if merged.Rules["POL003"].Off || merged.Rules["POL003"].Severity != policy.SeverityWarning || merged.Rules["ACT005"].Severity != policy.SeverityHint || len(merged.Suppressions) != 2 {
		t.Errorf("merged = %+v", merged)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got.File != "" && !strings.HasPrefix(got.File, root) {
		// A .policyls.json above the temp dir would be a machine oddity.
		t.Logf("found %s outside the test tree", got.File)
	}
	file := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(file, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got.File != file {
		t.Errorf("Find(%s) = %q, want %q", deep, got.File, file)
	}
}

// The search stops at the repository root (a folder holding .git, a folder
// or a file as in a worktree) or the workspace folder: a settings file
// above them never applies.
func TestFindStopsAtTheRepositoryOrWorkspace(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "a", "b")
	for _, dir := range []string{deep, filepath.Join(repo, ".git")} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	far := filepath.Join(root, FileName)
	if err := os.WriteFile(far, []byte(`{"rules": {"POL003": "off"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got.File != "" || got.Boundary != repo {
		t.Errorf("Find past .git = %+v, want no file and the repository root as the boundary", got)
	}
	if err := os.Remove(filepath.Join(repo, ".git")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, ".git"), []byte("gitdir: /elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got.File != "" || got.Boundary != repo {
		t.Errorf("Find past a .git file = %+v, want no file", got)
	}
	if got := FindWhere(deep, filepath.Join(repo, "a"), nil); got.File != "" || got.Boundary != filepath.Join(repo, "a") {
		t.Errorf("FindWhere stopping at the workspace = %+v", got)
	}
	// Below the boundary the search goes on up to it, for the tree a
	// linked settings file must stay in.
	near := filepath.Join(repo, "a", FileName)
	if err := os.WriteFile(near, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got.File != near || got.Boundary != repo || got.Tree() != repo {
		t.Errorf("Find = %+v, want %s inside %s", got, near, repo)
	}
	// Without a repository or workspace, the search goes up to / as before
	// and the tree is the settings file's own folder.
	if got := (Found{File: far}); got.Tree() != root {
		t.Errorf("Tree() = %q, want %q", got.Tree(), root)
	}
	// Present names a file the editor has open but not saved.
	unsaved := filepath.Join(deep, FileName)
	if got := FindWhere(deep, "", func(p string) bool { return p == unsaved }); got.File != unsaved {
		t.Errorf("FindWhere with an open buffer = %+v", got)
	}
}

// Keys are matched exactly: a key in the wrong case, or given twice, is an
// error with the key's range, where encoding/json alone would have read
// "Suppressions" (or "ſuppressions", or "\u212aind" for "kind") as ours or
// let the last copy win, dropping suppressions.
func TestParseMatchesKeysExactly(t *testing.T) {
	tests := []struct{ input, key, want string }{
		{`{"suppressions": [{"rule": "*"}], "Suppressions": []}`, `"Suppressions"`, `write "suppressions"`},
		{`{"Suppressions": [{"rule": "POL003"}]}`, `"Suppressions"`, `write "suppressions"`},
		{`{"ſuppressions": [{"rule": "POL003"}]}`, `"ſuppressions"`, `write "suppressions"`},
		{`{"suppressions": [{"rule": "ACT002"}], "suppressions": []}`, `"suppressions"`, "appears twice"},
		{`{"policyls": {"Rules": {"POL003": "off"}}}`, `"Rules"`, `write "rules"`},
		{`{"Policyls": {"rules": {"POL003": "off"}}}`, `"Policyls"`, `write "policyls"`},
		{`{"policyls": {}, "policyls": {"rules": {}}}`, `"policyls"`, "appears twice"},
		{`{"kinds": [{"glob": "**", "\u212aind": "trust"}]}`, `"\u212aind"`, `write "kind"`},
		{`{"suppressions": [{"file": "a.json", "File": "b.json", "rule": "*"}]}`, `"File"`, `write "file"`},
		{`{"rules": {"POL003": "off", "POL003": "error"}}`, `"POL003"`, "appears twice"},
		{"\n  " + `{"RULES": {}}`, `"RULES"`, `write "rules"`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.input))
		var ke *KeyError
		if !errors.As(err, &ke) || !strings.Contains(ke.Message, tt.want) {
			t.Errorf("Parse(%s) = %v, want a key error saying %q", tt.input, err, tt.want)
			continue
		}
		if got := tt.input[ke.Start:ke.End]; got != tt.key {
			t.Errorf("Parse(%s): error at %q, want %q", tt.input, got, tt.key)
		}
	}
	// Other objects' keys are not ours to judge.
	if _, err := Parse([]byte(`{"policyls": {"rules": {}}, "Other": {"Rules": 1, "rules": 2}}`)); err != nil {
		t.Errorf("another tool's settings beside ours: %v", err)
	}
}

func TestParseRefusesOversizedSettings(t *testing.T) {
	big := []byte(`{"rules": {}, "padding": "` + strings.Repeat("x", MaxFileSize) + `"}`)
	if _, err := Parse(big); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Errorf("Parse of %d bytes: %v, want a size error", len(big), err)
	}
}

// Settings that leave nothing to report are recognised, so that check and
// the server can warn about them; partial ones are not.
func TestSilencesEverything(t *testing.T) {
	var allOff []string
	for _, r := range policy.Rules() {
		allOff = append(allOff, `"`+r.ID+`": "off"`)
	}
	everyRuleOff := `{"rules": {` + strings.Join(allOff, ", ") + `}}`
	for input, want := range map[string]bool{
		`{"suppressions": [{"rule": "*"}]}`:                                true,
		`{"suppressions": [{"file": "**", "rule": "*"}]}`:                  true,
		`{"suppressions": [{"file": "**/*.json", "rule": "*"}]}`:           true,
		`{"suppressions": [{"file": "**/**/*", "path": "", "rule": "*"}]}`: true,
		everyRuleOff:                   true,
		`{"rules": {"POL003": "off"}}`: false,
		`{"suppressions": [{"file": "legacy/*.json", "rule": "*"}]}`:                             false,
		`{"suppressions": [{"file": "*.json", "rule": "*"}]}`:                                    false,
		`{"suppressions": [{"rule": "*", "path": "/Statement/0"}]}`:                              false,
		`{"suppressions": [{"rule": "ACT002"}]}`:                                                 false,
		`{"suppressions": [{"rule": "*", "location": "Resources.R.Properties.PolicyDocument"}]}`: false,
		`{}`: false,
	} {
		c, err := Parse([]byte(input))
		if err != nil {
			t.Fatalf("Parse(%.80s): %v", input, err)
		}
		if got := c.SilencesEverything(); got != want {
			t.Errorf("SilencesEverything(%.80s) = %v, want %v", input, got, want)
		}
	}
	// Every rule off but one, plus that one suppressed everywhere.
	last := policy.Rules()[len(policy.Rules())-1].ID
	mixed := `{"rules": {` + strings.Join(allOff[:len(allOff)-1], ", ") + `}, "suppressions": [{"file": "**/*", "rule": "` + last + `"}]}`
	if c, err := Parse([]byte(mixed)); err != nil || !c.SilencesEverything() {
		t.Errorf("every rule off or suppressed: %v", err)
	}
}

func TestMergeOptions(t *testing.T) {
	editor := policy.Options{
		Kind:         policy.KindTrust,
		Rules:        map[string]policy.RuleSetting{"POL003": {Off: true}},
		Suppressions: []policy.Suppression{{Rule: "ACT002", Path: "/Statement/0"}},
		Region:       "eu-west-1",
	}
	file := policy.Options{
		Kind:         policy.KindIAMIdentity,
		Rules:        map[string]policy.RuleSetting{"POL003": {Severity: policy.SeverityHint}, "ACT005": {Off: true}},
		Suppressions: []policy.Suppression{{Rule: "*", Path: ""}},
		Partition:    "aws-cn",
		Region:       "cn-north-1",
		AccountID:    "123456789012",
		Identity:     "example.com",
	}
	got := MergeOptions(editor, file)
	if got.Identity != "example.com" {
		t.Errorf("identity = %q", got.Identity)
	}
	if got.Kind != policy.KindTrust || got.Partition != "aws-cn" || got.Region != "eu-west-1" || got.AccountID != "123456789012" {
		t.Errorf("kind/partition/region/account = %v %q %q %q", got.Kind, got.Partition, got.Region, got.AccountID)
	}
	if !got.Rules["POL003"].Off || !got.Rules["ACT005"].Off || len(got.Rules) != 2 {
		t.Errorf("rules = %+v, want the editor's POL003 and the file's ACT005", got.Rules)
	}
	if len(got.Suppressions) != 2 {
		t.Errorf("suppressions = %+v, want both", got.Suppressions)
	}
	if file.Rules["POL003"].Off || len(file.Rules) != 2 || len(editor.Rules) != 1 || len(editor.Suppressions) != 1 {
		t.Error("MergeOptions changed its arguments")
	}
	// Options has seven fields; a new one must be merged too.
	if n := reflect.TypeOf(policy.Options{}).NumField(); n != 7 {
		t.Errorf("policy.Options has %d fields: teach MergeOptions the new one, then update this count", n)
	}
}

// "exclude" globs are read exactly, checked, and match files and folders
// relative to the settings file's folder.
func TestExclude(t *testing.T) {
	c, err := Parse([]byte(`{"exclude": ["generated/**", "**/fixtures", "legacy/*.json"]}`))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"generated":              "generated/**",
		"generated/a/b.json":     "generated/**",
		"src/fixtures":           "**/fixtures",
		"fixtures":               "**/fixtures",
		"legacy/old.json":        "legacy/*.json",
		"legacy/deeper/old.json": "",
		"src/policy.json":        "",
	} {
		g, ok := c.Excluded(name)
		if ok != (want != "") || ok && g.String() != want {
			t.Errorf("Excluded(%q) = %q, %v; want %q", name, g.String(), ok, want)
		}
	}
	if _, ok := (*Config)(nil).Excluded("a.json"); ok {
		t.Error("a nil Config excludes something")
	}
	if m := c.Merge(&Config{Exclude: []Glob{mustGlob(t, "x/**")}}); len(m.Exclude) != 4 {
		t.Errorf("Merge kept %d exclude globs, want 4", len(m.Exclude))
	}
	// A bad entry is a problem at its place; the other entries apply.
	for input, want := range map[string]string{
		`{"exclude": ["a/[b", "ok/**"]}`: "exclude[0]: glob",
		`{"exclude": ["", "ok/**"]}`:     "exclude[0]: empty glob",
		`{"exclude": [3, "ok/**"]}`:      "exclude[0] must be a string",
	} {
		c, err := Parse([]byte(input))
		if err != nil || len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Message, want) || len(c.Exclude) != 1 {
			t.Errorf("Parse(%s) = %+v, %v; want one problem containing %q and the other glob kept", input, c, err, want)
		}
	}
	c, err = Parse([]byte(`{"exclude": "a/**"}`))
	if err != nil || len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Message, "exclude must be an array") {
		t.Errorf(`Parse({"exclude": "a/**"}) = %+v, %v; want the problem "exclude must be an array"`, c, err)
	}
	if _, err := Parse([]byte(`{"Exclude": ["a"]}`)); err == nil || !strings.Contains(err.Error(), `write "exclude"`) {
		t.Errorf(`Parse({"Exclude": ["a"]}) = %v, want the error write "exclude"`, err)
	}
}

func mustGlob(t *testing.T, pattern string) Glob {
	t.Helper()
	g, err := CompileGlob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A settings file saved with a UTF-8 byte-order mark is read like one
// without, and problems keep their place in the file as written.
func TestParseSkipsByteOrderMark(t *testing.T) {
	data := []byte("\xef\xbb\xbf{\"rules\": {\"POL003\": \"off\"}, \"acountId\": \"111122223333\"}")
	c, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(c.Rules) != 1 || len(c.Problems) != 1 {
		t.Fatalf("rules %v, problems %+v; want POL003 off and one problem", c.Rules, c.Problems)
	}
	if p := c.Problems[0]; string(data[p.Start:p.End]) != `"acountId"` {
		t.Errorf("problem at %q, want it on \"acountId\"", data[p.Start:p.End])
	}
}
