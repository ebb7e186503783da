package server

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/completion"
)

// analyze is the one analysis of a document's text: the policies of a
// Terraform file (by its name, or an untitled document in the client's
// terraform language), of a CloudFormation template (JSON or YAML), or the
// document as a policy. A YAML file that is no template gets nothing:
// policyls runs beside YAML servers and publishes nothing for their files.
func analyze(uri protocol.DocumentUri, language string, src []byte, opts policy.Options) (*policy.Result, *host.Result) {
	lower := strings.ToLower(uri)
	if isTerraform(uri, language) {
		return analyzeTerraform(uri, src, opts)
	}
	if tmpl, ok := host.CloudFormation(src, mayBeYAML(uri)); ok {
		hr := host.Analyze(src, tmpl, opts)
		// The template as a whole is no policy: formatting, outline and
		// document-wide actions stay away; its findings (with fixes in
		// the template's syntax) are the policies'.
		return &policy.Result{Doc: &jsonsyntax.Document{}, Kind: policy.KindUnknown, Diagnostics: hr.Diagnostics}, hr
	}
	if strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") {
		return &policy.Result{Doc: &jsonsyntax.Document{}, Kind: policy.KindUnknown, Diagnostics: []policy.Diagnostic{}}, nil
	}
	return policy.Analyze(src, opts), nil
}

// resultAt is the analysis that answers a request at offset: the
// document's own, or in a template the policy holding offset (nil when the
// offset is in no policy, or, for completion, in a YAML one: completion
// writes JSON).
func (d *document) resultAt(offset int, forEdits bool) *policy.Result {
	if d.template == nil {
		return d.result
	}
	p := d.template.PolicyAt(offset)
	if p == nil || forEdits && (p.Syntax == host.JSONInString || p.Syntax == host.JSONInHCLString) {
		return nil
	}
	return p.Result
}

// completeInTemplate answers completion inside a template's policy. In a
// YAML policy, only items that replace a whole scalar by a string are kept
// (actions, keys, operators, ARNs...), written as YAML scalars in the style
// of the one typed, and the ARN templates completion wrote in the host's
// syntax (!Sub "arn:${AWS::Partition}:..."); items that insert JSON
// structure or need a comma are left out.
func completeInTemplate(d *document, res *policy.Result, offset int, opts completion.Options) completion.List {
	p := d.template.PolicyAt(offset)
	opts.Host = hostOptions(d.template, p, offset)
	if p.Syntax == host.JSON {
		return completion.Complete(res, offset, opts)
	}
	if p.Syntax >= host.HCL {
		return completeInTerraform(d, p, res, offset, opts)
	}
	return yamlItems(completion.Complete(res, offset, opts), d.src, false)
}

