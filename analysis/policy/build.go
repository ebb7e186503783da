package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// The element names each level of a policy may hold, in the order the
// documentation lists them (suggestions prefer the earlier one on a tie).
var (
	topLevelNames  = []string{"Version", "Id", "Statement"}
	statementNames = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	principalNames = []string{"AWS", "Service", "Federated", "CanonicalUser"}
)

// buildPolicy reads the typed model out of the root object and reports
// element names it does not know. Misspelt names are remembered per
// statement so that "Action is missing" is not said on top of "did you mean
// Action?".
func (a *analyzer) buildPolicy(root *jsonsyntax.Node) *Policy {
	p := &Policy{Root: root}
	for _, prop := range root.Children() {
		name := prop.Key().Text()
		el := &Element{Name: name, Property: prop}
		switch name {
		case "Version":
			p.Version = el
		case "Id":
			p.ID = el
		case "Statement":
			p.Statement = el
		default:
			if s := a.reportUnknownElement(prop, topLevelNames, "policy element"); s == "Statement" && p.Statement == nil {
				a.misspeltStatement = true
			}
		}
	}
	v := p.Statement.Value()
	switch {
	case v == nil:
	case v.Kind() == jsonsyntax.Object:
		p.Statements = append(p.Statements, a.buildStatement(v, 0))
	case v.Kind() == jsonsyntax.Array:
		for i, el := range v.Children() {
			if el.Kind() == jsonsyntax.Object {
				p.Statements = append(p.Statements, a.buildStatement(el, i))
			}
		}
	}
	return p
}

func (a *analyzer) buildStatement(obj *jsonsyntax.Node, index int) *Statement {
	s := &Statement{Node: obj, Index: index}
	elements := make([]Element, len(obj.Children())) // one allocation per statement
	for i, prop := range obj.Children() {
		el := &elements[i]
		*el = Element{Name: prop.Key().Text(), Property: prop}
		switch el.Name {
		case "Sid":
			s.Sid = el
		case "Effect":
			s.Effect = el
		case "Principal":
			s.Principal = el
		case "NotPrincipal":
			s.NotPrincipal = el
		case "Action":
			s.Action = el
		case "NotAction":
			s.NotAction = el
		case "Resource":
			s.Resource = el
		case "NotResource":
			s.NotResource = el
		case "Condition":
			s.Condition = el
		default:
			if sug := a.reportUnknownElement(prop, statementNames, "statement element"); sug != "" {
				s.misspelt = append(s.misspelt, sug)
			}
		}
	}
	return s
}

// reportUnknownElement reports a key that is not one of known ("unknown
// <what> <key>"), with a suggestion when one is close, and returns the
// suggestion ("" if none).
func (a *analyzer) reportUnknownElement(prop *jsonsyntax.Node, known []string, what string) string {
	name := prop.Key().Text()
	sug := suggest(name, known)
	msg := "unknown " + what + " " + quote(name)
	if sug != "" {
		msg += ": did you mean " + quote(sug) + "?"
	} else {
		msg += "; expected one of " + strings.Join(known, ", ")
	}
	a.report(RuleUnknownElement, prop.Key().Start(), prop.Key().End(), msg)
	if sug != "" {
		// Renaming onto a key that is already there would make a duplicate;
		// renaming onto a Not element (NotAction, NotResource...) could turn
		// an Allow into a grant of everything else, unless only the case
		// differs.
		preferred := prop.Parent().Member(sug) == nil && (!strings.HasPrefix(sug, "Not") || strings.EqualFold(name, sug))
		a.attach(Fix{Title: "Rename to " + quote(sug), Preferred: preferred, Edits: []Edit{replaceString(prop.Key(), sug)}})
	}
	return sug
}

// misspelt reports whether the statement holds a misspelling of name that
// was already reported.
func (s *Statement) hasMisspelt(name string) bool {
	for _, m := range s.misspelt {
		if m == name {
			return true
		}
	}
	return false
}

// quote puts a value from the document in double quotes for a message,
// shortened when long.
func quote(s string) string {
	const max = 60
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return `"` + s + `"`
}
