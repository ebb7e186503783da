package host

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Fixes that remove a member (Principal in an identity policy, Resource or
// NotPrincipal in a trust policy) are written in the policy's own
// Terraform syntax: in a jsonencode object the item's whole lines, or the
// item and its separator when it shares a line; in a policy document data
// source the argument's lines, or the lines of every principals block the
// member stands for; in .tf.json the JSON member of the block. Anything
// else (a one-line block, a comment between items, a dynamic block of the
// same type) is not offered.

// hclRemoveMember rewrites the removal of one member of an HCL policy.
func hclRemoveMember(src []byte, e *Embedded, ed policy.Edit) ([]policy.Edit, bool) {
	p := removedMember(e.Doc.Root, ed)
	if p == nil || p.Key().Start() == p.Key().End() {
		return nil, false // a member the data source supplies by default
	}
	if !e.document {
		edit, ok := removeItem(src, p)
		return []policy.Edit{edit}, ok
	}
	if objectRole(p.Parent()) != roleStatement {
		return nil, false // a condition block's variable: not one argument
	}
	if firstNonSpace(src) == '{' {
		return removeJSONArgument(src, p.Key().Start())
	}
	ranges := [][2]int{{p.Key().Start(), p.End()}}
	if blocks, ok := e.blocks[p.Key().Start()]; ok {
		ranges = blocks
	} else if !documentElements[p.Key().Text()] {
		return nil, false
	}
	edits := make([]policy.Edit, 0, len(ranges))
	for _, r := range ranges {
		start, end, ok := wholeLines(src, r[0], r[1])
		if !ok {
			return nil, false
		}
		edits = append(edits, policy.Edit{Start: start, End: end})
	}
	return edits, true
}

// documentElements are the policy elements a statement block's arguments
// give (documentArguments' values).
var documentElements = func() map[string]bool {
	m := map[string]bool{}
	for _, element := range documentArguments {
		m[element] = true
	}
	return m
}()

// removeItem is the edit that removes item p of a jsonencode object: its
// whole lines when nothing else is on them (a comment at their end goes
// too), else the item with the separator before it, or after it when it is
// the first, or a trailing comma when it is the only one.
func removeItem(src []byte, p *jsonsyntax.Node) (policy.Edit, bool) {
	if start, end, ok := wholeLines(src, p.Start(), p.End()); ok {
		return policy.Edit{Start: start, End: end}, true
	}
	kids := p.Parent().Children()
	i := 0
	for i < len(kids) && kids[i] != p {
		i++
	}
	switch {
	case i > 0 && onlySeparator(src[kids[i-1].End():p.Start()]):
		return policy.Edit{Start: kids[i-1].End(), End: p.End()}, true
	case i+1 < len(kids) && onlySeparator(src[p.End():kids[i+1].Start()]):
		return policy.Edit{Start: p.Start(), End: kids[i+1].Start()}, true
	case len(kids) == 1:
		end := p.End() + len(src[p.End():]) - len(bytes.TrimLeft(src[p.End():], " \t\r\n"))
		if end < len(src) && src[end] == ',' {
			end++
		}
		rest := bytes.TrimLeft(src[end:], " \t\r\n")
		if len(rest) > 0 && rest[0] == '}' {
			return policy.Edit{Start: p.Start(), End: end}, true
		}
	}
	return policy.Edit{}, false
}

// onlySeparator reports whether text between two object items is blank
// space with at most one comma (no comment, no item the front end skipped).
func onlySeparator(text []byte) bool {
	return len(bytes.Trim(text, " \t\r\n,")) == 0 && bytes.Count(text, []byte(",")) <= 1
}

// wholeLines is the range of the lines holding src[start:end] (from the
// start of the first to the start of the line after the last), when
// nothing but blank space precedes it on its first line and nothing but an
// optional comma and a line comment follows it on its last.
func wholeLines(src []byte, start, end int) (int, int, bool) {
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	if len(bytes.TrimSpace(src[lineStart:start])) != 0 {
		return 0, 0, false
	}
	lineEnd := len(src)
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		lineEnd = end + i + 1
	}
	rest := bytes.TrimSpace(src[end:lineEnd])
	rest = bytes.TrimSpace(bytes.TrimPrefix(rest, []byte(",")))
	if len(rest) > 0 && !bytes.HasPrefix(rest, []byte("#")) && !bytes.HasPrefix(rest, []byte("//")) {
		return 0, 0, false
	}
	return lineStart, lineEnd, true
}

