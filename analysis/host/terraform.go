package host

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Terraform writes its policies in three shapes: an HCL object passed to
// jsonencode, JSON text (a heredoc or a quoted string), and a
// data "aws_iam_policy_document" block. Each becomes a jsonsyntax.Value with
// byte offsets into the .tf file; interpolations, references, function
// calls and for expressions are Holes (or ${...} variables inside a string),
// checked nowhere.
const (
	// HCL is a policy written in HCL (jsonencode's object, a policy
	// document data source): only a string replaced by another is
	// written, as an HCL quoted string.
	HCL Syntax = iota + 16
	// JSONInHCLString is JSON inside an HCL quoted string: edits are
	// escaped as the string's content.
	JSONInHCLString
	// JSONInHeredoc is JSON inside a heredoc: JSON edits fit as they are,
	// unless they would start an interpolation.
	JSONInHeredoc
)

// terraformPlaces: the attribute of each resource type that receives a
// policy, and its kind (Terraform AWS provider documentation). A resource
// type not listed with an attribute named policy is a resource policy of
// another service (unknown kind).
var terraformPlaces = map[string]map[string]policy.Kind{
	"aws_iam_role":                    {"assume_role_policy": policy.KindTrust},
	"aws_iam_policy":                  {"policy": policy.KindIAMIdentity},
	"aws_iam_role_policy":             {"policy": policy.KindIAMIdentity},
	"aws_iam_user_policy":             {"policy": policy.KindIAMIdentity},
	"aws_iam_group_policy":            {"policy": policy.KindIAMIdentity},
	"aws_ses_identity_policy":         {"policy": policy.KindSESIdentity},
	"aws_sesv2_email_identity_policy": {"policy": policy.KindSESIdentity},
}

// placeKind is the kind of the policy an attribute of a resource receives,
// and whether the attribute receives one at all.
func placeKind(resourceType, attribute string, inline bool) (policy.Kind, bool) {
	if inline {
		// aws_iam_role's inline_policy { policy = ... }
		return policy.KindIAMIdentity, attribute == "policy"
	}
	if places, ok := terraformPlaces[resourceType]; ok {
		k, ok := places[attribute]
		return k, ok
	}
	return policy.KindUnknown, attribute == "policy"
}

// TerraformModule holds what other files of the module say about this one:
// the kinds that data "aws_iam_policy_document" documents are used as, and
// the SES identities its resources declare.
type TerraformModule struct {
	// Uses maps a document's name to the places its .json is used in.
	Uses map[string][]Use
	// Identities maps an SES identity resource's address
	// (aws_ses_domain_identity.example) to the identity it declares, when
	// literal.
	Identities map[string]string
	// Data names the aws_partition, aws_region and aws_caller_identity
	// data sources the module's other files declare, by type
	// (TerraformData): ARN templates name them.
	Data map[string]string
	// RegionAttribute is the attribute of aws_region that holds the
	// region's name in this module ("region" or "name"; see
	// regionAttribute).
	RegionAttribute string

	// parsed keeps the HCL files TerraformUses parsed, by their text, so
	// that Terraform does not parse them a second time.
	parsed map[string]hclParse
}

// Use is one place a policy document data source's json is used.
type Use struct {
	Kind  policy.Kind
	Place string // aws_iam_role.pinpoint.assume_role_policy
	// Identity is the SES identity the place attaches the document to,
	// when known.
	Identity string
}

// IsTerraformName reports whether a path names a Terraform file (.tf, or
// .tf.json in Terraform's JSON syntax).
func IsTerraformName(path string) bool {
	lower := strings.ToLower(path)
	return strings.HasSuffix(lower, ".tf") || strings.HasSuffix(lower, ".tf.json")
}

