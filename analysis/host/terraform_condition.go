package host

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Fixes that add a condition (TRUST007's aws:SourceAccount) insert JSON
// members into a statement, its Condition or one operator's block. In a
// jsonencode object they are written as HCL object items; in a policy
// document data source as a new condition { test variable values } block
// at the end of the statement block (in .tf.json, a new element of the
// statement's "condition").

// conditionRole is the object an inserted member belongs to.
type conditionRole uint8

const (
	roleStatement conditionRole = iota // "Condition": {...}
	roleCondition                      // "StringEquals": {...}
	roleOperator                       // "aws:SourceAccount": "..."
)

// conditionTriple is one condition block: test, variable and values.
type conditionTriple struct {
	test, variable string
	values         json.RawMessage
}

// hclInsertMembers rewrites a policy edit that inserts members into an
// object of an HCL policy (jsonencode's object, a policy document).
func hclInsertMembers(src []byte, e *Embedded, ed policy.Edit) (policy.Edit, bool) {
	members, ok := insertedMembers(ed.NewText)
	if !ok {
		return ed, false
	}
	role := roleOperator
	switch {
	case len(members) == 1 && members[0].key == "Condition":
		role = roleStatement
	case isJSONObject(members[0].value):
		role = roleCondition
	}
	target := insertionObject(e.Doc.Root, ed.Start, role)
	if target == nil && !e.document {
		// Not a condition: another member of a jsonencode object
		// (Version at the policy's start).
		if obj, _ := insertionTarget(src, e.Doc.Root, ed.Start, ed.NewText); obj != nil && objectRole(obj) > roleOperator {
			return hclObjectItems(src, ed, members)
		}
	}
	if target == nil {
		return ed, false
	}
	triples, ok := conditionTriples(target, role, members)
	if !ok {
		return ed, false
	}
	statement := target
	for statement != nil && objectRole(statement) != roleStatement {
		statement = statement.Parent()
	}
	if statement == nil {
		return ed, false
	}
	for _, c := range triples {
		op := conditionOperator(statement, c.variable)
		if op == "" || !e.document && op == "Bool" && c.test == "BoolIfExists" {
			// Not tested yet, or CND014 moving the key from Bool into
			// BoolIfExists in a jsonencode object (the same fix removes it
			// from Bool).
			continue
		}
		// Under another operator (one a fix of the same round may be
		// renaming): two blocks of one test and variable merge their
		// values, which would widen the condition. The next round
		// decides.
		return ed, false
	}
	if !e.document {
		return hclObjectItems(src, ed, members)
	}
	if firstNonSpace(src) == '{' {
		return jsonConditionBlocks(src, statement, triples)
	}
	return hclConditionBlocks(src, statement, triples)
}

// conditionOperator returns the operator under which a statement's
// Condition already tests the key, or "".
func conditionOperator(statement *jsonsyntax.Node, key string) string {
	condition := statement.Member("Condition")
	if condition == nil || condition.Value() == nil {
		return ""
	}
	for _, op := range condition.Value().Children() {
		if block := op.Value(); block != nil && block.Kind() == jsonsyntax.Object {
			for _, k := range block.Children() {
				if strings.EqualFold(k.Key().Text(), key) {
					return op.Key().Text()
				}
			}
		}
	}
	return ""
}

func isJSONObject(v json.RawMessage) bool {
	return len(v) > 0 && v[0] == '{'
}

// insertionObject is the object of the given role an insertion at offset
// adds members to: one whose last member ends there, or an empty one just
// opened there.
func insertionObject(root *jsonsyntax.Node, offset int, role conditionRole) *jsonsyntax.Node {
	var found *jsonsyntax.Node
	var walk func(n *jsonsyntax.Node)
	walk = func(n *jsonsyntax.Node) {
		if n == nil || found != nil || offset < n.Start() || offset > n.End() {
			return
		}
		if n.Kind() == jsonsyntax.Object && objectRole(n) == role {
			kids := n.Children()
			if len(kids) > 0 && kids[len(kids)-1].End() == offset || len(kids) == 0 && n.Start()+1 == offset {
				found = n
				return
			}
		}
		for _, c := range n.Children() {
			if c.Kind() == jsonsyntax.Property {
				walk(c.Value())
			} else {
				walk(c)
			}
		}
	}
	walk(root)
	return found
}

// objectRole tells a statement, a Condition and an operator's block apart
// by their path in the policy; any other object is none of them
// (roleOperator+1).
func objectRole(n *jsonsyntax.Node) conditionRole {
	p := n.Path()
	switch {
	case len(p) == 1 && p[0].Key == "Statement" || len(p) == 2 && p[0].Key == "Statement" && p[1].IsIndex:
		return roleStatement
	case len(p) >= 2 && p[len(p)-1].Key == "Condition" && !p[len(p)-1].IsIndex:
		return roleCondition
	case len(p) >= 3 && p[len(p)-2].Key == "Condition" && !p[len(p)-1].IsIndex:
		return roleOperator
	}
	return roleOperator + 1
}

// conditionTriples are the condition blocks the inserted members add to a
// target of the role.
func conditionTriples(target *jsonsyntax.Node, role conditionRole, members []insertedMember) ([]conditionTriple, bool) {
	var out []conditionTriple
	addOperator := func(test string, block json.RawMessage) bool {
		keys, ok := objectMembers(block)
		for _, k := range keys {
			out = append(out, conditionTriple{test, k.key, k.value})
		}
		return ok
	}
	for _, m := range members {
		switch role {
		case roleStatement:
			ops, ok := objectMembers(m.value)
			if !ok {
				return nil, false
			}
			for _, op := range ops {
				if !addOperator(op.key, op.value) {
					return nil, false
				}
			}
		case roleCondition:
			if !addOperator(m.key, m.value) {
				return nil, false
			}
		case roleOperator:
			property := target.Parent()
			if property == nil || property.Kind() != jsonsyntax.Property {
				return nil, false
			}
			out = append(out, conditionTriple{property.Key().Text(), m.key, m.value})
		}
	}
	return out, len(out) > 0
}

// valuesList is a condition's values as a list of HCL (or JSON) literals:
// one value becomes a list of one.
func valuesList(v json.RawMessage, literal func(json.RawMessage) (string, bool)) (string, bool) {
	var list []json.RawMessage
	if json.Unmarshal(v, &list) != nil {
		list = []json.RawMessage{v}
	}
	items := make([]string, len(list))
	for i, x := range list {
		var ok bool
		if items[i], ok = literal(x); !ok {
			return "", false
		}
	}
	return "[" + strings.Join(items, ", ") + "]", true
}

// hclLiteral writes a JSON scalar as an HCL literal.
func hclLiteral(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return `"` + hclStringContent(s) + `"`, true
	}
	var scalar any
	if json.Unmarshal(v, &scalar) != nil {
		return "", false
	}
	switch scalar.(type) {
	case float64, bool:
		return string(v), true
	}
	return "", false
}

