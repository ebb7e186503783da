package policy

import (
	"os"
	"path/filepath"
	"testing"
)

// policy4KB reads the shared 4 KB benchmark policy (the SES size limit).
func policy4KB(tb testing.TB) []byte {
	src, err := os.ReadFile(filepath.Join("..", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

func BenchmarkAnalyze4KB(b *testing.B) {
	src := policy4KB(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Analyze(src, Options{})
	}
}
