package policy

import (
	"encoding/base64"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// condition is one key test of a Condition element, with what the
// catalogue knows about its operator and key.
type condition struct {
	op     *jsonsyntax.Node      // the operator's property ("StringEquals": {...})
	use    catalog.OperatorUse   // zero Base when the operator is unknown
	key    *jsonsyntax.Node      // the key's property ("aws:SourceIp": ...)
	info   *catalog.ConditionKey // nil when the key is unknown
	values []*jsonsyntax.Node    // the value or the array's values
}

// checkConditions checks each operator and each key of a statement's
// Condition block.
func (a *analyzer) checkConditions(s *Statement) {
	cond := s.Condition.Value()
	if cond == nil || cond.Kind() != jsonsyntax.Object {
		return
	}
	cat := catalog.Default()
	actions := statementActions(cat, s)
	allow := effectIs(s, "Allow")
	for _, op := range cond.Children() {
		use, ok := a.checkOperator(cat, op)
		block := op.Value()
		if block == nil || block.Kind() != jsonsyntax.Object {
			continue
		}
		for _, key := range block.Children() {
			c := condition{op: op, key: key, values: conditionValues(key.Value())}
			if ok {
				c.use = use
			}
			c.info = a.checkKey(cat, s, key, actions)
			if c.use.Base == nil {
				continue
			}
			a.checkNull(c)
			a.checkMFABool(s, c)
			if c.info != nil {
				a.checkOperatorFitsKey(c)
				a.checkQualifier(c, allow)
			}
			a.checkValues(c)
		}
	}
}

// checkOperator checks the operator's name and returns its parts.
func (a *analyzer) checkOperator(cat *catalog.Catalog, op *jsonsyntax.Node) (catalog.OperatorUse, bool) {
	name := op.Key().Text()
	use, ok := cat.ParseOperator(name)
	k := op.Key()
	if !ok {
		msg := "unknown condition operator " + quote(name)
		sug := a.suggest(func() []string { return cat.SuggestOperators(name, 3) })
		if len(sug) > 0 {
			msg += ": did you mean " + quoteList(sug) + "?"
		}
		a.report(RuleOperatorUnknown, k.Start(), k.End(), msg)
		a.attach(replacements(k, sug)...)
		return use, false
	}
	if p := use.Problem(); p != "" {
		a.report(RuleNullUse, k.Start(), k.End(), quote(name)+": "+p)
		return use, false
	}
	if canonical := use.Name(); canonical != name {
		a.report(RuleOperatorCase, k.Start(), k.End(), "write the operator as AWS spells it, "+quote(canonical)+"; "+quote(name)+" may not be recognised")
		a.attach(replacements(k, []string{canonical})...)
	}
	return use, true
}

// sesUnlistedKeys are condition keys that SES identity policies accept in
// practice (policies deployed on production identities use them) although
// the SES guide's list of accepted keys leaves them out: a warning, not an
// error.
var sesUnlistedKeys = []string{"aws:PrincipalArn"}

// checkKey checks that the key exists and applies to the statement's
// actions (or, in an SES identity policy, that SES accepts it there).
func (a *analyzer) checkKey(cat *catalog.Catalog, s *Statement, key *jsonsyntax.Node, actions []*catalog.Action) *catalog.ConditionKey {
	name := key.Key().Text()
	k := key.Key()
	info, known := cat.ConditionKey(name)
	if a.kind == KindSESIdentity && !cat.AcceptedBySESIdentityPolicy(name) {
		if slices.ContainsFunc(sesUnlistedKeys, func(u string) bool { return strings.EqualFold(u, name) }) {
			a.reportAs(RuleSESConditionKey, SeverityWarning, k.Start(), k.End(), "the SES developer guide does not list "+quote(name)+" among the condition keys of identity policies; SES accepts it in practice, but check that it restricts what you expect")
			return info
		}
		a.report(RuleSESConditionKey, k.Start(), k.End(), "SES identity policies do not accept condition key "+quote(name)+"; they accept "+strings.Join(cat.SESIdentityPolicyConditionKeys(), ", "))
		return info
	}
	if !known {
		msg := "unknown condition key " + quote(name)
		sug := a.suggest(func() []string { return cat.SuggestConditionKeys(name, 3) })
		if len(sug) > 0 {
			msg += ": did you mean " + quoteList(sug) + "?"
		} else if !hasPrefixFold(name, "aws:") {
			msg += catalogueAge()
		}
		a.report(RuleKeyUnknown, k.Start(), k.End(), msg)
		a.attach(caseRenames(k, sug)...)
		return nil
	}
	if info.Global || info.Category == "oidc" || actions == nil || a.kind == KindSESIdentity {
		return info
	}
	if isProviderKey(name) && len(ofType(s.principals(), "Federated")) > 0 {
		// A SAML or web identity provider's key beside a Federated
		// principal: whether the action fits the provider is TRUST005's
		// finding, on the action; saying it again on the key is noise.
		return info
	}
	for _, act := range actions {
		if _, ok := act.ConditionKey(name); ok {
			return info
		}
	}
	a.report(RuleKeyNotApplicable, k.Start(), k.End(), "no action in this statement supports condition key "+quote(name)+", so requests for these actions never carry it and the condition cannot match as intended")
	return info
}

// statementActions returns the actions a statement's Action element names,
// or nil when that cannot be known (no Action, "*", NotAction, or an
// unknown entry), in which case key applicability is not judged.
func statementActions(cat *catalog.Catalog, s *Statement) []*catalog.Action {
	entries := Strings(s.Action)
	if len(entries) == 0 {
		return nil
	}
	var out []*catalog.Action
	for _, e := range entries {
		if e.Text() == "*" || !e.Closed() {
			return nil
		}
		if catalog.HasWildcard(e.Text()) {
			matched := cat.MatchActions(e.Text())
			if len(matched) == 0 {
				return nil
			}
			out = append(out, matched...)
			continue
		}
		act, ok := cat.Action(e.Text())
		if !ok {
			return nil
		}
		out = append(out, act)
	}
	return out
}

func effectIs(s *Statement, want string) bool {
	v := s.Effect.Value()
	return v != nil && v.Kind() == jsonsyntax.String && v.Text() == want
}

// conditionValues returns a key's value, or the elements of its array.
func conditionValues(v *jsonsyntax.Node) []*jsonsyntax.Node {
	if v == nil {
		return nil
	}
	return v.Values()
}

// checkNull: Null takes "true" (the key is absent) or "false" (present).
func (a *analyzer) checkNull(c condition) {
	if c.use.Base.Family != catalog.FamilyNull {
		return
	}
	for _, v := range c.values {
		if !isBoolValue(v) {
			a.report(RuleNullUse, v.Start(), v.End(), "Null takes true (the key is absent) or false (the key is present), not "+describe(v))
		}
	}
}

// mfaKey is present only in requests signed with temporary credentials.
const mfaKey = "aws:MultiFactorAuthPresent"

// checkMFABool: a Deny on "Bool": {"aws:MultiFactorAuthPresent": "false"}
// means "deny without MFA", but requests signed with long-term access keys
// carry no such key and Bool never matches a missing one, so they pass.
// BoolIfExists also matches when the key is absent.
func (a *analyzer) checkMFABool(s *Statement, c condition) {
	if !effectIs(s, "Deny") || c.use.Base.Family != catalog.FamilyBool || c.use.IfExists || c.use.Qualifier != catalog.NoQualifier || !strings.EqualFold(c.key.Key().Text(), mfaKey) {
		return
	}
	if !slices.ContainsFunc(c.values, func(v *jsonsyntax.Node) bool { return strings.EqualFold(v.Text(), "false") }) {
		return
	}
	k := c.key.Key()
	a.report(RuleMFABool, k.Start(), k.End(), `requests signed with long-term access keys carry no `+mfaKey+`, and "Bool" never matches a missing key, so this Deny lets them through without MFA: use "BoolIfExists"`)
	if fix, ok := a.toBoolIfExists(c); ok {
		a.attach(fix)
	}
}

// toBoolIfExists moves the key of c from its Bool block to BoolIfExists:
// by renaming the operator when the key is alone in it and the Condition
// has no BoolIfExists yet, else by moving the key into the (new or
// existing) BoolIfExists block. Not preferred: the Deny then matches more
// requests.
func (a *analyzer) toBoolIfExists(c condition) (Fix, bool) {
	fix := Fix{Title: `Change to "BoolIfExists"`}
	cond := c.op.Parent()
	block := c.op.Value()
	target := cond.Member("BoolIfExists")
	if target == nil && len(block.Children()) == 1 {
		fix.Edits = []Edit{replaceString(c.op.Key(), "BoolIfExists")}
		return fix, true
	}
	if target != nil && (target.Value() == nil || target.Value().Kind() != jsonsyntax.Object) {
		return Fix{}, false
	}
	member, ok := memberJSON(a.src, c.key)
	if !ok {
		return Fix{}, false
	}
	remove := RemoveProperty(a.src, c.key)
	if len(block.Children()) == 1 {
		remove = RemoveProperty(a.src, c.op)
	}
	insert := insertProperty(a.src, cond, `"BoolIfExists": {`+member+`}`)
	if target != nil {
		insert = insertProperty(a.src, target.Value(), member)
	}
	fix.Edits = []Edit{remove, insert}
	return fix, true
}

// checkOperatorFitsKey compares the operator family with the key's type.
// A String operator on an ARN key works (ARNs are strings), so that is only
// a hint towards the Arn operators.
func (a *analyzer) checkOperatorFitsKey(c condition) {
	family := c.use.Base.Family
	if family == catalog.FamilyNull {
		return
	}
	fams := c.info.Type.OperatorFamilies()
	if strings.EqualFold(c.key.Key().Text(), "aws:EpochTime") {
		// IAM documents this key as both Date and Numeric: it is epoch
		// seconds, compared as a number or as a date.
		fams = append(fams[:len(fams):len(fams)], catalog.FamilyNumeric)
	}
	for _, f := range fams {
		if f == family {
			// StringLike on an ARN key is what AWS's own examples write
			// (Pinpoint's SES identity policy, many trust policies): with
			// one wildcard per field it matches what ArnLike matches.
			if family == catalog.FamilyString && c.info.Type.Element() == catalog.TypeARN && !c.use.Base.Wildcards {
				k := c.op.Key()
				a.reportAs(RuleOperatorType, SeverityHint, k.Start(), k.End(), quote(c.key.Key().Text())+" holds an ARN: ArnEquals or ArnLike compare it field by field, which "+quote(c.use.Base.Name)+" does not")
				a.attach(a.operatorFixes(c, catalog.FamilyARN)...)
			}
			return
		}
	}
	if len(fams) == 0 || family == catalog.FamilyARN && c.info.Type.Element() == catalog.TypeString && allARNs(c.values) {
		// An Arn operator on a String key that holds ARNs is what AWS
		// writes for kms:EncryptionContext:aws:logs:arn (the managed policy
		// CloudWatchLogsAPIKeyAccess, and the key policy of
		// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
		return
	}
	var names []string
	for _, f := range fams {
		names = append(names, string(f)+"…")
	}
	k := c.op.Key()
	a.report(RuleOperatorType, k.Start(), k.End(), quote(c.key.Key().Text())+" is a "+string(c.info.Type.Element())+" key, but "+quote(c.use.Base.Name)+" compares "+strings.ToLower(string(family))+" values: use a "+strings.Join(names, " or ")+" operator")
	a.attach(a.operatorFixes(c, fams[0])...)
}

// operatorFixes offers the operator of another family that compares the
// same way (Equals, NotEquals, Like, LessThan, ...), keeping the qualifier
// and IfExists. Only when the operator's block holds this one key, since
// renaming the operator changes every key in it. Never preferred: another
// family compares differently, so what the condition matches changes.
func (a *analyzer) operatorFixes(c condition, family catalog.OperatorFamily) []Fix {
	if c.op.Value() == nil || len(c.op.Value().Children()) != 1 {
		return nil
	}
	cat := catalog.Default()
	base := c.use.Base.Name
	suffix := strings.TrimPrefix(base, string(c.use.Base.Family))
	var targets []string
	switch {
	case family == catalog.FamilyARN && (suffix == "Equals" || suffix == "Like"):
		targets = []string{"ArnLike", "ArnEquals"}
		if suffix == "Equals" {
			targets = []string{"ArnEquals", "ArnLike"}
		}
	case family == catalog.FamilyARN && (suffix == "NotEquals" || suffix == "NotLike"):
		targets = []string{"ArnNotLike"}
	case family == catalog.FamilyIPAddress:
		targets = []string{"IpAddress"}
		if c.use.Base.Negated {
			targets = []string{"NotIpAddress"}
		}
	default:
		targets = []string{string(family) + suffix}
	}
	var fixes []Fix
	for _, t := range targets {
		if _, ok := cat.Operator(t); !ok {
			continue
		}
		name := c.use.Qualifier.String() + t
		if c.use.IfExists {
			name += "IfExists"
		}
		fixes = append(fixes, Fix{Title: "Change to " + quote(name), Edits: []Edit{replaceString(c.op.Key(), name)}})
	}
	return fixes
}

// checkQualifier checks ForAllValues:/ForAnyValue: against whether the key
// holds one value or a set.
func (a *analyzer) checkQualifier(c condition, allow bool) {
	if c.use.Base.Family == catalog.FamilyNull {
		// Null asks whether the key is there at all, set or not: the IAM
		// User Guide pairs "Null": {"aws:TagKeys": "false"} with
		// ForAllValues so an empty set cannot match. A qualifier on Null is
		// CND008's business.
		return
	}
	name := c.key.Key().Text()
	k := c.key.Key()
	switch q := c.use.Qualifier; {
	case c.info.MultiValued && q == catalog.NoQualifier:
		a.report(RuleQualifier, k.Start(), k.End(), quote(name)+" holds a set of values: write ForAllValues:"+c.op.Key().Text()+" (every value must match) or ForAnyValue:"+c.op.Key().Text()+" (at least one must)")
		if len(c.op.Value().Children()) == 1 {
			for _, prefix := range []string{"ForAllValues:", "ForAnyValue:"} {
				a.attach(Fix{Title: "Change to " + quote(prefix+c.op.Key().Text()), Edits: []Edit{replaceString(c.op.Key(), prefix+c.op.Key().Text())}})
			}
		}
	case !c.info.MultiValued && q != catalog.NoQualifier && !setTolerantKey(name):
		a.report(RuleQualifier, k.Start(), k.End(), quote(name)+" holds a single value, so "+q.String()+" is not needed"+map[bool]string{true: "; with ForAllValues: the condition is also true when the key is absent, which can grant more than intended", false: ""}[q == catalog.ForAllValues])
		if len(c.op.Value().Children()) == 1 {
			plain := strings.TrimPrefix(c.op.Key().Text(), c.op.Key().Text()[:len(q.String())])
			// Not preferred: without the qualifier an absent key no longer
			// matches, which narrows an Allow but widens a Deny.
			a.attach(Fix{Title: "Change to " + quote(plain), Edits: []Edit{replaceString(c.op.Key(), plain)}})
		}
	case c.info.MultiValued && q == catalog.ForAllValues && allow && !alwaysPresentKey(name) && !c.use.Base.Negated && !requiresKey(c.op.Parent(), name):
		a.report(RuleForAllValuesAllow, k.Start(), k.End(), "ForAllValues: is also true when the request carries no "+quote(name)+" at all; to require the key, add a Null condition on it with false")
	}
}

// requiresKey reports whether a Condition object also tests
// "Null": {key: "false"}, which makes the key required.
func requiresKey(cond *jsonsyntax.Node, key string) bool {
	if cond == nil || cond.Kind() != jsonsyntax.Object {
		return false
	}
	for _, op := range cond.Children() {
		if op.Key().Text() != "Null" || op.Value() == nil || op.Value().Kind() != jsonsyntax.Object {
			continue
		}
		for _, k := range op.Value().Children() {
			if strings.EqualFold(k.Key().Text(), key) && k.Value() != nil && strings.EqualFold(k.Value().Text(), "false") {
				return true
			}
		}
	}
	return false
}

// setTolerantKey lists single-valued keys that AWS's own examples qualify
// with a set operator, so a qualifier on them is not flagged.
func setTolerantKey(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ":amr")
}

