package config

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Settings are read from the tree of the (already valid) JSON text, so that
// every mistake has a place: a misspelt key, an unknown rule ID or kind, a
// severity that is not one of SeverityWords, a value of the wrong type.
// Each is a Problem at that place and leaves only that setting out.

// Problem is one setting Parse left out (or read in its one sensible
// reading), at the byte offsets [Start, End) of the settings text.
type Problem struct {
	Start, End int
	Message    string
	// Replacement, when not "", is the one reading of what was meant: the
	// JSON text (a key or a string, quotes included) to put at [Start, End).
	Replacement string
}

// SeverityWords are the words a rule setting may be, in the order the
// documentation lists them; "information" is the same as "info".
var SeverityWords = []string{"off", "error", "warning", "info", "information", "hint"}

// SchemaKey is the key naming a JSON Schema, read by editors, not by us.
const SchemaKey = "$schema"

func (c *Config) problem(n *jsonsyntax.Node, replacement, format string, args ...any) {
	c.Problems = append(c.Problems, Problem{Start: n.Start(), End: n.End(), Message: fmt.Sprintf(format, args...), Replacement: replacement})
}

// read reads the policyls object obj; top says it is the whole text (where
// "$schema" may sit) rather than the value of "policyls".
func (c *Config) read(obj *jsonsyntax.Node, top bool) {
	var partition, region, account *jsonsyntax.Node
	for _, p := range obj.Children() {
		k, v := p.Key(), p.Value()
		switch k.Text() {
		case "kinds":
			c.readKinds(v)
		case "partition":
			partition = v
		case "region":
			region = v
		case "accountId":
			account = v
		case "rules":
			c.readRules(v)
		case "suppressions":
			c.readSuppressions(v)
		case "exclude":
			c.readExclude(v)
		case SchemaKey:
			if top {
				c.wantString(v, SchemaKey)
				continue
			}
			c.unknownKey(obj, k, SettingsKeys)
		default:
			if !slices.Contains(settingsKeys, k.Text()) || k.Text() == "policyls" {
				c.unknownKey(obj, k, SettingsKeys)
			}
		}
	}
	c.readARNSettings(partition, region, account)
}

// unknownKey reports key, which is not one of known, suggesting the one it
// was most likely meant to be; the rename is offered when that reading is
// the only one and obj does not hold that key already.
func (c *Config) unknownKey(obj, key *jsonsyntax.Node, known []string) {
	name := key.Text()
	best, unique := policy.Suggest(name, known)
	if best == "" {
		c.problem(key, "", "unknown key %q (want %s); ignored", name, strings.Join(known, ", "))
		return
	}
	replacement := ""
	if unique && obj.Member(best) == nil {
		replacement = quote(best)
	}
	c.problem(key, replacement, "unknown key %q: did you mean %q? Ignored", name, best)
}

// misplacedBesidePolicyls reports settings keys written beside "policyls"
// rather than in it: they are not read there.
func (c *Config) misplacedBesidePolicyls(outer *jsonsyntax.Node) {
	for _, p := range outer.Children() {
		if name := p.Key().Text(); name != "policyls" && slices.Contains(SettingsKeys, name) {
			c.problem(p.Key(), "", "%q beside \"policyls\" is not read: move it into the \"policyls\" object", name)
		}
	}
}

// isNull reports an absent or null value: the setting is not set.
func isNull(v *jsonsyntax.Node) bool { return v == nil || v.Kind() == jsonsyntax.Null }

// wantKind reports v unless it is null or of kind want; it says whether v
// holds a value to read.
func (c *Config) wantKind(v *jsonsyntax.Node, want jsonsyntax.Kind, what string) bool {
	if isNull(v) {
		return false
	}
	if v.Kind() != want {
		c.problem(v, "", "%s must be %s, not %s; ignored", what, article(want), kindName(v))
		return false
	}
	return true
}

