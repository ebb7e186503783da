package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// Web identity providers that may be named directly as Federated principals.
var builtinWebIdentityProviders = []string{"cognito-identity.amazonaws.com", "www.amazon.com", "graph.facebook.com", "accounts.google.com"}

// principal is one principal string with its type ("AWS", "Service",
// "Federated", "CanonicalUser", or "*" for a bare "Principal": "*").
type principal struct {
	typ  string
	node *jsonsyntax.Node
}

// principalsOf lists the principal strings of a Principal or NotPrincipal
// element in document order.
func principalsOf(e *Element) []principal {
	v := e.Value()
	if v == nil {
		return nil
	}
	switch v.Kind() {
	case jsonsyntax.String:
		return []principal{{"*", v}}
	case jsonsyntax.Object:
		var out []principal
		for _, prop := range v.Children() {
			for _, n := range stringsOf(prop.Value()) {
				out = append(out, principal{prop.Key().Text(), n})
			}
		}
		return out
	}
	return nil
}

// principals returns the statement's Principal strings, computed once.
func (s *Statement) principals() []principal {
	if !s.principalsDone {
		s.principalList, s.principalsDone = principalsOf(s.Principal), true
	}
	return s.principalList
}

// ofType returns the nodes of the principals of one type.
func ofType(ps []principal, typ string) []*jsonsyntax.Node {
	var out []*jsonsyntax.Node
	for _, p := range ps {
		if p.typ == typ {
			out = append(out, p.node)
		}
	}
	return out
}

// checkPrincipalValues checks the form of every principal: account IDs and
// IAM/STS ARNs under AWS, service principals (with a suggestion for a
// misspelt one), identity providers under Federated, canonical user IDs.
func (a *analyzer) checkPrincipalValues(s *Statement) {
	cat := catalog.Default()
	for _, ps := range [][]principal{s.principals(), principalsOf(s.NotPrincipal)} {
		for _, p := range ps {
			v := p.node
			if !v.Closed() || a.hasError(v) {
				continue
			}
			switch p.typ {
			case "AWS":
				a.checkAWSPrincipal(v)
			case "Service":
				a.checkServicePrincipal(cat, v)
			case "Federated":
				a.checkFederatedPrincipal(v)
			case "CanonicalUser":
				a.checkCanonicalUser(v)
			}
		}
	}
}

func (a *analyzer) checkAWSPrincipal(v *jsonsyntax.Node) {
	text := v.Text()
	if text == "*" || isAccountID(text) {
		return
	}
	if isAccountPlaceholder(text) || isPlaceholderField(text) {
		a.report(RulePlaceholder, v.Start(), v.End(), quote(text)+" is a placeholder from AWS's documentation: replace it with the 12-digit account ID of the principal")
		return
	}
	if f, _, ok := splitARN(text); ok && a.principalPlaceholders(v, f) {
		return
	}
	if !strings.HasPrefix(text, "arn:") {
		if isDigits(text) {
			a.report(RulePrincipal, v.Start(), v.End(), "account "+quote(text)+" must be exactly 12 digits (keep leading zeros)")
			return
		}
		a.report(RulePrincipal, v.Start(), v.End(), "AWS principal "+quote(text)+" must be a 12-digit account ID, an IAM or STS ARN such as arn:aws:iam::123456789012:role/name, or \"*\"")
		return
	}
	f, _, ok := splitARN(text)
	switch {
	case !ok:
		a.report(RulePrincipal, v.Start(), v.End(), "principal ARN "+quote(text)+" must have 6 colon-separated fields, e.g. arn:aws:iam::123456789012:root")
	case f.service != "iam" && f.service != "sts":
		a.report(RulePrincipal, v.Start(), v.End(), "an AWS principal is an IAM or STS ARN, not "+quote(text)+"; name a service with \"Service\" instead")
	case f.region != "":
		a.report(RulePrincipal, v.Start(), v.End(), "principal ARN "+quote(text)+" must not have a region: "+f.service+" ARNs are global")
	case !isAccountID(f.account) && !isVariable(f.account):
		a.report(RulePrincipal, v.Start(), v.End(), "principal ARN "+quote(text)+" needs a 12-digit account ID")
	case catalog.HasWildcard(text):
		a.report(RulePrincipal, v.Start(), v.End(), "principal ARN "+quote(text)+" has a wildcard; principals cannot be patterns: use \"*\" with an aws:PrincipalArn condition (ArnLike) instead")
	}
}

