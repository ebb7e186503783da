package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
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
		{`[]`, "JSON object"},
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
