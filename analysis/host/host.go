// Package host finds policies embedded in other files (CloudFormation and
// SAM templates, in JSON or YAML, and Terraform) and analyses each with the
// policy rules, which stay unaware of the host.
//
// As with jsonsyntax.Parse, a File's texts share memory with the source it
// was read from (no copy is made), so that source must not be modified
// afterwards; editors and the CLI hand over a fresh buffer for every version
// of a file.
//
// A front end turns the host file into jsonsyntax.Values carrying host byte
// offsets, with intrinsic functions as Holes (checked nowhere) and Fn::Sub
// strings as Strings whose ${...} parts read like policy variables; each
// embedded policy is built into a jsonsyntax.Document (jsonsyntax.Build) and
// analysed by policy.AnalyzeEmbedded under the kind its place decides. The
// host then keeps only the fixes it can write in its own syntax.
package host

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Syntax is the language a host file is written in; it decides how an edit
// is written.
type Syntax uint8

const (
	JSON Syntax = iota
	YAML
	// JSONInString is a policy written as JSON inside a YAML string (a
	// block scalar or a quoted string without escapes): JSON edits fit as
	// long as they add no line break or quote the string would need to
	// escape.
	JSONInString
)

// Embedded is one policy document found in a host file.
type Embedded struct {
	// Doc holds the policy, built with host offsets (Doc.Source is the
	// whole host file).
	Doc *jsonsyntax.Document
	// Kind comes from the policy's place (a role's AssumeRolePolicyDocument
	// is a trust policy); it is forced, never inferred.
	Kind policy.Kind
	// Location names the place, e.g.
	// Resources.PinpointRole.Properties.AssumeRolePolicyDocument.
	Location string
	Syntax   Syntax
	// Computed are the ranges of values the host computes on deployment
	// (intrinsic functions, Fn::Sub strings): no edit may touch them.
	Computed [][2]int
	// SubStrings are the quoted template strings (quotes included)
	// of the Fn::Sub values read as strings: completion inside one
	// completes that string.
	SubStrings [][2]int
	// Label, when set, starts each finding's message: the place of a
	// Terraform policy document checked as more than one kind.
	Label string
	// Words, when set, rewrites findings' messages in the host's
	// vocabulary (a Terraform condition block's test and variable).
	Words *strings.Replacer
	// Identity is the SES identity an SES identity policy is attached
	// to, when the host names it literally (policy.Options.Identity).
	Identity string

	// statementOnly: the policy is one statement where the host wants one
	// (an EventBusPolicy's Statement), not a fragment to report.
	statementOnly bool
	// document: a Terraform aws_iam_policy_document data source, whose
	// conditions are blocks.
	document bool
	// blocks: in a policy document, the ranges of the blocks a member
	// stands for (every principals block of a statement for its
	// Principal), by the member key's start.
	blocks map[int][][2]int
	// samInline: a SAM function's inline policy document, which the SAM
	// guide writes without Version.
	samInline bool
	// kindGuessed: a policy document the module uses nowhere this host
	// sees (a module argument, an output), checked as an identity policy:
	// the kind is a guess, so no fix that removes something is preferred.
	kindGuessed bool
	// repeatedKeys are the keys of a jsonencode object named a second time
	// in it: HCL keeps the last silently, where JSON reports the repeat.
	repeatedKeys []jsonsyntax.Value
}

// SyntaxError is a problem with the host file itself, reported once.
type SyntaxError struct {
	Start, End int
	Message    string
}

// File is what a front end found in one host file.
type File struct {
	Syntax   Syntax
	Policies []Embedded
	Errors   []SyntaxError

	resources *jsonsyntax.Value // a template's Resources
	// resourceNames, when set, names every entry of Resources, whose
	// Members then hold only the first (readFastTemplate).
	resourceNames map[string]bool
	samUses       []samTemplateUse // SAM policy templates named in Policies
	words         ARNWords
}

// Found is one embedded policy and its analysis.
type Found struct {
	Embedded
	Result *policy.Result
}

// Result is the analysis of a host file.
type Result struct {
	Policies []Found
	// Diagnostics of every policy and the host's syntax errors, in host
	// offsets, sorted by Start; fixes are in the host's syntax.
	Diagnostics []policy.Diagnostic
	// ARNWords are the host's expressions for an ARN's fields, for
	// completion's ARN templates.
	ARNWords ARNWords

	syntax        Syntax
	resources     *jsonsyntax.Value // a template's Resources, for insertions
	resourceNames map[string]bool   // as File.resourceNames
	samUses       []samTemplateUse
}

