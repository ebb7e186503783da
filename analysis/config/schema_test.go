package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

var update = flag.Bool("update", false, "rewrite the JSON Schema files")

// The schema files, at the root's docs/ and inside the VS Code extension
// (which can only point at files it packages).
var schemaFiles = []string{
	filepath.Join("..", "..", "docs", "policyls.schema.json"),
	filepath.Join("..", "..", "editors", "vscode", "policyls.schema.json"),
}

// The JSON Schema is generated from the keys Parse reads and the rule
// registry, so it cannot drift: a new key or rule fails this test until
// the files are rewritten (go test ./analysis/config -update).
func TestSchemaIsCurrent(t *testing.T) {
	want := JSONSchema()
	for _, file := range schemaFiles {
		if *update {
			if err := os.WriteFile(file, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale (%v): run go test ./analysis/config -update", file, err)
		}
	}
}

// Every key Parse reads is documented and in the schema, and the schema
// names every rule, kind and severity word Parse accepts.
func TestSchemaCoversWhatParseReads(t *testing.T) {
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	var inner struct {
		Properties map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
			Items      struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(schema.Properties["policyls"], &inner); err != nil {
		t.Fatal(err)
	}
	for _, key := range SettingsKeys {
		if KeyDocs[key] == "" {
			t.Errorf("key %q has no KeyDocs entry", key)
		}
		if _, ok := inner.Properties[key]; !ok {
			t.Errorf("key %q is not in the schema", key)
		}
		if _, ok := schema.Properties[key]; !ok {
			t.Errorf("key %q is not in the schema's top level", key)
		}
	}
	if len(inner.Properties) != len(SettingsKeys) {
		t.Errorf("schema keys %d, settings keys %d", len(inner.Properties), len(SettingsKeys))
	}
	for _, entry := range [][]string{kindKeys, suppressionKeys} {
		for _, key := range entry {
			if EntryKeyDocs[key] == "" {
				t.Errorf("entry key %q has no EntryKeyDocs entry", key)
			}
		}
	}
	rules := inner.Properties["rules"].Properties
	for _, r := range policy.Rules() {
		if _, ok := rules[r.ID]; !ok {
			t.Errorf("rule %s is not in the schema", r.ID)
		}
	}
	if got := inner.Properties["suppressions"].Items.Properties["rule"].Enum; len(got) != len(policy.Rules())+1 {
		t.Errorf("suppression rules %d, want every rule and *", len(got))
	}
	kinds := inner.Properties["kinds"].Items.Properties["kind"].Enum
	for _, k := range policy.Kinds {
		if !slices.Contains(kinds, string(k)) || KindDocs[k] == "" {
			t.Errorf("kind %s missing from the schema or KindDocs", k)
		}
	}
	for _, w := range SeverityWords {
		if _, ok := ParseSeverityWord(w); !ok || SeverityDocs[w] == "" {
			t.Errorf("severity word %q not read or not documented", w)
		}
	}
}