// principalPlaceholders reports documentation placeholders left in a
// principal ARN. The account of a principal is often another account than
// the user's, so no setting fills it: the finding says what to put there.
func (a *analyzer) principalPlaceholders(v *jsonsyntax.Node, f arnFields) bool {
	what := placeholderAdvice(f, "the principal's 12-digit account ID")
	if len(what) == 0 {
		return a.reportNamePlaceholder(v, f)
	}
	a.report(RulePlaceholder, v.Start(), v.End(), "principal "+quote(v.Text())+" still holds placeholders from AWS's documentation: replace "+strings.Join(what, "; replace "))
	// Only the partition can come from settings; the account is the
	// principal's own.
	if len(what) == 1 && isPartitionPlaceholder(f.partition) && a.opts.Partition != "" {
		arn := "arn:" + a.opts.Partition + ":" + f.service + ":" + f.region + ":" + f.account + ":" + f.resource
		a.attach(Fix{Title: "Fill in " + quote(arn), Edits: []Edit{replaceString(v, arn)}})
	}
	return true
}

func (a *analyzer) checkServicePrincipal(cat *catalog.Catalog, v *jsonsyntax.Node) {
	name := v.Text()
	if knownServicePrincipal(cat, name) {
		return
	}
	sug := a.suggest(func() []string { return cat.SuggestServicePrincipals(name, 1) })
	switch {
	case !looksLikeServicePrincipal(name):
		msg := "service principal " + quote(name) + " must look like <service>.amazonaws.com"
		if len(sug) > 0 {
			msg += ": did you mean " + quote(sug[0]) + "?"
		}
		a.report(RuleServicePrincipal, v.Start(), v.End(), msg)
		a.attach(caseRenames(v, sug)...)
	case len(sug) > 0:
		// A well-formed name may be a real principal the list lacks
		// (cloudwatch.amazonaws.com was once "fixed" to cloudsearch):
		// a question, and a fix applied unasked only when the case alone
		// differs.
		a.reportAs(RuleServicePrincipal, SeverityInfo, v.Start(), v.End(), quote(name)+" is not in policyls's list of service principals (the list is not complete): did you mean "+quote(sug[0])+"?")
		a.attach(caseRenames(v, sug)...)
	default:
		a.reportAs(RuleServicePrincipal, SeverityHint, v.Start(), v.End(), quote(name)+" is not in policyls's list of service principals (the list is not complete); check the service's documentation")
	}
}

// knownServicePrincipal accepts a listed name, its China form
// (NAME.amazonaws.com.cn) and its regional form (states.us-east-1.amazonaws.com,
// logs.eu-west-1.amazonaws.com), which some services' documentation uses.
func knownServicePrincipal(cat *catalog.Catalog, name string) bool {
	if cat.IsKnownServicePrincipal(name) {
		return true
	}
	base, ok := strings.CutSuffix(name, ".amazonaws.com.cn")
	if !ok {
		if base, ok = strings.CutSuffix(name, ".amazonaws.com"); !ok {
			return false
		}
	}
	if cat.IsKnownServicePrincipal(base + ".amazonaws.com") {
		return true
	}
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return false
	}
	if _, regional := cat.PartitionOfRegion(base[i+1:]); !regional {
		return false
	}
	return cat.IsKnownServicePrincipal(base[:i] + ".amazonaws.com")
}

