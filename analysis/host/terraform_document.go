package host

import (
	"slices"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// The arguments of an aws_iam_policy_document statement and the policy
// element each becomes (Terraform AWS provider documentation, data source
// aws_iam_policy_document).
var documentArguments = map[string]string{
	"sid":           "Sid",
	"effect":        "Effect",
	"actions":       "Action",
	"not_actions":   "NotAction",
	"resources":     "Resource",
	"not_resources": "NotResource",
}

// policyDocument maps a data "aws_iam_policy_document" block onto the
// policy model, nodes at the HCL arguments' ranges, so every rule applies.
// Its kind comes from where its json is used in the module; a document
// used as two kinds is checked as each, its findings labelled with the
// place; one used nowhere is an identity policy.
func (t *tfConverter) policyDocument(f *File, b *hclsyntax.Block, uses []Use) {
	t.computed = nil
	t.blocks = map[int][][2]int{}
	t.inDocument = true
	root := t.document(b)
	t.inDocument = false
	t.addDocument(f, root, b.Labels[1], uses)
	t.blocks = nil
}

// document is the policy a policy document block renders: Version
// (2012-10-17 unless set) and a Statement per statement block. Where the
// data source supplies a default (Version, Effect Allow), the member is
// given an empty range at the block's start: nothing to point at, nothing
// to check.
func (t *tfConverter) document(b *hclsyntax.Block) jsonsyntax.Value {
	r := b.Range()
	root := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: r.Start.Byte, End: r.End.Byte}
	at := b.TypeRange.Start.Byte
	if a := b.Body.Attributes["version"]; a != nil {
		root.Members = append(root.Members, t.argument(a, "Version"))
	} else {
		root.Members = append(root.Members, defaultMember(at, "Version", "2012-10-17"))
	}
	statements := jsonsyntax.Value{Kind: jsonsyntax.Array, Start: b.OpenBraceRange.Start.Byte, End: b.CloseBraceRange.End.Byte}
	for _, s := range b.Body.Blocks {
		switch {
		case s.Type == "statement":
			statements.Elements = append(statements.Elements, t.statement(s))
		case s.Type == "dynamic" && len(s.Labels) == 1 && s.Labels[0] == "statement":
			statements.Elements = append(statements.Elements, t.hole(blockValue(s), "dynamic statement"))
		}
	}
	// Documents merged in are statements this block does not show.
	for _, name := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
		if a := b.Body.Attributes[name]; a != nil {
			statements.Elements = append(statements.Elements, t.hole(rangeValue(a.SrcRange.Start.Byte, a.SrcRange.End.Byte), name))
		}
	}
	root.Members = append(root.Members, jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: at, End: at, Text: "Statement"},
		Colon: -1, Value: &statements,
	})
	return root
}

func (t *tfConverter) statement(s *hclsyntax.Block) jsonsyntax.Value {
	v := blockValue(s)
	v.Kind = jsonsyntax.Object
	at := s.TypeRange.Start.Byte
	if s.Body.Attributes["effect"] == nil {
		v.Members = append(v.Members, defaultMember(at, "Effect", "Allow"))
	}
	for _, a := range attributes(s.Body) {
		if element, ok := documentArguments[a.Name]; ok {
			v.Members = append(v.Members, t.argument(a, element))
		}
	}
	for _, kind := range [][2]string{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		if m, ok := t.principals(s, kind[0], kind[1]); ok {
			v.Members = append(v.Members, m)
		}
	}
	if m, ok := t.conditions(s); ok {
		v.Members = append(v.Members, m)
	}
	sortMembers(&v)
	return v
}

// principals: principals { type identifiers } blocks as {type: [ids]}, the
// blocks of one type merged; type "*" with identifiers ["*"] is "*".
func (t *tfConverter) principals(s *hclsyntax.Block, block, element string) (jsonsyntax.Member, bool) {
	var blocks []*hclsyntax.Block
	dynamic := false
	for _, p := range s.Body.Blocks {
		if p.Type == block || p.Type == "dynamic" && len(p.Labels) == 1 && p.Labels[0] == block {
			blocks = append(blocks, p)
			dynamic = dynamic || p.Type == "dynamic"
		}
	}
	if len(blocks) == 0 {
		return jsonsyntax.Member{}, false
	}
	first, last := blocks[0].Range(), blocks[len(blocks)-1].Range()
	if !dynamic && t.blocks != nil {
		// Removing the member removes these blocks; with a dynamic block
		// of the same type some principals would stay, so none is removed.
		for _, p := range blocks {
			r := p.Range()
			t.blocks[first.Start.Byte] = append(t.blocks[first.Start.Byte], [2]int{r.Start.Byte, r.End.Byte})
		}
	}
	name := blocks[0].TypeRange
	value := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: first.Start.Byte, End: last.End.Byte}
	if dynamic {
		// Principals a dynamic block adds are the module's to compute.
		value = t.hole(value, "dynamic "+block)
		blocks = nil
	}
	for _, p := range blocks {
		typ, ids := p.Body.Attributes["type"], p.Body.Attributes["identifiers"]
		if typ == nil || ids == nil {
			continue
		}
		key := t.value(typ.Expr)
		list := t.value(ids.Expr)
		if key.Kind == jsonsyntax.String && key.Text == "*" {
			if len(blocks) == 1 {
				value = list
				if list.Kind == jsonsyntax.Array && len(list.Elements) == 1 {
					value = list.Elements[0]
				}
				break
			}
			continue
		}
		if key.Kind != jsonsyntax.String {
			continue
		}
		if prev := member(&value, key.Text); prev != nil && prev.Kind == jsonsyntax.Array && list.Kind == jsonsyntax.Array {
			prev.Elements = append(prev.Elements, list.Elements...)
			prev.End = max(prev.End, list.End)
			continue
		}
		key.Kind = jsonsyntax.String
		value.Members = append(value.Members, jsonsyntax.Member{Key: key, Colon: -1, Value: &list})
	}
	sortMembers(&value)
	return jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: name.Start.Byte, End: name.End.Byte, Text: element},
		Colon: -1, Value: &value,
	}, true
}

