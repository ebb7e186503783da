package policy

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// BenchmarkAnalyzeManyUnknownActions guards the worst shape found so far: a
// 50 KB document of 3,000 unknown actions (each a did-you-mean candidate and
// a redundancy candidate). It once took 765 ms; see BENCHMARKS.md.
func BenchmarkAnalyzeManyUnknownActions(b *testing.B) {
	var acts []string
	for i := range 3000 {
		acts = append(acts, `"ec2:Foo`+strconv.Itoa(i)+`Bar"`)
	}
	src := []byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": [` + strings.Join(acts, ",") + `], "Resource": "*"}}`)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Analyze(src, Options{})
	}
}
