// Package eval evaluates one AWS policy against one request offline, with
// the logic AWS documents for a single policy: an explicit Deny wins, then
// an Allow, else the request is implicitly denied.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
//
// It is pure: no LSP types, no I/O. Ranges are byte offsets into the
// policy's source.
package eval

import (
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Decision is the outcome of an evaluation.
type Decision string

const (
	Allow        Decision = "allow"
	Deny         Decision = "deny"          // an explicit Deny matched
	ImplicitDeny Decision = "implicit-deny" // no statement allowed it
)

// Request is what is being asked.
type Request struct {
	Action string // "ses:SendEmail"
	// Resource is the ARN the action is on; "" stands for "*" (actions that
	// take no resource).
	Resource string
	// Principal is the caller; nil when not given (identity policies
	// have no Principal element, so they need none).
	Principal *Principal
	Context   Context
}

// StatementResult says how one statement fared.
type StatementResult struct {
	Index      int
	Sid        string
	Start, End int // the statement object's byte range
	Effect     string
	Matched    bool
	// Reason says why it matched (the conditions that held) or the first
	// thing that did not.
	Reason string
	// progress counts the checks passed before the first failure: the
	// statement with the most is the closest one.
	progress int
}

// Result is the decision and the statements behind it.
type Result struct {
	Decision Decision
	// Statements holds every statement, in document order.
	Statements []StatementResult
	// Deciding are the indexes (into Statements) of the statements that
	// decided: the matching Deny statements, else the matching Allow ones.
	Deciding []int
	// Closest is, when nothing matched, the statement that came nearest
	// (its Reason is the first check that failed), else -1.
	Closest int
}

// Evaluate evaluates the policy p (of kind kind) for req.
func Evaluate(p *policy.Policy, kind policy.Kind, req Request) Result {
	res := Result{Decision: ImplicitDeny, Closest: -1}
	if p == nil {
		return res
	}
	vars := p.Version.Value() != nil && p.Version.Value().Text() == "2012-10-17"
	req.Context = withPrincipalKeys(req)
	if req.Resource == "" && kind == policy.KindSESIdentity {
		req.Resource = SESIdentityARN(p)
	}
	var allows, denies []int
	for _, s := range p.Statements {
		r := evalStatement(s, req, vars)
		res.Statements = append(res.Statements, r)
		if !r.Matched {
			continue
		}
		if r.Effect == "Deny" {
			denies = append(denies, len(res.Statements)-1)
		} else {
			allows = append(allows, len(res.Statements)-1)
		}
	}
	switch {
	case len(denies) > 0:
		res.Decision, res.Deciding = Deny, denies
	case len(allows) > 0:
		res.Decision, res.Deciding = Allow, allows
	default:
		best := -1
		for i, r := range res.Statements {
			if best < 0 || r.progress > res.Statements[best].progress {
				best = i
			}
		}
		res.Closest = best
	}
	return res
}

// withPrincipalKeys adds the context keys AWS always sets for a signed
// request and that follow from the caller: aws:PrincipalAccount and
// aws:PrincipalArn (a session's role ARN), unless given. Nothing else is
// filled in.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
func withPrincipalKeys(req Request) Context {
	ctx := req.Context
	p := req.Principal
	if p == nil || p.Type != "AWS" {
		return ctx
	}
	out := Context{}
	for k, v := range ctx.values {
		out.init(ctx.names[k])
		out.values[k] = v
	}
	if acct := p.Account(); acct != "" && !out.Has("aws:PrincipalAccount") {
		out.Add("aws:PrincipalAccount", acct)
	}
	if !out.Has("aws:PrincipalArn") && strings.HasPrefix(p.ID, "arn:") {
		arn := p.ID
		if role := p.RoleARN(); role != "" {
			arn = role
		}
		out.Add("aws:PrincipalArn", arn)
	}
	return out
}

// SESIdentityARN returns the first SES identity ARN without wildcards that
// a Resource element of p names, or "".
func SESIdentityARN(p *policy.Policy) string {
	for _, s := range p.Statements {
		for _, n := range policy.Strings(s.Resource) {
			v := n.Text()
			f := splitARN(v)
			if len(f) == 6 && f[2] == "ses" && strings.HasPrefix(f[5], "identity/") && !strings.ContainsAny(v, "*?$") {
				return v
			}
		}
	}
	return ""
}

// evalStatement checks one statement: Effect, Action, Principal, Resource,
// then each condition, stopping at the first thing that does not match.
func evalStatement(s *policy.Statement, req Request, vars bool) StatementResult {
	r := StatementResult{Index: s.Index, Start: s.Node.Start(), End: s.Node.End()}
	if v := s.Sid.Value(); v != nil && v.Kind() == jsonsyntax.String {
		r.Sid = v.Text()
	}
	if v := s.Effect.Value(); v != nil {
		r.Effect = v.Text()
	}
	if r.Effect != "Allow" && r.Effect != "Deny" {
		r.Reason = "no valid Effect"
		return r
	}
	r.progress++
	if ok, why := actionMatches(s, req.Action); !ok {
		r.Reason = why
		return r
	}
	r.progress++
	if ok, why := principalMatches(s, req.Principal, r.Effect == "Deny"); !ok {
		r.Reason = why
		return r
	}
	r.progress++
	if ok, why := resourceMatches(s, req.Resource, vars, req.Context); !ok {
		r.Reason = why
		return r
	}
	r.progress++
	held, why := conditionsHold(s, req.Context, vars, &r.progress)
	if why != "" {
		r.Reason = why
		return r
	}
	r.Matched = true
	if len(held) == 0 {
		r.Reason = "matched; the statement has no conditions"
	} else {
		r.Reason = "condition " + strings.Join(held, ", ") + " matched"
	}
	return r
}

// actionMatches: action names are case-insensitive and take '*' and '?'.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
func actionMatches(s *policy.Statement, action string) (bool, string) {
	el, negated := s.Action, false
	if el == nil {
		el, negated = s.NotAction, true
	}
	if el == nil {
		return false, "the statement has no Action"
	}
	for _, n := range policy.Strings(el) {
		if appendText(nil, n.Text(), true).match(action, true) {
			if negated {
				return false, "action " + action + " is excluded by NotAction " + strconv.Quote(n.Text())
			}
			return true, ""
		}
	}
	if negated {
		return true, ""
	}
	return false, "action " + action + " is not in Action"
}

// resourceMatches compares the resource ARN with Resource or NotResource,
// field by field, case-sensitively, with variables substituted. A
// statement with neither (a trust policy) applies to any resource.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
func resourceMatches(s *policy.Statement, resource string, vars bool, ctx Context) (bool, string) {
	el, negated := s.Resource, false
	if el == nil {
		el, negated = s.NotResource, true
	}
	if el == nil {
		return true, ""
	}
	if resource == "" {
		resource = "*"
	}
	for _, n := range policy.Strings(el) {
		p, missing, ok := compile(n.Text(), true, vars, ctx)
		if !ok {
			if negated {
				// It cannot be said what the statement excludes.
				return false, "policy variable ${" + missing + "} in NotResource has no value in the request"
			}
			continue // an unresolved variable matches nothing
		}
		if n.Text() == "*" || matchARN(p, resource) {
			if negated {
				return false, "resource " + resource + " is excluded by NotResource " + strconv.Quote(n.Text())
			}
			return true, ""
		}
	}
	if negated {
		return true, ""
	}
	return false, "resource " + resource + " is not in Resource"
}

// principalMatches compares the caller with Principal or NotPrincipal. A
// statement with neither (an identity-based policy) applies to its holder.
// A Deny's NotPrincipal spares an AWS caller only when it lists each
// identity AWS checks in turn (account, user or role, session): AWS's
// examples list Bob with his account so that everyone else, his account's
// other users included, is denied.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
func principalMatches(s *policy.Statement, caller *Principal, deny bool) (bool, string) {
	el, negated := s.Principal, false
	if el == nil {
		el, negated = s.NotPrincipal, true
	}
	if el == nil {
		return true, ""
	}
	if caller == nil {
		return false, "the statement names a " + el.Name + " and no principal was given"
	}
	var found bool
	if negated && deny && caller.Type == "AWS" {
		found = caller.listedAtEveryLevel(awsPrincipalValues(el.Value()))
	} else {
		found = principalListed(el.Value(), *caller)
	}
	switch {
	case found && negated:
		return false, caller.String() + " is excluded by NotPrincipal"
	case !found && !negated:
		return false, caller.String() + " is not in Principal"
	}
	return true, ""
}

// principalListed reports whether the Principal value v names the caller:
// "*" names everyone, anonymous callers included.
func principalListed(v *jsonsyntax.Node, caller Principal) bool {
	if v == nil {
		return false
	}
	if v.Kind() == jsonsyntax.String {
		return v.Text() == "*"
	}
	if v.Kind() != jsonsyntax.Object {
		return false
	}
	for _, prop := range v.Children() {
		typ := prop.Key().Text()
		for _, n := range policy.Strings(&policy.Element{Property: prop}) {
			if caller.matches(typ, n.Text()) {
				return true
			}
		}
	}
	return false
}

// awsPrincipalValues returns the AWS principals a Principal value names:
// "*" stands for {"AWS": "*"}.
func awsPrincipalValues(v *jsonsyntax.Node) []string {
	if v == nil {
		return nil
	}
	if v.Kind() == jsonsyntax.String {
		if v.Text() == "*" {
			return []string{"*"}
		}
		return nil
	}
	if v.Kind() != jsonsyntax.Object {
		return nil
	}
	var values []string
	for _, prop := range v.Children() {
		if prop.Key().Text() != "AWS" {
			continue
		}
		for _, n := range policy.Strings(&policy.Element{Property: prop}) {
			values = append(values, n.Text())
		}
	}
	return values
}

// conditionsHold evaluates the Condition element: every operator and every
// key must hold (AND); the values of one key are alternatives (OR). It
// returns the conditions that held, or why the first one did not.
func conditionsHold(s *policy.Statement, ctx Context, vars bool, progress *int) (held []string, why string) {
	v := s.Condition.Value()
	if v == nil || v.Kind() != jsonsyntax.Object {
		return nil, ""
	}
	for _, opProp := range v.Children() {
		name := opProp.Key().Text()
		op, ok := parseOperator(name)
		if !ok {
			return nil, "condition operator " + strconv.Quote(name) + " is unknown"
		}
		keys := opProp.Value()
		if keys == nil || keys.Kind() != jsonsyntax.Object {
			continue
		}
		for _, keyProp := range keys.Children() {
			key := keyProp.Key().Text()
			values := conditionValues(op, keyProp.Value(), vars, ctx)
			ok, fail := evalKey(op, key, values, ctx)
			if !ok {
				return nil, "condition " + key + " " + name + " failed: " + fail
			}
			*progress++
			held = append(held, key+" "+name)
		}
	}
	return held, ""
}

// conditionValues reads a key's policy values (a string, number, boolean or
// a list of them) and compiles them for op.
func conditionValues(op operator, v *jsonsyntax.Node, vars bool, ctx Context) []conditionValue {
	if v == nil {
		return nil
	}
	var out []conditionValue
	for _, n := range v.Values() {
		switch n.Kind() {
		case jsonsyntax.String, jsonsyntax.Number, jsonsyntax.Bool:
		default:
			continue
		}
		cv := conditionValue{text: n.Text()}
		if op.family == famString || op.family == famARN {
			p, missing, ok := compile(cv.text, op.wild, vars && op.usesVariables(), ctx)
			if ok {
				cv.pattern = p
			}
			cv.missing = missing
		}
		out = append(out, cv)
	}
	return out
}

// Explain says the decision in words: the statements that decided (Sid and
// line) and why, or the closest statement and the first check that failed.
// line gives a byte offset's 1-based line.
func (r Result) Explain(req Request, line func(offset int) int) string {
	var b strings.Builder
	describe := func(i int) string {
		s := r.Statements[i]
		return s.Name() + " (line " + strconv.Itoa(line(s.Start)) + "); " + s.Reason
	}
	switch r.Decision {
	case Allow, Deny:
		verb := "allowed"
		if r.Decision == Deny {
			verb = "explicitly denied"
		}
		for n, i := range r.Deciding {
			if n == 0 {
				b.WriteString(verb + " by ")
			} else {
				b.WriteString("\nand by ")
			}
			b.WriteString(describe(i))
		}
	default:
		b.WriteString("implicitly denied: no statement allows " + req.Action)
		if req.Resource != "" {
			b.WriteString(" on " + req.Resource)
		}
		if r.Closest >= 0 {
			b.WriteString("\nclosest: " + describe(r.Closest))
		}
	}
	return b.String()
}

// Name names a statement by Sid, else by its position.
func (s StatementResult) Name() string {
	if s.Sid != "" {
		return "statement " + strconv.Quote(s.Sid)
	}
	return "statement #" + strconv.Itoa(s.Index+1)
}
