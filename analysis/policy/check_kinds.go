package policy

import (
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// sendActions are the SES actions that send mail and are authorised against
// the identity, the configuration set and (for templated sends) the template.
var sendActions = []string{"ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail", "ses:SendBulkEmail"}

// restrictingKeys narrow who a grant reaches; a statement that names "*" as
// principal should test one of them.
var restrictingKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", "aws:SourceOwner"}

// confusedDeputyKeys tell a service acting on a caller's behalf whose behalf
// it is; a service principal in an Allow statement should be tied to them.
var confusedDeputyKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"}

// deputyWarnServices are the service principals whose documentation shows
// aws:SourceAccount/aws:SourceArn in their trust and resource policies, so
// leaving those keys out is a warning. For other services it is advice only:
// AWS's own examples for, say, Lambda or EC2 roles carry no such condition.
var deputyWarnServices = []string{"pinpoint.amazonaws.com", "ses.amazonaws.com", "sms-voice.amazonaws.com"}

// testsKey reports whether the statement's Condition tests one of keys with
// a positive (not negated) operator; negated operators and Null do not
// restrict anything for this purpose.
func testsKey(cat *catalog.Catalog, s *Statement, keys []string) []*jsonsyntax.Node {
	cond := s.Condition.Value()
	if cond == nil || cond.Kind() != jsonsyntax.Object {
		return nil
	}
	var found []*jsonsyntax.Node
	for _, op := range cond.Children() {
		use, ok := cat.ParseOperator(op.Key().Text())
		if !ok || use.Base.Negated || use.Base.Family == catalog.FamilyNull || op.Value() == nil || op.Value().Kind() != jsonsyntax.Object {
			continue
		}
		for _, key := range op.Value().Children() {
			for _, k := range keys {
				if strings.EqualFold(key.Key().Text(), k) {
					found = append(found, key)
				}
			}
		}
	}
	return found
}

// checkKindRules runs the rules specific to SES identity policies, trust
// policies and identity-based SES permissions, then the security warnings.
func (a *analyzer) checkKindRules(p *Policy) {
	cat := catalog.Default()
	switch a.kind {
	case KindSESIdentity:
		a.checkSESIdentityResources(p)
		for _, s := range p.Statements {
			a.checkSESGrants(cat, s)
			a.checkFromAddress(cat, s)
		}
	case KindTrust:
		for _, s := range p.Statements {
			a.checkTrustStatement(cat, s)
		}
	case KindIAMIdentity:
		for _, s := range p.Statements {
			a.checkSendPath(cat, s)
			a.checkFromAddress(cat, s)
		}
	}
	for _, s := range p.Statements {
		a.checkPinpointLifecycle(cat, s)
		a.checkSecurity(cat, s)
		a.checkAPIVersion(cat, s)
	}
	a.checkDependentActions(cat, p)
}

// checkSESIdentityResources: the Resource of an SES identity policy is the
// ARN of the one identity the policy is attached to.
func (a *analyzer) checkSESIdentityResources(p *Policy) {
	var first *jsonsyntax.Node
	for _, s := range p.Statements {
		if s.NotResource != nil {
			k := s.NotResource.Property.Key()
			a.report(RuleSESResource, k.Start(), k.End(), `SES identity policies take "Resource" with the identity's ARN; "NotResource" is not supported`)
		}
		for _, r := range Strings(s.Resource) {
			if !r.Closed() || a.hasFinding(r) {
				continue
			}
			f, _, isARN := splitARN(r.Text())
			switch {
			case r.Text() == "*":
				a.reportAs(RuleSESResource, SeverityWarning, r.Start(), r.End(), `an SES identity policy belongs to one identity: use its ARN, e.g. "arn:aws:ses:us-east-1:123456789012:identity/example.com", not "*"`)
			case !isARN || f.service != "ses":
				a.report(RuleSESResource, r.Start(), r.End(), quote(r.Text())+" is not an SES identity: the Resource of an SES identity policy is the ARN of the identity it is attached to")
			case !strings.HasPrefix(f.resource, "identity/"):
				a.report(RuleSESResource, r.Start(), r.End(), quote(r.Text())+" is not an identity ARN; an SES identity policy can only name the identity it is attached to (arn:…:identity/<domain or address>)")
			case isPattern(f.resource):
				a.reportAs(RuleSESResource, SeverityWarning, r.Start(), r.End(), quote(r.Text())+" names many identities; an SES identity policy should name exactly the identity it is attached to")
			case first == nil:
				first = r
			case first.Text() != r.Text():
				a.reportAs(RuleSESResource, SeverityWarning, r.Start(), r.End(), "this policy names two identities ("+quote(first.Text())+" and "+quote(r.Text())+"); a policy is attached to one identity, so write one policy per identity")
			}
		}
	}
}

// checkSESGrants: in an SES identity policy, warn about open grants to "*"
// and about identity management granted to another account.
func (a *analyzer) checkSESGrants(cat *catalog.Catalog, s *Statement) {
	if !effectIs(s, "Allow") {
		return
	}
	principals := s.principals()
	for _, p := range principals {
		if v := p.node; v.Text() == "*" && (p.typ == "*" || p.typ == "AWS") && len(testsKey(cat, s, restrictingKeys)) == 0 {
			a.report(RuleSESOpenGrant, v.Start(), v.End(), `"*" lets every AWS account use this identity; restrict it with a condition such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID, or name the accounts`)
		}
	}
	owner := ""
	for _, r := range Strings(s.Resource) {
		if f, _, ok := splitARN(r.Text()); ok && isAccountID(f.account) {
			owner = f.account
			break
		}
	}
	var outsider string
	for _, v := range ofType(principals, "AWS") {
		if acct := principalAccount(v.Text()); acct != "" && owner != "" && acct != owner {
			outsider = acct
			break
		}
	}
	if outsider == "" {
		return
	}
	for _, entry := range Strings(s.Action) {
		if entry.Closed() && cat.SESIdentityPolicyAction(entry.Text()) == catalog.SESIdentityManagement {
			a.report(RuleSESManagement, entry.Start(), entry.End(), quote(entry.Text())+" lets account "+outsider+" manage your identity (owner "+owner+"); delegate senders usually need only the sending actions")
		}
	}
}

// principalAccount returns the account an AWS principal names, or "".
func principalAccount(p string) string {
	if isAccountID(p) {
		return p
	}
	if f, _, ok := splitARN(p); ok && isAccountID(f.account) {
		return f.account
	}
	return ""
}

// checkSendPath: SES authorises a send against the identity, the
// configuration set the message uses and, for templated sends, the template.
// A permission policy that names only identity ARNs fails in production as
// soon as a configuration set is involved.
func (a *analyzer) checkSendPath(cat *catalog.Catalog, s *Statement) {
	if !effectIs(s, "Allow") || s.Resource == nil {
		return
	}
	sends, templated := false, false
	for _, e := range Strings(s.Action) {
		for _, act := range sendActions {
			sends = sends || strings.EqualFold(e.Text(), act)
		}
		templated = templated || strings.EqualFold(e.Text(), "ses:SendTemplatedEmail") || strings.EqualFold(e.Text(), "ses:SendBulkTemplatedEmail")
	}
	if !sends {
		return
	}
	resources := Strings(s.Resource)
	if len(resources) == 0 {
		return // no value yet, or not strings: nothing to scope
	}
	identity := ""
	for _, r := range resources {
		f, _, ok := splitARN(r.Text())
		if !ok || f.service != "ses" || !strings.HasPrefix(f.resource, "identity/") {
			return // "*", a configuration set, a template or a pattern already covers more
		}
		identity = "arn:" + f.partition + ":ses:" + f.region + ":" + f.account + ":configuration-set/*"
	}
	k := s.Resource.Property.Key()
	a.report(RuleSESSendPath, k.Start(), k.End(), "SES also checks the configuration set a message is sent with (and the template, for templated sends); with only identity ARNs here, sends that use one are denied: add "+quote(identity))
	added := []string{jsonString(identity)}
	title := "Add the configuration-set ARN"
	if templated {
		added = append(added, jsonString(strings.TrimSuffix(identity, "configuration-set/*")+"template/*"))
		title += " and the template ARN"
	}
	a.attach(Fix{Title: title, Edits: []Edit{insertElements(a.src, s.Resource.Value(), added...)}})
}

// checkTrustStatement runs the trust-policy rules on one statement: the
// assume action must fit the principal type, "*" needs a condition, and a
// service principal should be tied to the calling account.
func (a *analyzer) checkTrustStatement(cat *catalog.Catalog, s *Statement) {
	principals := s.principals()
	federated := ofType(principals, "Federated")
	actions := Strings(s.Action)
	has := func(name string) bool {
		for _, e := range actions {
			if strings.EqualFold(e.Text(), name) || e.Text() == "*" || (catalog.HasWildcard(e.Text()) && catalog.WildcardMatch(e.Text(), name)) {
				return true
			}
		}
		return false
	}
	for _, v := range federated {
		want := "sts:AssumeRoleWithWebIdentity"
		if strings.Contains(v.Text(), ":saml-provider/") {
			want = "sts:AssumeRoleWithSAML"
		}
		if !has(want) && s.Action != nil {
			a.report(RuleTrustMismatch, v.Start(), v.End(), "federated principal "+quote(v.Text())+" assumes roles with "+quote(want)+", which this statement does not grant")
		}
	}
	if len(federated) == 0 {
		for _, e := range actions {
			if strings.EqualFold(e.Text(), "sts:AssumeRoleWithSAML") || strings.EqualFold(e.Text(), "sts:AssumeRoleWithWebIdentity") {
				a.report(RuleTrustMismatch, e.Start(), e.End(), quote(e.Text())+" is only used by federated principals (a SAML or OIDC provider under \"Federated\"); this statement names none")
			}
		}
	}
	if !effectIs(s, "Allow") {
		return
	}
	for _, p := range principals {
		if v := p.node; v.Text() == "*" && (p.typ == "*" || p.typ == "AWS") && s.Condition == nil {
			a.report(RuleTrustOpen, v.Start(), v.End(), `"*" lets any AWS principal assume this role; name the accounts or roles, or add conditions such as aws:PrincipalOrgID`)
		}
	}
	services := ofType(principals, "Service")
	a.checkConfusedDeputy(cat, s, services)
	a.checkSessionActions(s, services, has)
	a.checkWebIdentity(cat, s, federated)
}

// sessionActions are what a role must grant to the services that set
// session tags or a source identity when they assume it: IAM Roles Anywhere
// (from the client certificate) and EKS Pod Identity (the pod's cluster,
// namespace and service account).
var sessionActions = map[string][]string{
	"rolesanywhere.amazonaws.com": {"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"},
	"pods.eks.amazonaws.com":      {"sts:AssumeRole", "sts:TagSession"},
}

// checkSessionActions reports, on each such service, the session actions
// the statement misses. The first report carries one fix adding everything
// the statement misses (two fixes would edit the same list).
func (a *analyzer) checkSessionActions(s *Statement, services []*jsonsyntax.Node, grants func(string) bool) {
	if s.Action == nil || s.Action.Value() == nil {
		return // no Action yet: the missing element is reported on its own
	}
	type report struct {
		service         *jsonsyntax.Node
		needed, missing []string
	}
	var reports []report
	var all []string // every action missing, for the one fix
	for _, v := range services {
		needed := sessionActions[strings.ToLower(v.Text())]
		var missing []string
		for _, act := range needed {
			if !grants(act) {
				missing = append(missing, act)
				if !slices.Contains(all, act) {
					all = append(all, act)
				}
			}
		}
		if len(missing) > 0 {
			reports = append(reports, report{v, needed, missing})
		}
	}
	for i, r := range reports {
		a.report(RuleSessionActions, r.service.Start(), r.service.End(), quote(r.service.Text())+" needs "+strings.Join(r.needed, ", ")+" to create a session; this statement does not grant "+strings.Join(r.missing, " or "))
		if i > 0 {
			continue
		}
		added := make([]string, len(all))
		for i, act := range all {
			added[i] = jsonString(act)
		}
		// Not preferred: adding actions grants the service more.
		a.attach(Fix{Title: "Add " + strings.Join(all, " and "), Edits: []Edit{insertElements(a.src, s.Action.Value(), added...)}})
	}
}

// checkConfusedDeputy: a service principal without aws:SourceAccount or
// aws:SourceArn can be made to act for another account's resources. When
// both are present they must name the same account.
func (a *analyzer) checkConfusedDeputy(cat *catalog.Catalog, s *Statement, services []*jsonsyntax.Node) {
	if len(services) == 0 {
		return
	}
	keys := testsKey(cat, s, confusedDeputyKeys)
	if len(keys) == 0 {
		for _, v := range services {
			sev := SeverityInfo
			for _, w := range deputyWarnServices {
				if strings.EqualFold(v.Text(), w) {
					sev = SeverityWarning
				}
			}
			a.reportAs(RuleConfusedDeputy, sev, v.Start(), v.End(), "restrict "+quote(v.Text())+" to your own resources with a condition on aws:SourceAccount (your account ID) or aws:SourceArn, so it cannot be used on another account's behalf (the confused deputy problem)")
			if acct, configured := a.accountFor(); acct != "" {
				if e, ok := a.addSourceAccount(s, acct); ok {
					a.attach(Fix{Title: "Add condition aws:SourceAccount = " + quote(acct), Preferred: configured, Edits: []Edit{e}})
				}
			}
		}
		return
	}
	var account, arnAccount *jsonsyntax.Node
	for _, k := range keys {
		for _, v := range conditionValues(k.Value()) {
			switch {
			case strings.EqualFold(k.Key().Text(), "aws:SourceAccount") && isAccountID(v.Text()):
				account = v
			case strings.EqualFold(k.Key().Text(), "aws:SourceArn"):
				if f, _, ok := splitARN(v.Text()); ok && isAccountID(f.account) {
					arnAccount = v
				}
			}
		}
	}
	if account != nil && arnAccount != nil {
		f, _, _ := splitARN(arnAccount.Text())
		if f.account != account.Text() {
			a.report(RuleConfusedDeputy, arnAccount.Start(), arnAccount.End(), "aws:SourceArn names account "+f.account+" but aws:SourceAccount is "+account.Text()+"; no request matches both")
		}
	}
}

// accountFor returns the account to use in a fix: the configured one
// (configured true), else the only account the policy's ARNs name.
func (a *analyzer) accountFor() (string, bool) {
	if a.opts.AccountID != "" {
		return a.opts.AccountID, true
	}
	found := ""
	eachString(a.doc.Root, func(v *jsonsyntax.Node) {
		if f, _, ok := splitARN(v.Text()); ok && isAccountID(f.account) {
			if found != "" && found != f.account {
				found = "-" // more than one: guessing would be wrong
			} else if found == "" {
				found = f.account
			}
		}
	})
	if found == "-" {
		return "", false
	}
	return found, false
}

// addSourceAccount is the edit that adds aws:SourceAccount to a statement:
// into its StringEquals block when there is one, else as a new StringEquals
// block of its Condition, else as a new Condition.
func (a *analyzer) addSourceAccount(s *Statement, acct string) (Edit, bool) {
	key := `"aws:SourceAccount": ` + jsonString(acct)
	cond := s.Condition.Value()
	switch {
	case cond == nil && s.Condition == nil:
		return insertProperty(a.src, s.Node, `"Condition": {"StringEquals": {`+key+`}}`), true
	case cond == nil || cond.Kind() != jsonsyntax.Object:
		return Edit{}, false
	}
	if eq := cond.Member("StringEquals"); eq != nil && eq.Value() != nil && eq.Value().Kind() == jsonsyntax.Object {
		if eq.Value().Member("aws:SourceAccount") != nil {
			return Edit{}, false
		}
		return insertProperty(a.src, eq.Value(), key), true
	}
	return insertProperty(a.src, cond, `"StringEquals": {`+key+`}`), true
}

// checkPinpointLifecycle: Amazon Pinpoint's engagement features reached end
// of support; roles and policies for them still work and are still written,
// so this is information only.
func (a *analyzer) checkPinpointLifecycle(cat *catalog.Catalog, s *Statement) {
	note := "Amazon Pinpoint's engagement features (campaigns, journeys) reached end of support on " + catalog.PinpointEngagementEndOfSupport + "; check that this grant is still needed"
	for _, v := range ofType(s.principals(), "Service") {
		if strings.EqualFold(v.Text(), cat.PinpointServicePrincipal()) {
			a.report(RulePinpointLifecycle, v.Start(), v.End(), note)
		}
	}
	for _, el := range []*Element{s.Action, s.NotAction} {
		for _, e := range Strings(el) {
			if hasPrefixFold(e.Text(), "mobiletargeting:") {
				a.report(RulePinpointLifecycle, e.Start(), e.End(), note)
			}
		}
	}
}

// checkSecurity flags Allow statements that grant far more than they seem
// to: the Not forms, full admin, broad iam:PassRole, whole-service wildcards.
func (a *analyzer) checkSecurity(cat *catalog.Catalog, s *Statement) {
	if !effectIs(s, "Allow") {
		return
	}
	for _, el := range []*Element{s.NotAction, s.NotResource, s.NotPrincipal} {
		if el != nil && !a.hasError(el.Property.Key()) {
			k := el.Property.Key()
			a.report(RuleAllowWithNot, k.Start(), k.End(), "Allow with "+quote(el.Name)+" grants everything except what is listed, including whatever AWS adds later; list what to allow instead")
		}
	}
	starResource := false
	for _, r := range Strings(s.Resource) {
		starResource = starResource || r.Text() == "*"
	}
	for _, e := range Strings(s.Action) {
		switch {
		case e.Text() == "*" && starResource:
			a.report(RuleFullAccess, e.Start(), e.End(), `"Action": "*" with "Resource": "*" grants every action on everything (full administrator access)`)
		case e.Text() != "*" && strings.HasSuffix(e.Text(), ":*") && !a.hasFinding(e):
			a.report(RuleServiceWildcard, e.Start(), e.End(), quote(e.Text())+" grants every action of the service, including ones it adds later; list the actions you need")
		}
		// A bare "*" is full access, reported above; PassRole is about the
		// entries that reach it on purpose (iam:PassRole, iam:Pass*, iam:*).
		if starResource && e.Text() != "*" && catalog.WildcardMatch(e.Text(), "iam:PassRole") && len(testsKey(cat, s, []string{"iam:PassedToService"})) == 0 {
			a.report(RulePassRole, e.Start(), e.End(), quote(e.Text())+" with \"Resource\": \"*\" lets the holder pass any role to any service; name the roles and add an iam:PassedToService condition")
		}
	}
}
