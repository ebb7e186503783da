package main

import (
	"strings"
	"testing"
)

// TestSmoke runs every measurement once at a tiny size, so the program
// keeps working as the server changes; the figures themselves are not
// checked.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs policyls")
	}
	var out strings.Builder
	cfg := config{runs: 1, starts: 2, edits: 25, requests: 5, docs: 10, files: 30}
	if err := run(cfg, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"start → initialize response p50", "typing: didChange → diagnostics p99", "completion p99", "hover p99",
		"peak RSS, one document", "YAML template typing (2 KB, 2 policies): didChange → diagnostics p99", "opening 10 documents", "peak RSS after 10 documents", "check 30 files"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in\n%s", want, out.String())
		}
	}
}