// TerraformUses scans a module's files (HCL sources) for the places each
// policy document data source is used.
func TerraformUses(files ...[]byte) TerraformModule {
	m := TerraformModule{Uses: map[string][]Use{}, Identities: map[string]string{}, RegionAttribute: regionAttribute(files...)}
	// Identities first, from every file: a use's identity may be declared
	// in a file read after it.
	type hclBody struct {
		src  []byte
		body *hclsyntax.Body
	}
	var hclBodies []hclBody
	var jsonRoots []*jsonsyntax.Node
	parsed := parseHCLFiles(files)
	for i, src := range files {
		if !namesDocumentOrIdentity(src) {
			continue
		}
		if firstNonSpace(src) == '{' {
			doc := jsonsyntax.Parse(src)
			if doc.Root != nil && doc.Root.Kind() == jsonsyntax.Object {
				m.declareIdentitiesJSON(doc.Root)
				jsonRoots = append(jsonRoots, doc.Root)
			}
			continue
		}
		f := parsed[i]
		if !f.diags.HasErrors() {
			if m.parsed == nil {
				m.parsed = map[string]hclParse{}
			}
			m.parsed[string(src)] = f
		}
		if body, ok := f.file.Body.(*hclsyntax.Body); ok {
			m.declareIdentities(body)
			hclBodies = append(hclBodies, hclBody{src, body})
		}
	}
	for _, b := range hclBodies {
		m.scan(b.src, b.body)
	}
	for _, root := range jsonRoots {
		m.scanJSON(root)
	}
	return m
}

// namesDocumentOrIdentity is the cheap look before parsing a module's
// file: parsing is most of the cost, and a file that names no policy
// document and no SES resource has nothing for TerraformUses to find.
func namesDocumentOrIdentity(src []byte) bool {
	return bytes.Contains(src, []byte("data.aws_iam_policy_document.")) || bytes.Contains(src, []byte("aws_ses"))
}

// parseHCLFiles parses the HCL files TerraformUses reads, several at a
// time (a module's files are independent; `check` waits for its folder's
// scan before checking any of its files).
func parseHCLFiles(files [][]byte) []hclParse {
	out := make([]hclParse, len(files))
	var todo []int
	for i, src := range files {
		if namesDocumentOrIdentity(src) && firstNonSpace(src) != '{' {
			todo = append(todo, i)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := int(next.Add(1)) - 1; n < len(todo); n = int(next.Add(1)) - 1 {
				i := todo[n]
				out[i] = parseHCL(files[i])
			}
		}()
	}
	wg.Wait()
	return out
}

func (m *TerraformModule) scan(src []byte, body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			continue
		}
		address := b.Labels[0] + "." + b.Labels[1]
		m.scanAttributes(src, b.Body, b.Labels[0], address, false)
		for _, inner := range b.Body.Blocks {
			if inner.Type == "inline_policy" && b.Labels[0] == "aws_iam_role" {
				m.scanAttributes(src, inner.Body, b.Labels[0], address+".inline_policy", true)
			}
		}
	}
}

func (m *TerraformModule) scanAttributes(src []byte, body *hclsyntax.Body, resourceType, address string, inline bool) {
	for name, a := range body.Attributes {
		kind, ok := placeKind(resourceType, name, inline)
		if !ok {
			continue
		}
		// Walking an expression for its references costs more than its
		// text: a jsonencode policy names no data source.
		if r := a.Expr.Range(); r.Start.Byte < r.End.Byte && r.End.Byte <= len(src) && !bytes.Contains(src[r.Start.Byte:r.End.Byte], []byte("aws_iam_policy_document")) {
			continue
		}
		for _, t := range a.Expr.Variables() {
			if doc := policyDocumentName(t); doc != "" {
				m.addUse(doc, Use{Kind: kind, Place: address + "." + name, Identity: m.sesIdentity(body, resourceType)})
			}
		}
	}
}

func (m *TerraformModule) addUse(doc string, u Use) {
	if !slices.Contains(m.Uses[doc], u) {
		m.Uses[doc] = append(m.Uses[doc], u)
	}
}