// tfJSONLiteral writes a JSON scalar for a .tf.json file, where strings
// are templates: ${ and %{ are escaped.
func tfJSONLiteral(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		b, _ := json.Marshal(strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s))
		return string(b), true
	}
	return hclLiteral(v)
}

// hclConditionBlocks writes condition blocks before the statement block's
// closing brace, at the indentation of the block's arguments.
func hclConditionBlocks(src []byte, statement *jsonsyntax.Node, triples []conditionTriple) (policy.Edit, bool) {
	closing := statement.End() - 1
	if closing <= statement.Start() || closing >= len(src) || src[closing] != '}' {
		return policy.Edit{}, false
	}
	lineStart := bytes.LastIndexByte(src[:closing], '\n') + 1
	if len(bytes.TrimSpace(src[lineStart:closing])) != 0 || lineStart <= statement.Start() {
		return policy.Edit{}, false // a one-line block: leave it to the user
	}
	outer := string(src[lineStart:closing])
	indent := outer + "  "
	if m := firstArgumentIndent.FindSubmatch(src[statement.Start():closing]); m != nil {
		indent = string(m[1])
	}
	// One level deeper, in the file's unit (two spaces, or a tab).
	step := strings.TrimPrefix(indent, outer)
	if step == indent || step == "" {
		step = "  "
	}
	newline := "\n"
	if bytes.HasSuffix(src[:lineStart], []byte("\r\n")) {
		newline = "\r\n"
	}
	var b strings.Builder
	for _, c := range triples {
		values, ok := valuesList(c.values, hclLiteral)
		if !ok {
			return policy.Edit{}, false
		}
		b.WriteString(indent + "condition {" + newline)
		b.WriteString(indent + step + `test     = "` + hclStringContent(c.test) + `"` + newline)
		b.WriteString(indent + step + `variable = "` + hclStringContent(c.variable) + `"` + newline)
		b.WriteString(indent + step + "values   = " + values + newline)
		b.WriteString(indent + "}" + newline)
	}
	return policy.Edit{Start: lineStart, End: lineStart, NewText: b.String()}, true
}

// firstArgumentIndent: the indentation of a block's first line after its
// opening brace that has content.
var firstArgumentIndent = regexp.MustCompile(`\{[^\n]*\n(?:[ \t]*\r?\n)*([ \t]*)[^\s}]`)

