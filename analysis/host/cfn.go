package host

import (
	"bytes"
	"strconv"
	"strings"
	"unsafe"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// MaxTemplateSize is the largest host file read. CloudFormation accepts
// templates up to 1 MB through S3.
const MaxTemplateSize = 1 << 20

// CloudFormation reads src as a CloudFormation or SAM template, JSON or
// YAML (the content decides), and returns its policies; ok is false when
// src is no template (a policy file, a package.json, Kubernetes YAML).
// yaml says whether the file may be YAML at all (its extension or language
// is YAML or .template): a .json file is only ever read as JSON.
func CloudFormation(src []byte, yaml bool) (f *File, ok bool) {
	if len(src) > MaxTemplateSize || !mayBeTemplate(src) {
		return nil, false
	}
	if first := firstNonSpace(src); first == '{' {
		doc := jsonsyntax.Parse(src)
		if doc.Root == nil || doc.Root.Kind() != jsonsyntax.Object {
			return nil, false
		}
		c := newConverter(src)
		root := c.fromJSON(doc.Root)
		if !isTemplate(&root) {
			return nil, false
		}
		f = &File{Syntax: JSON, words: cloudFormationWords(JSON)}
		for _, e := range doc.Errors {
			f.Errors = append(f.Errors, SyntaxError{Start: e.Start, End: e.End, Message: e.Message})
		}
		c.policies(f, &root)
		return f, true
	}
	if !yaml {
		return nil, false
	}
	if f, read := fastTemplate(src); read {
		return f, f != nil
	}
	root, c, err := parseGoYAML(src)
	if err != nil {
		// A template being typed is often broken for a moment: still a
		// template when it says so plainly.
		if !bytes.Contains(src, []byte("AWSTemplateFormatVersion")) && !bytes.Contains(src, []byte("Type: AWS::")) {
			return nil, false
		}
		return &File{Syntax: YAML, Errors: []SyntaxError{*err}}, true
	}
	if root == nil || !isTemplate(root) {
		return nil, false
	}
	f = &File{Syntax: YAML, words: cloudFormationWords(YAML)}
	c.policies(f, root)
	return f, true
}

// mayBeTemplate is the cheap look that keeps policy files and other JSON or
// YAML from being parsed twice.
func mayBeTemplate(src []byte) bool {
	return bytes.Contains(src, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(src, []byte("Resources")) && bytes.Contains(src, []byte("AWS::"))
}

func firstNonSpace(src []byte) byte {
	for _, c := range src {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return c
		}
	}
	return 0
}

// isTemplate: a top-level AWSTemplateFormatVersion, or a Resources map
// whose entries have a Type naming an AWS:: resource.
func isTemplate(root *jsonsyntax.Value) bool {
	if root.Kind != jsonsyntax.Object {
		return false
	}
	if member(root, "AWSTemplateFormatVersion") != nil {
		return true
	}
	res := member(root, "Resources")
	if res == nil || res.Kind != jsonsyntax.Object {
		return false
	}
	for i := range res.Members {
		if namesAWSType(member(res.Members[i].Value, "Type")) {
			return true
		}
	}
	return false
}

// namesAWSType: a resource's Type t names an AWS:: or Custom:: type.
func namesAWSType(t *jsonsyntax.Value) bool {
	return t != nil && t.Kind == jsonsyntax.String && (strings.HasPrefix(t.Text, "AWS::") || strings.HasPrefix(t.Text, "Custom::"))
}

// member returns the value of an Object's member named name (the last one
// when repeated), or nil.
func member(v *jsonsyntax.Value, name string) *jsonsyntax.Value {
	if v == nil || v.Kind != jsonsyntax.Object {
		return nil
	}
	for i := len(v.Members) - 1; i >= 0; i-- {
		if v.Members[i].Key.Text == name {
			return v.Members[i].Value
		}
	}
	return nil
}

// Where policies are, by resource type: the property and the kind. The
// CloudFormation resource reference lists each property.
var policyProperties = map[string][]struct {
	property string
	kind     policy.Kind
	list     bool // a list of {PolicyName, PolicyDocument}
}{
	"AWS::IAM::Role":                      {{"AssumeRolePolicyDocument", policy.KindTrust, false}, {"Policies", policy.KindIAMIdentity, true}},
	"AWS::IAM::User":                      {{"Policies", policy.KindIAMIdentity, true}},
	"AWS::IAM::Group":                     {{"Policies", policy.KindIAMIdentity, true}},
	"AWS::IAM::Policy":                    {{"PolicyDocument", policy.KindIAMIdentity, false}},
	"AWS::IAM::ManagedPolicy":             {{"PolicyDocument", policy.KindIAMIdentity, false}},
	"AWS::IAM::RolePolicy":                {{"PolicyDocument", policy.KindIAMIdentity, false}},
	"AWS::IAM::UserPolicy":                {{"PolicyDocument", policy.KindIAMIdentity, false}},
	"AWS::IAM::GroupPolicy":               {{"PolicyDocument", policy.KindIAMIdentity, false}},
	"AWS::KMS::Key":                       {{"KeyPolicy", policy.KindUnknown, false}},
	"AWS::SecretsManager::ResourcePolicy": {{"ResourcePolicy", policy.KindUnknown, false}},
}

// documentProperty says how resourcePolicies reads the Properties key of a
// resource of type t: its value as a policy document, or as a list of
// {PolicyName, PolicyDocument} (the fast reader writes those documents
// while it reads them, yaml_write.go).
func documentProperty(t, key string) (document, list bool) {
	places, known := policyProperties[t]
	switch {
	case known:
		for _, p := range places {
			if p.property == key {
				return !p.list, p.list
			}
		}
		return false, false
	case t == "AWS::Events::EventBusPolicy" || t == "AWS::Serverless::Function" || t == "AWS::Serverless::StateMachine":
		return false, false // statements and SAM entries, read from their Values
	}
	return key == "PolicyDocument", false
}

// policies adds every policy of the template's resources to f.
func (c *converter) policies(f *File, root *jsonsyntax.Value) {
	res := member(root, "Resources")
	if res == nil || res.Kind != jsonsyntax.Object {
		return
	}
	f.resources = res
	for i := range res.Members {
		c.resourcePolicies(f, res.Members[i].Key.Text, res.Members[i].Value)
	}
}

// resourcePolicies adds the policies of the Resources entry id, r, to f.
func (c *converter) resourcePolicies(f *File, id string, r *jsonsyntax.Value) {
	t := member(r, "Type")
	props := member(r, "Properties")
	if t == nil || t.Kind != jsonsyntax.String || props == nil || props.Kind != jsonsyntax.Object {
		return
	}
	at := "Resources." + id + ".Properties."
	switch places, known := policyProperties[t.Text]; {
	case known:
		for _, p := range places {
			v := member(props, p.property)
			if !p.list {
				c.add(f, v, p.kind, at+p.property)
				continue
			}
			if v == nil || v.Kind != jsonsyntax.Array {
				continue
			}
			for j := range v.Elements {
				c.add(f, member(&v.Elements[j], "PolicyDocument"), p.kind, at+p.property+"["+strconv.Itoa(j)+"].PolicyDocument")
			}
		}
	case t.Text == "AWS::Events::EventBusPolicy":
		// Statement is one statement (the older form spreads Action,
		// Principal and Condition over the properties: not a document).
		// It is checked as the one statement of a resource policy,
		// without the finding that it is no whole policy.
		if st := member(props, "Statement"); st != nil && member(st, "Effect") != nil && (member(st, "Action") != nil || member(st, "NotAction") != nil) {
			n := len(f.Policies)
			c.add(f, st, policy.KindUnknown, at+"Statement")
			if len(f.Policies) > n {
				f.Policies[n].statementOnly = true
			}
		}
	case t.Text == "AWS::Serverless::Function" || t.Text == "AWS::Serverless::StateMachine":
		// SAM's Policies: a managed policy's name or ARN, a SAM policy
		// template ({SESCrudPolicy: {...}}), or an inline document;
		// only documents are policies to check.
		v := member(props, "Policies")
		if v == nil {
			return
		}
		if v.Kind == jsonsyntax.Object {
			c.addIfDocument(f, v, at+"Policies")
		}
		if v.Kind == jsonsyntax.Array {
			for j := range v.Elements {
				c.addIfDocument(f, &v.Elements[j], at+"Policies["+strconv.Itoa(j)+"]")
			}
		}
	default:
		// A resource policy of any other service (S3 BucketPolicy, SNS
		// TopicPolicy, SQS QueuePolicy...): generic rules.
		c.add(f, member(props, "PolicyDocument"), policy.KindUnknown, at+"PolicyDocument")
	}
}

// addIfDocument adds a SAM Policies entry that is a document; an entry
// {Name: {parameters}} names a SAM policy template, recorded for hover and
// the unknown-name check.
func (c *converter) addIfDocument(f *File, v *jsonsyntax.Value, location string) {
	if member(v, "Statement") != nil {
		n := len(f.Policies)
		c.add(f, v, policy.KindIAMIdentity, location)
		if len(f.Policies) > n {
			f.Policies[n].samInline = true
		}
		return
	}
	if v.Kind == jsonsyntax.Object && len(v.Members) == 1 && v.Members[0].Key.Text != "Version" {
		k := v.Members[0].Key
		f.samUses = append(f.samUses, samTemplateUse{name: k.Text, start: k.Start, end: k.End})
	}
}

// add records v as a policy when it is an object (a policy given as a
// string, or computed by an intrinsic function, is not read).
func (c *converter) add(f *File, v *jsonsyntax.Value, kind policy.Kind, location string) {
	if v != nil && v.Kind == jsonsyntax.String {
		if arg := c.subArgs[v.Start]; arg != nil {
			c.addJSONString(f, arg, kind, location, true)
			return
		}
		c.addJSONString(f, v, kind, location, false)
		return
	}
	if v == nil || v.Kind != jsonsyntax.Object {
		return
	}
	within := func(ranges [][2]int) [][2]int {
		var out [][2]int
		for _, r := range ranges {
			if v.Start <= r[0] && r[1] <= v.End {
				out = append(out, r)
			}
		}
		return out
	}
	doc := c.writtenDocument(v)
	if doc == nil {
		doc = jsonsyntax.Build(c.text, v)
	}
	f.Policies = append(f.Policies, Embedded{
		Doc: doc, Kind: kind, Location: location,
		Syntax: f.Syntax, Computed: within(c.computed), SubStrings: within(c.subStrings), Words: pseudoParameters,
	})
}

// addJSONString reads a policy given as a JSON string in the template
// (PolicyDocument: |, or '{"Version": ...}') when the string's source is
// its text give or take whitespace (a block scalar, a quoted string without
// escapes): then the JSON parsed in place has host offsets. A string with
// escapes, or computed by anything but Fn::Sub, is not read. sub says v is
// the template of an Fn::Sub: its strings' ${...} parts read as variables,
// and no fix is offered inside it (the whole policy is computed).
func (c *converter) addJSONString(f *File, v *jsonsyntax.Value, kind policy.Kind, location string, sub bool) {
	text := strings.TrimSpace(v.Text)
	if !strings.HasPrefix(text, "{") || v.Start < 0 || v.End > len(c.src) {
		return
	}
	for _, r := range c.computed {
		if !sub && r[0] <= v.Start && v.End <= r[1] {
			return
		}
	}
	raw := c.src[v.Start:v.End]
	open, close := bytes.IndexByte(raw, '{'), bytes.LastIndexByte(raw, '}')
	if open < 0 || close < open || !sameIgnoringSpace(raw[open:close+1], text) {
		return
	}
	base := v.Start + open
	doc := jsonsyntax.Parse(raw[open : close+1])
	if doc.Root == nil {
		return
	}
	for _, e := range doc.Errors {
		f.Errors = append(f.Errors, SyntaxError{Start: base + e.Start, End: base + e.End, Message: e.Message})
	}
	inner := &converter{src: c.src, text: c.text, base: base, sub: sub}
	root := inner.fromJSON(doc.Root)
	e := Embedded{
		Doc: jsonsyntax.Build(c.text, &root), Kind: kind, Location: location,
		Syntax: JSONInString, Computed: inner.computed, Words: pseudoParameters,
	}
	if sub {
		e.Computed = append(e.Computed, [2]int{root.Start, root.End})
	}
	f.Policies = append(f.Policies, e)
}

// sameIgnoringSpace reports whether a and b are equal once whitespace
// outside nothing in particular is dropped: a block scalar's source differs
// from its text only by indentation and line breaks.
func sameIgnoringSpace(a []byte, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		for j < len(b) && isSpace(b[j]) {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// converter turns a host tree into jsonsyntax.Values, recording the ranges
// of computed values.
type converter struct {
	src      []byte
	text     string
	computed [][2]int
	// base is added to the offsets of a JSON tree parsed from part of the
	// source (a policy in a string).
	base int
	// sub: the JSON tree is an Fn::Sub template, its strings read as Sub
	// strings are.
	sub bool
	// subArgs are the arguments of Fn::Sub values by the values' start: a
	// policy given as a Sub of a JSON string is read from its argument.
	subArgs map[int]*jsonsyntax.Value
	// subStrings are the double-quoted templates of Fn::Sub values read
	// as strings.
	subStrings [][2]int
	// written are the documents the fast reader wrote while reading them
	// (yaml_write.go); the tree holds each as an Object with its range
	// only.
	written []writtenDocument
}

// writtenDocument is a document written while read, and its range.
type writtenDocument struct {
	start, end int
	doc        *jsonsyntax.Document
}

// writtenDocument is the document written for the Object v, or nil.
func (c *converter) writtenDocument(v *jsonsyntax.Value) *jsonsyntax.Document {
	for _, w := range c.written {
		if w.start == v.Start && w.end == v.End && len(v.Members) == 0 {
			return w.doc
		}
	}
	return nil
}

// newConverter reads src without copying it (see the package comment): a
// 1 MB template's copy cost about a tenth of its whole analysis.
func newConverter(src []byte) *converter {
	return &converter{src: src, text: unsafe.String(unsafe.SliceData(src), len(src))}
}

// intrinsic reports whether an object is a CloudFormation intrinsic
// function in its long form: one member, Ref or Fn::Name.
func intrinsic(v *jsonsyntax.Value) (name string, ok bool) {
	if v.Kind != jsonsyntax.Object || len(v.Members) != 1 {
		return "", false
	}
	k := v.Members[0].Key.Text
	if k == "Ref" || strings.HasPrefix(k, "Fn::") {
		return k, true
	}
	return "", false
}

// computedValue turns an intrinsic function into what the policy sees:
// Fn::Sub of a literal becomes that string (its ${...} parts read as
// variables, so only the literal parts are checked); anything else is a
// Hole. Either way the range is recorded as computed.
func (c *converter) computedValue(name string, arg *jsonsyntax.Value, start, end int) jsonsyntax.Value {
	c.computed = append(c.computed, [2]int{start, end})
	if name == "Fn::Sub" && arg != nil {
		if arg.Kind == jsonsyntax.Array && len(arg.Elements) > 0 {
			arg = &arg.Elements[0]
		}
		if arg.Kind == jsonsyntax.String && strings.HasPrefix(strings.TrimSpace(arg.Text), "{") {
			if c.subArgs == nil {
				c.subArgs = map[int]*jsonsyntax.Value{}
			}
			c.subArgs[start] = arg
		}
		// A template that starts with a variable (${Bucket.Arn}/*) has no
		// literal shape to check: the variable may be a whole ARN.
		if arg.Kind == jsonsyntax.String && !(strings.HasPrefix(arg.Text, "${") && !strings.HasPrefix(arg.Text, "${!")) {
			if s, e, ok := c.quotedOnLine(arg.Start, arg.End); ok {
				c.subStrings = append(c.subStrings, [2]int{s, e})
			}
			return jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: end, Text: subText(arg.Text)}
		}
	}
	return jsonsyntax.Value{Kind: jsonsyntax.Hole, Start: start, End: end, Text: name}
}

// quotedOnLine returns the double- or single-quoted string on one line
// that src[start:end] holds, blank space before it skipped (go-yaml's
// position of a quoted scalar may be the blank before it, and its end the
// line's).
func (c *converter) quotedOnLine(start, end int) (int, int, bool) {
	for start < end && start < len(c.src) && (c.src[start] == ' ' || c.src[start] == '\t') {
		start++
	}
	if start < 0 || start >= end || start >= len(c.src) || c.src[start] != '"' && c.src[start] != '\'' {
		return 0, 0, false
	}
	quote := c.src[start]
	for i := start + 1; i < end && i < len(c.src); i++ {
		switch c.src[i] {
		case '\\':
			if quote == '"' {
				i++
			}
		case quote:
			if quote == '\'' && i+1 < end && i+1 < len(c.src) && c.src[i+1] == '\'' {
				i++ // '' inside single quotes
				continue
			}
			return start, i + 1, true
		case '\n', '\r':
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// fromJSON converts a parsed JSON template's node.
func (c *converter) fromJSON(n *jsonsyntax.Node) jsonsyntax.Value {
	v := jsonsyntax.Value{Kind: n.Kind(), Start: c.base + n.Start(), End: c.base + n.End()}
	switch n.Kind() {
	case jsonsyntax.Object:
		for _, p := range n.Children() {
			k := p.Key()
			colon := p.Colon()
			if colon >= 0 {
				colon += c.base
			}
			m := jsonsyntax.Member{Key: jsonsyntax.Value{Kind: jsonsyntax.String, Start: c.base + k.Start(), End: c.base + k.End(), Text: k.Text()}, Colon: colon}
			if pv := p.Value(); pv != nil {
				val := c.fromJSON(pv)
				m.Value = &val
			}
			v.Members = append(v.Members, m)
		}
		if name, ok := intrinsic(&v); ok {
			return c.computedValue(name, v.Members[0].Value, v.Start, v.End)
		}
	case jsonsyntax.Array:
		for _, e := range n.Children() {
			v.Elements = append(v.Elements, c.fromJSON(e))
		}
	default:
		v.Text = n.Text()
		if c.sub && v.Kind == jsonsyntax.String && strings.Contains(v.Text, "${") {
			v.Text = subText(v.Text)
		}
	}
	return v
}

// pseudoParameters writes the pseudo parameters of Fn::Sub strings back as
// the template has them when a finding quotes such a string.
var pseudoParameters = strings.NewReplacer(
	"${AWS.AccountId}", "${AWS::AccountId}", "${AWS.NotificationARNs}", "${AWS::NotificationARNs}",
	"${AWS.NoValue}", "${AWS::NoValue}", "${AWS.Partition}", "${AWS::Partition}",
	"${AWS.Region}", "${AWS::Region}", "${AWS.StackId}", "${AWS::StackId}",
	"${AWS.StackName}", "${AWS::StackName}", "${AWS.URLSuffix}", "${AWS::URLSuffix}",
)

// subText is an Fn::Sub template as the rules read it: each ${Name} stays a
// variable (rules skip what ${...} stands for, as they do for IAM's policy
// variables), written without colons ("${AWS::Region}" as "${AWS.Region}")
// so an ARN's fields still split where the template's literal colons are.
func subText(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(s[i:i+j+1], "::", "."), ":", "."))
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}