// policyDocumentName returns X for data.aws_iam_policy_document.X(.json).
func policyDocumentName(t hcl.Traversal) string {
	if len(t) < 3 || t.RootName() != "data" {
		return ""
	}
	typ, ok1 := t[1].(hcl.TraverseAttr)
	name, ok2 := t[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 || typ.Name != "aws_iam_policy_document" {
		return ""
	}
	return name.Name
}

// Terraform reads src as a Terraform file, in HCL syntax or (when it starts
// with "{") Terraform's JSON syntax, and returns its policies; ok is false when the file has none to check and parses. module
// says how the module's files use its policy document data sources (nil:
// this file alone is looked at).
func Terraform(src []byte, module *TerraformModule) (f *File, ok bool) {
	if len(src) > MaxTemplateSize {
		return nil, false
	}
	if firstNonSpace(src) == '{' {
		return terraformJSON(src, module)
	}
	if module == nil {
		m := TerraformUses(src)
		module = &m
	}
	// A file without errors that TerraformUses parsed is read from that
	// parse (hclsyntax's tree is not changed by reading it).
	parse, cached := module.parsed[string(src)]
	if !cached {
		parse = parseHCL(src)
	}
	file, diags := parse.file, parse.diags
	f = &File{Syntax: HCL}
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		f.Errors = append(f.Errors, SyntaxError{Start: d.Subject.Start.Byte, End: d.Subject.End.Byte, Message: d.Summary + ": " + d.Detail})
		break // the first error is the one to fix; the rest follow from it
	}
	body, isBody := file.Body.(*hclsyntax.Body)
	if !isBody {
		return f, len(f.Errors) > 0
	}
	t := &tfConverter{converter: newConverter(src), module: module, fast: parse.fast}
	if len(f.Errors) > 0 {
		// A file being typed: its policies come back when it parses again
		// (the server keeps the last good findings meanwhile).
		return f, true
	}
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			address := b.Labels[0] + "." + b.Labels[1]
			t.resourcePolicies(f, b.Body, b.Labels[0], address, false)
			for _, inner := range b.Body.Blocks {
				if inner.Type == "inline_policy" && b.Labels[0] == "aws_iam_role" {
					t.resourcePolicies(f, inner.Body, b.Labels[0], address+".inline_policy", true)
				}
			}
		case b.Type == "data" && len(b.Labels) == 2 && b.Labels[0] == "aws_iam_policy_document":
			t.policyDocument(f, b, module.Uses[b.Labels[1]])
		}
	}
	f.words = arnWords(dataSources(body), module.Data, module.RegionAttribute)
	return f, len(f.Policies) > 0
}

type tfConverter struct {
	*converter
	module *TerraformModule
	// inDocument: inside a policy document data source, where &{...} is
	// written for IAM's ${...} policy variables.
	inDocument bool
	// blocks: the principals blocks of the document being read, by the
	// start of the member they become (Embedded.blocks).
	blocks map[int][][2]int
	// fast: the values the fast reader read (hclParse).
	fast map[int]*fastArg
}