// Analyze runs the policy rules on every policy of f. opts.Kind is ignored:
// each policy's kind comes from its place in the host file.
func Analyze(src []byte, f *File, opts policy.Options) *Result {
	res := &Result{Diagnostics: []policy.Diagnostic{}, syntax: f.Syntax, resources: f.resources, resourceNames: f.resourceNames, samUses: f.samUses, ARNWords: f.words}
	for _, u := range f.samUses {
		if d, unknown := u.diagnostic(); unknown {
			res.Diagnostics = append(res.Diagnostics, d)
		}
	}
	for _, e := range f.Errors {
		res.Diagnostics = append(res.Diagnostics, policy.Diagnostic{
			Code: policy.RuleSyntax, Severity: policy.SeverityError,
			Start: e.Start, End: e.End, Message: e.Message,
		})
	}
	for _, e := range f.Policies {
		o := opts
		o.Kind = e.Kind
		o.Identity = e.Identity
		o.Suppressions = suppressionsFor(opts.Suppressions, e.Location)
		r := policy.AnalyzeEmbedded(src, e.Doc, o)
		for _, k := range e.repeatedKeys {
			r.Diagnostics = append(r.Diagnostics, policy.Diagnostic{
				Code: policy.RuleDuplicateKey, Severity: policy.SeverityError, Start: k.Start, End: k.End,
				Message: "duplicate key " + strconv.Quote(k.Text) + ": an object may name each key once; jsonencode keeps the last and drops the other",
			})
		}
		if e.statementOnly {
			r.Diagnostics = slices.DeleteFunc(r.Diagnostics, func(d policy.Diagnostic) bool { return d.Code == policy.RuleBareStatement })
		}
		if e.samInline && !slices.ContainsFunc(r.Diagnostics, func(d policy.Diagnostic) bool { return d.Code == policy.RuleOldVariables }) {
			// The SAM guide writes inline policies without Version (AWS's
			// own examples stay quiet); without policy variables the
			// implied 2008-10-17 matches the same requests. With them,
			// POL005 fires and the missing Version is reported too.
			r.Diagnostics = slices.DeleteFunc(r.Diagnostics, func(d policy.Diagnostic) bool { return d.Code == policy.RuleNoVersion })
		}
		for i := range r.Diagnostics {
			r.Diagnostics[i].Fixes = hostFixes(src, &e, r.Diagnostics[i].Fixes)
			if e.kindGuessed {
				notPreferredRemovals(r.Diagnostics[i].Fixes)
			}
			if e.Words != nil {
				r.Diagnostics[i].Message = e.Words.Replace(r.Diagnostics[i].Message)
			}
			if e.Label != "" {
				r.Diagnostics[i].Message = "(" + e.Label + ") " + r.Diagnostics[i].Message
			}
		}
		res.Policies = append(res.Policies, Found{Embedded: e, Result: r})
		res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
	}
	slices.SortStableFunc(res.Diagnostics, func(x, y policy.Diagnostic) int {
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return x.End - y.End
	})
	return res
}

// suppressionsFor keeps the suppressions that apply inside the policy at
// location: those naming no location (a pointer into every policy of the
// file) and those naming this one, their location cleared so the policy
// analysis matches their path inside it. A Terraform policy document
// checked as two kinds ("data.aws_iam_policy_document.x (as trust in
// ...)") is also named by its address alone, for both.
func suppressionsFor(list []policy.Suppression, location string) []policy.Suppression {
	if !slices.ContainsFunc(list, func(s policy.Suppression) bool { return s.Location != "" }) {
		return list
	}
	address, _, _ := strings.Cut(location, " (as ")
	out := make([]policy.Suppression, 0, len(list))
	for _, s := range list {
		switch s.Location {
		case "":
		case location, address:
			s.Location = ""
		default:
			continue
		}
		out = append(out, s)
	}
	return out
}

// PolicyOf returns the policy a finding of r.Diagnostics belongs to, or nil
// for the host's own findings (syntax, HOST001).
func (r *Result) PolicyOf(d policy.Diagnostic) *Found {
	for i := range r.Policies {
		for _, own := range r.Policies[i].Result.Diagnostics {
			if own.Code == d.Code && own.Start == d.Start && own.End == d.End && own.Message == d.Message {
				return &r.Policies[i]
			}
		}
	}
	return nil
}

