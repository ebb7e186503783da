package completion

import (
	"fmt"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Completion and hover in a settings file (.policyls.json): the keys of
// each object, rule IDs with their summaries, severity words, policy kinds
// and partitions; hover explains a key, a rule ID, a severity or a kind.
// The documentation comes from analysis/config, the same tables the JSON
// Schema is generated from.

// settingsRole is what an object of a settings file is.
type settingsRole uint8

const (
	settingsOther       settingsRole = iota
	settingsOuter                    // the root when it nests the settings under "policyls"
	settingsObject                   // the policyls object
	settingsKindEntry                // an entry of "kinds"
	settingsSuppression              // an entry of "suppressions"
	settingsRules                    // the "rules" object
)

// roleOf says what obj is in the settings text whose root is root.
func roleOf(root, obj *jsonsyntax.Node) settingsRole {
	if obj == nil || obj.Kind() != jsonsyntax.Object || root == nil {
		return settingsOther
	}
	settings := root
	if p := root.Member("policyls"); p != nil && p.Value() != nil && p.Value().Kind() == jsonsyntax.Object {
		if obj == root {
			return settingsOuter
		}
		settings = p.Value()
	}
	if obj == settings {
		return settingsObject
	}
	parent := obj.Parent()
	if parent != nil && parent.Kind() == jsonsyntax.Array {
		parent = parent.Parent()
		if parent == nil || parent.Parent() != settings || parent.Key() == nil {
			return settingsOther
		}
		switch parent.Key().Text() {
		case "kinds":
			return settingsKindEntry
		case "suppressions":
			return settingsSuppression
		}
		return settingsOther
	}
	if parent != nil && parent.Kind() == jsonsyntax.Property && parent.Parent() == settings && parent.Key().Text() == "rules" {
		return settingsRules
	}
	return settingsOther
}

// CompleteSettings proposes completions at a byte offset of a settings
// file, analysed as any JSON (res from policy.Analyze).
func CompleteSettings(res *policy.Result, offset int) List {
	c := NewCursor(res, offset)
	b := &builder{c: c, cat: catalog.Default()}
	if res == nil || res.Doc == nil || res.Doc.Root == nil {
		return List{}
	}
	role := roleOf(res.Doc.Root, c.Object)
	switch {
	case c.Place == PlaceKey && role == settingsOuter:
		b.settingsKeys([]string{"policyls", config.SchemaKey}, config.KeyDocs)
	case c.Place == PlaceKey && role == settingsObject:
		keys := config.SettingsKeys
		if c.Object == res.Doc.Root {
			keys = append(keys[:len(keys):len(keys)], config.SchemaKey)
		}
		b.settingsKeys(keys, config.KeyDocs)
	case c.Place == PlaceKey && role == settingsKindEntry:
		b.settingsKeys(config.KindRuleKeys, config.EntryKeyDocs)
	case c.Place == PlaceKey && role == settingsSuppression:
		b.settingsKeys(config.SuppressionKeys, config.EntryKeyDocs)
	case c.Place == PlaceKey && role == settingsRules:
		for _, r := range policy.Rules() {
			if !b.present(r.ID) {
				b.addMember(r.ID, KindKey, ruleDetail(r), ruleDoc(r), r.ID, `"${1:off}"`)
			}
		}
	case c.Place == PlaceValue && c.Array == nil:
		b.settingsValues(role, c.Element)
	}
	for i := range b.items {
		b.items[i].SortText = sortKey(i)
	}
	return List{Items: b.items}
}

// settingsKeys proposes the keys not yet present, with empty values.
func (b *builder) settingsKeys(keys []string, docs map[string]string) {
	for _, k := range keys {
		if b.present(k) {
			continue
		}
		skeleton := `"$1"`
		switch k {
		case "kinds":
			skeleton = `[{"glob": "$1", "kind": "$2"}]`
		case "suppressions":
			skeleton = `[{"file": "$1", "path": "$2", "rule": "$3"}]`
		case "rules", "policyls":
			skeleton = `{$1}`
		}
		b.addMember(k, KindProperty, "", docs[k], k, skeleton)
	}
}

// settingsValues proposes the value of a member: a kind, a rule ID, a
// severity or a partition.
func (b *builder) settingsValues(role settingsRole, element string) {
	switch {
	case role == settingsKindEntry && element == "kind":
		for _, k := range policy.Kinds {
			b.settingsValue(string(k), config.KindDocs[k], "")
		}
	case role == settingsSuppression && element == "rule":
		b.settingsValue("*", "Every rule.", "")
		for _, r := range policy.Rules() {
			b.settingsValue(r.ID, ruleDoc(r), ruleDetail(r))
		}
	case role == settingsRules:
		for _, w := range config.SeverityWords {
			b.settingsValue(w, config.SeverityDocs[w], "")
		}
	case role == settingsObject && element == "partition":
		for _, p := range b.cat.Partitions() {
			b.settingsValue(p.ID, "", "")
		}
	}
}

// settingsValue proposes one string value, replacing the token typed.
func (b *builder) settingsValue(value, doc, detail string) {
	b.add(value, KindValue, detail, doc, Edit{Start: b.c.Start, End: b.c.End, NewText: `"` + value + `"`}, false, b.filterQuoted(value))
}

func ruleDetail(r policy.Rule) string {
	return fmt.Sprintf("%s (%s)", r.Summary, r.Severity)
}

func ruleDoc(r policy.Rule) string {
	return fmt.Sprintf("**%s**: %s\n\n%s\n\nDefault severity: %s.", r.ID, r.Summary, r.Why, r.Severity)
}

// HoverSettings documents the key or value at a byte offset of a settings
// file: what a key means, a rule ID's summary and why, a severity word or
// a policy kind.
func HoverSettings(res *policy.Result, offset int) (Hover, bool) {
	if res == nil || res.Doc == nil || res.Doc.Root == nil {
		return Hover{}, false
	}
	tok := hoverToken(res.Doc, offset)
	if tok == nil || tok.Kind() != jsonsyntax.String || tok.Text() == "" {
		return Hover{}, false
	}
	c := NewCursor(res, min(max(offset, tok.Start()+1), tok.End()))
	if c.Token != tok {
		return Hover{}, false
	}
	role, text := roleOf(res.Doc.Root, c.Object), tok.Text()
	md := ""
	switch {
	case c.Place == PlaceKey && role == settingsRules, c.Place == PlaceValue && role == settingsSuppression && c.Element == "rule":
		if r, ok := policy.RuleByID(text); ok {
			md = ruleDoc(r)
		}
	case c.Place == PlaceKey && (role == settingsOuter || role == settingsObject):
		md = config.KeyDocs[text]
	case c.Place == PlaceKey && (role == settingsKindEntry || role == settingsSuppression):
		md = config.EntryKeyDocs[text]
	case c.Place == PlaceValue && role == settingsRules:
		md = config.SeverityDocs[text]
	case c.Place == PlaceValue && role == settingsKindEntry && c.Element == "kind":
		md = config.KindDocs[policy.Kind(text)]
	}
	if md == "" {
		return Hover{}, false
	}
	if c.Place == PlaceKey && !strings.HasPrefix(md, "**") {
		md = "**" + text + "**: " + md
	}
	return Hover{Markdown: md, Start: tok.Start(), End: tok.End()}, true
}
