// Package jsonsyntax is a tolerant JSON parser that never fails.
//
// It is modelled on the scanner/parser pair behind VS Code's JSON support:
// Parse always returns a tree and a list of errors, and every node and every
// error carries exact byte offsets into the source. Documents in an editor are
// half-typed most of the time, so the parser keeps whatever structure it can
// recognise (a key without a colon, an unclosed string, an unquoted word) and
// resumes at the next ',' '}' or ']' after an error.
//
// Offsets are bytes. Conversion to editor positions (lines, UTF-16 columns)
// happens elsewhere (analysis/text).
package jsonsyntax

// Kind says what a Node is.
type Kind uint8

// The node kinds. Invalid holds a token that is not JSON (an unquoted word, a
// stray character) so that later features can still see and replace it.
const (
	Invalid Kind = iota
	Object
	Array
	Property
	String
	Number
	Bool
	Null
)

var kindNames = [...]string{"invalid", "object", "array", "property", "string", "number", "boolean", "null"}

// String returns the JSON name of the kind ("object", "string", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Node is one element of the tree. Ranges are half-open byte offsets
// [Start, End) into the parsed source; a child's range lies inside its
// parent's range.
type Node struct {
	Kind Kind
	// Closed reports whether a String has its closing quote, or an Object or
	// Array its closing bracket.
	Closed bool
	Start  int
	End    int

	Parent *Node
	// Children holds an Object's Property nodes or an Array's elements, in
	// source order. Nil for other kinds.
	Children []*Node

	// Key and Value are set on Property nodes. Key is always a String node
	// (possibly unclosed); Value is nil when the member has no value yet
	// (`"Effect"` or `"Effect":` while typing).
	Key   *Node
	Value *Node
	// Colon is the offset of a Property's ':' or -1 when it is missing.
	Colon int

	// Text is the decoded value of a String, and the raw source text of a
	// Number, Bool, Null or Invalid node.
	Text string
}

// Member returns the Property of an Object whose key is exactly name, or nil.
// When a key is duplicated the last one wins, as in most JSON readers and in
// AWS's own policy evaluation.
func (n *Node) Member(name string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i := len(n.Children) - 1; i >= 0; i-- {
		p := n.Children[i]
		if p.Key != nil && p.Key.Text == name {
			return p
		}
	}
	return nil
}

// Contains reports whether offset lies within the node, counting the end
// offset as inside (a cursor right after a token still touches it).
func (n *Node) Contains(offset int) bool {
	return n != nil && n.Start <= offset && offset <= n.End
}

// Document is the result of parsing: the root value (nil for an empty or
// all-whitespace source), every error found (sorted by Start), and the source
// text the nodes' strings point into.
type Document struct {
	Root   *Node
	Errors []Error
	// ErrorsDropped counts errors found after the first MaxErrors.
	ErrorsDropped int
	Source        string
}