// PolicyAt returns the policy whose range holds offset, or nil.
func (r *Result) PolicyAt(offset int) *Found {
	for i := range r.Policies {
		if r.Policies[i].Doc.Root.Contains(offset) {
			return &r.Policies[i]
		}
	}
	return nil
}

// notPreferredRemovals makes the fixes that remove something offers only:
// neither preferred nor safe.
func notPreferredRemovals(fixes []policy.Fix) {
	for i := range fixes {
		if slices.ContainsFunc(fixes[i].Edits, func(e policy.Edit) bool { return e.NewText == "" && e.End > e.Start }) {
			fixes[i].Preferred, fixes[i].Safe = false, false
		}
	}
}

// hostFixes keeps the fixes whose every edit can be written in the host's
// syntax and touches no computed value, rewritten for the host.
func hostFixes(src []byte, e *Embedded, fixes []policy.Fix) []policy.Fix {
	var out []policy.Fix
next:
	for _, fix := range fixes {
		edits := make([]policy.Edit, 0, len(fix.Edits))
		for _, ed := range fix.Edits {
			for _, c := range e.Computed {
				if ed.Start < c[1] && ed.End > c[0] || ed.Start == ed.End && c[0] < ed.Start && ed.Start < c[1] {
					continue next
				}
			}
			if e.Syntax == JSONInString && strings.ContainsAny(ed.NewText, "'\n\r") {
				continue next
			}
			if e.Syntax == YAML {
				var ok bool
				if ed, ok = yamlEdit(src, e.Doc, ed); !ok {
					continue next
				}
			}
			if e.Syntax >= HCL {
				written, ok := hclEdit(src, e, ed)
				if !ok {
					continue next
				}
				edits = append(edits, written...)
				continue
			}
			edits = append(edits, ed)
		}
		if e.Syntax == YAML {
			edits = joinAtDeletion(edits)
		}
		fix.Edits = edits
		out = append(out, fix)
	}
	return out
}

// joinAtDeletion makes an insertion where a deletion starts part of that
// deletion. In YAML block style a mapping ends where its last member does,
// so a condition key moved into the BoolIfExists block just before the Bool
// block it leaves is inserted where that block's removal starts; two edits
// at one place apply in no defined order.
func joinAtDeletion(edits []policy.Edit) []policy.Edit {
	for i, ins := range edits {
		if ins.Start != ins.End {
			continue
		}
		for j, del := range edits {
			if j != i && del.Start == ins.Start && del.End > del.Start && del.NewText == "" {
				edits[j].NewText = ins.NewText
				return slices.Delete(edits, i, i+1)
			}
		}
	}
	return edits
}

// yamlEdit rewrites a policy edit for a YAML host. Policy fixes are JSON
// text; the one shape that carries over unchanged in meaning is a string
// replaced by another (a misspelt action, a key's case), written as a YAML
// scalar in the style of the one it replaces; an insertion of members at
// the start or end of a mapping is rewritten by yamlInsertMembers, the
// removal of a member by yamlRemoveMember. Other insertions are JSON layout
// and are not offered in YAML.
func yamlEdit(src []byte, doc *jsonsyntax.Document, ed policy.Edit) (policy.Edit, bool) {
	if ed.Start == ed.End {
		return yamlInsertMembers(src, doc, ed)
	}
	if ed.NewText == "" {
		return yamlRemoveMember(src, doc, ed)
	}
	n := doc.NodeAt(ed.Start)
	if n == nil || n.Kind() != jsonsyntax.String || n.Start() != ed.Start || n.End() != ed.End {
		return ed, false
	}
	var value string
	if json.Unmarshal([]byte(ed.NewText), &value) != nil {
		return ed, false
	}
	old := src[ed.Start:ed.End]
	if strings.Contains(string(old), "\n") {
		return ed, false // a folded or block scalar: leave it to the user
	}
	ed.NewText = YAMLScalar(value, len(old) > 0 && (old[0] == '"' || old[0] == '\''))
	return ed, true
}

// YAMLScalar writes value as a YAML flow scalar: plain when that reads back
// as the same string (and quoted was not asked), else double-quoted (a JSON
// string is a valid YAML double-quoted scalar).
func YAMLScalar(value string, quoted bool) string {
	if !quoted && plainSafe(value) {
		return value
	}
	b, _ := json.Marshal(value)
	return string(b)
}

