package jsonsyntax

import (
	"strconv"
	"strings"
)

// NodeAt returns the innermost node whose range contains offset, or nil.
// A cursor right after a token (offset == End) counts as touching it, which
// is what completion wants for `"ses:Sen|`.
func (d *Document) NodeAt(offset int) *Node {
	n := d.Root
	if !n.Contains(offset) {
		return nil
	}
	for {
		next := n.childAt(offset)
		if next == nil {
			return n
		}
		n = next
	}
}

func (n *Node) childAt(offset int) *Node {
	switch n.kind {
	case Property:
		// Prefer the value when the cursor sits between key and value.
		if v := n.Value(); v.Contains(offset) {
			return v
		}
		if k := n.Key(); k.Contains(offset) {
			return k
		}
	case Object, Array:
		// Children are sorted; the last one starting at or before the offset
		// is the only candidate.
		children := n.Children()
		lo, hi := 0, len(children)
		for lo < hi {
			mid := (lo + hi) / 2
			if int(children[mid].start) <= offset {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo > 0 && children[lo-1].Contains(offset) {
			return children[lo-1]
		}
	}
	return nil
}

// SyntaxErrorWithin reports whether an error other than a duplicate key
// lies within or touches [start, end], or whether errors were dropped (any
// of them might). Duplicate keys leave every token certain; other errors
// make the extent of the values around them a guess, so features that move
// text (formatting, reordering) keep away from them.
func (d *Document) SyntaxErrorWithin(start, end int) bool {
	if d.ErrorsDropped > 0 {
		return true
	}
	for _, e := range d.Errors {
		if e.Code != ErrDuplicateKey && e.Start <= end && e.End >= start {
			return true
		}
	}
	return false
}

// Segment is one step of a Path: an object key or an array index.
type Segment struct {
	Key     string
	Index   int
	IsIndex bool
}

// Path locates a value from the root, e.g. Statement, 0, Action.
type Path []Segment

// String renders the path as a JSON Pointer (RFC 6901), e.g.
// "/Statement/0/Action". The root is "".
func (p Path) String() string {
	var b strings.Builder
	for _, s := range p {
		b.WriteByte('/')
		if s.IsIndex {
			b.WriteString(strconv.Itoa(s.Index))
			continue
		}
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(s.Key))
	}
	return b.String()
}

// Path returns the path from the root to n. For a Property or its key, the
// path ends with the property's key.
func (n *Node) Path() Path {
	var rev Path
	for c := n; c != nil && c.parent >= 0; c = c.Parent() {
		parent := c.Parent()
		switch parent.kind {
		case Property:
			rev = append(rev, Segment{Key: parent.Key().Text()})
			c = parent // skip the property itself: its key is recorded
		case Array:
			for i, sibling := range parent.Children() {
				if sibling == c {
					rev = append(rev, Segment{Index: i, IsIndex: true})
					break
				}
			}
		case Object:
			if c.kind == Property {
				rev = append(rev, Segment{Key: c.Key().Text()})
			}
		}
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// PathAt returns the path of the node at offset (see NodeAt), or nil.
func (d *Document) PathAt(offset int) Path {
	n := d.NodeAt(offset)
	if n == nil {
		return nil
	}
	return n.Path()
}
