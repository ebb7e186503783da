package policy

import (
	"slices"
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// checkStatement runs the statement-level structural rules.
func (a *analyzer) checkStatement(s *Statement) {
	// Missing elements are reported at the Sid when there is one (it names
	// the statement), else at the statement's opening brace.
	anchor := [2]int{s.Node.Start(), s.Node.Start() + 1}
	if sid := s.Sid.Value(); sid != nil {
		anchor = [2]int{sid.Start(), sid.End()}
	}

	if sid := a.expectString(s.Sid); sid != nil && a.kind == KindIAMIdentity {
		if bad := strings.IndexFunc(sid.Text(), func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		}); bad >= 0 {
			a.report(RuleIAMSid, sid.Start(), sid.End(), "Sid "+quote(sid.Text())+" may hold only letters and digits in an identity-based policy (found "+quote(string([]rune(sid.Text()[bad:])[0]))+")")
		}
	}

	switch effect := a.expectString(s.Effect); {
	case s.Effect == nil:
		if !s.hasMisspelt("Effect") {
			a.report(RuleNoEffect, anchor[0], anchor[1], statementName(s)+` has no "Effect": add "Effect": "Allow" or "Deny"`)
		}
	case effect == nil:
	case effect.Text() == "Allow" || effect.Text() == "Deny":
	case strings.EqualFold(effect.Text(), "Allow") || strings.EqualFold(effect.Text(), "Deny"):
		a.report(RuleBadEffect, effect.Start(), effect.End(), "Effect "+quote(effect.Text())+" must be written exactly "+quote(fixCase(effect.Text()))+" (values are case-sensitive)")
		a.attach(replacements(effect, []string{fixCase(effect.Text())})...)
	default:
		a.report(RuleBadEffect, effect.Start(), effect.End(), "Effect "+quote(effect.Text())+` must be "Allow" or "Deny"`)
		// Allow or Deny is the user's decision ("Disallow" and "Block" are
		// nearer to Allow): applied unasked only one typo away from one.
		preferred := ""
		for _, c := range []string{"Allow", "Deny"} {
			if editDistance(strings.ToLower(effect.Text()), strings.ToLower(c), 2) <= 1 {
				preferred = c
			}
		}
		a.attach(renames(effect, []string{"Allow", "Deny"}, preferred)...)
	}

	a.checkExclusive(s.Action, s.NotAction)
	a.checkExclusive(s.Resource, s.NotResource)
	a.checkExclusive(s.Principal, s.NotPrincipal)

	if s.Action == nil && s.NotAction == nil && !s.hasMisspelt("Action") && !s.hasMisspelt("NotAction") {
		a.report(RuleNoAction, anchor[0], anchor[1], statementName(s)+` has no "Action" or "NotAction"`)
	}
	a.checkStringList(s.Action)
	a.checkStringList(s.NotAction)
	a.checkActions(s)
	a.checkStringList(s.Resource)
	a.checkStringList(s.NotResource)
	a.checkResources(s)
	a.checkPrincipal(s.Principal)
	a.checkPrincipal(s.NotPrincipal)
	a.checkPrincipalValues(s)
	a.checkConditionShape(s.Condition)
	a.checkConditions(s)

	hasResource := s.Resource != nil || s.NotResource != nil || s.hasMisspelt("Resource") || s.hasMisspelt("NotResource")
	hasPrincipal := s.Principal != nil || s.NotPrincipal != nil || s.hasMisspelt("Principal") || s.hasMisspelt("NotPrincipal")
	switch a.kind {
	case KindTrust:
		for _, el := range []*Element{s.Resource, s.NotResource} {
			if el != nil {
				k := el.Property.Key()
				a.report(RuleTrustResource, k.Start(), k.End(), quote(el.Name)+" is not allowed in a role trust policy: the resource is the role itself, so remove it")
				// Removing is the fix only when the statement reads as a trust
				// statement (a resource policy forced to "trust" keeps it), and
				// only unasked when the kind was forced: a guessed kind can be
				// wrong.
				a.attach(Fix{Title: "Remove " + quote(el.Name), Preferred: a.kindForced() && grantsOnlySessions(s), Edits: []Edit{RemoveProperty(a.src, el.Property)}})
			}
		}
		if s.NotPrincipal != nil {
			k := s.NotPrincipal.Property.Key()
			a.report(RuleTrustNotPrinc, k.Start(), k.End(), `"NotPrincipal" is not allowed in a role trust policy: name who may assume the role with "Principal"`)
			a.attach(Fix{Title: `Remove "NotPrincipal"`, Edits: []Edit{RemoveProperty(a.src, s.NotPrincipal.Property)}})
		}
		if !hasPrincipal {
			a.report(RuleNoPrincipal, anchor[0], anchor[1], statementName(s)+` has no "Principal": a trust policy must say who may assume the role`)
		}
	case KindSESIdentity:
		if !hasPrincipal {
			a.report(RuleNoPrincipal, anchor[0], anchor[1], statementName(s)+` has no "Principal": an SES identity policy must name the account, user, role or service it authorises`)
		}
		if !hasResource {
			a.report(RuleNoResource, anchor[0], anchor[1], statementName(s)+` has no "Resource": an SES identity policy must name the ARN of its identity`)
		}
	case KindIAMIdentity, KindSCP:
		why := "an identity-based policy: the principal is the user, group or role the policy is attached to"
		if a.kind == KindSCP {
			why = "a service control policy: it applies to every principal of the accounts it is attached to"
		}
		for _, el := range []*Element{s.Principal, s.NotPrincipal} {
			if el != nil {
				k := el.Property.Key()
				a.report(RuleIAMPrincipal, k.Start(), k.End(), quote(el.Name)+" is not allowed in "+why)
				a.attach(Fix{Title: "Remove " + quote(el.Name), Preferred: a.kindForced(), Edits: []Edit{RemoveProperty(a.src, el.Property)}})
			}
		}
		if !hasResource {
			a.report(RuleNoResource, anchor[0], anchor[1], statementName(s)+` has no "Resource" or "NotResource"`)
		}
	default:
		if !hasResource && !resourceImplied(s) {
			a.report(RuleNoResource, anchor[0], anchor[1], statementName(s)+` has no "Resource" or "NotResource"`)
		}
	}
}