// wantString returns the string v holds, or reports it; "" when unset.
func (c *Config) wantString(v *jsonsyntax.Node, what string) string {
	if !c.wantKind(v, jsonsyntax.String, what) {
		return ""
	}
	return v.Text()
}

// objectEntries returns the entries of a list of objects (kinds,
// suppressions), reporting the list or an entry that is not one.
func (c *Config) objectEntries(v *jsonsyntax.Node, what string) []*jsonsyntax.Node {
	if !c.wantKind(v, jsonsyntax.Array, what) {
		return nil
	}
	var out []*jsonsyntax.Node
	for i, e := range v.Children() {
		if c.wantKind(e, jsonsyntax.Object, fmt.Sprintf("%s[%d]", what, i)) {
			out = append(out, e)
		}
	}
	return out
}

// members returns the string members of an entry of a kinds or
// suppressions list by name, reporting unknown keys and other types; ok is
// false when it reported one (a missing member then goes without saying).
func (c *Config) members(entry *jsonsyntax.Node, what string, known []string) (out map[string]*jsonsyntax.Node, ok bool) {
	out = map[string]*jsonsyntax.Node{}
	before := len(c.Problems)
	for _, p := range entry.Children() {
		k := p.Key()
		if !slices.Contains(known, k.Text()) {
			c.unknownKey(entry, k, known)
			continue
		}
		if c.wantKind(p.Value(), jsonsyntax.String, what+"."+k.Text()) {
			out[k.Text()] = p.Value()
		}
	}
	return out, len(c.Problems) == before
}

// readKinds reads the kinds list; an entry with an unknown kind or a bad
// glob is left out.
func (c *Config) readKinds(v *jsonsyntax.Node) {
	for i, entry := range c.objectEntries(v, "kinds") {
		what := fmt.Sprintf("kinds[%d]", i)
		m, ok := c.members(entry, what, kindKeys)
		globNode, kindNode := m["glob"], m["kind"]
		if globNode == nil || kindNode == nil {
			if ok {
				c.problem(entry, "", `%s needs a "glob" and a "kind"; ignored`, what)
			}
			continue
		}
		g, err := CompileGlob(globNode.Text())
		if err != nil {
			c.problem(globNode, "", "%s: %v; ignored", what, err)
			continue
		}
		kind, ok := policy.ParseKind(kindNode.Text())
		if !ok {
			c.unknownWord(kindNode, "kind", kindNames())
			continue
		}
		c.Kinds = append(c.Kinds, KindRule{Glob: g, Kind: kind})
	}
}

// readExclude reads the exclude globs; an entry that is not a string or
// not a valid glob is left out and reported.
func (c *Config) readExclude(v *jsonsyntax.Node) {
	if !c.wantKind(v, jsonsyntax.Array, "exclude") {
		return
	}
	for i, e := range v.Children() {
		what := fmt.Sprintf("exclude[%d]", i)
		if !c.wantKind(e, jsonsyntax.String, what) {
			continue
		}
		g, err := CompileGlob(e.Text())
		if err != nil {
			c.problem(e, "", "%s: %v; ignored", what, err)
			continue
		}
		c.Exclude = append(c.Exclude, g)
	}
}

// unknownWord reports a string value that is not one of words, suggesting
// the one it most likely stands for.
func (c *Config) unknownWord(v *jsonsyntax.Node, what string, words []string) {
	best, unique := policy.Suggest(v.Text(), words)
	replacement := ""
	if unique {
		replacement = quote(best)
	}
	if best != "" {
		c.problem(v, replacement, "unknown %s %q: did you mean %q? Ignored", what, v.Text(), best)
		return
	}
	c.problem(v, "", "unknown %s %q (want %s); ignored", what, v.Text(), strings.Join(words, ", "))
}

// RuleIDs lists the ID of every rule, in registry order.
func RuleIDs() []string {
	var ids []string
	for _, r := range policy.Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}

