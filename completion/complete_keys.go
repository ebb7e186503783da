package completion

import "github.com/policyls/policyls/analysis/policy"

// Member names: the policy's, a statement's, and the principal types. Each
// is proposed with a value skeleton and the cursor inside it, unless the
// member already has its colon, in which case only the name is replaced.

// policyKeys proposes Version, Id and Statement, and on a policy with no
// members yet the whole-policy templates (templates.go).
func (b *builder) policyKeys() {
	if !b.c.Result.IsPolicy && !b.onlyMember() {
		return // JSON that is not a policy (package.json)
	}
	for _, e := range policyElements {
		if b.present(e.Name) {
			continue
		}
		var skeleton string
		switch e.Name {
		case "Version":
			skeleton = `"2012-10-17"`
		case "Id":
			skeleton = `"$1"`
		case "Statement":
			skeleton = "[\n  {\n    $0\n  }\n]"
		}
		b.addKey(e, skeleton)
	}
	if b.onlyMember() {
		b.policyBodies()
	}
}

// onlyMember reports whether the object being completed holds nothing but
// the key being typed.
func (b *builder) onlyMember() bool {
	for _, p := range b.c.Object.Children() {
		if p != b.c.Property {
			return false
		}
	}
	return true
}

// statementKeys proposes the statement elements not yet present, leaving
// out the ones the policy kind rejects and the partner of an exclusive pair
// already present (Action and NotAction, ...).
func (b *builder) statementKeys() {
	kind := b.c.Kind
	for _, e := range statementElements {
		if b.present(e.Name) || b.present(partner(e.Name)) || b.rejects(e) {
			continue
		}
		var skeleton string
		switch e.Name {
		case "Sid", "Id":
			skeleton = `"$1"`
		case "Effect":
			skeleton = `"${1:Allow}"`
		case "Principal":
			if kind == policy.KindTrust {
				skeleton = `{"Service": "$1"}`
			} else {
				skeleton = `{"AWS": "$1"}`
			}
		case "NotPrincipal":
			skeleton = `{"AWS": "$1"}`
		case "Action", "NotAction", "Resource", "NotResource":
			skeleton = `["$1"]`
		case "Condition":
			skeleton = `{"${1:StringEquals}": {"$2": "$3"}}`
		}
		b.addKey(e, skeleton)
	}
}

// rejects reports whether the statement element should not be proposed in
// this policy kind.
func (b *builder) rejects(e element) bool {
	return e.forbiddenIn(b.kind())
}

// kind is the policy kind completion goes by. An identity-based policy is
// inferred from the absence of principals, which is also what a policy
// being started looks like; so unless the kind is forced or another
// statement shows the policy is identity-based, it counts as unknown.
func (b *builder) kind() policy.Kind {
	if b.c.Kind == policy.KindIAMIdentity && !b.opts.KindForced && !b.otherStatementWithoutPrincipal() {
		return policy.KindUnknown
	}
	return b.c.Kind
}

// otherStatementWithoutPrincipal reports a statement other than the one
// being typed that has actions and no principal.
func (b *builder) otherStatementWithoutPrincipal() bool {
	res := b.c.Result
	if res.Policy == nil {
		return false
	}
	for _, s := range res.Policy.Statements {
		if s.Node != b.c.Statement && (s.Action != nil || s.NotAction != nil) && s.Principal == nil && s.NotPrincipal == nil {
			return true
		}
	}
	return false
}

// partner returns the other element of an exclusive pair, or "".
func partner(name string) string {
	switch name {
	case "Action":
		return "NotAction"
	case "NotAction":
		return "Action"
	case "Resource":
		return "NotResource"
	case "NotResource":
		return "Resource"
	case "Principal":
		return "NotPrincipal"
	case "NotPrincipal":
		return "Principal"
	}
	return ""
}

// principalTypes proposes AWS, Service, Federated and CanonicalUser,
// Service first in a trust policy.
func (b *builder) principalTypes() {
	order := principalElements
	if b.c.Kind == policy.KindTrust {
		order = []element{principalElements[1], principalElements[0], principalElements[2], principalElements[3]}
	}
	for _, e := range order {
		if b.present(e.Name) || e.forbiddenIn(b.c.Kind) {
			continue
		}
		b.addKey(e, `"$1"`)
	}
}

// addKey proposes a member name with a value skeleton (a snippet).
func (b *builder) addKey(e element, skeleton string) {
	b.addMember(e.Name, KindProperty, "", e.doc(b.c.Kind), e.Name, skeleton)
}

// addMember proposes a member: `"name": skeleton` where the key is new,
// only `"name"` where the member already has its colon. name is a snippet
// when it holds placeholders (a templated condition key); skeleton always
// is one, with tab stops numbered after the name's.
func (b *builder) addMember(label string, kind ItemKind, detail, doc, name, skeleton string) *Item {
	c := b.c
	var text string
	isSnippet := name != label
	if c.HasColon {
		text = `"` + name + `"`
	} else {
		text = `"` + name + `": ` + indentLines(skeleton, lineIndent(c.Src, c.Start))
		isSnippet = true
	}
	filter := label
	switch {
	case c.Token != nil && !c.Quoted:
	case name == label:
		filter = text[:len(name)+2] // the quoted name, shared with the edit
	default:
		filter = `"` + label + `"`
	}
	if c.HasColon {
		// Only the key is replaced; the member's commas are in place.
		return b.add(label, kind, detail, doc, Edit{Start: c.Start, End: c.End, NewText: text}, isSnippet, filter)
	}
	return b.addJSON(label, kind, detail, doc, text, isSnippet, filter)
}
