package jsonsyntax

import (
	"strings"
	"testing"
)

// TestBuildTexts: a scalar whose text is its range's source, or the source
// inside its quotes, points into the source; any other text (escapes
// decoded, a YAML scalar read differently) is stored decoded, and Text
// returns the front end's text either way.
func TestBuildTexts(t *testing.T) {
	src := `{"Key": plain, other: "a\u0041", same: word}`
	at := func(s string) (int, int) {
		i := strings.Index(src, s)
		return i, i + len(s)
	}
	value := func(kind Kind, s, text string) Value {
		start, end := at(s)
		return Value{Kind: kind, Start: start, End: end, Text: text}
	}
	member := func(key, keyText string, v Value) Member {
		k := value(String, key, keyText)
		return Member{Key: k, Colon: k.End, Value: &v}
	}
	root := Value{Kind: Object, Start: 0, End: len(src), Members: []Member{
		member(`"Key"`, "Key", value(String, "plain", "plain")),
		member("other", "other", value(String, `"a\u0041"`, "aA")),
		member("same", "same", value(String, "word", "WORD")),
	}}
	doc := Build(src, &root)
	var got []string
	for _, p := range doc.Root.Children() {
		got = append(got, p.Key().Text(), p.Value().Text())
	}
	want := []string{"Key", "plain", "other", "aA", "same", "WORD"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("texts %q, want %q", got, want)
	}
	if len(doc.decoded) != 2 {
		t.Errorf("%d texts stored decoded (%q), want 2: aA and WORD", len(doc.decoded), doc.decoded)
	}
}
