package completion

import (
	"slices"
	"strconv"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Symbol is one entry of a document outline. Ranges are half-open byte
// offsets; the selection range lies inside the full range.
type Symbol struct {
	Name   string // never empty
	Detail string
	// Kind is the JSON type of the entry's value, for choosing an icon.
	Kind jsonsyntax.Kind

	Start, End                   int // the whole entry
	SelectionStart, SelectionEnd int // the part to highlight when it is picked

	Children []Symbol
}

// Outline returns the outline of an analysed policy: Version and Id when
// present, and the Statement element with one child per statement object, in
// document order. A statement is named by its Sid, or "Statement N" (1-based)
// without one, and detailed by its Effect and first action, for example
// "Allow ses:SendEmail". Its children are its Principal, Action, Resource and
// Condition elements (or their Not forms), each with its whole member as the
// range and its key as the selection. Documents that are not policies have
// no outline.
func Outline(res *policy.Result) []Symbol {
	if res == nil || res.Policy == nil {
		return []Symbol{}
	}
	p := res.Policy
	out := make([]Symbol, 0, 3)
	for _, e := range [...]*policy.Element{p.Version, p.ID, p.Statement} {
		if e == nil || e.Property == nil {
			continue
		}
		sym := elementSymbol(e)
		if e == p.Statement {
			sym.Children = make([]Symbol, 0, len(p.Statements))
			for _, s := range p.Statements {
				sym.Children = append(sym.Children, statementSymbol(s))
			}
		}
		out = append(out, sym)
	}
	// The elements may appear in any order in the document.
	slices.SortFunc(out, func(a, b Symbol) int { return a.Start - b.Start })
	return out
}

// elementSymbol describes a top-level element: its whole member as the range,
// its key as the selection, and a string value as the detail.
func elementSymbol(e *policy.Element) Symbol {
	prop := e.Property
	sym := Symbol{
		Name:           e.Name,
		Kind:           jsonsyntax.Null,
		Start:          prop.Start(),
		End:            prop.End(),
		SelectionStart: prop.Start(),
		SelectionEnd:   prop.End(),
	}
	if prop.Key() != nil {
		sym.SelectionStart, sym.SelectionEnd = prop.Key().Start(), prop.Key().End()
	}
	if v := prop.Value(); v != nil {
		sym.Kind = v.Kind()
		if v.Kind() == jsonsyntax.String {
			sym.Detail = v.Text()
		}
	}
	if sym.Name == "" {
		sym.Name = `""`
	}
	return sym
}

// statementSymbol describes one statement object.
func statementSymbol(s *policy.Statement) Symbol {
	n := s.Node
	sym := Symbol{
		Name:           "Statement " + strconv.Itoa(s.Index+1),
		Detail:         statementDetail(s),
		Kind:           n.Kind(),
		Start:          n.Start(),
		End:            n.End(),
		SelectionStart: n.Start(),
		SelectionEnd:   min(n.Start()+1, n.End()), // the opening brace
	}
	if sid := s.Sid.Value(); sid != nil && sid.Kind() == jsonsyntax.String && sid.Text() != "" {
		sym.Name = sid.Text()
		sym.SelectionStart, sym.SelectionEnd = sid.Start(), sid.End()
	}
	for _, e := range [...]*policy.Element{s.Principal, s.NotPrincipal, s.Action, s.NotAction, s.Resource, s.NotResource, s.Condition} {
		if e != nil && e.Property != nil {
			child := elementSymbol(e)
			child.Detail = elementDetail(e)
			sym.Children = append(sym.Children, child)
		}
	}
	slices.SortFunc(sym.Children, func(a, b Symbol) int { return a.Start - b.Start })
	return sym
}

// elementDetail summarises a statement element's value for the outline:
// the first entry and how many more there are ("ses:SendEmail +2"), the
// principal type before a principal ("Service pinpoint.amazonaws.com"),
// the operator before a condition key ("StringEquals aws:SourceAccount").
func elementDetail(e *policy.Element) string {
	v := e.Value()
	if v == nil {
		return ""
	}
	switch v.Kind() {
	case jsonsyntax.String:
		return v.Text()
	case jsonsyntax.Array:
		return firstAndMore(policy.Strings(e))
	case jsonsyntax.Object:
		var first string
		n := 0
		for _, outer := range v.Children() {
			if outer.Key() == nil {
				continue
			}
			inner := outer.Value()
			switch {
			case inner == nil:
			case inner.Kind() == jsonsyntax.Object: // Condition: operator -> keys
				for _, key := range inner.Children() {
					if n++; n == 1 && key.Key() != nil {
						first = outer.Key().Text() + " " + key.Key().Text()
					}
				}
			default: // Principal: type -> names
				for _, name := range policy.Strings(&policy.Element{Property: outer}) {
					if n++; n == 1 {
						first = outer.Key().Text() + " " + name.Text()
					}
				}
			}
		}
		return withMore(first, n-1)
	}
	return ""
}

// firstAndMore names the first string and counts the others.
func firstAndMore(list []*jsonsyntax.Node) string {
	if len(list) == 0 {
		return ""
	}
	return withMore(list[0].Text(), len(list)-1)
}

// withMore appends " +n" to s when n > 0.
func withMore(s string, n int) string {
	if n <= 0 || s == "" {
		return s
	}
	return s + " +" + strconv.Itoa(n)
}

// statementDetail joins the Effect and the first action (or "NotAction" and
// the first excluded action), leaving out whichever is missing.
func statementDetail(s *policy.Statement) string {
	detail := ""
	if v := s.Effect.Value(); v != nil && v.Kind() == jsonsyntax.String {
		detail = v.Text()
	}
	action := ""
	if acts := policy.Strings(s.Action); len(acts) > 0 {
		action = acts[0].Text()
	} else if acts := policy.Strings(s.NotAction); len(acts) > 0 {
		action = "NotAction " + acts[0].Text()
	}
	switch {
	case detail == "":
		return action
	case action == "":
		return detail
	}
	return detail + " " + action
}
