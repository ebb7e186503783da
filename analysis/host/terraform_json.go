package host

import (
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Terraform's JSON syntax (.tf.json): the same blocks as JSON objects
// ({"resource": {"aws_iam_role": {"name": {...}}}}), a block's body given
// as an object or an array of objects. A string is an HCL template: its
// ${...} parts are interpolations, read like policy variables (or a Hole
// when the string starts with one). Policies are escaped JSON strings,
// "${jsonencode({...})}" strings (read as jsonencode in a .tf file) and
// aws_iam_policy_document blocks.

// terraformJSON reads a .tf.json file's policies.
func terraformJSON(src []byte, module *TerraformModule) (*File, bool) {
	doc := jsonsyntax.Parse(src)
	if doc.Root == nil || doc.Root.Kind() != jsonsyntax.Object {
		return nil, false
	}
	f := &File{Syntax: HCL}
	for _, e := range doc.Errors {
		f.Errors = append(f.Errors, SyntaxError{Start: e.Start, End: e.End, Message: e.Message})
		return f, true // the first error; policies come back when it parses
	}
	if module == nil {
		m := TerraformUses(src)
		module = &m
	}
	t := &tfConverter{converter: newConverter(src), module: module}
	for _, body := range bodies(valueOf(doc.Root, "resource")) {
		for _, typ := range body.Children() {
			for _, named := range bodies(typ.Value()) {
				for _, res := range named.Children() {
					for _, rb := range bodies(res.Value()) {
						address := typ.Key().Text() + "." + res.Key().Text()
						t.jsonResourcePolicies(f, rb, typ.Key().Text(), address, false)
						if typ.Key().Text() == "aws_iam_role" {
							for _, inline := range bodies(valueOf(rb, "inline_policy")) {
								t.jsonResourcePolicies(f, inline, typ.Key().Text(), address+".inline_policy", true)
							}
						}
					}
				}
			}
		}
	}
	for _, body := range bodies(valueOf(doc.Root, "data")) {
		for _, named := range bodies(valueOf(body, "aws_iam_policy_document")) {
			for _, d := range named.Children() {
				for _, db := range bodies(d.Value()) {
					t.computed = nil
					t.inDocument = true
					root := t.jsonDocument(db)
					t.inDocument = false
					t.addDocument(f, root, d.Key().Text(), module.Uses[d.Key().Text()])
				}
			}
		}
	}
	f.words = arnWords(jsonDataSources(doc.Root), module.Data, module.RegionAttribute)
	return f, len(f.Policies) > 0
}

// bodies: a block body given as an object, or as an array of objects.
func bodies(n *jsonsyntax.Node) []*jsonsyntax.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind() == jsonsyntax.Object:
		return []*jsonsyntax.Node{n}
	case n.Kind() == jsonsyntax.Array:
		var out []*jsonsyntax.Node
		for _, e := range n.Children() {
			if e.Kind() == jsonsyntax.Object {
				out = append(out, e)
			}
		}
		return out
	}
	return nil
}

// jsonResourcePolicies adds the policies a resource body's policy
// arguments hold as escaped JSON strings.
func (t *tfConverter) jsonResourcePolicies(f *File, body *jsonsyntax.Node, resourceType, address string, inline bool) {
	identity := t.module.sesIdentityJSON(body, resourceType)
	for _, p := range body.Children() {
		kind, ok := placeKind(resourceType, p.Key().Text(), inline)
		v := p.Value()
		if !ok || v == nil || v.Kind() != jsonsyntax.String {
			continue
		}
		if startsWithInterpolation(v.Text()) {
			t.jsonencodeString(f, v, kind, address+"."+p.Key().Text(), identity)
			continue
		}
		start, end := v.Start()+1, v.End()-1
		if end < start {
			continue
		}
		text, from, to, aligned := align(t.src[start:end], v.Text(), start, false, nil, nil, nil)
		if !aligned {
			continue
		}
		starts := map[int]bool{}
		for _, r := range interpolations(v.Text()) {
			s, e := mapRange(from, to, r[0], r[1], start)
			t.computedText(s, e)
			starts[r[0]] = true
		}
		location := address + "." + p.Key().Text()
		t.addParsed(f, parsedText{text: text, from: from, to: to, interpolationAt: starts}, v.Start(), v.End(), JSONInHCLString, kind, location)
		if n := len(f.Policies); n > 0 && f.Policies[n-1].Location == location {
			f.Policies[n-1].Identity = identity
		}
	}
}

