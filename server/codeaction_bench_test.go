package server

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCodeAction4KB measures a whole codeAction request on the shared
// 4 KB policy with two mistakes in its first statement ("Allw" and
// "ses:SendEmial"), as an editor sends it when the cursor rests on the
// Effect finding: glsp decoding, the quick fixes and suppression for that
// finding, the rewrite and source actions, the fix-all edit (a second
// analysis), and JSON encoding of the answer.
func BenchmarkCodeAction4KB(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "analysis", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		b.Fatal(err)
	}
	src := strings.Replace(strings.Replace(string(data), `"Allow"`, `"Allw"`, 1), `"ses:SendEmail"`, `"ses:SendEmial"`, 1)
	root := quoteJSON("file://" + filepath.ToSlash(b.TempDir()))
	c := newTestClient(b, fmt.Sprintf(initActions, root, "null"))
	const uri = "file:///bench/policy.json"
	c.didOpen(uri, 0, src)
	pubs := c.published()
	var effect *wireDiagnostic
	var diags []wireDiagnostic
	if err := json.Unmarshal(*pubs[len(pubs)-1].Diagnostics, &diags); err != nil {
		b.Fatal(err)
	}
	for i := range diags {
		if diags[i].Code == "POL009" {
			effect = &diags[i]
		}
	}
	if effect == nil {
		b.Fatalf("no POL009 among %v", diags)
	}
	ctx := c.context("textDocument/codeAction", fmt.Sprintf(`{"textDocument": {"uri": %q}, "range": %s, "context": {"diagnostics": [%s]}}`,
		uri, mustJSON(b, effect.Range), mustJSON(b, effect)))
	r, _, _, err := c.s.Handle(ctx)
	if got := mustJSON(b, r); err != nil || !strings.Contains(got, `Change to \"Allow\"`) || !strings.Contains(got, "Suppress POL009") {
		b.Fatalf("code actions %s, %v: want the fix to \"Allow\" and the suppression", got, err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r, _, _, err := c.s.Handle(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(r); err != nil {
			b.Fatal(err)
		}
	}
}