// readRules reads the rules object: rule ID to a severity word.
func (c *Config) readRules(v *jsonsyntax.Node) {
	if !c.wantKind(v, jsonsyntax.Object, "rules") {
		return
	}
	ids := RuleIDs()
	for _, p := range v.Children() {
		k := p.Key()
		id := k.Text()
		if _, known := policy.RuleByID(id); !known {
			best, unique := policy.Suggest(id, ids)
			switch {
			case best == "":
				c.problem(k, "", "unknown rule %q; ignored (the rules are listed in docs/rules.md)", id)
			case unique && v.Member(best) == nil:
				c.problem(k, quote(best), "unknown rule %q: did you mean %s? Ignored", id, best)
			default:
				c.problem(k, "", "unknown rule %q: did you mean %s? Ignored", id, best)
			}
			continue
		}
		word := c.wantString(p.Value(), "rules."+id)
		if word == "" {
			if p.Value().Kind() == jsonsyntax.String {
				c.unknownWord(p.Value(), "severity", SeverityWords)
			}
			continue
		}
		setting, ok := ParseSeverityWord(word)
		if !ok {
			if lower := strings.ToLower(word); lower != word {
				// "HINT": the one reading, applied, and written as documented.
				if setting, ok = ParseSeverityWord(lower); ok {
					c.setRule(id, setting)
					c.problem(p.Value(), quote(lower), "severity %q: write %q", word, lower)
					continue
				}
			}
			c.unknownWord(p.Value(), "severity", SeverityWords)
			continue
		}
		c.setRule(id, setting)
	}
}

// ParseSeverityWord reads one of SeverityWords, exactly as written.
func ParseSeverityWord(word string) (policy.RuleSetting, bool) {
	if !slices.Contains(SeverityWords, word) {
		return policy.RuleSetting{}, false
	}
	return policy.ParseRuleSetting(word)
}

func (c *Config) setRule(id string, setting policy.RuleSetting) {
	if c.Rules == nil {
		c.Rules = map[string]policy.RuleSetting{}
	}
	c.Rules[id] = setting
}

// readSuppressions reads the suppressions list; an entry naming an unknown
// rule, or with a path that is not a JSON Pointer or a bad file glob, is
// left out.
func (c *Config) readSuppressions(v *jsonsyntax.Node) {
	ids := append(RuleIDs(), "*")
	for i, entry := range c.objectEntries(v, "suppressions") {
		what := fmt.Sprintf("suppressions[%d]", i)
		m, ok := c.members(entry, what, suppressionKeys)
		ruleNode := m["rule"]
		if ruleNode == nil {
			if ok {
				c.problem(entry, "", `%s needs a "rule" (a rule ID, or "*" for every rule); ignored`, what)
			}
			continue
		}
		rule := ruleNode.Text()
		if _, known := policy.RuleByID(rule); !known && rule != "*" {
			c.unknownWord(ruleNode, "rule", ids)
			continue
		}
		path := ""
		if n := m["path"]; n != nil {
			path = n.Text()
			if path != "" && !strings.HasPrefix(path, "/") {
				c.problem(n, "", "%s: path %q must be a JSON Pointer starting with /; ignored", what, path)
				continue
			}
		}
		location := ""
		if n := m["location"]; n != nil {
			location = n.Text()
		}
		file := "**"
		if n := m["file"]; n != nil && n.Text() != "" {
			file = n.Text()
		}
		g, err := CompileGlob(file)
		if err != nil {
			c.problem(m["file"], "", "%s: %v; ignored", what, err)
			continue
		}
		c.Suppressions = append(c.Suppressions, Suppression{File: g, Location: location, Path: path, Rule: rule})
	}
}

// quote writes s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}

// kindName names the JSON type of a value for messages.
func kindName(v *jsonsyntax.Node) string {
	return article(v.Kind())
}

func article(k jsonsyntax.Kind) string {
	switch k {
	case jsonsyntax.Object, jsonsyntax.Array:
		return "an " + k.String()
	case jsonsyntax.Null:
		return "null"
	}
	return "a " + k.String()
}