// jsonDocument is jsonsyntax's form of a policy document data source
// written in JSON: the same mapping as document, over JSON nodes.
func (t *tfConverter) jsonDocument(b *jsonsyntax.Node) jsonsyntax.Value {
	root := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: b.Start(), End: b.End()}
	at := b.Start()
	if p := b.Member("version"); p != nil && p.Value() != nil {
		root.Members = append(root.Members, t.jsonArgument(p, "Version"))
	} else {
		root.Members = append(root.Members, defaultMember(at, "Version", "2012-10-17"))
	}
	statements := jsonsyntax.Value{Kind: jsonsyntax.Array, Start: b.Start(), End: b.End()}
	for _, s := range bodies(valueOf(b, "statement")) {
		statements.Elements = append(statements.Elements, t.jsonStatement(s))
	}
	for _, name := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json", "dynamic"} {
		if v := valueOf(b, name); v != nil {
			statements.Elements = append(statements.Elements, t.hole(rangeValue(v.Start(), v.End()), name))
		}
	}
	root.Members = append(root.Members, jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: at, End: at, Text: "Statement"},
		Colon: -1, Value: &statements,
	})
	return root
}

func (t *tfConverter) jsonStatement(s *jsonsyntax.Node) jsonsyntax.Value {
	v := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: s.Start(), End: s.End()}
	if valueOf(s, "effect") == nil {
		v.Members = append(v.Members, defaultMember(s.Start(), "Effect", "Allow"))
	}
	for _, p := range s.Children() {
		if element, ok := documentArguments[p.Key().Text()]; ok && p.Value() != nil {
			v.Members = append(v.Members, t.jsonArgument(p, element))
		}
	}
	for _, kind := range [][2]string{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		k, blocks := s.Member(kind[0]), valueOf(s, kind[0])
		if d := s.Member("dynamic"); d != nil && valueOf(d.Value(), kind[0]) != nil {
			// Principals a dynamic block adds are the module's to compute.
			dynamic := valueOf(d.Value(), kind[0])
			hole := t.hole(jsonsyntax.Value{Start: dynamic.Start(), End: dynamic.End()}, "dynamic "+kind[0])
			if k == nil {
				k = d
			}
			v.Members = append(v.Members, jsonsyntax.Member{
				Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: k.Key().Start(), End: k.Key().End(), Text: kind[1]},
				Colon: k.Colon(), Value: &hole,
			})
			continue
		}
		if blocks == nil {
			continue
		}
		value := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: blocks.Start(), End: blocks.End()}
		for _, p := range bodies(blocks) {
			typ, ids := valueOf(p, "type"), valueOf(p, "identifiers")
			if typ == nil || ids == nil || typ.Kind() != jsonsyntax.String {
				continue
			}
			list := t.jsonValue(ids)
			if typ.Text() == "*" {
				value = list
				break
			}
			key := t.jsonValue(typ)
			if key.Kind == jsonsyntax.String {
				value.Members = append(value.Members, jsonsyntax.Member{Key: key, Colon: -1, Value: &list})
			}
		}
		v.Members = append(v.Members, jsonsyntax.Member{
			Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: k.Key().Start(), End: k.Key().End(), Text: kind[1]},
			Colon: k.Colon(), Value: &value,
		})
	}
	// As in HCL (conditions), a dynamic condition block or a computed test
	// or variable makes the whole Condition a Hole.
	blocks, dynamic := valueOf(s, "condition"), s.Member("dynamic")
	if dynamic != nil && valueOf(dynamic.Value(), "condition") == nil {
		dynamic = nil
	}
	if blocks != nil || dynamic != nil {
		k, computed := s.Member("condition"), dynamic != nil
		value := jsonsyntax.Value{Kind: jsonsyntax.Object}
		if blocks != nil {
			value.Start, value.End = blocks.Start(), blocks.End()
		} else {
			k = dynamic
			value.Start, value.End = dynamic.Value().Start(), dynamic.Value().End()
		}
		for _, c := range bodies(blocks) {
			test, variable, values := valueOf(c, "test"), valueOf(c, "variable"), valueOf(c, "values")
			if test == nil || variable == nil || values == nil {
				continue
			}
			op, key, list := t.jsonValue(test), t.jsonValue(variable), t.jsonValue(values)
			if op.Kind != jsonsyntax.String || key.Kind != jsonsyntax.String {
				computed = true
				continue
			}
			addCondition(&value, op, key, list)
		}
		if computed {
			value = t.hole(value, "computed condition")
		}
		sortMembers(&value)
		v.Members = append(v.Members, jsonsyntax.Member{
			Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: k.Key().Start(), End: k.Key().End(), Text: "Condition"},
			Colon: k.Colon(), Value: &value,
		})
	}
	sortMembers(&v)
	return v
}

