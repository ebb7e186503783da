package host

import (
	"bytes"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// The policy fixes that remove something all remove one member of an
// object (policy.RemoveProperty: a duplicate key, Principal in a
// permission policy, NotPrincipal, a condition key moved to another
// operator), with JSON's comma. yamlRemoveMember writes that removal in
// YAML:
//   - in a flow mapping, the JSON edit as it is (JSON members and commas
//     are YAML flow);
//   - in a block mapping, the member's whole lines, from the line break
//     before its key to the end of its value's last line: a comment at the
//     end of those lines goes with it, comment lines above and below stay
//     (they may be about their neighbours);
//   - the first member after a sequence's "- ": up to the next member's
//     key, which moves onto the "- " line at the same column (refused when
//     a comment sits between them);
//   - the only member of a block mapping: "{}" in its place, the empty
//     mapping JSON's edit leaves (a key with nothing after it would read as
//     null and change the structure).

// yamlRemoveMember rewrites ed, which deletes text, for a YAML host; false
// when ed is not the removal of a member.
func yamlRemoveMember(src []byte, doc *jsonsyntax.Document, ed policy.Edit) (policy.Edit, bool) {
	prop := removedMember(doc.Root, ed)
	if prop == nil {
		return ed, false
	}
	obj := prop.Parent()
	if obj.Start() < len(src) && src[obj.Start()] == '{' {
		return ed, true
	}
	kids := obj.Children()
	key, end := prop.Key(), prop.End()
	if len(kids) == 1 {
		return policy.Edit{Start: key.Start(), End: end, NewText: "{}"}, true
	}
	lineStart := bytes.LastIndexByte(src[:key.Start()], '\n') + 1
	if len(bytes.TrimLeft(src[lineStart:key.Start()], " ")) != 0 {
		next := kids[1].Key().Start()
		if prop != kids[0] || bytes.IndexByte(src[end:next], '#') >= 0 {
			return ed, false
		}
		return policy.Edit{Start: key.Start(), End: next}, true
	}
	if lineStart == 0 {
		return ed, false
	}
	start := lineStart - 1
	if start > 0 && src[start-1] == '\r' {
		start--
	}
	lineEnd := len(src)
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		lineEnd = end + i
	}
	lineEnd = len(bytes.TrimRight(src[:lineEnd], "\r"))
	return policy.Edit{Start: start, End: lineEnd}, true
}

// removedMember finds the member whose removal (as policy.RemoveProperty
// writes it) ed is: from the end of the previous member to its own end,
// from its start to the next member's, or its own range when alone.
func removedMember(root *jsonsyntax.Node, ed policy.Edit) *jsonsyntax.Node {
	var found *jsonsyntax.Node
	var walk func(n *jsonsyntax.Node)
	walk = func(n *jsonsyntax.Node) {
		if found != nil || n == nil || ed.Start < n.Start() && ed.End > n.End() || ed.End < n.Start() || ed.Start > n.End() {
			return
		}
		kids := n.Children()
		for i, c := range kids {
			if n.Kind() != jsonsyntax.Object {
				walk(c)
				continue
			}
			switch {
			case i > 0 && ed.Start == kids[i-1].End() && ed.End == c.End(),
				i == 0 && len(kids) > 1 && ed.Start == c.Start() && ed.End == kids[1].Start(),
				len(kids) == 1 && ed.Start == c.Start() && ed.End == c.End():
				found = c
				return
			}
			walk(c.Value())
		}
	}
	walk(root)
	return found
}
