package jsonsyntax

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any input parses without panicking, the tree keeps its
// invariants, and valid JSON agrees with encoding/json.
func FuzzParse(f *testing.F) {
	for _, s := range []string{samplePolicy, `{"a": [1, 2}`, `{"Effect": Allow,}`, "\"\\ud83d\"", "{\"a\"\n\"b\": 1}", "[/* */]", "\xff\xfe{", `{"a":` + "\"\\u12"} {
		f.Add([]byte(s))
	}
	// Real policies: AWS's documented examples and the 4 KB benchmark policy.
	paths, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	for _, p := range append(paths, filepath.Join("..", "testdata", "ses-identity-4kb.json")) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := Parse(src)
		checkInvariants(t, doc, src)
		agreeWithEncodingJSON(t, src)
		for i := 0; i <= len(src); i += 7 {
			if n := doc.NodeAt(i); n != nil && !n.Contains(i) {
				t.Fatalf("NodeAt(%d) returned a node not containing it", i)
			}
		}
	})
}
