// Package format lays out policy JSON the way AWS's documentation does:
// every member and every array element on a line of its own, indented by
// nesting, a space after each colon, nothing before a comma, and empty
// objects and arrays as {} and [].
//
// Formatting changes only the whitespace between tokens. Strings, numbers
// and key order are kept exactly as written, so the policy means the same
// afterwards. The result is a list of edits, one per gap between tokens
// that needs other whitespace: an editor keeps the cursor and undo history
// it would lose to a whole-document replacement, and a formatted document
// gets no edits at all. A document with syntax errors is not formatted:
// where the tokens are uncertain, moving whitespace could change what the
// user meant.
package format

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Options are the editor's formatting preferences.
type Options struct {
	// TabSize is the number of spaces per level when InsertSpaces is set.
	TabSize int
	// InsertSpaces indents with spaces; otherwise with one tab per level.
	InsertSpaces bool
	// FinalNewline ends the document with exactly one line break. Without
	// it, the document keeps whether it ended with one.
	FinalNewline bool
}

// Edits returns the whitespace edits that format doc, sorted and never
// overlapping, and true; or nil and false when the document cannot be
// formatted because of syntax errors. Duplicate keys are not in the way:
// formatting keeps both.
func Edits(doc *jsonsyntax.Document, opts Options) ([]policy.Edit, bool) {
	if doc.SyntaxErrorWithin(0, len(doc.Source)) {
		return nil, false
	}
	if doc.Root == nil {
		return nil, true // empty or only whitespace: nothing to lay out
	}
	f := &formatter{src: doc.Source, indent: "\t", newline: "\n"}
	if opts.InsertSpaces {
		f.indent = strings.Repeat(" ", max(opts.TabSize, 1))
	}
	switch {
	case strings.Contains(doc.Source, "\r\n"):
		f.newline = "\r\n"
	case strings.Contains(doc.Source, "\r") && !strings.Contains(doc.Source, "\n"):
		f.newline = "\r" // a CR-only document stays CR-only
	}
	start := 0
	if strings.HasPrefix(doc.Source, "\uFEFF") {
		start = len("\uFEFF") // a byte order mark stays where it is
	}
	f.gap(start, doc.Root.Start(), "")
	f.value(doc.Root, 0)
	end := ""
	if opts.FinalNewline || strings.HasSuffix(doc.Source, "\n") || strings.HasSuffix(doc.Source, "\r") {
		end = f.newline
	}
	f.gap(doc.Root.End(), len(doc.Source), end)
	return f.edits, true
}

type formatter struct {
	src     string
	indent  string // one level
	newline string
	lines   []string // line break and indentation, by level
	edits   []policy.Edit
}

// gap makes the source between two tokens, src[from:to], read want.
func (f *formatter) gap(from, to int, want string) {
	if f.src[from:to] != want {
		f.edits = append(f.edits, policy.Edit{Start: from, End: to, NewText: want})
	}
}

// line makes the gap src[from:to] a line break followed by the indentation
// of level, comparing before building so that a formatted document costs
// no allocation per gap.
func (f *formatter) line(from, to, level int) {
	gap := f.src[from:to]
	if rest, ok := strings.CutPrefix(gap, f.newline); ok && len(rest) == level*len(f.indent) && isRepeat(rest, f.indent) {
		return
	}
	for len(f.lines) <= level {
		f.lines = append(f.lines, f.newline+strings.Repeat(f.indent, len(f.lines)))
	}
	f.edits = append(f.edits, policy.Edit{Start: from, End: to, NewText: f.lines[level]})
}

// isRepeat reports whether s is unit repeated (s's length is a multiple of
// unit's).
func isRepeat(s, unit string) bool {
	for i := 0; i < len(s); i += len(unit) {
		if s[i:i+len(unit)] != unit {
			return false
		}
	}
	return true
}

// value lays out a value found at the given nesting level. Scalars are
// left as written.
func (f *formatter) value(n *jsonsyntax.Node, level int) {
	switch n.Kind() {
	case jsonsyntax.Object:
		f.members(n, level, func(prop *jsonsyntax.Node) {
			key, value := prop.Key(), prop.Value()
			f.gap(key.End(), prop.Colon(), "")
			f.gap(prop.Colon()+1, value.Start(), " ")
			f.value(value, level+1)
		})
	case jsonsyntax.Array:
		f.members(n, level, func(element *jsonsyntax.Node) {
			f.value(element, level+1)
		})
	}
}

// members lays out the children of an object or array: one per line, one
// level deeper than the brackets, commas right after each child.
func (f *formatter) members(n *jsonsyntax.Node, level int, each func(*jsonsyntax.Node)) {
	children := n.Children()
	if len(children) == 0 {
		f.gap(n.Start()+1, n.End()-1, "")
		return
	}
	f.line(n.Start()+1, children[0].Start(), level+1)
	for i, c := range children {
		each(c)
		if i == len(children)-1 {
			break
		}
		// Without syntax errors only whitespace and one comma lie between
		// two children.
		comma := c.End() + strings.IndexByte(f.src[c.End():children[i+1].Start()], ',')
		f.gap(c.End(), comma, "")
		f.line(comma+1, children[i+1].Start(), level+1)
	}
	f.line(children[len(children)-1].End(), n.End()-1, level)
}