// attributes in source order.
func attributes(body *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// resourcePolicies adds the policy each policy attribute of a resource
// holds: jsonencode of an object, or JSON text.
func (t *tfConverter) resourcePolicies(f *File, body *hclsyntax.Body, resourceType, address string, inline bool) {
	identity := t.module.sesIdentity(body, resourceType)
	for _, a := range attributes(body) {
		kind, ok := placeKind(resourceType, a.Name, inline)
		if !ok {
			continue
		}
		location := address + "." + a.Name
		switch e := a.Expr.(type) {
		case *hclsyntax.FunctionCallExpr:
			if e.Name != "jsonencode" {
				continue
			}
			var v jsonsyntax.Value
			if fast := t.fast[e.OpenParenRange.End.Byte]; fast != nil && !fast.tuple && len(e.Args) == 0 {
				t.computed, v = slices.Clone(fast.computed), fast.value
			} else {
				if len(e.Args) != 1 {
					continue
				}
				if _, isObject := e.Args[0].(*hclsyntax.ObjectConsExpr); !isObject {
					continue
				}
				t.computed = nil
				v = t.value(e.Args[0])
			}
			if member(&v, "Statement") == nil && member(&v, "Version") == nil {
				continue
			}
			f.Policies = append(f.Policies, Embedded{
				Doc: jsonsyntax.Build(t.text, &v), Kind: kind, Location: location,
				Syntax: HCL, Computed: t.computed, Identity: identity,
				repeatedKeys: repeatedKeys(&v, nil),
			})
		case *hclsyntax.TemplateExpr:
			t.jsonText(f, e, kind, location)
			if n := len(f.Policies); n > 0 && f.Policies[n-1].Location == location {
				f.Policies[n-1].Identity = identity
			}
		}
	}
}

// value converts an HCL expression inside jsonencode.
func (t *tfConverter) value(expr hclsyntax.Expression) jsonsyntax.Value {
	r := expr.Range()
	v := jsonsyntax.Value{Start: r.Start.Byte, End: r.End.Byte}
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		v.Kind = jsonsyntax.Object
		for _, item := range e.Items {
			key, err := item.KeyExpr.Value(nil)
			if err.HasErrors() || !key.IsKnown() || key.IsNull() || key.Type() != cty.String {
				continue // a computed key: nothing to check under it
			}
			kr := item.KeyExpr.Range()
			val := t.value(item.ValueExpr)
			v.Members = append(v.Members, jsonsyntax.Member{
				Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: kr.Start.Byte, End: kr.End.Byte, Text: key.AsString()},
				Colon: separator(t.src, kr.End.Byte, val.Start),
				Value: &val,
			})
		}
		return v
	case *hclsyntax.TupleConsExpr:
		if fast := t.fast[e.OpenRange.End.Byte]; fast != nil && fast.tuple && len(e.Exprs) == 0 {
			return t.fastTuple(fast)
		}
		v.Kind = jsonsyntax.Array
		for _, x := range e.Exprs {
			v.Elements = append(v.Elements, t.value(x))
		}
		return v
	case *hclsyntax.LiteralValueExpr:
		return t.documentText(literal(e.Val, v))
	case *hclsyntax.TemplateExpr:
		return t.documentText(t.template(e, v))
	}
	return t.hole(v, "expression")
}

// fastTuple is a tuple the fast reader read (literals only), its strings
// read as value reads them.
func (t *tfConverter) fastTuple(a *fastArg) jsonsyntax.Value {
	v := a.value
	if t.inDocument {
		v.Elements = slices.Clone(v.Elements)
		for i := range v.Elements {
			v.Elements[i] = t.documentText(v.Elements[i])
		}
	}
	return v
}

// documentText reads &{name} as the policy variable ${name} in a policy
// document data source, as the data source renders it.
func (t *tfConverter) documentText(v jsonsyntax.Value) jsonsyntax.Value {
	if t.inDocument && v.Kind == jsonsyntax.String {
		v.Text = strings.ReplaceAll(v.Text, "&{", "${")
	}
	return v
}

func (t *tfConverter) hole(v jsonsyntax.Value, what string) jsonsyntax.Value {
	t.computed = append(t.computed, [2]int{v.Start, v.End})
	return jsonsyntax.Value{Kind: jsonsyntax.Hole, Start: v.Start, End: v.End, Text: what}
}

// literal is a constant's value, or a Hole for what has no JSON shape.
func literal(val cty.Value, v jsonsyntax.Value) jsonsyntax.Value {
	switch {
	case val.IsNull():
		v.Kind = jsonsyntax.Null
	case val.Type() == cty.Bool:
		v.Kind, v.Text = jsonsyntax.Bool, "false"
		if val.True() {
			v.Text = "true"
		}
	case val.Type() == cty.Number:
		v.Kind, v.Text = jsonsyntax.Number, val.AsBigFloat().Text('g', -1)
	case val.Type() == cty.String:
		v.Kind, v.Text = jsonsyntax.String, val.AsString()
	default:
		v.Kind = jsonsyntax.Hole
	}
	return v
}