// jsonConditionBlocks adds condition blocks to a .tf.json statement: new
// elements of its "condition" (a list, or one object made a list), or a new
// "condition" member.
func jsonConditionBlocks(src []byte, statement *jsonsyntax.Node, triples []conditionTriple) (policy.Edit, bool) {
	doc := jsonsyntax.Parse(src)
	var raw *jsonsyntax.Node
	if n := doc.NodeAt(statement.Start()); n != nil {
		for raw = n; raw != nil && !(raw.Kind() == jsonsyntax.Object && raw.Start() == statement.Start()); raw = raw.Parent() {
		}
	}
	if raw == nil {
		return policy.Edit{}, false
	}
	blocks := make([]string, len(triples))
	for i, c := range triples {
		values, ok := valuesList(c.values, tfJSONLiteral)
		if !ok {
			return policy.Edit{}, false
		}
		test, _ := tfJSONLiteral(mustJSON(c.test))
		variable, _ := tfJSONLiteral(mustJSON(c.variable))
		blocks[i] = `{"test": ` + test + `, "variable": ` + variable + `, "values": ` + values + `}`
	}
	list := strings.Join(blocks, ", ")
	if p := raw.Member("condition"); p != nil && p.Value() != nil {
		v := p.Value()
		switch {
		case v.Kind() == jsonsyntax.Array && len(v.Children()) > 0:
			end := v.Children()[len(v.Children())-1].End()
			return policy.Edit{Start: end, End: end, NewText: ", " + list}, true
		case v.Kind() == jsonsyntax.Object:
			return policy.Edit{Start: v.Start(), End: v.End(), NewText: "[" + string(src[v.Start():v.End()]) + ", " + list + "]"}, true
		}
		return policy.Edit{}, false
	}
	kids := raw.Children()
	if len(kids) == 0 {
		return policy.Edit{Start: raw.Start() + 1, End: raw.Start() + 1, NewText: `"condition": [` + list + `]`}, true
	}
	last := kids[len(kids)-1]
	lineStart := bytes.LastIndexByte(src[:last.Start()], '\n') + 1
	sep := " "
	if len(bytes.TrimSpace(src[lineStart:last.Start()])) == 0 {
		sep = "\n" + string(src[lineStart:last.Start()])
		if bytes.HasSuffix(src[:lineStart], []byte("\r\n")) {
			sep = "\r" + sep
		}
	}
	return policy.Edit{Start: last.End(), End: last.End(), NewText: "," + sep + `"condition": [` + list + `]`}, true
}

func mustJSON(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// hclObjectItems writes inserted members as items of a jsonencode object:
// Key = value, with bare keys where HCL allows them, separated as the
// policy edit separates them (a line break, or a comma on one line). The
// edit adds them after the last item (its text starts with a comma), before
// the first (ends with one), or into an empty object.
func hclObjectItems(src []byte, ed policy.Edit, members []insertedMember) (policy.Edit, bool) {
	items, ok := hclItems(members)
	if !ok {
		return ed, false
	}
	lead := func(text string) string {
		sep := text[:len(text)-len(strings.TrimLeft(text, " \t\r\n"))]
		if !strings.Contains(sep, "\n") {
			return ", "
		}
		return sep
	}
	switch {
	case strings.HasPrefix(ed.NewText, ","):
		sep := lead(strings.TrimPrefix(ed.NewText, ","))
		return policy.Edit{Start: ed.Start, End: ed.End, NewText: sep + strings.Join(items, sep)}, true
	case strings.HasSuffix(strings.TrimSpace(ed.NewText), ","):
		if sep := lead(ed.NewText); sep != ", " {
			// After the opening brace, each on a line of its own.
			return policy.Edit{Start: ed.Start, End: ed.End, NewText: sep + strings.Join(items, sep)}, true
		}
		return policy.Edit{Start: ed.Start, End: ed.End, NewText: strings.Join(items, ", ") + ", "}, true
	}
	// An empty object's first items.
	return policy.Edit{Start: ed.Start, End: ed.End, NewText: " " + strings.Join(items, ", ") + " "}, true
}

var bareKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// hclKey writes an object key bare when it is an identifier HCL reads as
// the same string, else quoted.
func hclKey(k string) string {
	if bareKey.MatchString(k) && k != "true" && k != "false" && k != "null" {
		return k
	}
	return `"` + hclStringContent(k) + `"`
}

// hclValue writes a JSON value as an HCL expression that jsonencode turns
// back into it.
func hclValue(v json.RawMessage) (string, bool) {
	v = bytes.TrimSpace(v)
	switch {
	case isJSONObject(v):
		members, ok := objectMembers(v)
		if !ok {
			return "{}", len(bytes.TrimSpace(v[1:len(v)-1])) == 0
		}
		items, ok := hclItems(members)
		return "{ " + strings.Join(items, ", ") + " }", ok
	case len(v) > 0 && v[0] == '[':
		var list []json.RawMessage
		if json.Unmarshal(v, &list) != nil {
			return "", false
		}
		items := make([]string, len(list))
		for i, x := range list {
			var ok bool
			if items[i], ok = hclValue(x); !ok {
				return "", false
			}
		}
		return "[" + strings.Join(items, ", ") + "]", true
	case string(v) == "null":
		return "null", true
	}
	return hclLiteral(v)
}

// objectMembers reads the members of a JSON object's text.
func objectMembers(v json.RawMessage) ([]insertedMember, bool) {
	text := strings.TrimSpace(string(v))
	if !strings.HasPrefix(text, "{") || !strings.HasSuffix(text, "}") {
		return nil, false
	}
	return insertedMembers(text[1 : len(text)-1])
}

// hclItems writes members as HCL object items (Key = value).
func hclItems(members []insertedMember) ([]string, bool) {
	items := make([]string, len(members))
	for i, m := range members {
		value, ok := hclValue(m.value)
		if !ok {
			return nil, false
		}
		items[i] = hclKey(m.key) + " = " + value
	}
	return items, true
}
