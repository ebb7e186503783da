package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

var twoSpaces = Options{TabSize: 2, InsertSpaces: true}

func format(t *testing.T, src string, opts Options) (string, bool) {
	t.Helper()
	edits, ok := Edits(jsonsyntax.Parse([]byte(src)), opts)
	if !ok {
		return "", false
	}
	out, err := policy.ApplyEdits([]byte(src), edits)
	if err != nil {
		t.Fatalf("edits do not apply: %v", err)
	}
	return string(out), true
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name, src string
		opts      Options
		want      string
	}{
		{
			"one line policy",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"*","Condition":{}}]}`,
			twoSpaces,
			"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"ses:SendEmail\",\n        \"ses:SendRawEmail\"\n      ],\n      \"Resource\": \"*\",\n      \"Condition\": {}\n    }\n  ]\n}",
		},
		{
			"tabs, spaces before commas and colons, a final newline kept",
			"{ \"a\" : [ 1 , true,null ] , \"b\" :{ } }\n",
			Options{TabSize: 8},
			"{\n\t\"a\": [\n\t\t1,\n\t\ttrue,\n\t\tnull\n\t],\n\t\"b\": {}\n}\n",
		},
		{
			"CRLF documents keep CRLF; several final newlines become one",
			"{\"a\": [\r\n]}\r\n\r\n",
			twoSpaces,
			"{\r\n  \"a\": []\r\n}\r\n",
		},
		{
			"CR-only documents keep CR-only line breaks",
			"{\"a\": [\r1]}\r",
			twoSpaces,
			"{\r  \"a\": [\r    1\r  ]\r}\r",
		},
		{
			"a final newline added when asked",
			`["x"]`,
			Options{TabSize: 4, InsertSpaces: true, FinalNewline: true},
			"[\n    \"x\"\n]\n",
		},
		{
			"strings and numbers exactly as written",
			`{"Sid":"caf\u00e9 \"q\" 送信😀","n":1.50e+3}`,
			twoSpaces,
			"{\n  \"Sid\": \"caf\\u00e9 \\\"q\\\" 送信😀\",\n  \"n\": 1.50e+3\n}",
		},
		{
			"leading whitespace removed, byte order mark kept",
			"\uFEFF  \n {}",
			twoSpaces,
			"\uFEFF{}",
		},
		{
			"duplicate keys are both kept",
			`{"a":1,"a":2}`,
			twoSpaces,
			"{\n  \"a\": 1,\n  \"a\": 2\n}",
		},
		{"a lone scalar", "  \"x\"  ", twoSpaces, "\"x\""},
		{"nothing to format", "  \n", twoSpaces, "  \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := format(t, tt.src, tt.opts)
			if !ok || got != tt.want {
				t.Fatalf("got (%v)\n%q\nwant\n%q", ok, got, tt.want)
			}
			again, _ := Edits(jsonsyntax.Parse([]byte(got)), tt.opts)
			if len(again) != 0 {
				t.Errorf("formatting twice changes more: %+v", again)
			}
		})
	}
}

// Documents with syntax errors are left alone: with a token missing, moving
// whitespace could change what the user meant.
func TestBrokenDocumentsAreNotFormatted(t *testing.T) {
	for _, src := range []string{`{"a": 1,}`, `{"a": 1 /* c */}`, `{"a": [1, 2}`, `{"a" 1}`, `{"Effect": Allow}`, `{"a": "x`} {
		if edits, ok := Edits(jsonsyntax.Parse([]byte(src)), twoSpaces); ok || edits != nil {
			t.Errorf("%s: formatted (%v, %+v)", src, ok, edits)
		}
	}
}

// The examples are written as AWS writes them: formatting finds nothing to
// change, and the edits for a minified copy give the example back.
func TestExamplesAreFormatted(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if edits, ok := Edits(jsonsyntax.Parse(src), twoSpaces); !ok || len(edits) != 0 {
			t.Errorf("%s: %d edits (ok %v), want none", filepath.Base(p), len(edits), ok)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, src); err != nil {
			t.Fatal(err)
		}
		got, _ := format(t, compact.String(), twoSpaces)
		if got+"\n" != string(src) && got != string(src) {
			t.Errorf("%s: minified then formatted:\n%s", filepath.Base(p), got)
		}
	}
}

// FuzzFormat: formatting never changes what a document means (the compact
// JSON is the same), yields valid JSON, and is stable.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":[]}],"c":{}}`, "[\r\n1,2]", "\uFEFF{}", `{"a":1,"a":2}`, `"x"`} {
		f.Add([]byte(s), 2, true)
	}
	paths, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, 4, false)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, tabSize int, spaces bool) {
		opts := Options{TabSize: tabSize % 9, InsertSpaces: spaces}
		edits, ok := Edits(jsonsyntax.Parse(src), opts)
		if !ok {
			return
		}
		for i, e := range edits {
			if strings.TrimLeft(string(src[e.Start:e.End])+e.NewText, " \t\r\n") != "" {
				t.Fatalf("edit %d touches more than whitespace: %q -> %q", i, src[e.Start:e.End], e.NewText)
			}
			if i > 0 && e.Start < edits[i-1].End {
				t.Fatalf("edits overlap: %+v", edits)
			}
		}
		out, err := policy.ApplyEdits(src, edits)
		if err != nil {
			t.Fatal(err)
		}
		if json.Valid(src) {
			var a, b bytes.Buffer
			if json.Compact(&a, src) != nil || json.Compact(&b, out) != nil || a.String() != b.String() {
				t.Fatalf("formatting changed the document:\n%q\n->\n%q", src, out)
			}
		}
		if again, ok := Edits(jsonsyntax.Parse(out), opts); !ok || len(again) != 0 {
			t.Fatalf("not stable: %q gets %+v", out, again)
		}
	})
}

// More duplicate keys than the parser keeps errors for must not hide a real
// syntax error from the formatter: it would drop a comment or, with a key
// missing its colon, cut the source at -1.
func TestSyntaxErrorsBeyondTheErrorCap(t *testing.T) {
	dups := strings.Repeat(`"k":1,`, jsonsyntax.MaxErrors+1) + `"k":1`
	for _, src := range []string{`[{` + dups + `}, /*keep*/ 1]`, `[{` + dups + `}, {"a" 1}]`} {
		if edits, ok := Edits(jsonsyntax.Parse([]byte(src)), twoSpaces); ok || edits != nil {
			t.Errorf("%.40s…: formatted (%d edits)", src, len(edits))
		}
	}
}