// YAMLSingleQuoted writes value as a single-quoted YAML scalar, its quotes
// doubled; false for a value with a line break or another control
// character, which a single-quoted scalar cannot hold as written.
func YAMLSingleQuoted(value string) (string, bool) {
	if strings.ContainsFunc(value, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "", false
	}
	return "'" + strings.ReplaceAll(value, "'", "''") + "'", true
}

// plainSafe reports whether value can be written as a plain scalar and read
// back as the same string (not a number, boolean or null either).
func plainSafe(v string) bool {
	if v == "" || strings.TrimSpace(v) != v {
		return false
	}
	if strings.ContainsAny(v[:1], "!&*-?:,[]{}#|>@`\"'%") || strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") {
		return false
	}
	for _, r := range v {
		if r < ' ' || r == 0x7f {
			return false
		}
	}
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	if strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune("0123456789.+-eE_xXoO", r) }) < 0 {
		return false // could read as a number
	}
	return true
}

// Fixes applies the fixes mode chooses to a template, in rounds, as
// policy.Fixes does for a policy file (same safety rules; the fixes are
// already in the template's syntax). A source that stops being a template
// is left as it is.
func Fixes(src []byte, yaml bool, opts policy.Options, mode policy.FixMode) ([]byte, int, []policy.Change) {
	return policy.FixesWith(src, mode, func(src []byte) ([]policy.Diagnostic, bool) {
		f, ok := CloudFormation(src, yaml)
		if !ok {
			return nil, false
		}
		return Analyze(src, f, opts).Diagnostics, true
	})
}

// yamlInsertMembers rewrites a policy edit that inserts members ("Key":
// value, with JSON's commas and layout) at the start or end of an object,
// for a YAML host: in a block mapping, one "Key: value" line per member at
// the indentation of the mapping's keys (a value that is no string written
// as JSON, which is YAML flow); in a flow mapping, the JSON text as it is
// (JSON members are YAML flow members).
func yamlInsertMembers(src []byte, doc *jsonsyntax.Document, ed policy.Edit) (policy.Edit, bool) {
	members, ok := insertedMembers(ed.NewText)
	if !ok {
		return ed, false
	}
	obj, atEnd := insertionTarget(src, doc.Root, ed.Start, ed.NewText)
	if obj == nil || obj.Start() >= len(src) {
		return ed, false
	}
	if src[obj.Start()] == '{' {
		return ed, !strings.ContainsAny(ed.NewText, "\r\n")
	}
	children := obj.Children()
	first := children[0].Key()
	lineStart := bytes.LastIndexByte(src[:first.Start()], '\n') + 1
	indent := strings.Repeat(" ", utf8.RuneCount(src[lineStart:first.Start()]))
	newline := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		newline = "\r\n"
	}
	step := indentStep(src, obj, first)
	lines := make([]string, len(members))
	for i, m := range members {
		lines[i] = yamlMember(m, newline+indent, step)
	}
	if !atEnd {
		// Before the first key, on its line (after a sequence's "- ").
		return policy.Edit{Start: first.Start(), End: first.Start(), NewText: strings.Join(lines, newline+indent) + newline + indent}, true
	}
	last := children[len(children)-1]
	end := last.End()
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		end += i
	} else {
		end = len(src)
	}
	end = len(bytes.TrimRight(src[:end], "\r"))
	return policy.Edit{Start: end, End: end, NewText: newline + indent + strings.Join(lines, newline+indent)}, true
}

// yamlMember writes an inserted member as YAML block lines, each after
// lineStart (a line break and the mapping's indentation): "Key: value" with
// a string as a YAML scalar and an array or empty object as JSON (YAML
// flow), an object with members as a block mapping indented one step more
// (a moved condition key under its new operator).
func yamlMember(m insertedMember, lineStart, step string) string {
	key := YAMLScalar(m.key, false) + ":"
	var s string
	if json.Unmarshal(m.value, &s) == nil {
		return key + " " + YAMLScalar(s, false)
	}
	value := bytes.TrimSpace(m.value)
	if len(value) > 2 && value[0] == '{' {
		if inner, ok := insertedMembers(string(value[1 : len(value)-1])); ok {
			var b strings.Builder
			b.WriteString(key)
			for _, c := range inner {
				b.WriteString(lineStart + step + yamlMember(c, lineStart+step, step))
			}
			return b.String()
		}
	}
	return key + " " + string(m.value)
}

