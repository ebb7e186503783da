package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Insertion is a documented policy a code action writes into the document
// ("Insert Amazon Pinpoint trust policy"): plain text, no snippet syntax.
type Insertion struct {
	Title string
	Kind  policy.Kind
	// Edits do not overlap and are relative to the analysed source.
	Edits []Edit
}

// Insertions returns the templates a code action can insert: the whole
// policy into an empty document (blanks only, or an empty object), or the
// template's statement into a policy whose Statement is empty ([] or {}),
// together with a Version when the policy has none. When the kind is forced
// (Options.KindForced), only templates of that kind are offered.
//
// Partition, region and account come from opts. Where one is not set, the
// placeholder word AWS's documentation uses (partition, region, accountId)
// is written instead: the placeholder rule (RES004) then points at each one
// with a warning, and nothing inserted is an error. The text uses the
// document's indentation unit and line breaks.
func Insertions(res *policy.Result, opts Options) []Insertion {
	if res == nil || res.Doc == nil {
		return nil
	}
	src := res.Doc.Source
	place := insertionPlace(res)
	if place == nil {
		return nil
	}
	unit, nl := IndentUnit(src), Newline(src)
	fill := plainFill(opts)
	var out []Insertion
	for _, t := range templates() {
		if t.Insert == "" || opts.KindForced && res.Kind != t.Kind {
			continue
		}
		var edits []Edit
		switch {
		case place.whole:
			text := reindent(filled(t.Text, fill), unit, "", nl)
			if place.end == len(src) {
				text += nl // the document ends with a line break
			}
			edits = []Edit{{Start: place.start, End: place.end, NewText: text}}
		default:
			edits = statementEdits(res, place.value, filled(t.Statement, fill), unit, nl)
		}
		out = append(out, Insertion{Title: "Insert " + t.Insert, Kind: t.Kind, Edits: edits})
	}
	return out
}

// place is where an insertion goes: the byte range of the whole document
// (or of its empty top-level object), or the empty Statement value.
type place struct {
	whole      bool
	start, end int
	value      *jsonsyntax.Node
}

// insertionPlace decides whether a document can take a template, and where.
func insertionPlace(res *policy.Result) *place {
	src := res.Doc.Source
	root := res.Doc.Root
	switch {
	case strings.TrimSpace(src) == "":
		return &place{whole: true, start: 0, end: len(src)}
	case root != nil && root.Kind() == jsonsyntax.Object && root.Closed() && len(root.Children()) == 0 && len(res.Doc.Errors) == 0:
		return &place{whole: true, start: root.Start(), end: root.End()}
	case res.Policy == nil:
		return nil
	}
	v := res.Policy.Statement.Value()
	if v == nil || !v.Closed() || len(v.Children()) > 0 || v.Kind() != jsonsyntax.Array && v.Kind() != jsonsyntax.Object {
		return nil
	}
	return &place{value: v}
}

// statementEdits puts a template's statement into an empty Statement value:
// inside the array, or in place of the empty object. A policy without
// Version also gets the Version the analysis's own fix would add.
func statementEdits(res *policy.Result, v *jsonsyntax.Node, stmt, unit, nl string) []Edit {
	src := res.Doc.Source
	base := lineIndent(src, res.Policy.Statement.Property.Start())
	var text string
	if v.Kind() == jsonsyntax.Array {
		text = "[" + nl + base + unit + reindent(stmt, unit, base+unit, nl) + nl + base + "]"
	} else {
		text = reindent(stmt, unit, base, nl)
	}
	edits := []Edit{{Start: v.Start(), End: v.End(), NewText: text}}
	for _, d := range res.Diagnostics {
		if d.Code != policy.RuleNoVersion || len(d.Fixes) == 0 {
			continue
		}
		for _, e := range d.Fixes[0].Edits {
			if e.End <= v.Start() || e.Start >= v.End() {
				edits = append(edits, Edit(e))
			}
		}
	}
	return edits
}

// plainFill gives the plain-text value of each template placeholder: the
// configured partition, region and account, else the documentation's
// placeholder words; the delegate sender's account stays a placeholder
// (settings cannot know it), and the identity is the documentation's
// example domain.
func plainFill(opts Options) func(string) (string, bool) {
	partition := opts.Partition
	if partition == "" && opts.Region != "" {
		if p, ok := catalog.Default().PartitionOfRegion(opts.Region); ok {
			partition = p.ID
		}
	}
	return func(name string) (string, bool) {
		switch name {
		case "partition":
			return orDefault(partition, "partition"), true
		case "region":
			return orDefault(opts.Region, "region"), true
		case "accountId":
			return orDefault(opts.AccountID, "accountId"), true
		case "delegateAccountId":
			return "account-id", true
		case "identity":
			return "example.com", true
		}
		return name, true
	}
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
