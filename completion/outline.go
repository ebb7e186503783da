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
// "Allow ses:SendEmail". Documents that are not policies have no outline.
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
		Start:          prop.Start,
		End:            prop.End,
		SelectionStart: prop.Start,
		SelectionEnd:   prop.End,
	}
	if prop.Key != nil {
		sym.SelectionStart, sym.SelectionEnd = prop.Key.Start, prop.Key.End
	}
	if v := prop.Value; v != nil {
		sym.Kind = v.Kind
		if v.Kind == jsonsyntax.String {
			sym.Detail = v.Text
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
		Kind:           n.Kind,
		Start:          n.Start,
		End:            n.End,
		SelectionStart: n.Start,
		SelectionEnd:   min(n.Start+1, n.End), // the opening brace
	}
	if sid := s.Sid.Value(); sid != nil && sid.Kind == jsonsyntax.String && sid.Text != "" {
		sym.Name = sid.Text
		sym.SelectionStart, sym.SelectionEnd = sid.Start, sid.End
	}
	return sym
}

// statementDetail joins the Effect and the first action (or "NotAction" and
// the first excluded action), leaving out whichever is missing.
func statementDetail(s *policy.Statement) string {
	detail := ""
	if v := s.Effect.Value(); v != nil && v.Kind == jsonsyntax.String {
		detail = v.Text
	}
	action := ""
	if acts := policy.Strings(s.Action); len(acts) > 0 {
		action = acts[0].Text
	} else if acts := policy.Strings(s.NotAction); len(acts) > 0 {
		action = "NotAction " + acts[0].Text
	}
	switch {
	case detail == "":
		return action
	case action == "":
		return detail
	}
	return detail + " " + action
}