func (t *tfConverter) jsonArgument(p *jsonsyntax.Node, element string) jsonsyntax.Member {
	k := p.Key()
	v := t.jsonValue(p.Value())
	return jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: k.Start(), End: k.End(), Text: element},
		Colon: p.Colon(), Value: &v,
	}
}

// jsonValue converts a JSON value of a .tf.json file: strings are HCL
// templates.
func (t *tfConverter) jsonValue(n *jsonsyntax.Node) jsonsyntax.Value {
	v := jsonsyntax.Value{Kind: n.Kind(), Start: n.Start(), End: n.End()}
	switch n.Kind() {
	case jsonsyntax.Array:
		for _, e := range n.Children() {
			v.Elements = append(v.Elements, t.jsonValue(e))
		}
	case jsonsyntax.Object:
		return t.hole(v, "object")
	case jsonsyntax.String:
		s := n.Text()
		if startsWithInterpolation(s) {
			return t.hole(v, "interpolation")
		}
		if len(interpolations(s)) > 0 {
			t.computedText(v.Start, v.End)
			s = templateText(s)
		}
		v.Text = strings.ReplaceAll(s, "$${", "${")
		return t.documentText(v)
	default:
		v.Text = n.Text()
	}
	return v
}

var interpolation = regexp.MustCompile(`(?:^|[^$])(\$\{[^}]*\})`)

// interpolations are the ranges of a template's ${...} parts ($${ is a
// literal ${).
func interpolations(s string) [][2]int {
	var out [][2]int
	for _, m := range interpolation.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, [2]int{m[2], m[3]})
	}
	return out
}

func startsWithInterpolation(s string) bool {
	r := interpolations(s)
	return len(r) > 0 && r[0][0] == 0
}