// looksLikeServicePrincipal checks the shape <name>.amazonaws.com (or the
// China form .amazonaws.com.cn).
func looksLikeServicePrincipal(s string) bool {
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn"} {
		if head, ok := strings.CutSuffix(s, suffix); ok && head != "" && !strings.ContainsAny(head, " */") {
			return true
		}
	}
	return false
}

// checkFederatedPrincipal checks a Federated principal the way AWS
// principals are checked: a built-in web identity provider, or the ARN of
// an IAM SAML or OIDC provider in a 12-digit account, with no region, no
// wildcard and no placeholder left from the documentation.
func (a *analyzer) checkFederatedPrincipal(v *jsonsyntax.Node) {
	text := v.Text()
	for _, p := range builtinWebIdentityProviders {
		if text == p {
			return
		}
	}
	f, _, ok := splitARN(text)
	switch {
	case !ok && (isAccountPlaceholder(text) || placeholderIn(text) != ""):
		a.report(RulePlaceholder, v.Start(), v.End(), quote(text)+" is a placeholder: replace it with the ARN of your SAML or OIDC provider (arn:aws:iam::123456789012:saml-provider/Name, …:oidc-provider/host)")
		return
	case !ok:
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" must be a SAML or OIDC provider ARN (arn:aws:iam::123456789012:saml-provider/Name, …:oidc-provider/host) or one of "+strings.Join(builtinWebIdentityProviders, ", "))
		return
	case a.principalPlaceholders(v, f):
		return
	}
	provider, name, _ := strings.Cut(f.resource, "/")
	switch {
	case f.service != "iam":
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" must be an IAM identity provider ARN (arn:…:iam::…), not a "+f.service+" ARN")
	case f.region != "":
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" must not have a region: IAM identity providers are global")
	case !isAccountID(f.account):
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" needs the 12-digit ID of the account holding the provider (keep leading zeros)")
	case provider != "saml-provider" && provider != "oidc-provider":
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" names a "+quote(provider)+", not an identity provider: use …:saml-provider/Name or …:oidc-provider/host")
	case name == "":
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" lacks the provider's name after "+quote(provider+"/"))
	case catalog.HasWildcard(text):
		a.report(RulePrincipal, v.Start(), v.End(), "federated principal "+quote(text)+" has a wildcard; principals cannot be patterns: name the provider")
	}
}

// assumeActionFor returns the action a Federated principal assumes roles
// with: sts:AssumeRoleWithSAML for a SAML provider,
// sts:AssumeRoleWithWebIdentity for an OIDC provider or a built-in web
// identity provider. ok is false when the value is neither.
func assumeActionFor(federated string) (action string, ok bool) {
	for _, p := range builtinWebIdentityProviders {
		if strings.EqualFold(federated, p) {
			return "sts:AssumeRoleWithWebIdentity", true
		}
	}
	f, _, isARN := splitARN(federated)
	switch {
	case !isARN:
		return "", false
	case strings.HasPrefix(f.resource, "saml-provider/"):
		return "sts:AssumeRoleWithSAML", true
	case strings.HasPrefix(f.resource, "oidc-provider/"):
		return "sts:AssumeRoleWithWebIdentity", true
	}
	return "", false
}

func (a *analyzer) checkCanonicalUser(v *jsonsyntax.Node) {
	if a.kind == KindSESIdentity || a.kind == KindTrust {
		a.report(RulePrincipal, v.Start(), v.End(), "CanonicalUser principals are an Amazon S3 notion; this policy kind cannot use them")
		return
	}
	ok := len(v.Text()) == 64
	for i := 0; ok && i < len(v.Text()); i++ {
		c := v.Text()[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
	}
	if !ok {
		a.report(RulePrincipal, v.Start(), v.End(), "canonical user ID "+quote(v.Text())+" must be 64 lowercase hexadecimal characters")
	}
}