// conditions: condition { test variable values } blocks as
// {test: {variable: values}}, grouped by test. A dynamic condition block,
// or a test or variable computed, may test any key under any operator: the
// whole Condition is then a Hole, so that no rule misses a key it may hold.
func (t *tfConverter) conditions(s *hclsyntax.Block) (jsonsyntax.Member, bool) {
	var blocks []*hclsyntax.Block
	computed := false
	for _, c := range s.Body.Blocks {
		dynamic := c.Type == "dynamic" && len(c.Labels) == 1 && c.Labels[0] == "condition"
		if c.Type == "condition" || dynamic {
			blocks = append(blocks, c)
			computed = computed || dynamic
		}
	}
	if len(blocks) == 0 {
		return jsonsyntax.Member{}, false
	}
	first, last := blocks[0].Range(), blocks[len(blocks)-1].Range()
	value := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: first.Start.Byte, End: last.End.Byte}
	for _, c := range blocks {
		test, variable, values := c.Body.Attributes["test"], c.Body.Attributes["variable"], c.Body.Attributes["values"]
		if c.Type != "condition" || test == nil || variable == nil || values == nil {
			continue
		}
		op, key, list := t.value(test.Expr), t.value(variable.Expr), t.value(values.Expr)
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
	name := blocks[0].TypeRange
	return jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: name.Start.Byte, End: name.End.Byte, Text: "Condition"},
		Colon: -1, Value: &value,
	}, true
}

// argument is an HCL argument as a policy member: the key at the
// argument's name, the value its expression.
func (t *tfConverter) argument(a *hclsyntax.Attribute, element string) jsonsyntax.Member {
	v := t.value(a.Expr)
	return jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: a.NameRange.Start.Byte, End: a.NameRange.End.Byte, Text: element},
		Colon: a.EqualsRange.Start.Byte, Value: &v,
	}
}

func defaultMember(at int, key, value string) jsonsyntax.Member {
	return jsonsyntax.Member{
		Key:   jsonsyntax.Value{Kind: jsonsyntax.String, Start: at, End: at, Text: key},
		Colon: -1, Value: &jsonsyntax.Value{Kind: jsonsyntax.String, Start: at, End: at, Text: value},
	}
}

func blockValue(b *hclsyntax.Block) jsonsyntax.Value {
	r := b.Range()
	return rangeValue(r.Start.Byte, r.End.Byte)
}

func rangeValue(start, end int) jsonsyntax.Value {
	return jsonsyntax.Value{Start: start, End: end}
}

// sortMembers puts an object's members in source order: the tree's lookups
// by offset search children sorted by start, and HCL blocks and arguments
// may come in any order.
func sortMembers(v *jsonsyntax.Value) {
	slices.SortStableFunc(v.Members, func(a, b jsonsyntax.Member) int { return a.Key.Start - b.Key.Start })
}

// addCondition adds one condition block (test, variable, values) to a
// policy's Condition object: under the operator's object, created on its
// first use. The operator's object spans its variables and values only, so
// the operator (the key) lies outside its value, as in JSON.
func addCondition(condition *jsonsyntax.Value, op, key, values jsonsyntax.Value) {
	inner := member(condition, op.Text)
	if inner == nil {
		condition.Members = append(condition.Members, jsonsyntax.Member{Key: op, Colon: -1, Value: &jsonsyntax.Value{Kind: jsonsyntax.Object, Start: key.Start, End: values.End}})
		inner = condition.Members[len(condition.Members)-1].Value
	}
	inner.Start, inner.End = min(inner.Start, key.Start), max(inner.End, values.End)
	inner.Members = append(inner.Members, jsonsyntax.Member{Key: key, Colon: -1, Value: &values})
	sortMembers(inner)
}