// template is a quoted string: literal text, or with interpolations a
// string whose ${...} parts read like policy variables (written without
// colons, so an ARN's fields split where its literal colons are). A string
// that starts with an interpolation is a Hole: the value may be a whole ARN.
func (t *tfConverter) template(e *hclsyntax.TemplateExpr, v jsonsyntax.Value) jsonsyntax.Value {
	var b strings.Builder
	computed := false
	for i, p := range e.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() {
			b.WriteString(lit.Val.AsString())
			continue
		}
		if i == 0 {
			return t.hole(v, "interpolation")
		}
		computed = true
		r := p.Range()
		b.WriteString("${" + variableText(t.text[r.Start.Byte:r.End.Byte]) + "}")
	}
	if computed {
		t.computed = append(t.computed, [2]int{v.Start, v.End})
	}
	v.Kind, v.Text = jsonsyntax.String, b.String()
	return v
}

// variableText is an interpolation's expression as a policy variable's name:
// only letters, digits, _ and . kept (colons, quotes and spaces would split
// an ARN or end the variable).
func variableText(expr string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '.'
	}, expr)
}

// separator is the offset of the = or : between an object item's key and
// value, or -1.
func separator(src []byte, from, to int) int {
	for i := from; i < to && i < len(src); i++ {
		if src[i] == '=' || src[i] == ':' {
			return i
		}
	}
	return -1
}

// jsonText reads a policy written as JSON in a heredoc or a quoted string.
// The string's value is parsed as JSON, each of its bytes mapped back to
// the source bytes it came from (an escape \" is two); an interpolation
// inside a JSON string reads as a ${...} variable, one standing for a whole
// JSON value is a Hole.
func (t *tfConverter) jsonText(f *File, e *hclsyntax.TemplateExpr, kind policy.Kind, location string) {
	start := e.SrcRange.Start.Byte
	heredoc := strings.HasPrefix(t.text[start:], "<<")
	var text []byte
	var from, to []int // source range of each byte of text
	var holes [][2]int
	starts := map[int]bool{}
	for _, p := range e.Parts {
		r := p.Range()
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			var ok bool
			if text, from, to, ok = align(t.src[r.Start.Byte:r.End.Byte], lit.Val.AsString(), r.Start.Byte, heredoc, text, from, to); !ok {
				return
			}
			continue
		}
		v := "${" + variableText(t.text[r.Start.Byte:r.End.Byte]) + "}"
		if !insideJSONString(text) {
			v = `"` + v + `"`
			holes = append(holes, [2]int{r.Start.Byte, r.End.Byte})
		} else {
			starts[len(text)] = true
		}
		t.computedText(r.Start.Byte, r.End.Byte)
		for range len(v) {
			from, to = append(from, r.Start.Byte), append(to, r.End.Byte)
		}
		text = append(text, v...)
	}
	syntax := JSONInHCLString
	if heredoc {
		syntax = JSONInHeredoc
	}
	t.addParsed(f, parsedText{text, from, to, holes, starts}, e.SrcRange.Start.Byte, e.SrcRange.End.Byte, syntax, kind, location)
}

// parsedText is JSON text decoded from a host string, each byte's source
// range, and the ranges of interpolations standing for whole JSON values.
type parsedText struct {
	text     []byte
	from, to []int
	holes    [][2]int
	// interpolationAt: the offsets in text where an interpolation inside
	// a JSON string starts; a JSON string starting with one is a Hole
	// (the value may be a whole ARN).
	interpolationAt map[int]bool
}

// addParsed adds the policy a host string [start, end) holds as JSON, when
// the text has policy shape.
func (t *tfConverter) addParsed(f *File, p parsedText, start, end int, syntax Syntax, kind policy.Kind, location string) {
	trimmed := strings.TrimSpace(string(p.text))
	if !strings.HasPrefix(trimmed, "{") || !strings.Contains(trimmed, "Statement") {
		return
	}
	doc := jsonsyntax.Parse(p.text)
	if doc.Root == nil || doc.Root.Kind() != jsonsyntax.Object {
		return
	}
	for _, er := range doc.Errors {
		s, en := mapRange(p.from, p.to, er.Start, er.End, start)
		f.Errors = append(f.Errors, SyntaxError{Start: s, End: en, Message: er.Message})
	}
	root := mapped(doc.Root, &p)
	var computed [][2]int
	for _, c := range t.computed {
		if start <= c[0] && c[1] <= end {
			computed = append(computed, c)
		}
	}
	f.Policies = append(f.Policies, Embedded{
		Doc: jsonsyntax.Build(t.text, &root), Kind: kind, Location: location,
		Syntax: syntax, Computed: computed,
	})
}