// alwaysPresentKey lists multi-valued keys every request of their actions
// carries, so ForAllValues: on them cannot match an empty set.
func alwaysPresentKey(name string) bool {
	return strings.EqualFold(name, "ses:Recipients")
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$`)

// checkValues checks each value's format against the operator's value type,
// wildcards in operators that compare literally, and private addresses in
// aws:SourceIp.
func (a *analyzer) checkValues(c condition) {
	base := c.use.Base
	for _, v := range c.values {
		if a.hasError(v) || v.Kind() == jsonsyntax.Hole {
			continue // already reported (a wrong JSON type, say), or computed by a template
		}
		if v.Kind() == jsonsyntax.String && (!v.Closed() || strings.Contains(v.Text(), "${")) {
			continue // unreliable text, or a policy variable resolved at run time
		}
		text := v.Text()
		var problem string
		switch base.Family {
		case catalog.FamilyNumeric:
			if _, err := strconv.ParseFloat(text, 64); err != nil {
				problem = "a number"
			}
		case catalog.FamilyDate:
			if !datePattern.MatchString(text) && !isDigits(text) {
				problem = "a date such as 2026-12-31T23:59:59Z (ISO 8601) or seconds since 1970"
			}
		case catalog.FamilyBool:
			if !isBoolValue(v) {
				problem = "true or false"
			}
		case catalog.FamilyIPAddress:
			if _, err := netip.ParsePrefix(text); err != nil {
				if _, err := netip.ParseAddr(text); err != nil {
					problem = "an IP address or CIDR range such as 203.0.113.0/24"
				}
			} else {
				a.checkCIDR(c, v)
			}
		case catalog.FamilyBinary:
			if _, err := base64.StdEncoding.DecodeString(text); err != nil {
				problem = "base64-encoded data"
			}
		case catalog.FamilyARN:
			if text != "*" && !strings.HasPrefix(text, "arn:") {
				problem = "an ARN (arn:partition:service:region:account:resource)"
			}
		}
		if problem != "" {
			a.report(RuleConditionValue, v.Start(), v.End(), base.Name+" needs "+problem+" for "+quote(c.key.Key().Text())+", not "+describe(v))
			continue
		}
		if base.Family == catalog.FamilyString && !base.Wildcards && v.Kind() == jsonsyntax.String && catalog.HasWildcard(text) {
			like := "StringLike"
			if base.Negated {
				like = "StringNotLike"
			}
			a.report(RuleWildcardNoLike, v.Start(), v.End(), base.Name+" compares "+quote(text)+" literally, wildcards included: use "+like+" to match a pattern")
		}
	}
}

// checkCIDR flags private ranges in aws:SourceIp (requests from private
// addresses come through VPC endpoints and carry aws:VpcSourceIp instead)
// and ranges written with host bits set.
func (a *analyzer) checkCIDR(c condition, v *jsonsyntax.Node) {
	p, err := netip.ParsePrefix(v.Text())
	if err != nil {
		return
	}
	if strings.EqualFold(c.key.Key().Text(), "aws:SourceIp") {
		addr := p.Addr()
		if addr.IsPrivate() || addr.IsLoopback() || addr.IsLinkLocalUnicast() {
			a.report(RulePrivateIP, v.Start(), v.End(), quote(v.Text())+" is a private range: aws:SourceIp only ever holds public addresses; for requests through a VPC endpoint use aws:VpcSourceIp")
			return
		}
	}
	if masked := p.Masked(); masked != p {
		a.report(RuleHostBits, v.Start(), v.End(), quote(v.Text())+" has host bits set; the range it means is "+masked.String())
	}
}

func isBoolValue(v *jsonsyntax.Node) bool {
	switch v.Kind() {
	case jsonsyntax.Bool:
		return true
	case jsonsyntax.String:
		return strings.EqualFold(v.Text(), "true") || strings.EqualFold(v.Text(), "false")
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isProviderKey reports whether a condition key belongs to a SAML or web
// identity provider (saml:aud, accounts.google.com:aud,
// cognito-identity.amazonaws.com:amr) rather than to a service.
func isProviderKey(name string) bool {
	prefix, _, ok := strings.Cut(name, ":")
	return ok && (strings.EqualFold(prefix, "saml") || strings.Contains(prefix, "."))
}

// allARNs reports whether there are values and every one is an ARN.
func allARNs(values []*jsonsyntax.Node) bool {
	for _, v := range values {
		if !hasPrefixFold(v.Text(), "arn:") {
			return false
		}
	}
	return len(values) > 0
}