// indentStep is the indentation a block mapping's nested level adds: from
// the key holding obj to obj's first key, or two spaces.
func indentStep(src []byte, obj, first *jsonsyntax.Node) string {
	if p := obj.Parent(); p != nil && p.Kind() == jsonsyntax.Property && p.Key() != nil {
		if step := column(src, first.Start()) - column(src, p.Key().Start()); step > 0 {
			return strings.Repeat(" ", step)
		}
	}
	return "  "
}

// column is the number of runes before offset on its line.
func column(src []byte, offset int) int {
	return utf8.RuneCount(src[bytes.LastIndexByte(src[:offset], '\n')+1 : offset])
}

// insertedMember is one member ("Key": value) a policy edit inserts.
type insertedMember struct {
	key   string
	value json.RawMessage
}

// insertedMembers reads the members a policy edit inserts into an object
// (JSON's "Key": value text, with the commas and layout around it); ok is
// false for any other text.
func insertedMembers(newText string) ([]insertedMember, bool) {
	text := strings.TrimSpace(newText)
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(text, ","), ","))
	var members []insertedMember
	dec := json.NewDecoder(strings.NewReader("{" + text + "}"))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		k, err := dec.Token()
		key, isString := k.(string)
		var v json.RawMessage
		if err != nil || !isString || dec.Decode(&v) != nil {
			return nil, false
		}
		members = append(members, insertedMember{key, v})
	}
	if _, err := dec.Token(); err != nil || dec.More() {
		return nil, false
	}
	return members, len(members) > 0
}

// insertionTarget finds the object an insertion at offset adds members to:
// one whose last member ends there (atEnd), or whose first member starts
// there or whose opening is just before it (JSON's insert-first layouts).
// In YAML block style a mapping ends where its last value does, so nested
// mappings can end together: the edit's indentation then tells them apart,
// and when it does not the target is unsure and nil.
func insertionTarget(src []byte, root *jsonsyntax.Node, offset int, newText string) (obj *jsonsyntax.Node, atEnd bool) {
	type match struct {
		obj   *jsonsyntax.Node
		atEnd bool
	}
	var found []match
	var walk func(n *jsonsyntax.Node)
	walk = func(n *jsonsyntax.Node) {
		if n == nil || offset < n.Start() || offset > n.End() {
			return
		}
		if n.Kind() == jsonsyntax.Object && len(n.Children()) > 0 {
			kids := n.Children()
			switch {
			case kids[len(kids)-1].End() == offset:
				found = append(found, match{n, true})
			case kids[0].Start() == offset || n.Start()+1 == offset:
				found = append(found, match{n, false})
			}
		}
		for _, c := range n.Children() {
			if n.Kind() == jsonsyntax.Object {
				walk(c.Value())
			} else {
				walk(c)
			}
		}
	}
	walk(root)
	if len(found) > 1 {
		// JSON's insertProperty puts the line break and indentation of the
		// object's last member before the new one: the candidate whose last
		// key sits at that indentation is the one meant.
		want, ok := indentAfterBreak(newText)
		var same []match
		for _, m := range found {
			kids := m.obj.Children()
			if ok && m.atEnd && keyIndent(src, kids[len(kids)-1].Key()) == want {
				same = append(same, m)
			}
		}
		found = same
	}
	if len(found) != 1 {
		return nil, false
	}
	return found[0].obj, found[0].atEnd
}

// indentAfterBreak is the width of the spaces after the first line break
// of text, and whether there is a line break.
func indentAfterBreak(text string) (int, bool) {
	i := strings.IndexByte(text, '\n')
	if i < 0 {
		return 0, false
	}
	rest := text[i+1:]
	return len(rest) - len(strings.TrimLeft(rest, " ")), true
}

// keyIndent is the width of the whitespace before key on its line, or -1
// when something else precedes it there (a sequence's "- ").
func keyIndent(src []byte, key *jsonsyntax.Node) int {
	lineStart := bytes.LastIndexByte(src[:key.Start()], '\n') + 1
	before := src[lineStart:key.Start()]
	if len(bytes.TrimLeft(before, " ")) != 0 {
		return -1
	}
	return len(before)
}
