package server

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tliron/glsp"
)

// BenchmarkDidChange4KB measures one keystroke's worth of work on the
// shared 4 KB benchmark policy: decoding the params, the line index, the
// analysis and building the diagnostics (the notification is not encoded).
// "ours" is the server's own decoding of didChange (Handle), "glsp" the
// same params through glsp's DidChangeTextDocumentParams, as before it.
func BenchmarkDidChange4KB(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "analysis", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		b.Fatal(err)
	}
	c := newTestClient(b, initParams)
	const uri = "file:///bench/policy.json"
	c.didOpen(uri, 0, string(src))
	params := []byte(fmt.Sprintf(`{"textDocument": {"uri": %q, "version": 1}, "contentChanges": [{"text": %s}]}`, uri, quoteJSON(string(src))))
	ctx := c.context("textDocument/didChange", string(params))
	ctx.Notify = func(string, any) {}
	for _, path := range []struct {
		name   string
		handle func(*glsp.Context) (any, bool, bool, error)
	}{{"ours", c.s.Handle}, {"glsp", c.s.handler.Handle}} {
		b.Run(path.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, _, err := path.handle(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
