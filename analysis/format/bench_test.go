package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// BenchmarkFormat4KB formats the 4 KB benchmark policy minified (every gap
// needs an edit: the worst case) and already formatted (no edit: the usual
// case of formatting on save). The parse is done once beforehand, as the server has
// it from the analysis.
func BenchmarkFormat4KB(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		b.Fatal(err)
	}
	var minified bytes.Buffer
	if err := json.Compact(&minified, src); err != nil {
		b.Fatal(err)
	}
	edits, _ := Edits(jsonsyntax.Parse(src), twoSpaces)
	formatted, err := policy.ApplyEdits(src, edits)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		src  []byte
	}{{"minified", minified.Bytes()}, {"formatted", formatted}} {
		b.Run(bc.name, func(b *testing.B) {
			doc := jsonsyntax.Parse(bc.src)
			b.SetBytes(int64(len(bc.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := Edits(doc, twoSpaces); !ok {
					b.Fatal("not formatted")
				}
			}
		})
	}
}
