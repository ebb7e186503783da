package completion

import (
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Complete proposes completions at a byte offset of an analysed document.
// It reads only the tree, the analysis result and the in-memory catalogue;
// a service is decoded only once its prefix has been typed (or is named by
// the statement). Offsets outside the source are clamped; a place with
// nothing to propose gives an empty list.
func Complete(res *policy.Result, offset int, opts Options) List {
	c := NewCursor(res, offset)
	if h := opts.Host; h != nil && h.StringEnd > h.StringStart {
		c.locateHostString(h.StringStart, h.StringEnd)
	}
	b := &builder{c: c, opts: opts, cat: catalog.Default(), items: make([]Item, 0, 32)}
	switch {
	case c.Place == PlaceDocument:
		b.documents()
	case c.Place == PlaceKey && c.Level == LevelPolicy:
		b.policyKeys() // also on JSON that is not a policy yet: `{"Ver`
	case c.Place == PlaceValue && c.Level == LevelPolicy && c.Element == "Version":
		b.versions() // `{"Version": "` is not known to be a policy yet either
	case res == nil || !res.IsPolicy:
		// Other JSON (a package.json has a "version" too) gets nothing.
	case c.Place == PlaceKey:
		b.keys()
	case c.Place == PlaceValue:
		b.values()
	}
	for i := range b.items {
		b.items[i].SortText = sortKey(i)
	}
	return List{Items: b.items, Incomplete: b.incomplete}
}

// builder collects the items of one answer.
type builder struct {
	c          *Cursor
	opts       Options
	cat        *catalog.Catalog
	items      []Item
	incomplete bool
}

// keys dispatches completion of a member name by the object's level.
func (b *builder) keys() {
	switch b.c.Level {
	case LevelStatement:
		b.statementKeys()
	case LevelPrincipal:
		b.principalTypes()
	case LevelCondition:
		b.operators()
	case LevelOperator:
		b.conditionKeys()
	}
}

// values dispatches completion of a value by its element.
func (b *builder) values() {
	c := b.c
	switch c.Level {
	case LevelPolicy:
		switch {
		case isElement(c, "Version"):
			b.versions()
		case isElement(c, "Statement"):
			b.statements()
		}
	case LevelStatement:
		switch {
		case isElement(c, "Effect"):
			b.effects()
		case isElement(c, "Action"), isElement(c, "NotAction"):
			b.actions()
		case isElement(c, "Resource"), isElement(c, "NotResource"):
			b.resources()
		case isElement(c, "Principal"), isElement(c, "NotPrincipal"):
			b.principalValues()
		case isElement(c, "Condition"):
			b.conditionSkeleton()
		}
	case LevelPrincipal:
		b.principals()
	case LevelOperator:
		b.conditionValues()
	}
}

// isElement reports whether the cursor is at the value of element name.
func isElement(c *Cursor, name string) bool { return strings.EqualFold(c.Element, name) }

// addString proposes a string value: label is the value as shown, text its
// content (a snippet when isSnippet), inserted with quotes around it over
// the token being typed.
func (b *builder) addString(label string, kind ItemKind, detail, doc, text string, isSnippet bool) *Item {
	quoted := `"` + text + `"`
	filter := quoted // shared with the edit when the label is the text
	if isSnippet || text != label || b.c.Token != nil && !b.c.Quoted {
		filter = b.filterQuoted(label)
	}
	return b.addJSON(label, kind, detail, doc, quoted, isSnippet, filter)
}

// addJSON proposes raw JSON text (a key with its value skeleton, an object,
// a quoted string) over the token being typed. It adds the space a value
// needs after a colon and the commas the neighbours need.
func (b *builder) addJSON(label string, kind ItemKind, detail, doc, text string, isSnippet bool, filter string) *Item {
	c := b.c
	if c.Start > 0 && c.Src[c.Start-1] == ':' {
		text = " " + text
	}
	if c.CommaAfter {
		text += ","
	}
	if c.CommaBefore == c.Start {
		// The previous entry ends right where this one starts: an
		// additional edit there would touch the main one.
		text = "," + text
	}
	it := b.add(label, kind, detail, doc, Edit{Start: c.Start, End: c.End, NewText: text}, isSnippet, filter)
	if c.CommaBefore >= 0 && c.CommaBefore < c.Start {
		it.AdditionalEdits = []Edit{{Start: c.CommaBefore, End: c.CommaBefore, NewText: ","}}
	}
	return it
}

// add appends an item with the given edit, turning a snippet into plain
// text for editors without snippet support.
func (b *builder) add(label string, kind ItemKind, detail, doc string, e Edit, isSnippet bool, filter string) *Item {
	if isSnippet && !b.opts.Snippets {
		e.NewText = PlainText(e.NewText)
		isSnippet = false
	}
	b.items = append(b.items, Item{
		Label: label, Kind: kind, Detail: detail, Documentation: doc,
		Edit: e, Snippet: isSnippet, FilterText: filter,
	})
	return &b.items[len(b.items)-1]
}

// filterQuoted returns the filter text of an item whose edit starts where
// the token starts: quoted like the token, so that what the editor has
// between the range start and the cursor is a prefix of it.
func (b *builder) filterQuoted(label string) string {
	if b.c.Token != nil && !b.c.Quoted {
		return label
	}
	return `"` + label + `"`
}

// typedFilter is the filter text of items the server has already filtered
// (wildcard patterns): exactly what is typed, so the editor keeps them all.
func (b *builder) typedFilter() string {
	return b.c.Src[b.c.Start:b.c.Offset]
}

// sortKeys are the first sort texts, made once; answers are rarely longer.
var sortKeys = func() []string {
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = sortKey4(i)
	}
	return keys
}()

// sortKey returns a sort text that orders items by their index.
func sortKey(i int) string {
	if i < len(sortKeys) {
		return sortKeys[i]
	}
	return sortKey4(i)
}

func sortKey4(i int) string {
	s := strconv.Itoa(i)
	if len(s) < 5 {
		s = strings.Repeat("0", 5-len(s)) + s
	}
	return s
}

// present reports whether an object already has a member named name
// (ignoring case), other than the one being typed.
func (b *builder) present(name string) bool {
	obj := b.c.Object
	if obj == nil {
		return false
	}
	for _, p := range obj.Children() {
		if p != b.c.Property && isName(p, name) {
			return true
		}
	}
	return false
}

// listed reports whether the array being completed already holds value
// (ignoring case), other than the token being typed.
func (b *builder) listed(value string) bool {
	if b.c.Array == nil {
		return false
	}
	for _, e := range b.c.Array.Children() {
		if e != b.c.Token && e.Kind() == jsonsyntax.String && strings.EqualFold(e.Text(), value) {
			return true
		}
	}
	return false
}
