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
				return sortList(res.Doc.Source, el)
			}
		}
	}
	return Sorted{}, false
}

func sortList(src string, el *policy.Element) (Sorted, bool) {
	list := el.Value()
	if list == nil || list.Kind() != jsonsyntax.Array || !list.Closed() || len(list.Children()) < 2 {
		return Sorted{}, false
	}
	entries := list.Children()
	for _, e := range entries {
		if e.Kind() != jsonsyntax.String || !e.Closed() {
			return Sorted{}, false // a list being typed, or not a list of names
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

	var edits []Edit
	for i, e := range sorted {
		if at := entries[i]; at != e {
			edits = append(edits, Edit{Start: at.Start(), End: at.End(), NewText: src[e.Start():e.End()]})
		}
	}
	if len(sorted) < len(entries) {
		last := entries[len(sorted)-1]
		edits = append(edits, Edit{Start: last.End(), End: entries[len(entries)-1].End(), NewText: ""})
	}
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
