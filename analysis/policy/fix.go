package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// Edit replaces the bytes [Start, End) of the source with NewText.
type Edit struct {
	Start, End int
	NewText    string
}

// Fix is one way to resolve a finding. Preferred fixes are unambiguous
// and never widen what the policy grants (wrong case, a typo with one
// possible reading, a trailing comma; see fixsafety.go): the editor's
// "fix all" and `policyls check --fix=all` apply them. Safe fixes change
// spelling, case or JSON syntax only (case, a missing Version, a trailing
// comma): `policyls check --fix` applies the fixes that are both.
type Fix struct {
	Title     string
	Preferred bool
	Safe      bool
	Edits     []Edit
}

// ApplyEdits applies non-overlapping edits to src and returns the new
// source. Overlapping edits are an error: the caller picked incompatible
// fixes.
func ApplyEdits(src []byte, edits []Edit) ([]byte, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b Edit) int { return a.Start - b.Start })
	var out bytes.Buffer
	out.Grow(len(src))
	at := 0
	for _, e := range sorted {
		if e.Start < at || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edits overlap or leave the document at %d-%d", e.Start, e.End)
		}
		out.Write(src[at:e.Start])
		out.WriteString(e.NewText)
		at = e.End
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}

// FixMode chooses the fixes Fixes applies.
type FixMode uint8

const (
	// FixPreferred applies every preferred fix: the editor's fix-all and
	// `check --fix=all`.
	FixPreferred FixMode = iota
	// FixSafe applies the preferred fixes that are also safe: `check --fix`.
	FixSafe
)

// Change is one edit Fixes made.
type Change struct {
	Rule, Title string
	// Start is where the new text begins in the fixed document.
	Start    int
	Old, New string
}

// FixAll applies every preferred fix; see Fixes.
func FixAll(src []byte, opts Options) ([]byte, int) {
	out, n, _ := Fixes(src, opts, FixPreferred)
	return out, n
}

// Fixes applies the fixes mode chooses, in rounds: a round takes the fixes
// whose edits do not overlap with an earlier fix of the round, then the
// document is analysed again. It returns the new source, the number of
// fixes applied and each edit made; rounds stop when nothing is left to fix
// (at most 10). A document that is not a policy by its own content
// (Result.Rewritable) is never changed, even under a forced kind.
func Fixes(src []byte, opts Options, mode FixMode) ([]byte, int, []Change) {
	return FixesWith(src, mode, func(src []byte) ([]Diagnostic, bool) {
		res := Analyze(src, opts)
		return res.Diagnostics, res.Rewritable
	})
}

// FixesWith is Fixes with another analysis: a host file's (a CloudFormation
// template's policies, whose fixes are already in the host's syntax).
// analyze returns the findings of a source and whether it may be rewritten.
func FixesWith(src []byte, mode FixMode, analyze func([]byte) ([]Diagnostic, bool)) ([]byte, int, []Change) {
	applied := 0
	var changes []Change
	diagnostics, rewritable := analyze(src)
	for range 10 {
		if !rewritable {
			break
		}
		var edits []Edit
		var made []Change
		var taken [][2]int
		var fixes []roundFix // the round's fixes, each alone
		round := 0
	next:
		for _, d := range diagnostics {
			for _, f := range d.Fixes {
				if !f.Preferred || mode == FixSafe && !f.Safe {
					continue
				}
				for _, e := range f.Edits {
					for _, t := range taken {
						if e.Start < t[1] && t[0] < e.End || e.Start == t[0] && e.End == t[0] {
							continue next
						}
					}
				}
				one := roundFix{edits: f.Edits}
				for _, e := range f.Edits {
					taken = append(taken, [2]int{e.Start, e.End})
					if e.Start >= 0 && e.Start <= e.End && e.End <= len(src) {
						one.made = append(one.made, Change{Rule: d.Code, Title: f.Title, Start: e.Start, Old: string(src[e.Start:e.End]), New: e.NewText})
					}
				}
				edits = append(edits, one.edits...)
				made = append(made, one.made...)
				fixes = append(fixes, one)
				round++
				continue next
			}
		}
		if round == 0 {
			break
		}
		out, err := ApplyEdits(src, edits)
		if err != nil {
			break
		}
		after, afterRewritable := analyze(out)
		worse := func() bool { return !afterRewritable || breakages(after) > breakages(diagnostics) }
		if worse() && round > 1 {
			// Two fixes of the round wrote the same key into one object
			// (an operator renamed by one, added by another), which IAM
			// would refuse or read as one of them, and a YAML template
			// refuses to parse: one fix now, the others weighed again
			// against its result. A correction of what is written goes
			// before an addition, so the addition sees the corrected text.
			first := fixes[0]
			for _, f := range fixes {
				if !f.inserts() {
					first = f
					break
				}
			}
			edits, made, round = first.edits, first.made, 1
			if out, err = ApplyEdits(src, edits); err != nil {
				break
			}
			after, afterRewritable = analyze(out)
		}
		if worse() {
			break // a fix that repeats a key or breaks the syntax is never written
		}
		diagnostics, rewritable = after, afterRewritable
		// Every change so far moves with the text before it.
		for i := range changes {
			changes[i].Start = shifted(changes[i].Start, edits)
		}
		for _, c := range made {
			c.Start = shifted(c.Start, edits)
			changes = append(changes, c)
		}
		src = out
		applied += round
	}
	slices.SortStableFunc(changes, func(x, y Change) int { return x.Start - y.Start })
	return src, applied, changes
}

