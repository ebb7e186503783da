package completion

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// FuzzCompleteAndHover feeds arbitrary bytes and offsets to completion and
// hover: they must not panic, and every edit must stay in bounds, on one
// line, around the cursor, with additional edits apart from the main one.
// The sort and order refactorings at the same offset must not break the
// syntax.
func FuzzCompleteAndHover(f *testing.F) {
	for _, dir := range []string{"complete", "hover"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			text := string(data)
			if i := strings.Index(text, "-- input --\n"); i >= 0 {
				text = text[i+len("-- input --\n"):]
				if j := strings.Index(text, "\n-- "); j >= 0 {
					text = text[:j]
				}
			}
			at := max(strings.Index(text, cursorMark), 0)
			f.Add([]byte(strings.Replace(text, cursorMark, "", 1)), at, true)
		}
	}
	// Real policies (AWS's documented examples), with the cursor inside an
	// action, a condition and a principal where they have one.
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	for _, file := range examples {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, needle := range []string{`"ses:Send`, `"Condition": {`, `"Principal": {`} {
			if i := strings.Index(string(data), needle); i >= 0 {
				f.Add(data, i+len(needle)-1, true)
			}
		}
	}
	f.Add([]byte(""), 0, false)
	f.Add([]byte("{\"Statement\": [{\"Resource\": \"arn:aws:ses:eu-west-1:123456789012:identity/\xff\r\n"), 52, true)
	f.Fuzz(func(t *testing.T, src []byte, offset int, snippets bool) {
		res := policy.Analyze(src, policy.Options{})
		if offset < 0 {
			offset = -offset
		}
		if offset < 0 { // the most negative int
			offset = 0
		}
		offset %= len(src) + 1
		opts := Options{Snippets: snippets, Partition: "aws", Region: "us-east-1", AccountID: "123456789012"}
		list := Complete(res, offset, opts)
		checkItems(t, string(src), offset, list.Items, snippets)
		// As in a template: the host's words, the string at the cursor
		// taken for a Sub string.
		host := Host{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: "!Sub "}
		if res.Doc != nil {
			if n := res.Doc.NodeAt(offset); n != nil && n.Kind() == jsonsyntax.String && n.Start() < len(src) && src[n.Start()] == '"' {
				host.StringStart, host.StringEnd = n.Start(), n.End()
			}
		}
		opts.Host = &host
		checkItems(t, string(src), offset, Complete(res, offset, opts).Items, snippets)
		if h, ok := HoverAt(res, offset); ok {
			if h.Start < 0 || h.Start > offset || offset > h.End || h.End > len(src) || h.Markdown == "" {
				t.Errorf("hover [%d,%d) at %d (len %d): %q", h.Start, h.End, offset, len(src), h.Markdown)
			}
		}
		// The sort and order refactorings keep the document's syntax.
		for _, refactor := range []func(*policy.Result, int) (Sorted, bool){SortEntries, OrderElements} {
			if r, ok := refactor(res, offset); ok {
				out := applyInsertion(t, string(src), Insertion{Title: r.Title, Edits: r.Edits})
				if after := policy.Analyze([]byte(out), policy.Options{}); len(after.Doc.Errors) > len(res.Doc.Errors) {
					t.Errorf("%s added syntax errors:\n%s\n->\n%s", r.Title, src, out)
				}
			}
		}
	})
}
