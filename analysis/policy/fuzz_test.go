package policy

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzAnalyze: any bytes, any forced kind: no panic, diagnostics in bounds
// and sorted, every code a registered rule.
func FuzzAnalyze(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, uint8(0))
		}
	}
	f.Add([]byte(`{"Statement": {"Effect": 1, "action": [], "Principal": "x"}}`), uint8(1))
	f.Add([]byte(`{"Version": "2008-10-17", "Statement": [{"Resource": "${aws:username}"}]}`), uint8(2))
	kinds := append([]Kind{""}, Kinds...)
	f.Fuzz(func(t *testing.T, src []byte, k uint8) {
		res := Analyze(src, Options{Kind: kinds[int(k)%len(kinds)]})
		if res.Diagnostics == nil {
			t.Fatal("nil diagnostics")
		}
		prev := 0
		for _, d := range res.Diagnostics {
			if d.Start < 0 || d.End > len(src) || d.Start > d.End {
				t.Fatalf("diagnostic %+v out of bounds (len %d)", d, len(src))
			}
			if d.Start < prev {
				t.Fatalf("diagnostics not sorted at %+v", d)
			}
			prev = d.Start
			if _, ok := RuleByID(d.Code); !ok {
				t.Fatalf("unregistered rule %q", d.Code)
			}
			if d.Message == "" {
				t.Fatalf("empty message for %s", d.Code)
			}
		}
	})
}
