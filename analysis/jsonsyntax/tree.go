package jsonsyntax

import (
	"strconv"
	"strings"
)

// reportDuplicates reports every key that repeats an earlier key of the same
// object. The later one is flagged: it is the one to look at, since readers
// disagree on which copy wins.
func (p *parser) reportDuplicates(n *Node) {
	switch n.Kind {
	case Object:
		props := n.Children
		var seen map[string]bool
		if len(props) > 16 {
			seen = make(map[string]bool, len(props))
		}
		for i, prop := range props {
			if prop.Key == nil {
				continue
			}
			name := prop.Key.Text
			dup := false
			if seen != nil {
				dup = seen[name]
				seen[name] = true
			} else {
				for _, earlier := range props[:i] {
					if earlier.Key != nil && earlier.Key.Text == name {
						dup = true
						break
					}
				}
			}
			if dup {
				p.errorf(ErrDuplicateKey, prop.Key.Start, prop.Key.End, "duplicate key \""+strings.Trim(quoteForMessage(name), "'")+"\": an object may name each key once")
			}
			if prop.Value != nil {
				p.reportDuplicates(prop.Value)
			}
		}
	case Array:
		for _, c := range n.Children {
			p.reportDuplicates(c)
		}
	}
}

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
	switch n.Kind {
	case Property:
		// Prefer the value when the cursor sits between key and value.
		if n.Value.Contains(offset) {
			return n.Value
		}
		if n.Key.Contains(offset) {
			return n.Key
		}
	case Object, Array:
		// Children are sorted; the last one starting at or before the offset
		// is the only candidate.
		lo, hi := 0, len(n.Children)
		for lo < hi {
			mid := (lo + hi) / 2
			if n.Children[mid].Start <= offset {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo > 0 && n.Children[lo-1].Contains(offset) {
			return n.Children[lo-1]
		}
	}
	return nil
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
	for c := n; c != nil && c.Parent != nil; c = c.Parent {
		parent := c.Parent
		switch parent.Kind {
		case Property:
			if parent.Key != nil {
				rev = append(rev, Segment{Key: parent.Key.Text})
			}
			c = parent // skip the property itself: its key is recorded
		case Array:
			for i, sibling := range parent.Children {
				if sibling == c {
					rev = append(rev, Segment{Index: i, IsIndex: true})
					break
				}
			}
		case Object:
			if c.Kind == Property && c.Key != nil {
				rev = append(rev, Segment{Key: c.Key.Text})
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
