package server

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkSettingsKeystroke measures one keystroke in an open
// .policyls.json while 2,000 policies are open, one per folder, in 20 team
// folders of 100 (a folder per policy is what makes each document look for
// its own settings file). "root"
// types in the workspace root's settings file, which governs all 2,000;
// "team" in team00/.policyls.json, which governs that folder's 100. Each
// iteration is the didChange handler plus, when the re-analysis runs off
// the request path, waiting for it to finish and publish; handler-ns/op is
// the handler alone.
func BenchmarkSettingsKeystroke(b *testing.B) {
	root := b.TempDir()
	const noVersion = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	for _, bench := range []struct{ name, folder string }{{"root", ""}, {"team", "team00"}} {
		b.Run(bench.name, func(b *testing.B) {
			c := newTestClient(b, initWith(root, "", false))
			settingsURI := fileURI(filepath.Join(root, bench.folder, ".policyls.json"))
			c.didOpen(settingsURI, 1, `{"rules": {"POL003": "off"}}`)
			for i := range 2000 {
				c.didOpen(fileURI(filepath.Join(root, fmt.Sprintf("team%02d", i/100), fmt.Sprintf("p%04d", i), "policy.json")), 1, noVersion)
			}
			c.takeNotes()
			texts := [2]string{`{"rules": {"POL003": "hint"}}`, `{"rules": {"POL003": "off"}}`}
			version := 1
			var handler time.Duration
			for b.Loop() {
				version++
				params := fmt.Sprintf(`{"textDocument": {"uri": %q, "version": %d}, "contentChanges": [{"text": %s}]}`, settingsURI, version, quoteJSON(texts[version%2]))
				ctx := c.context("textDocument/didChange", params)
				ctx.Notify = func(string, any) {}
				start := time.Now()
				if _, _, _, err := c.s.Handle(ctx); err != nil {
					b.Fatal(err)
				}
				handler += time.Since(start)
				c.s.background.Wait()
			}
			// The time until the handler returned: what the next request
			// waits for.
			b.ReportMetric(float64(handler.Nanoseconds())/float64(b.N), "handler-ns/op")
		})
	}
}
