package completion

import (
	"cmp"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Sorted is a refactoring that puts the entries of an Action, NotAction,
// Resource or NotResource list in order and drops repeated ones.
type Sorted struct {
	Title string
	Edits []Edit
}

// SortEntries returns the refactoring for the list element at offset (its
// key or anywhere in its value), or false when there is none there or the
// list is already in order without repeats.
//
// Order and repeats do not change what a statement grants. Actions are
// compared ignoring case, as AWS matches them, so "SES:sendemail" repeats
// "ses:SendEmail" and the first spelling stays; ARNs are case-sensitive.
// The edits keep the list's layout: each position gets its new entry in
// place, and repeats are removed from the end with their separators.
func SortEntries(res *policy.Result, offset int) (Sorted, bool) {
	if res == nil || res.Policy == nil {
		return Sorted{}, false
	}
	for _, s := range res.Policy.Statements {
		if !s.Node.Contains(offset) {
			continue
		}
		for _, el := range []*policy.Element{s.Action, s.NotAction, s.Resource, s.NotResource} {
			if el != nil && el.Property.Contains(offset) {
				return sortList(res.Doc, el)
			}
		}
	}
	return Sorted{}, false
}

func sortList(doc *jsonsyntax.Document, el *policy.Element) (Sorted, bool) {
	list := el.Value()
	if list == nil || list.Kind() != jsonsyntax.Array || !list.Closed() || len(list.Children()) < 2 {
		return Sorted{}, false
	}
	entries := list.Children()
	if doc.SyntaxErrorWithin(list.Start(), list.End()) {
		return Sorted{}, false // a list being typed
	}
	for _, e := range entries {
		if e.Kind() != jsonsyntax.String {
			return Sorted{}, false // not a list of names
		}
	}
	actions := strings.HasSuffix(el.Name, "Action")
	key := func(e *jsonsyntax.Node) string {
		if actions {
			return strings.ToLower(e.Text())
		}
		return e.Text()
	}
	sorted := slices.Clone(entries)
	slices.SortStableFunc(sorted, func(a, b *jsonsyntax.Node) int { return cmp.Compare(key(a), key(b)) })
	sorted = slices.CompactFunc(sorted, func(a, b *jsonsyntax.Node) bool { return key(a) == key(b) })

	edits := rearrange(doc.Source, entries, sorted)
	if len(edits) == 0 {
		return Sorted{}, false
	}
	noun := "resources"
	if actions {
		noun = "actions"
	}
	title := "Sort " + noun
	if len(sorted) < len(entries) {
		title += " and remove repeats"
	}
	return Sorted{Title: title, Edits: edits}, true
}

// rearrange returns the edits that turn the members of a list or object,
// entries in source order, into order (a permutation of some of them, in
// their new order): each position gets its new member's text in place, so
// the separators and line breaks between positions stay, and members left
// out are removed from the end with their separators.
func rearrange(src string, entries, order []*jsonsyntax.Node) []Edit {
	var edits []Edit
	for i, e := range order {
		if at := entries[i]; at != e {
			edits = append(edits, Edit{Start: at.Start(), End: at.End(), NewText: src[e.Start():e.End()]})
		}
	}
	if len(order) < len(entries) {
		last := entries[len(order)-1]
		edits = append(edits, Edit{Start: last.End(), End: entries[len(entries)-1].End(), NewText: ""})
	}
	return edits
}

// Element orders as AWS's documentation writes them.
var (
	policyOrder    = []string{"Version", "Id", "Statement"}
	statementOrder = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

// OrderElements returns the refactoring that puts the members of the policy
// object or of the statement at offset in the order AWS's documentation
// uses (Version, Id, Statement; Sid, Effect, Principal, Action, Resource,
// Condition...), or false when they already are or the object is not
// complete: order does not change what a policy means. Members AWS does
// not define keep their relative order, after the known ones.
func OrderElements(res *policy.Result, offset int) (Sorted, bool) {
	if res == nil || res.Policy == nil {
		return Sorted{}, false
	}
	target, order, what := res.Doc.Root, policyOrder, "policy"
	for _, s := range res.Policy.Statements {
		if s.Node.Kind() == jsonsyntax.Object && s.Node.Contains(offset) {
			target, order, what = s.Node, statementOrder, "statement"
		}
	}
	if target == nil || target.Kind() != jsonsyntax.Object || !target.Closed() || !target.Contains(offset) {
		return Sorted{}, false
	}
	if res.Doc.SyntaxErrorWithin(target.Start(), target.End()) {
		return Sorted{}, false // a member being typed: its extent is a guess
	}
	members := target.Children()
	rank := func(m *jsonsyntax.Node) int {
		for i, name := range order {
			if strings.EqualFold(m.Key().Text(), name) {
				return i
			}
		}
		return len(order)
	}
	ordered := slices.Clone(members)
	slices.SortStableFunc(ordered, func(a, b *jsonsyntax.Node) int { return cmp.Compare(rank(a), rank(b)) })
	edits := rearrange(res.Doc.Source, members, ordered)
	if len(edits) == 0 {
		return Sorted{}, false
	}
	return Sorted{Title: "Order the " + what + "'s elements as AWS does", Edits: edits}, true
}
