package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCleanExamples: the policies AWS documents (with their placeholders
// replaced by real values) must produce no error and no warning. A false
// positive on AWS's own examples is the worst thing a checker can do.
func TestCleanExamples(t *testing.T) {
	want := map[string]Kind{
		"pinpoint-ses-permission-policy.json": KindIAMIdentity,
		"pinpoint-trust-policy.json":          KindTrust,
		"ses-identity-policy.json":            KindSESIdentity,
	}
	for name, kind := range want {
		src, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Analyze(src, Options{})
		if !res.IsPolicy || res.Kind != kind {
			t.Errorf("%s: IsPolicy=%v kind=%s, want a %s policy", name, res.IsPolicy, res.Kind, kind)
		}
		for _, d := range res.Diagnostics {
			if d.Severity <= SeverityWarning {
				t.Errorf("%s: unexpected %s %s: %s", name, d.Severity, d.Code, d.Message)
			}
		}
	}
}

// TestBrokenExample: every mistake in the broken example is caught on its
// own line.
func TestBrokenExample(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "broken-sending-policy.json"))
	if err != nil {
		t.Fatal(err)
	}
	res := Analyze(src, Options{})
	lineOf := func(off int) int { return strings.Count(string(src[:off]), "\n") + 1 }
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Code+"@"+string(rune('0'+lineOf(d.Start))))
	}
	want := []string{"POL003@1", "IAM002@4", "POL009@5", "POL001@6", "JSON004@6"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestNotAPolicyIsSilent: other JSON files opened in the editor get no
// diagnostics at all, even when broken.
func TestNotAPolicyIsSilent(t *testing.T) {
	for _, src := range []string{
		`{"name": "app", "version": "1.0.0", "dependencies": {},}`,
		`[1, 2, 3]`,
		``,
		`{"compilerOptions": {"strict": true // comment
		}}`,
		`{"Version": 3}`,
	} {
		res := Analyze([]byte(src), Options{})
		if res.IsPolicy || len(res.Diagnostics) != 0 || res.Diagnostics == nil {
			t.Errorf("%q: IsPolicy=%v diagnostics=%v (want none, non-nil)", src, res.IsPolicy, res.Diagnostics)
		}
	}
	// A policy being typed is recognised from its first key on.
	for _, src := range []string{`{"Version": "2012-10-17"`, `{"Statement": [`, `{"statement"`} {
		if !Analyze([]byte(src), Options{}).IsPolicy {
			t.Errorf("%q should be recognised as a policy", src)
		}
	}
}

// TestDiagnosticCap: a garbage document cannot flood the editor.
func TestDiagnosticCap(t *testing.T) {
	src := "{\"Statement\": [" + strings.Repeat("x, ", 5000) + "]}"
	res := Analyze([]byte(src), Options{})
	if n := len(res.Diagnostics); n > maxSyntaxDiagnostics+20 {
		t.Errorf("%d diagnostics; syntax errors should be capped near %d", n, maxSyntaxDiagnostics)
	}
	last := res.Diagnostics[len(res.Diagnostics)-1]
	if !strings.Contains(last.Message, "more syntax errors are not shown") {
		t.Errorf("no summary of hidden errors; last diagnostic is %+v", last)
	}
}

// TestHugeDocuments: beyond MaxParsedSize nothing is parsed; a policy gets
// one finding about its size, other JSON stays silent, and memory stays small.
func TestHugeDocuments(t *testing.T) {
	huge := []byte(`{"Version": "2012-10-17", "Statement": [` + strings.Repeat(`{"Effect": "Allow"}, `, MaxParsedSize/20) + `]}`)
	res := Analyze(huge, Options{})
	if !res.IsPolicy || len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != RuleTooLarge {
		t.Fatalf("huge policy: IsPolicy=%v diagnostics=%+v", res.IsPolicy, res.Diagnostics)
	}
	if res.Doc == nil || res.Doc.Root != nil {
		t.Errorf("a huge document must not be parsed")
	}
	data := []byte(`[` + strings.Repeat(`{"name": "x"}, `, MaxParsedSize/14) + `]`)
	if res := Analyze(data, Options{}); res.IsPolicy || len(res.Diagnostics) != 0 {
		t.Errorf("huge non-policy JSON: IsPolicy=%v diagnostics=%v", res.IsPolicy, res.Diagnostics)
	}
	if res := Analyze(data, Options{Kind: KindTrust}); res.Kind != KindTrust || len(res.Diagnostics) != 1 {
		t.Errorf("huge document with a forced kind: kind=%s diagnostics=%v", res.Kind, res.Diagnostics)
	}
}
