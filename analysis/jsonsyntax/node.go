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
	// Hole is a value a host file computes when it is deployed (a
	// CloudFormation !Ref or !GetAtt, a Terraform interpolation): it never
	// comes from Parse, only from Build, and rules check nothing in it.
	Hole
)

var kindNames = [...]string{"invalid", "object", "array", "property", "string", "number", "boolean", "null", "expression"}

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
//
// All nodes of a Document live in one slice and refer to each other by index,
// so a parse makes a handful of allocations whatever the document's size and
// a node is 48 bytes with a single pointer (to its Document) for the garbage
// collector to follow. Nodes are read through methods; they are never
// changed after Parse returns.
type Node struct {
	doc    *Document
	start  int32
	end    int32
	parent int32 // index in doc.nodes; -1 for the root
	// A Property's key (in doc.nodes) and the slot of its value in
	// doc.children (-1 while missing), or an Object's or Array's first
	// child in doc.children and the number of children.
	a, b int32
	// Colon is a Property's ':' offset, or -1.
	colon int32
	// Text is doc.Source[textStart:textEnd], or doc.decoded[textStart] for a
	// string whose escapes were decoded.
	textStart, textEnd int32
	kind               Kind
	closed             bool
	decoded            bool
}

// Kind says what the node is.
func (n *Node) Kind() Kind { return n.kind }

// Start is the offset of the node's first byte.
func (n *Node) Start() int { return int(n.start) }

// End is the offset just past the node's last byte.
func (n *Node) End() int { return int(n.end) }

// Closed reports whether a String has its closing quote, or an Object or
// Array its closing bracket. Numbers, booleans, null and words are closed.
func (n *Node) Closed() bool { return n.closed }

// Parent is the enclosing node (a Property for a member's key and value), or
// nil for the root.
func (n *Node) Parent() *Node {
	if n.parent < 0 {
		return nil
	}
	return &n.doc.nodes[n.parent]
}

// Children are an Object's Property nodes or an Array's elements, in source
// order; nil for other kinds. The slice belongs to the Document.
func (n *Node) Children() []*Node {
	if (n.kind != Object && n.kind != Array) || n.b == 0 {
		return nil
	}
	return n.doc.children[n.a : n.a+n.b : n.a+n.b]
}

// Key is a Property's key, always a String node (possibly unclosed, or an
// unquoted word); nil for other kinds.
func (n *Node) Key() *Node {
	if n.kind != Property {
		return nil
	}
	return &n.doc.nodes[n.a]
}

// Value is a Property's value, or nil when the member has none yet
// (`"Effect"` or `"Effect":` while typing) and for other kinds.
func (n *Node) Value() *Node {
	if n.kind != Property || n.b < 0 {
		return nil
	}
	return n.doc.children[n.b]
}

// Values returns an Array's elements, or the node alone for any other value:
// the "one string or a list of strings" shape that policy elements such as
// Action and Resource take. It does not allocate for values (property
// values, array elements, the root); for a key or a property it does.
func (n *Node) Values() []*Node {
	if n.kind == Array {
		return n.Children()
	}
	// Every value has a slot in doc.children: in its array's run, its
	// property's own one-element run, or the root's.
	slot := int32(none)
	switch parent := n.Parent(); {
	case parent == nil && n == n.doc.Root:
		slot = n.doc.rootSlot
	case parent == nil:
	case parent.kind == Property:
		if parent.b >= 0 && n.doc.children[parent.b] == n {
			slot = parent.b
		}
	case parent.kind == Array:
		for i, c := range parent.Children() {
			if c == n {
				slot = parent.a + int32(i)
				break
			}
		}
	}
	if slot < 0 {
		return []*Node{n} // a value dropped by error recovery
	}
	return n.doc.children[slot : slot+1 : slot+1]
}

// Colon is the offset of a Property's ':', or -1 when it is missing.
func (n *Node) Colon() int { return int(n.colon) }

// Text is the decoded value of a String, the raw source text of a Number,
// Bool, Null or Invalid node, and "" for the other kinds.
func (n *Node) Text() string {
	if n.decoded {
		return n.doc.decoded[n.textStart]
	}
	return n.doc.Source[n.textStart:n.textEnd]
}

// Member returns the Property of an Object whose key is exactly name, or nil.
// When a key is duplicated the last one wins, as in most JSON readers and in
// AWS's own policy evaluation.
func (n *Node) Member(name string) *Node {
	if n == nil || n.kind != Object {
		return nil
	}
	children := n.Children()
	for i := len(children) - 1; i >= 0; i-- {
		if p := children[i]; p.Key().Text() == name {
			return p
		}
	}
	return nil
}

// Contains reports whether offset lies within the node, counting the end
// offset as inside (a cursor right after a token still touches it).
func (n *Node) Contains(offset int) bool {
	return n != nil && int(n.start) <= offset && offset <= int(n.end)
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

	nodes []Node
	// children holds every container's children, one run per container,
	// and a one-element run for each property value and the root, so
	// Node.Values never allocates.
	children []*Node
	rootSlot int32
	decoded  []string // texts of strings with escapes
}