// roundFix is one fix taken in a round of FixesWith: its edits and the
// changes they make.
type roundFix struct {
	edits []Edit
	made  []Change
}

// inserts reports whether the fix adds text without replacing any.
func (f roundFix) inserts() bool {
	for _, e := range f.edits {
		if e.Start < e.End {
			return false
		}
	}
	return true
}

// breakages counts the findings of keys named twice in one object and of
// syntax errors (a key twice in a YAML mapping is one: go-yaml refuses it).
func breakages(diagnostics []Diagnostic) int {
	n := 0
	for _, d := range diagnostics {
		if d.Code == RuleDuplicateKey || d.Code == RuleSyntax {
			n++
		}
	}
	return n
}

// shifted maps an offset of a document to the same place after edits:
// every edit wholly before it moves it by the change in length.
func shifted(at int, edits []Edit) int {
	moved := at
	for _, e := range edits {
		if e.Start < at && e.End <= at {
			moved += len(e.NewText) - (e.End - e.Start)
		}
	}
	return moved
}

// replaceString is the edit that turns a string node into the string s.
func replaceString(n *jsonsyntax.Node, s string) Edit {
	return Edit{Start: n.Start(), End: n.End(), NewText: jsonString(s)}
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// RemoveProperty is the edit that deletes a member of an object with its
// separating comma, keeping the layout of the members around it.
func RemoveProperty(src []byte, prop *jsonsyntax.Node) Edit {
	obj := prop.Parent()
	i := slices.Index(obj.Children(), prop)
	switch {
	case i > 0:
		// From the end of the previous member: its comma, line break and
		// indentation go with the removed member.
		return Edit{Start: obj.Children()[i-1].End(), End: prop.End()}
	case len(obj.Children()) > 1:
		return Edit{Start: prop.Start(), End: obj.Children()[1].Start()}
	}
	return Edit{Start: prop.Start(), End: prop.End()}
}

// insertProperty is the edit that adds the member text ("\"Key\": value")
// at the end of obj, with a comma and the indentation the object's members
// already use.
func insertProperty(src []byte, obj *jsonsyntax.Node, member string) Edit {
	if len(obj.Children()) == 0 {
		return Edit{Start: obj.Start() + 1, End: obj.Start() + 1, NewText: member}
	}
	last := obj.Children()[len(obj.Children())-1]
	return Edit{Start: last.End(), End: last.End(), NewText: "," + separatorBefore(src, last) + member}
}

// memberJSON is the text of member p as a JSON member, to be inserted
// elsewhere: its source when that is JSON, else (a policy embedded in a
// YAML template) written from its tree. False when its value is computed
// by the host or not JSON.
func memberJSON(src []byte, p *jsonsyntax.Node) (string, bool) {
	text := src[p.Start():p.End()]
	if json.Valid(append(append([]byte("{"), text...), '}')) {
		return string(text), true
	}
	if p.Key() == nil || p.Value() == nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString(jsonString(p.Key().Text()) + ": ")
	if !writeJSON(&b, p.Value()) {
		return "", false
	}
	return b.String(), true
}

// writeJSON writes the value n as compact JSON; false for a value that
// has no JSON text (a host's computed value, an invalid token).
func writeJSON(b *strings.Builder, n *jsonsyntax.Node) bool {
	switch n.Kind() {
	case jsonsyntax.String:
		b.WriteString(jsonString(n.Text()))
	case jsonsyntax.Number, jsonsyntax.Bool, jsonsyntax.Null:
		b.WriteString(n.Text())
	case jsonsyntax.Array, jsonsyntax.Object:
		open, close := "[", "]"
		if n.Kind() == jsonsyntax.Object {
			open, close = "{", "}"
		}
		b.WriteString(open)
		for i, c := range n.Children() {
			if i > 0 {
				b.WriteString(", ")
			}
			if n.Kind() == jsonsyntax.Object {
				if c.Key() == nil || c.Value() == nil {
					return false
				}
				b.WriteString(jsonString(c.Key().Text()) + ": ")
				c = c.Value()
			}
			if !writeJSON(b, c) {
				return false
			}
		}
		b.WriteString(close)
	default:
		return false
	}
	return true
}

// separatorBefore returns the whitespace between a member and what
// precedes it on its line: a line break (in the document's style) plus
// indentation when members sit on their own lines, else a single space.
func separatorBefore(src []byte, n *jsonsyntax.Node) string {
	lineStart := n.Start()
	for lineStart > 0 && src[lineStart-1] != '\n' && src[lineStart-1] != '\r' {
		lineStart--
	}
	indent := src[lineStart:n.Start()]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		return " " // not first on its line: members share lines
	}
	return lineBreakBefore(src, lineStart) + string(indent)
}

