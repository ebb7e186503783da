package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// operator documents a condition operator key.
func (h *hoverer) operator() string {
	use, ok := h.cat.ParseOperator(h.text)
	if !ok {
		var m markdown
		m.para("**", code(h.text), "** · unknown condition operator")
		if sug := h.cat.SuggestOperators(h.text, 3); len(sug) > 0 {
			m.para("Did you mean ", codeList(sug), "?")
		}
		return m.String()
	}
	doc := "**" + code(use.Name()) + "** · condition operator\n\n" + operatorDoc(use)
	if use.Name() != h.text {
		doc += "\n\nOperator names are case-sensitive: write " + code(use.Name()) + "."
	}
	return doc
}

// operatorDoc explains an operator: what its base compares, the type of its
// values, and what IfExists and a set qualifier change.
func operatorDoc(use catalog.OperatorUse) string {
	base := use.Base
	var m markdown
	m.para(code(base.Name), ": ", base.Description)
	if base.Family != catalog.FamilyNull {
		var notes []string
		notes = append(notes, "Values: "+string(base.ValueType))
		if base.Wildcards {
			notes = append(notes, "`*` and `?` in values are wildcards")
		}
		if base.PolicyVariables {
			notes = append(notes, "policy variables such as `${aws:username}` are substituted")
		}
		m.para(strings.Join(notes, "; "), ".")
	}
	if use.IfExists {
		m.para("**IfExists**: when the request does not carry the key, this test counts as true; when it does, the base operator decides.")
	}
	switch use.Qualifier {
	case catalog.ForAllValues:
		m.para("**ForAllValues:** for multi-valued keys: true when every value in the request matches some value in the policy. It is also true when the request carries no value at all, so in an `Allow` pair it with a test that the key is present.")
	case catalog.ForAnyValue:
		m.para("**ForAnyValue:** for multi-valued keys: true when at least one value in the request matches some value in the policy; false when the request carries none.")
	}
	if p := use.Problem(); p != "" {
		m.para("AWS rejects this combination: ", p)
	}
	return m.String()
}

// conditionKey documents a condition key: its type, whether it holds one
// value or a set, where it applies (AWS-wide, or which service, and which
// of the statement's actions carry it), the operators that fit, and
// whether SES identity policies accept it.
func (h *hoverer) conditionKey() string {
	name := h.text
	k, ok := h.cat.ConditionKey(name)
	if !ok {
		var m markdown
		m.para("**", code(name), "** · unknown condition key")
		if sug := h.cat.SuggestConditionKeys(name, 3); len(sug) > 0 {
			m.para("Known keys close to it: ", codeList(sug), ".")
		}
		return m.String()
	}
	var m markdown
	valued := "single-valued"
	if k.MultiValued {
		valued = "multi-valued"
	}
	m.para("**", code(k.Name), "** · condition key · ", string(k.Type), ", ", valued)
	if k.Templated() && !strings.EqualFold(name, k.Name) {
		m.para("Used here as ", code(name), ".")
	}
	if k.Description != "" {
		m.para(k.Description)
	}
	if k.MultiValued {
		m.para("The request carries a set of values: test it with `ForAllValues:` or `ForAnyValue:` in front of the operator.")
	}
	switch {
	case k.Global:
		where := "AWS-wide: any request may carry it"
		if k.Category != "" {
			where += " (" + k.Category + " key)"
		}
		m.para(where, ".")
	case k.Category == "oidc":
		m.para("A claim of the web identity token, available with `sts:AssumeRoleWithWebIdentity`.")
	default:
		if svc := keyService(h.cat, k); svc != nil {
			m.para("Defined by ", svc.Name, ".")
		}
	}
	// Token claims come with the web identity request itself, not with an
	// action's own keys (as the analysis treats them).
	if carried, n, total := h.actionsCarrying(k); total > 0 && !k.Global && k.Category != "oidc" {
		switch n {
		case total:
			m.para("Every action of this statement carries it.")
		case 0:
			m.para("No action of this statement carries it, so the condition cannot match as meant.")
		default:
			m.para("In this statement, carried by ", codeList(carried), ".")
		}
	}
	families := k.Type.OperatorFamilies()
	names := make([]string, len(families))
	for i, f := range families {
		names[i] = string(f) + "…"
	}
	m.para("Operators that fit: ", strings.Join(names, ", "), " (and `Null`).")
	if h.cat.AcceptedBySESIdentityPolicy(k.Name) {
		m.para("SES identity policies accept it.")
	} else if h.c.Kind == policy.KindSESIdentity {
		m.para("SES identity policies do not accept it.")
	}
	return m.String()
}

// actionsCarrying returns the first of the statement's named actions that
// support the key, how many do, and how many actions were looked at.
func (h *hoverer) actionsCarrying(k *catalog.ConditionKey) (carried []string, n, total int) {
	b := builder{c: h.c, cat: h.cat}
	b.eachStatementAction(func(a *catalog.Action) {
		total++
		if _, ok := a.ConditionKey(k.Name); ok {
			n++
			if len(carried) < maxListed {
				carried = append(carried, a.FullName())
			}
		}
	})
	return carried, n, total
}