// yamlItems keeps the items of list that replace a scalar of src by a
// string, written as YAML scalars: in the style of the one replaced, or
// plain where possible when the scalar replaced is a placeholder standing
// for nothing typed.
func yamlItems(list completion.List, src []byte, placeholder bool) completion.List {
	items := list.Items[:0]
	for _, it := range list.Items {
		e := it.Edit
		if e.Start < 0 || e.End > len(src) || e.Start > e.End || bytes.ContainsAny(src[e.Start:e.End], "\n\r") {
			continue
		}
		// A bare word gets a JSON string and, before a line break, the
		// comma JSON would need: YAML needs neither.
		text := strings.TrimSuffix(e.NewText, ",")
		old := src[e.Start:e.End]
		singleQuoted := !placeholder && len(old) > 0 && old[0] == '\''
		if it.HostSyntax {
			text = strings.TrimLeft(text, " ")
			if singleQuoted {
				var ok bool
				if text, ok = singleQuotedHostText(text); !ok {
					continue
				}
			}
			it.Edit.NewText = text
			it.AdditionalEdits = nil
			items = append(items, it)
			continue
		}
		// A principal's object skeleton ({"Service": "$1"}) is a flow
		// mapping in YAML, on the line (completion goes on inside it).
		if key, ok := oneKeySkeleton(text); ok && it.Snippet {
			it.Label = "{" + key + ": …}"
			it.Edit.NewText, it.FilterText = "{"+key+": $1}", ""
			it.AdditionalEdits = nil
			items = append(items, it)
			continue
		}
		// A string that leaves the cursor before its closing quote
		// ("ses:$0", completion goes on there) keeps doing so when YAML
		// needs the quotes too; other snippets become plain text.
		cursorBeforeQuote := it.Snippet && strings.HasSuffix(text, `$0"`) && !strings.ContainsAny(text[:len(text)-3], `$\`)
		if it.Snippet {
			text, it.Snippet = completion.PlainText(text), false
		}
		var value string
		if json.Unmarshal([]byte(text), &value) != nil {
			continue
		}
		quoted := !placeholder && len(old) > 0 && (old[0] == '"' || old[0] == '\'')
		// In a flow collection a plain scalar may hold none of its
		// brackets or commas (an ARN's ${aws:username}).
		inFlow := strings.ContainsAny(value, ",[]{}") &&
			host.OpenBracket(src[bytes.LastIndexByte(src[:e.Start], '\n')+1:e.Start]) != 0
		scalar := host.YAMLScalar(value, quoted || inFlow)
		if singleQuoted {
			var ok bool
			if scalar, ok = host.YAMLSingleQuoted(value); !ok {
				continue // a line break: no single-quoted form
			}
		}
		it.Edit.NewText = scalar
		if last := len(scalar) - 1; cursorBeforeQuote && last > 0 && (scalar[last] == '"' || scalar[last] == '\'') && !strings.ContainsAny(scalar, `$\`) {
			it.Edit.NewText, it.Snippet = scalar[:last]+"$0"+scalar[last:], true
		}
		it.FilterText = value
		if quoted {
			it.FilterText = string(old[:1]) + value
		}
		it.AdditionalEdits = nil
		items = append(items, it)
	}
	list.Items = items
	return list
}

// oneKeySkeleton reads a snippet that is a JSON object of one key whose
// value is the first tab stop, {"Key": "$1"}, and returns the key.
func oneKeySkeleton(text string) (string, bool) {
	key, ok := strings.CutPrefix(text, `{"`)
	if !ok {
		return "", false
	}
	key, ok = strings.CutSuffix(key, `": "$1"}`)
	if !ok || key == "" || strings.ContainsAny(key, `"\$ :{}[],`) {
		return "", false
	}
	return key, true
}

// singleQuotedHostText rewrites an item written in the host's syntax, a
// double-quoted string after an optional tag (!Sub "arn:${AWS::Partition}:..."),
// for the single-quoted scalar it replaces. Only a string with no quote or
// escape of its own is rewritten: a snippet's text is no JSON, so a
// backslash other than a snippet's \$ or \} cannot be read safely.
func singleQuotedHostText(text string) (string, bool) {
	open := strings.IndexByte(text, '"')
	if open < 0 || len(text)-open < 2 || text[len(text)-1] != '"' {
		return "", false
	}
	body := text[open+1 : len(text)-1]
	if strings.ContainsAny(body, `"'`) || strings.Count(body, `\`) != strings.Count(body, `\$`)+strings.Count(body, `\}`) {
		return "", false
	}
	return text[:open] + "'" + body + "'", true
}

// hostOptions tell completion how the host file of policy p writes an
// ARN's partition, region and account, and which Fn::Sub string holds
// offset, if any.
func hostOptions(r *host.Result, p *host.Found, offset int) *completion.Host {
	w := r.ARNWords
	h := &completion.Host{Partition: w.Partition, Region: w.Region, Account: w.Account, Open: w.Open, Close: w.Close}
	h.StringStart, h.StringEnd, _ = p.SubStringAt(offset)
	return h
}

// completeInBrokenTemplate answers completion in a YAML template that does
// not parse. When the line being typed leaves a quote or bracket open
// (Action: [ses:Sen), the template is read again with that line closed
// (host.ClosedLine); when it still does not parse (a line broken
// elsewhere: above, below, in another resource or the same policy), only
// the resource holding the cursor is read (host.CloudFormationAround). The
// items' edits, found in that text, are kept within the cursor's line as
// it is.
func completeInBrokenTemplate(d *document, offset int, opts completion.Options) (completion.List, bool) {
	if len(d.template.Policies) > 0 || !mayBeYAML(d.uri) || offset > len(d.src) {
		return completion.List{}, false
	}
	text, lineEnd := host.ClosedLine(d.src, offset)
	if text == nil {
		text, lineEnd = d.src, offset+bytes.IndexAny(d.src[offset:], "\r\n")
		if lineEnd < offset {
			lineEnd = len(d.src)
		}
	}
	tmpl, ok := host.CloudFormation(text, true)
	if !ok || len(tmpl.Errors) > 0 {
		if tmpl, ok = host.CloudFormationAround(text, offset); !ok {
			return completion.List{}, false
		}
	}
	repaired := &document{uri: d.uri, src: text, template: host.Analyze(text, tmpl, policy.Options{Kind: ""})}
	res := repaired.resultAt(offset, true)
	if res == nil {
		return completion.List{}, false
	}
	lineStart := bytes.LastIndexByte(d.src[:offset], '\n') + 1
	return editsWithin(completeInTemplate(repaired, res, offset, opts), lineStart, lineEnd), true
}

// editsUpTo keeps the items whose edit starts at or before end, their
// edits clipped to it: completion answered from a repaired copy of the text
// must not touch what was added to repair it.
func editsUpTo(list completion.List, end int) completion.List {
	return editsWithin(list, 0, end)
}

// editsWithin is editsUpTo that also drops the items whose edit starts
// before start (the cursor's line, in a template read in part).
func editsWithin(list completion.List, start, end int) completion.List {
	items := list.Items[:0]
	for _, it := range list.Items {
		if it.Edit.Start > end || it.Edit.Start < start {
			continue
		}
		it.Edit.End = min(it.Edit.End, end)
		items = append(items, it)
	}
	list.Items = items
	return list
}

// mayBeYAML: a document that may be a YAML template; a .json file is only
// ever read as JSON.
func mayBeYAML(uri protocol.DocumentUri) bool {
	return !strings.HasSuffix(strings.ToLower(uri), ".json")
}

// keepLastGoodFindings: YAML is often momentarily broken while typing. When
// a template stops parsing, the document shows the one syntax error where
// the YAML breaks and, elsewhere, the findings of the last version that
// parsed: those before the changed text stay, those after it move with it,
// those inside it are dropped.
func keepLastGoodFindings(old, d *document) {
	if d.template == nil {
		return
	}
	broken := len(d.template.Policies) == 0 && len(d.result.Diagnostics) > 0
	if !broken {
		d.policyFindings = d.template.Diagnostics
		return
	}
	if old == nil || old.template == nil {
		return
	}
	prefix, suffix := commonEnds(old.src, d.src)
	delta := len(d.src) - len(old.src)
	for _, f := range old.policyFindings {
		switch {
		case f.End <= prefix:
		case f.Start >= len(old.src)-suffix:
			f.Start += delta
			f.End += delta
		default:
			continue
		}
		f.Fixes = nil // fixes of another version's text
		d.policyFindings = append(d.policyFindings, f)
	}
	d.result.Diagnostics = append(slices.Clip(d.result.Diagnostics), d.policyFindings...)
	slices.SortStableFunc(d.result.Diagnostics, func(x, y policy.Diagnostic) int { return x.Start - y.Start })
}

// commonEnds returns the lengths of the longest common prefix and suffix of
// a and b that do not overlap.
func commonEnds(a, b []byte) (prefix, suffix int) {
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}

// templateOutline lists a template's policies by logical ID and property
// (PinpointRole AssumeRolePolicyDocument), each with its kind as detail and
// its own outline inside.
func templateOutline(t *host.Result) []completion.Symbol {
	out := make([]completion.Symbol, 0, len(t.Policies))
	for _, p := range t.Policies {
		name := strings.TrimPrefix(p.Location, "Resources.")
		name = strings.Replace(name, ".Properties.", " ", 1)
		root := p.Doc.Root
		out = append(out, completion.Symbol{
			Name: name, Detail: string(p.Kind), Kind: jsonsyntax.Object,
			Start: root.Start(), End: root.End(), SelectionStart: root.Start(), SelectionEnd: root.Start(),
			Children: completion.Outline(p.Result),
		})
	}
	return out
}

// completeWhereNothingTyped answers completion at a place of a YAML
// template where nothing is typed yet (`Resource: ‸`, `- ‸`, a blank line in
// a statement), which go-yaml reads as no token or none at all: from a copy
// of the template with an empty quoted scalar at the cursor
// (host.Placeholders), whose items replace nothing in the template as it
// is. A key gets its colon; values are written plain where YAML allows.
func completeWhereNothingTyped(d *document, offset int, opts completion.Options) (completion.List, bool) {
	if d.template == nil || !mayBeYAML(d.uri) || host.IsTerraformName(strings.ToLower(d.uri)) {
		return completion.List{}, false
	}
	broken := slices.ContainsFunc(d.template.Diagnostics, func(x policy.Diagnostic) bool { return x.Code == policy.RuleSyntax })
	for _, ph := range host.Placeholders(d.src, offset) {
		inside := offset + 1 // between the placeholder's quotes
		// The resource holding the cursor alone, as written, costs the
		// same in any template; the whole template when that is not
		// enough (the policy is in no resource, an alias refers to
		// another), or, broken elsewhere too, the resource with the lines
		// that stop it left out, as completeInBrokenTemplate reads it.
		tmpl, ok := host.CloudFormationResourceAt(ph.Text, inside)
		if !ok {
			tmpl, ok = host.CloudFormation(ph.Text, true)
		}
		if ok && len(tmpl.Errors) > 0 && broken {
			tmpl, ok = host.CloudFormationAround(ph.Text, inside)
		}
		if !ok || tmpl.Syntax != host.YAML || len(tmpl.Errors) > 0 {
			continue
		}
		r := host.Analyze(ph.Text, tmpl, policy.Options{})
		p := r.PolicyAt(inside)
		if p == nil || p.Syntax != host.YAML {
			continue
		}
		o := opts
		o.Host = hostOptions(r, p, inside)
		list := yamlItems(completion.Complete(p.Result, inside, o), ph.Text, true)
		items := list.Items[:0]
		for _, it := range list.Items {
			if it.Edit.Start != offset || it.Edit.End != offset+len(`""`) {
				continue // an edit of more than the placeholder
			}
			it.Edit.End = offset
			if ph.Key {
				it.Edit.NewText += ": "
			}
			items = append(items, it)
		}
		if list.Items = items; len(items) > 0 {
			return list, true
		}
	}
	return completion.List{}, false
}