// lineBreakBefore returns the line break that ends just before lineStart:
// "\r\n", "\r" (a CR-only document) or "\n", so an inserted line uses the
// document's line endings.
func lineBreakBefore(src []byte, lineStart int) string {
	switch {
	case lineStart >= 2 && src[lineStart-2] == '\r' && src[lineStart-1] == '\n':
		return "\r\n"
	case lineStart >= 1 && src[lineStart-1] == '\r':
		return "\r"
	}
	return "\n"
}

// insertFirstProperty is the edit that adds a member at the start of obj,
// in the layout its members use.
func insertFirstProperty(src []byte, obj *jsonsyntax.Node, member string) Edit {
	if len(obj.Children()) == 0 {
		return Edit{Start: obj.Start() + 1, End: obj.Start() + 1, NewText: member}
	}
	first := obj.Children()[0]
	if sep := separatorBefore(src, first); sep != " " {
		return Edit{Start: obj.Start() + 1, End: obj.Start() + 1, NewText: sep + member + ","}
	}
	return Edit{Start: first.Start(), End: first.Start(), NewText: member + ", "}
}

// insertElements is the edit that appends JSON values to an array, in the
// array's layout, or turns a single value into an array of it and them.
func insertElements(src []byte, v *jsonsyntax.Node, values ...string) Edit {
	if v.Kind() == jsonsyntax.Array {
		if len(v.Children()) == 0 {
			return Edit{Start: v.Start() + 1, End: v.Start() + 1, NewText: strings.Join(values, ", ")}
		}
		last := v.Children()[len(v.Children())-1]
		sep := "," + separatorBefore(src, last)
		return Edit{Start: last.End(), End: last.End(), NewText: sep + strings.Join(values, sep)}
	}
	return Edit{Start: v.Start(), End: v.End(), NewText: "[" + string(src[v.Start():v.End()]) + ", " + strings.Join(values, ", ") + "]"}
}
