package jsonsyntax

import (
	"bytes"
	"testing"
)

// TestBackslashBeforeLineBreak: a backslash does not carry a string over a
// line break (found by FuzzCompleteAndHover: `{"\` at the end of a line
// made the key span two lines, and so did completion's edit range). The
// string ends at its line, unclosed, with an incomplete escape.
func TestBackslashBeforeLineBreak(t *testing.T) {
	for _, src := range []string{"{\"\\\n\"", "{\"a\\\r\n\": 1}", "[\"\\\r\"]"} {
		doc := Parse([]byte(src))
		checkInvariants(t, doc, []byte(src))
		var first *Node
		var walk func(n *Node)
		walk = func(n *Node) {
			if n == nil || first != nil {
				return
			}
			if n.Kind() == String {
				first = n
				return
			}
			if n.Kind() == Property {
				walk(n.Key())
				walk(n.Value())
			}
			for _, c := range n.Children() {
				walk(c)
			}
		}
		walk(doc.Root)
		if first == nil {
			t.Fatalf("%q: no string", src)
		}
		if text := []byte(src[first.Start():first.End()]); bytes.ContainsAny(text, "\r\n") || first.Closed() {
			t.Errorf("%q: first string %q (closed %v) crosses its line", src, text, first.Closed())
		}
		codes := map[ErrorCode]bool{}
		for _, e := range doc.Errors {
			codes[e.Code] = true
		}
		if !codes[ErrUnclosedString] || !codes[ErrInvalidEscape] {
			t.Errorf("%q: errors %v, want an unclosed string and an incomplete escape", src, doc.Errors)
		}
	}
}