// repositoryPolicyServices are the services whose resource policies leave
// Resource out, the repository being the resource: Amazon ECR's repository
// policies (the Lambda and ECR guides' examples have no Resource).
var repositoryPolicyServices = []string{"ecr", "ecr-public"}

// resourceImplied reports whether a resource policy statement may omit
// Resource: every action it names belongs to a service whose resource
// policies imply the resource.
func resourceImplied(s *Statement) bool {
	actions := Strings(s.Action)
	for _, e := range actions {
		prefix, _, _ := strings.Cut(e.Text(), ":")
		if !slices.ContainsFunc(repositoryPolicyServices, func(p string) bool { return strings.EqualFold(p, prefix) }) {
			return false
		}
	}
	return len(actions) > 0
}

// statementName names a statement in messages: by its Sid, else by its
// 1-based position.
func statementName(s *Statement) string {
	if sid := s.Sid.Value(); sid != nil && sid.Kind() == jsonsyntax.String && sid.Text() != "" {
		return "statement " + quote(sid.Text())
	}
	return "statement " + strconv.Itoa(s.Index+1)
}

// fixCase returns Allow or Deny for a case variant of either.
func fixCase(s string) string {
	if strings.EqualFold(s, "Allow") {
		return "Allow"
	}
	return "Deny"
}

// checkExclusive reports an element used together with its Not form; the
// second one in the document is flagged.
func (a *analyzer) checkExclusive(x, notX *Element) {
	if x == nil || notX == nil {
		return
	}
	second, first := notX, x
	if x.Property.Start() > notX.Property.Start() {
		second, first = x, notX
	}
	k := second.Property.Key()
	a.report(RuleExclusivePair, k.Start(), k.End(), quote(second.Name)+" cannot be used together with "+quote(first.Name)+" in one statement: keep one of them")
}

// checkStringList checks that an element is a string or an array of strings.
func (a *analyzer) checkStringList(e *Element) {
	v := e.Value()
	if v == nil {
		return
	}
	switch v.Kind() {
	case jsonsyntax.String:
	case jsonsyntax.Array:
		for _, c := range v.Children() {
			if c.Kind() != jsonsyntax.String {
				a.wrongType(c, "each "+quote(e.Name)+" entry must be a string, not "+describe(c))
			}
		}
	default:
		a.wrongType(v, quote(e.Name)+" must be a string or an array of strings, not "+describe(v))
	}
}

// checkPrincipal checks the shape of Principal or NotPrincipal: "*" or an
// object whose keys are principal types holding strings or string arrays.
func (a *analyzer) checkPrincipal(e *Element) {
	v := e.Value()
	if v == nil {
		return
	}
	switch v.Kind() {
	case jsonsyntax.String:
		if v.Text() != "*" {
			a.wrongType(v, quote(e.Name)+" as a string can only be \"*\"; name principals in an object, e.g. {\"AWS\": "+quote(v.Text())+"}")
		}
	case jsonsyntax.Object:
		for _, prop := range v.Children() {
			name := prop.Key().Text()
			known := false
			for _, n := range principalNames {
				known = known || n == name
			}
			if !known {
				a.reportUnknownElement(prop, principalNames, "principal type")
				continue
			}
			a.checkStringList(&Element{Name: name, Property: prop})
		}
	default:
		a.wrongType(v, quote(e.Name)+" must be \"*\" or an object such as {\"AWS\": \"123456789012\"}, not "+describe(v))
	}
}

// checkConditionShape checks the JSON shape {Operator: {Key: value or
// [values]}}; checkConditions then checks operators, keys and values.
func (a *analyzer) checkConditionShape(e *Element) {
	v := e.Value()
	if v == nil {
		return
	}
	if v.Kind() != jsonsyntax.Object {
		a.wrongType(v, `"Condition" must be an object of operators, e.g. {"StringEquals": {"aws:SourceAccount": "123456789012"}}, not `+describe(v))
		return
	}
	for _, op := range v.Children() {
		block := op.Value()
		if block == nil {
			continue
		}
		if block.Kind() != jsonsyntax.Object {
			a.wrongType(block, "condition operator "+quote(op.Key().Text())+" must hold an object of condition keys, not "+describe(block))
			continue
		}
		for _, key := range block.Children() {
			val := key.Value()
			if val == nil {
				continue
			}
			switch val.Kind() {
			case jsonsyntax.String, jsonsyntax.Number, jsonsyntax.Bool:
			case jsonsyntax.Array:
				for _, c := range val.Children() {
					if c.Kind() != jsonsyntax.String && c.Kind() != jsonsyntax.Number && c.Kind() != jsonsyntax.Bool {
						a.wrongType(c, "values of condition key "+quote(key.Key().Text())+" must be strings, numbers or booleans, not "+describe(c))
					}
				}
			default:
				a.wrongType(val, "condition key "+quote(key.Key().Text())+" must hold a value or an array of values, not "+describe(val))
			}
		}
	}
}