// templateText writes each ${expr} of a template as a policy variable.
func templateText(s string) string {
	var b strings.Builder
	last := 0
	for _, r := range interpolations(s) {
		b.WriteString(s[last:r[0]])
		b.WriteString("${" + variableText(s[r[0]+2:r[1]-1]) + "}")
		last = r[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

var documentReference = regexp.MustCompile(`data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)`)

// scanJSON records, for a .tf.json file, where policy document data
// sources are used.
func (m *TerraformModule) scanJSON(root *jsonsyntax.Node) {
	record := func(body *jsonsyntax.Node, resourceType, address string, inline bool) {
		for _, p := range body.Children() {
			kind, ok := placeKind(resourceType, p.Key().Text(), inline)
			if v := p.Value(); ok && v != nil && v.Kind() == jsonsyntax.String {
				for _, ref := range documentReference.FindAllStringSubmatch(v.Text(), -1) {
					m.addUse(ref[1], Use{Kind: kind, Place: address + "." + p.Key().Text(), Identity: m.sesIdentityJSON(body, resourceType)})
				}
			}
		}
	}
	for _, body := range bodies(valueOf(root, "resource")) {
		for _, typ := range body.Children() {
			for _, named := range bodies(typ.Value()) {
				for _, res := range named.Children() {
					for _, rb := range bodies(res.Value()) {
						address := typ.Key().Text() + "." + res.Key().Text()
						record(rb, typ.Key().Text(), address, false)
						for _, inline := range bodies(valueOf(rb, "inline_policy")) {
							record(inline, typ.Key().Text(), address+".inline_policy", true)
						}
					}
				}
			}
		}
	}
}

// documentWords names a condition's parts as a policy document's
// condition block does.
var documentWords = strings.NewReplacer("condition operator ", "condition test (operator) ", "condition key ", "condition variable (key) ")

// addDocument adds a policy document data source's policy once per kind
// its uses give it (an identity policy when unused).
func (t *tfConverter) addDocument(f *File, root jsonsyntax.Value, name string, uses []Use) {
	address := "data.aws_iam_policy_document." + name
	guessed := len(uses) == 0
	if guessed {
		uses = []Use{{Kind: policy.KindIAMIdentity}}
	}
	seen := map[policy.Kind]bool{}
	for _, u := range uses {
		if seen[u.Kind] {
			continue
		}
		seen[u.Kind] = true
		e := Embedded{
			Doc: jsonsyntax.Build(t.text, &root), Kind: u.Kind, Location: address,
			Syntax: HCL, Computed: t.computed, Words: documentWords, document: true,
			blocks: t.blocks, kindGuessed: guessed,
		}
		if u.Kind == policy.KindSESIdentity {
			e.Identity = commonIdentity(uses)
		}
		if len(uses) > 1 && u.Place != "" {
			e.Location += " (as " + string(u.Kind) + " in " + u.Place + ")"
			e.Label = "as " + string(u.Kind) + " in " + u.Place
		}
		f.Policies = append(f.Policies, e)
	}
}

// valueOf is the value of an object's member named name, or nil.
func valueOf(n *jsonsyntax.Node, name string) *jsonsyntax.Node {
	if p := n.Member(name); p != nil {
		return p.Value()
	}
	return nil
}

// commonIdentity is the one SES identity a document's SES uses attach it
// to, or "" when one of them is unknown or they differ.
func commonIdentity(uses []Use) string {
	identity := ""
	for _, u := range uses {
		if u.Kind != policy.KindSESIdentity {
			continue
		}
		if u.Identity == "" || identity != "" && !strings.EqualFold(identity, u.Identity) {
			return ""
		}
		identity = u.Identity
	}
	return identity
}

// jsonencodeString reads a .tf.json policy argument written as one
// "${jsonencode({...})}" interpolation: the string's HCL, decoded from
// JSON, is read as jsonencode in a .tf file is, its offsets mapped back to
// the escaped string's bytes. The whole string counts as computed: an edit
// there would need HCL's escaping inside JSON's, so none is offered.
func (t *tfConverter) jsonencodeString(f *File, v *jsonsyntax.Node, kind policy.Kind, location, identity string) {
	s := v.Text()
	start, end := v.Start()+1, v.End()-1
	if end <= start {
		return
	}
	_, from, to, aligned := align(t.src[start:end], s, start, false, nil, nil, nil)
	if !aligned {
		return
	}
	expr, diags := hclsyntax.ParseTemplate([]byte(s), "", hcl.InitialPos)
	wrap, isWrap := expr.(*hclsyntax.TemplateWrapExpr)
	if diags.HasErrors() || !isWrap {
		return
	}
	call, isCall := wrap.Wrapped.(*hclsyntax.FunctionCallExpr)
	if !isCall || call.Name != "jsonencode" || len(call.Args) != 1 {
		return
	}
	if _, isObject := call.Args[0].(*hclsyntax.ObjectConsExpr); !isObject {
		return
	}
	inner := &tfConverter{converter: newConverter([]byte(s)), module: t.module}
	root := inner.value(call.Args[0])
	if member(&root, "Statement") == nil && member(&root, "Version") == nil {
		return
	}
	remap(&root, from, to)
	f.Policies = append(f.Policies, Embedded{
		Doc: jsonsyntax.Build(t.text, &root), Kind: kind, Location: location,
		Syntax: HCL, Computed: [][2]int{{v.Start(), v.End()}}, Identity: identity,
		repeatedKeys: repeatedKeys(&root, nil),
	})
}

// remap moves a tree built over decoded text to the source offsets each
// decoded byte came from.
func remap(v *jsonsyntax.Value, from, to []int) {
	v.Start, v.End = mapRange(from, to, v.Start, v.End, 0)
	for i := range v.Members {
		m := &v.Members[i]
		m.Key.Start, m.Key.End = mapRange(from, to, m.Key.Start, m.Key.End, 0)
		if m.Colon >= 0 {
			m.Colon, _ = mapRange(from, to, m.Colon, m.Colon+1, 0)
		}
		if m.Value != nil {
			remap(m.Value, from, to)
		}
	}
	for i := range v.Elements {
		remap(&v.Elements[i], from, to)
	}
}
