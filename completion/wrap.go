package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// WrapStatement returns the edits of the refactoring that turns a lone
// Statement object into an array holding it, when offset lies on the
// Statement element (its key or anywhere in its value). It reports false
// when there is no such object there.
//
// The edits are small insertions, so the rest of the document (and the
// editor's cursor) stays put: "[" before the object and "]" after it when
// the object is on one line; otherwise the brackets go on lines of their
// own and every line of the object gains one level of indentation.
func WrapStatement(res *policy.Result, offset int) ([]Edit, bool) {
	if res == nil || res.Policy == nil || res.Policy.Statement == nil {
		return nil, false
	}
	prop := res.Policy.Statement.Property
	v := prop.Value()
	if v == nil || v.Kind() != jsonsyntax.Object || !v.Closed() || offset < prop.Start() || offset > prop.End() {
		return nil, false
	}
	src := res.Doc.Source
	body := src[v.Start():v.End()]
	if !strings.Contains(body, "\n") {
		return []Edit{{Start: v.Start(), End: v.Start(), NewText: "["}, {Start: v.End(), End: v.End(), NewText: "]"}}, true
	}
	unit, nl := IndentUnit(src), Newline(src)
	indent := lineIndent(src, v.Start())
	edits := []Edit{{Start: v.Start(), End: v.Start(), NewText: "[" + nl + indent + unit}}
	for i := strings.IndexByte(body, '\n'); i >= 0; {
		at := v.Start() + i + 1
		if at < v.End() && src[at] != '\n' && src[at] != '\r' {
			edits = append(edits, Edit{Start: at, End: at, NewText: unit})
		}
		next := strings.IndexByte(body[i+1:], '\n')
		if next < 0 {
			break
		}
		i += next + 1
	}
	edits = append(edits, Edit{Start: v.End(), End: v.End(), NewText: nl + indent + "]"})
	return edits, true
}