func (t *tfConverter) computedText(start, end int) {
	t.computed = append(t.computed, [2]int{start, end})
}

// insideJSONString reports whether JSON text ends inside a string.
func insideJSONString(text []byte) bool {
	in := false
	for i := 0; i < len(text); i++ {
		switch {
		case in && text[i] == '\\':
			i++
		case text[i] == '"':
			in = !in
		}
	}
	return in
}

// align appends value (a literal part's text) to text, recording for each
// byte the source range it came from: raw is the part's source, where a
// quoted string has escapes, a heredoc none, and either writes ${ as $${;
// an indented heredoc's source has the indentation its value drops.
func align(raw []byte, value string, base int, heredoc bool, text []byte, from, to []int) ([]byte, []int, []int, bool) {
	i, j := 0, 0
	add := func(c byte, s, e int) {
		text = append(text, c)
		from, to = append(from, base+s), append(to, base+e)
	}
	for j < len(value) {
		if i >= len(raw) {
			return text, from, to, false
		}
		switch {
		case !heredoc && raw[i] == '\\' && i+1 < len(raw):
			c, ok := map[byte]byte{'"': '"', '\\': '\\', 'n': '\n', 'r': '\r', 't': '\t'}[raw[i+1]]
			if !ok || value[j] != c {
				return text, from, to, false
			}
			add(c, i, i+2)
			i, j = i+2, j+1
		case (raw[i] == '$' || raw[i] == '%') && i+2 < len(raw) && raw[i+1] == raw[i] && raw[i+2] == '{' && strings.HasPrefix(value[j:], string(raw[i])+"{"):
			add(raw[i], i, i+2)
			add('{', i+2, i+3)
			i, j = i+3, j+2
		case raw[i] == value[j]:
			add(value[j], i, i+1)
			i, j = i+1, j+1
		case heredoc && (raw[i] == ' ' || raw[i] == '\t'):
			i++
		default:
			return text, from, to, false
		}
	}
	return text, from, to, true
}

// mapRange maps a range of the decoded text to source offsets.
func mapRange(from, to []int, s, e, fallback int) (int, int) {
	if len(from) == 0 {
		return fallback, fallback
	}
	s = min(max(s, 0), len(from)-1)
	start := from[s]
	if e <= s {
		return start, start
	}
	return start, to[min(e, len(to))-1]
}

// mapped converts a JSON node parsed from a string's value to host offsets;
// a string that stands where an interpolation is becomes a Hole.
func mapped(n *jsonsyntax.Node, p *parsedText) jsonsyntax.Value {
	s, e := mapRange(p.from, p.to, n.Start(), n.End(), 0)
	v := jsonsyntax.Value{Kind: n.Kind(), Start: s, End: e}
	switch n.Kind() {
	case jsonsyntax.Object:
		for _, c := range n.Children() {
			k := c.Key()
			ks, ke := mapRange(p.from, p.to, k.Start(), k.End(), 0)
			colon := c.Colon()
			if colon >= 0 {
				colon, _ = mapRange(p.from, p.to, colon, colon+1, 0)
			}
			m := jsonsyntax.Member{Key: jsonsyntax.Value{Kind: jsonsyntax.String, Start: ks, End: ke, Text: k.Text()}, Colon: colon}
			if cv := c.Value(); cv != nil {
				val := mapped(cv, p)
				m.Value = &val
			}
			v.Members = append(v.Members, m)
		}
	case jsonsyntax.Array:
		for _, c := range n.Children() {
			v.Elements = append(v.Elements, mapped(c, p))
		}
	default:
		v.Text = n.Text()
		for _, h := range p.holes {
			if h[0] == s && h[1] == e {
				v.Kind = jsonsyntax.Hole
			}
		}
		if n.Kind() == jsonsyntax.String && p.interpolationAt[n.Start()+1] {
			v.Kind = jsonsyntax.Hole
		}
	}
	return v
}

