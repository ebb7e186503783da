package server

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCompletion4KB measures a whole completion request on the shared
// 4 KB policy, as the client sees it: glsp decoding the params, completion
// from the stored analysis, conversion to LSP items and JSON encoding of
// the answer.
func BenchmarkCompletion4KB(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "analysis", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		b.Fatal(err)
	}
	c := newTestClient(b, initRich)
	const uri = "file:///bench/policy.json"
	c.didOpen(uri, 0, string(src))
	at := strings.Index(string(src), `"Action": ["ses:Sen`) + len(`"Action": ["ses:Sen`)
	line := strings.Count(string(src[:at]), "\n")
	character := at - (strings.LastIndex(string(src[:at]), "\n") + 1) // ASCII: bytes are UTF-16 units
	ctx := c.context("textDocument/completion", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, uri, line, character))
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