// removeJSONArgument removes the member of a .tf.json block whose key
// starts at keyStart, as JSON (its comma and layout with it).
func removeJSONArgument(src []byte, keyStart int) ([]policy.Edit, bool) {
	key := jsonsyntax.Parse(src).NodeAt(keyStart)
	if key == nil || key.Start() != keyStart || key.Parent() == nil || key.Parent().Kind() != jsonsyntax.Property || key.Parent().Key() != key {
		return nil, false
	}
	return []policy.Edit{policy.RemoveProperty(src, key.Parent())}, true
}

// hclInsertElements rewrites an edit that adds values to a list (an
// action or resource the statement lacks): after the last element, into
// an empty list, or a single value made a list of it and them. Values are
// written as HCL (in .tf.json as JSON strings with ${ escaped); ok is
// false for any other edit.
func hclInsertElements(src []byte, e *Embedded, ed policy.Edit) (policy.Edit, bool) {
	write := hclValue
	if firstNonSpace(src) == '{' {
		write = tfJSONLiteral
	}
	values := func(text string) ([]string, bool) {
		var list []json.RawMessage
		if json.Unmarshal([]byte("["+text+"]"), &list) != nil || len(list) == 0 {
			return nil, false
		}
		out := make([]string, len(list))
		for i, v := range list {
			var ok bool
			if out[i], ok = write(v); !ok {
				return nil, false
			}
		}
		return out, true
	}
	n := e.Doc.NodeAt(ed.Start)
	if ed.Start != ed.End {
		// A single value made a list: "[" + the value + ", " + values + "]".
		old := string(src[ed.Start:ed.End])
		added, cut := strings.CutPrefix(ed.NewText, "["+old+", ")
		if n == nil || n.Start() != ed.Start || n.End() != ed.End || n.Kind() != jsonsyntax.String || !cut || !strings.HasSuffix(added, "]") {
			return ed, false
		}
		list, ok := values(strings.TrimSuffix(added, "]"))
		ed.NewText = "[" + old + ", " + strings.Join(list, ", ") + "]"
		return ed, ok
	}
	for ; n != nil && n.Kind() != jsonsyntax.Array; n = n.Parent() {
	}
	if n == nil || n.Kind() != jsonsyntax.Array {
		return ed, false
	}
	kids := n.Children()
	if len(kids) == 0 {
		list, ok := values(ed.NewText)
		ed.NewText = strings.Join(list, ", ")
		return ed, ok && ed.Start == n.Start()+1 && src[n.Start()] == '['
	}
	text, after := strings.CutPrefix(ed.NewText, ",")
	if !after || kids[len(kids)-1].End() != ed.Start {
		return ed, false
	}
	sep := text[:len(text)-len(strings.TrimLeft(text, " \t\r\n"))]
	if !strings.Contains(sep, "\n") {
		sep = " "
	}
	list, ok := values(text)
	ed.NewText = "," + sep + strings.Join(list, ","+sep)
	return ed, ok
}

// renameBareKey rewrites an edit that renames a key of a jsonencode object
// written bare (Bool = {...} to BoolIfExists): the new name bare when HCL
// reads it as the same string, else quoted.
func renameBareKey(src []byte, doc *jsonsyntax.Document, ed policy.Edit) (policy.Edit, bool) {
	n := doc.NodeAt(ed.Start)
	if n == nil || n.Start() != ed.Start || n.End() != ed.End || n.Parent() == nil || n.Parent().Kind() != jsonsyntax.Property || n.Parent().Key() != n {
		return ed, false
	}
	var name string
	if !bareKey.Match(src[ed.Start:ed.End]) || json.Unmarshal([]byte(ed.NewText), &name) != nil {
		return ed, false
	}
	ed.NewText = hclKey(name)
	return ed, true
}