// TerraformFixes applies the fixes mode chooses to a Terraform file, in
// rounds, as policy.Fixes does for a policy file (same safety rules; the
// fixes are already in HCL). module is as for Terraform.
func TerraformFixes(src []byte, module *TerraformModule, opts policy.Options, mode policy.FixMode) ([]byte, int, []policy.Change) {
	return policy.FixesWith(src, mode, func(src []byte) ([]policy.Diagnostic, bool) {
		f, ok := Terraform(src, module)
		if !ok || len(f.Errors) > 0 {
			return nil, false
		}
		return Analyze(src, f, opts).Diagnostics, true
	})
}

// hclEdit rewrites a policy edit (JSON text) for a Terraform host, as one
// or more edits, or reports that it cannot be written there.
func hclEdit(src []byte, e *Embedded, ed policy.Edit) ([]policy.Edit, bool) {
	one := func(ed policy.Edit, ok bool) ([]policy.Edit, bool) { return []policy.Edit{ed}, ok }
	switch e.Syntax {
	case JSONInHeredoc:
		return one(ed, !strings.Contains(ed.NewText, "${") && !strings.Contains(ed.NewText, "%{"))
	case JSONInHCLString:
		ed.NewText = hclStringContent(ed.NewText)
		return one(ed, true)
	}
	if ed.NewText == "" {
		return hclRemoveMember(src, e, ed)
	}
	if written, ok := hclInsertElements(src, e, ed); ok {
		return one(written, true)
	}
	if ed.Start == ed.End {
		return one(hclInsertMembers(src, e, ed))
	}
	if !e.document {
		if written, ok := renameBareKey(src, e.Doc, ed); ok {
			return one(written, true)
		}
	}
	return one(HCLString(src, ed))
}

// HCLString rewrites an edit that replaces a quoted string (a value, or a
// key written quoted) by a JSON string as an HCL string; ok is false for
// any other edit. Arguments' names and bare keys are not JSON strings and
// keep their spelling.
func HCLString(src []byte, ed policy.Edit) (policy.Edit, bool) {
	if !quotedLiteral(src, ed.Start, ed.End) {
		return ed, false
	}
	var value string
	if json.Unmarshal([]byte(ed.NewText), &value) != nil {
		return ed, false
	}
	ed.NewText = `"` + hclStringContent(value) + `"`
	return ed, true
}

// hclStringContent escapes text as the inside of an HCL quoted string.
func hclStringContent(s string) string {
	return hclEscapes.Replace(s)
}

var hclEscapes = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "${", "$${", "%{", "%%{")

// quotedLiteral reports whether src[start:end] is one HCL quoted string
// without interpolation.
func quotedLiteral(src []byte, start, end int) bool {
	if start < 0 || end > len(src) || end-start < 2 || src[start] != '"' || src[end-1] != '"' {
		return false
	}
	for i := start + 1; i < end-1; i++ {
		switch {
		case src[i] == '\\':
			i++
		case src[i] == '"' || src[i] == '\n' || (src[i] == '$' || src[i] == '%') && i+1 < end-1 && src[i+1] == '{':
			return false
		}
	}
	return true
}

// repeatedKeys appends to out the keys of v's objects (v's included) that
// repeat an earlier key of the same object.
func repeatedKeys(v *jsonsyntax.Value, out []jsonsyntax.Value) []jsonsyntax.Value {
	for i := range v.Members {
		m := &v.Members[i]
		for _, earlier := range v.Members[:i] {
			if earlier.Key.Text == m.Key.Text {
				out = append(out, m.Key)
				break
			}
		}
		if m.Value != nil {
			out = repeatedKeys(m.Value, out)
		}
	}
	for i := range v.Elements {
		out = repeatedKeys(&v.Elements[i], out)
	}
	return out
}
