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
		{`{"kinds": {"**/*.json": "trust"}}`, "policyls settings"},
		{`{"kinds": [{"glob": "*.json", "kind": "s3"}]}`, `kinds[0]: unknown kind "s3"`},
		{`{"kinds": [{"glob": "", "kind": "trust"}]}`, "kinds[0]: empty glob"},
		{`{"policyls": {"kinds": [{"glob": "ok", "kind": "trust"}, {"glob": "[", "kind": "trust"}]}}`, "kinds[1]"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.input))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%s) error = %v, want it to mention %q", tt.input, err, tt.want)
		}
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
	c, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.KindFor(Rel(dir, filepath.Join(dir, "ses", "a.json"))); got != policy.KindSESIdentity {
		t.Errorf("KindFor = %q", got)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want a wrapped not-exist error", err)
	}
	if err := os.WriteFile(file, []byte(`{"kinds": 3}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(file); err == nil || !strings.Contains(err.Error(), file) {
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
		"rules": {"POL003": "off", "ACT005": "HINT", "NOPE01": "off", "POL009": "loud"},
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
	if len(c.Warnings) != 4 {
		t.Errorf("want 4 warnings (unknown rule, bad value, relative path, unknown suppressed rule), got %q", c.Warnings)
	}
	legacy := c.OptionsFor("policies/legacy.json")
	if len(legacy.Suppressions) != 2 || legacy.Suppressions[0] != (policy.Suppression{Rule: "ACT002", Path: "/Statement/0/Action/1"}) || legacy.AccountID != "123456789012" || !legacy.Rules["POL003"].Off {
		t.Errorf("options for the legacy file = %+v", legacy)
	}
	if other := c.OptionsFor("policies/new.json"); len(other.Suppressions) != 1 || other.Suppressions[0].Rule != "*" {
		t.Errorf("options for another file = %+v", other)
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
	if got := Find(deep); got != "" && !strings.HasPrefix(got, root) {
		// A .policyls.json above the temp dir would be a machine oddity.
		t.Logf("found %s outside the test tree", got)
	}
	file := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(file, []byte(`{}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got != file {
		t.Errorf("Find(%s) = %q, want %q", deep, got, file)
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
	}
	got := MergeOptions(editor, file)
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
	// Options has six fields; a new one must be merged too.
	if n := reflect.TypeOf(policy.Options{}).NumField(); n != 6 {
		t.Errorf("policy.Options has %d fields: teach MergeOptions the new one, then update this count", n)
	}
}
