package policy

import (
	"regexp"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// sendActions are the SES actions that send mail and are authorised against
// the identity, the configuration set and (for templated sends) the template.
var sendActions = []string{"ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail", "ses:SendBulkEmail"}

// restrictingKeys narrow who a grant reaches; a statement that names "*" as
// principal should test one of them. s3:DataAccessPointAccount and
// s3:DataAccessPointArn hand a bucket's access control to the access points
// of one account, as the S3 User Guide's delegation policy does:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
var restrictingKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:SourceIp", "aws:SourceVpc", "aws:SourceVpce", "aws:VpcSourceIp", "aws:SourceOwner", "s3:DataAccessPointAccount", "s3:DataAccessPointArn"}

// mayTestKey reports whether the statement's Condition tests one of keys
// (testsKey), or may: its conditions are computed by the host file (an
// !If, a Terraform variable or dynamic block), so any key may be there and
// a warning about a missing one would be a false alarm.
func mayTestKey(cat *catalog.Catalog, s *Statement, keys []string) bool {
	return conditionComputed(s) || len(testsKey(cat, s, keys)) > 0
}

// conditionComputed reports whether a statement's Condition, or the keys
// of one of its operators, are a value the host computes (a Hole).
func conditionComputed(s *Statement) bool {
	cond := s.Condition.Value()
	if cond == nil {
		return false
	}
	if cond.Kind() == jsonsyntax.Hole {
		return true
	}
	if cond.Kind() != jsonsyntax.Object {
		return false
	}
	for _, op := range cond.Children() {
		if v := op.Value(); v != nil && v.Kind() == jsonsyntax.Hole {
			return true
		}
	}
	return false
}

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
			a.checkTrustStatement(cat, p, s)
		}
	case KindIAMIdentity:
		for _, s := range p.Statements {
			a.checkSendPath(cat, s)
			a.checkFromAddress(cat, s)
		}
	}
	perimeter := isPerimeterPolicy(cat, p)
	for _, s := range p.Statements {
		if appliesTo(RuleServiceNoSource, a.kind) || appliesTo(RuleSESServiceDelegate, a.kind) {
			a.checkServiceGrants(cat, s)
		}
		a.checkDeadSourceKeys(cat, s)
		a.checkPinpointLifecycle(cat, s)
		if !perimeter && a.kind.grants() {
			a.checkSecurity(cat, s)
		}
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
			case isPattern(hostValuesAsLiteral(f.resource)):
				a.reportAs(RuleSESResource, SeverityWarning, r.Start(), r.End(), quote(r.Text())+" names many identities; an SES identity policy should name exactly the identity it is attached to")
			case a.opts.Identity != "" && !strings.Contains(f.resource, "${") && !strings.EqualFold(strings.TrimPrefix(f.resource, "identity/"), a.opts.Identity):
				a.report(RuleSESResource, r.Start(), r.End(), quote(r.Text())+" names another identity: this policy is attached to the identity "+quote(a.opts.Identity)+", so its Resource must be that identity's ARN")
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
		if v := p.node; v.Text() == "*" && (p.typ == "*" || p.typ == "AWS") && !mayTestKey(cat, s, restrictingKeys) {
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
func (a *analyzer) checkTrustStatement(cat *catalog.Catalog, p *Policy, s *Statement) {
	principals := s.principals()
	federated := ofType(principals, "Federated")
	actions := Strings(s.Action)
	has := func(name string) bool { return grantsAction(s, name) }
	wrongType := a.checkFederatedActions(s, federated, has)
	reported := map[string]bool{}
	for _, v := range federated {
		want, known := assumeActionFor(v.Text())
		if known && !wrongType && !has(want) && !reported[want] && s.Action != nil && s.Action.Value() != nil && !sessionTagsBesideAssume(p, s, v.Text(), want) {
			reported[want] = true
			a.reportAssumeMismatch(s, actions, v, want)
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

// grantsAction reports whether the Action of s names action or a pattern
// that covers it.
func grantsAction(s *Statement, action string) bool {
	for _, e := range Strings(s.Action) {
		if strings.EqualFold(e.Text(), action) || e.Text() == "*" || (catalog.HasWildcard(e.Text()) && catalog.WildcardMatch(e.Text(), action)) {
			return true
		}
	}
	return false
}

// sessionTagsBesideAssume reports whether s grants a federated principal
// only what goes with a session (sts:TagSession, SetSourceIdentity,
// SetContext) while another statement grants it the assume action: the
// IAM User Guide's SAML session-tags example splits them so, with a
// condition of its own on the tags
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html).
func sessionTagsBesideAssume(p *Policy, s *Statement, principal, assume string) bool {
	actions := Strings(s.Action)
	for _, e := range actions {
		if !slices.ContainsFunc([]string{"sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext"}, func(x string) bool { return strings.EqualFold(x, e.Text()) }) {
			return false
		}
	}
	if len(actions) == 0 {
		return false
	}
	for _, other := range p.Statements {
		if other != s && effectIs(other, "Allow") && grantsAction(other, assume) && slices.ContainsFunc(ofType(other.principals(), "Federated"), func(v *jsonsyntax.Node) bool { return v.Text() == principal }) {
			return true
		}
	}
	return false
}

// reportAssumeMismatch reports, where the fix goes, that the statement
// does not grant the assume action a federated principal uses: on the
// assume action it names instead, else on the whole Action value. The fix
// changes or adds the action; it is not preferred, since it lets the
// provider's users in where nobody could assume the role before.
func (a *analyzer) reportAssumeMismatch(s *Statement, actions []*jsonsyntax.Node, principal *jsonsyntax.Node, want string) {
	msg := "federated principal " + quote(principal.Text()) + " assumes roles with " + quote(want) + ", which this statement does not grant"
	for _, e := range actions {
		if hasPrefixFold(e.Text(), "sts:AssumeRole") {
			a.report(RuleTrustMismatch, e.Start(), e.End(), quote(e.Text())+" does not fit: "+msg)
			a.attach(Fix{Title: "Change to " + quote(want), Edits: []Edit{replaceString(e, want)}})
			return
		}
	}
	v := s.Action.Value()
	a.report(RuleTrustMismatch, v.Start(), v.End(), msg)
	if v.Kind() == jsonsyntax.String || v.Kind() == jsonsyntax.Array {
		a.attach(Fix{Title: "Add " + quote(want), Edits: []Edit{insertElements(a.src, v, jsonString(want))}})
	}
}

// federatedActions are the assume actions of federated principals.
var federatedActions = []string{"sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}

// checkFederatedActions reports, on the Action value, a federated assume
// action that none of the statement's Federated principals can use: a SAML
// provider assumes roles only with sts:AssumeRoleWithSAML, an OIDC or
// built-in web identity provider only with sts:AssumeRoleWithWebIdentity.
// Statements with a principal of unknown type are not judged. When the
// statement also grants the right action, the wrong one is only useless (a
// warning). It returns whether it reported anything, so the statement's
// principals are not also told that their action is missing.
func (a *analyzer) checkFederatedActions(s *Statement, federated []*jsonsyntax.Node, grants func(string) bool) bool {
	needs := map[string]*jsonsyntax.Node{} // action -> the first principal that uses it
	for _, v := range federated {
		action, ok := assumeActionFor(v.Text())
		if !ok {
			return false
		}
		if needs[action] == nil {
			needs[action] = v
		}
	}
	if len(needs) == 0 {
		return false
	}
	reported := false
	for _, e := range Strings(s.Action) {
		i := slices.IndexFunc(federatedActions, func(act string) bool { return strings.EqualFold(e.Text(), act) })
		if i < 0 || needs[federatedActions[i]] != nil {
			continue
		}
		other := federatedActions[1-i]
		provider := "a web identity (OIDC) provider"
		if other == "sts:AssumeRoleWithSAML" {
			provider = "a SAML provider"
		}
		msg := quote(e.Text()) + " does not fit " + quote(needs[other].Text()) + ": " + provider + " assumes roles with " + quote(other)
		if grants(other) {
			a.reportAs(RuleTrustMismatch, SeverityWarning, e.Start(), e.End(), msg+", which this statement also grants; remove this one")
			reported = true
			continue
		}
		a.report(RuleTrustMismatch, e.Start(), e.End(), msg)
		if len(needs) == 1 {
			// Not preferred: it changes who can assume the role.
			a.attach(Fix{Title: "Change to " + quote(other), Edits: []Edit{replaceString(e, other)}})
		}
		reported = true
	}
	return reported
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

// pinpointKeptActions are the Amazon Pinpoint (mobiletargeting) actions
// that AWS End User Messaging keeps after Pinpoint's end of support: the
// notice says the APIs for SMS, voice, mobile push, OTP and phone number
// validation are not affected (docs.aws.amazon.com/pinpoint/, "End of
// support notice"). Channel actions of those kinds count too.
var pinpointKeptActions = []string{"SendMessages", "SendUsersMessages", "SendOTPMessage", "VerifyOTPMessage", "PhoneNumberValidate", "GetChannels"}

// pinpointKeptChannels are the channel types of the kept APIs: their
// Get/Update/Delete...Channel actions stay.
var pinpointKeptChannels = []string{"Adm", "Apns", "ApnsSandbox", "ApnsVoip", "ApnsVoipSandbox", "Baidu", "Gcm", "Sms", "Voice"}

// pinpointActionKept reports whether a mobiletargeting action (not a
// pattern) stays supported by AWS End User Messaging.
func pinpointActionKept(action string) bool {
	for _, k := range pinpointKeptActions {
		if strings.EqualFold(action, k) {
			return true
		}
	}
	for _, verb := range []string{"Get", "Update", "Delete"} {
		for _, ch := range pinpointKeptChannels {
			if strings.EqualFold(action, verb+ch+"Channel") {
				return true
			}
		}
	}
	return false
}

// checkPinpointLifecycle: Amazon Pinpoint's engagement features reached end
// of support; roles and policies for them still work and are still written,
// so this is a question, once per statement, on its first Pinpoint principal
// or engagement action. Entries already in error are left to that error,
// and the messaging actions AWS End User Messaging keeps are not asked about.
func (a *analyzer) checkPinpointLifecycle(cat *catalog.Catalog, s *Statement) {
	var first *jsonsyntax.Node
	consider := func(n *jsonsyntax.Node) {
		if first == nil || n.Start() < first.Start() {
			first = n
		}
	}
	for _, v := range ofType(s.principals(), "Service") {
		if strings.EqualFold(v.Text(), cat.PinpointServicePrincipal()) {
			consider(v)
		}
	}
	for _, el := range []*Element{s.Action, s.NotAction} {
		for _, e := range Strings(el) {
			if hasPrefixFold(e.Text(), "mobiletargeting:") && !a.hasError(e) && !pinpointPatternKept(cat, e.Text()) {
				consider(e)
			}
		}
	}
	if first != nil {
		a.report(RulePinpointLifecycle, first.Start(), first.End(), "is this grant still needed? Amazon Pinpoint's engagement features (segments, campaigns, journeys, analytics) reached end of support on "+catalog.PinpointEngagementEndOfSupport+"; its SMS, voice, push and OTP APIs carry on in AWS End User Messaging")
	}
}

// pinpointPatternKept reports whether every action an entry names (one
// action, or all a pattern matches) stays in AWS End User Messaging.
func pinpointPatternKept(cat *catalog.Catalog, entry string) bool {
	_, action, _ := strings.Cut(entry, ":")
	if !catalog.HasWildcard(action) {
		return pinpointActionKept(action)
	}
	matched := cat.MatchActions(entry)
	for _, act := range matched {
		if !pinpointActionKept(act.Name) {
			return false
		}
	}
	return len(matched) > 0
}

// checkSecurity flags Allow statements that grant far more than they seem
// to: the Not forms, full admin, broad iam:PassRole, whole-service wildcards.
// How serious full access and a whole-service wildcard are depends on who
// receives them (see grantee).
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
	who := a.granteeOf(cat, s)
	for _, e := range Strings(s.Action) {
		switch {
		case e.Text() == "*" && starResource:
			a.reportFullAccess(e, who)
		case e.Text() != "*" && strings.HasSuffix(e.Text(), ":*") && !a.hasFinding(e):
			a.reportServiceWildcard(e, who)
		case e.Text() == "*" && who == granteeAnyone:
			// Every action on named resources, for anyone: at least what
			// "s3:*" there is told (a public bucket policy).
			a.report(RuleServiceWildcard, e.Start(), e.End(), `"*" lets any AWS principal perform every action on this statement's resources, including actions AWS adds later; name the principals or add a restricting condition, and list the actions`)
		}
		// A bare "*" is full access, reported above; PassRole is about the
		// entries that reach it on purpose (iam:PassRole, iam:Pass*, iam:*).
		if starResource && e.Text() != "*" && catalog.WildcardMatch(e.Text(), "iam:PassRole") && !mayTestKey(cat, s, []string{"iam:PassedToService"}) {
			a.report(RulePassRole, e.Start(), e.End(), quote(e.Text())+" with \"Resource\": \"*\" lets the holder pass any role to any service; name the roles and add an iam:PassedToService condition")
		}
	}
}

// reportFullAccess: "Action": "*" with "Resource": "*". In an identity
// policy that is administrator access. In a resource-based policy it is
// every action on the resource the policy is attached to: the owner's own
// account and "*" narrowed by conditions (a data perimeter) are fine, "*"
// alone is the full-access default of VPC endpoint policies and resource
// control policies (which only limit), so only information.
func (a *analyzer) reportFullAccess(e *jsonsyntax.Node, who grantee) {
	switch who {
	case granteeIdentity:
		a.report(RuleFullAccess, e.Start(), e.End(), `"Action": "*" with "Resource": "*" grants every action on everything (full administrator access)`)
	case granteeNamed:
		a.report(RuleFullAccess, e.Start(), e.End(), `"Action": "*" with "Resource": "*" gives these principals every action on what this policy is attached to (full control of it); list the actions they need`)
	case granteeAccounts:
		a.reportAs(RuleFullAccess, SeverityInfo, e.Start(), e.End(), `"Action": "*" with "Resource": "*" gives these accounts full control of what this policy is attached to; fine for the owner's own account, too much for another account`)
	case granteeAnyone:
		a.reportAs(RuleFullAccess, SeverityInfo, e.Start(), e.End(), `"Principal": "*" with "Action": "*" and "Resource": "*" is the full-access default of VPC endpoint policies and resource control policies, which only limit what other policies grant; in a bucket, key, queue or topic policy it would open the resource to everyone`)
	}
}

// accessControlServices control access themselves: their whole-service
// wildcard can grant or change any other permission (iam:*, sts:*, the key
// policy in kms:*, the SCPs in organizations:*).
var accessControlServices = []string{"iam", "sts", "kms", "organizations"}

// reportServiceWildcard: "SERVICE:*" in an Allow is a least-privilege
// suggestion (information), a warning for the services that control access
// themselves or when anyone may use it, and nothing at all when it goes to
// the resource owner's own account (the default key policy's "kms:*" for
// the key account's root).
func (a *analyzer) reportServiceWildcard(e *jsonsyntax.Node, who grantee) {
	service, _, _ := strings.Cut(e.Text(), ":")
	controlsAccess := slices.ContainsFunc(accessControlServices, func(s string) bool { return strings.EqualFold(s, service) })
	switch {
	case who == granteeOwner:
	case who == granteeAnyone:
		a.report(RuleServiceWildcard, e.Start(), e.End(), quote(e.Text())+" lets any AWS principal perform every action of the service here, including ones it adds later; name the principals or add a restricting condition, and list the actions")
	case controlsAccess && who == granteeAccounts:
		a.reportAs(RuleServiceWildcard, SeverityInfo, e.Start(), e.End(), quote(e.Text())+" for a whole account is right for the resource owner's own account (as in the default key policy) and hands control to any other; policyls cannot tell which account owns this resource (set policyls.accountId)")
	case controlsAccess:
		a.report(RuleServiceWildcard, e.Start(), e.End(), quote(e.Text())+" grants every action of a service that controls access itself (it can grant or change other permissions), including ones it adds later; list the actions you need")
	default:
		a.reportAs(RuleServiceWildcard, SeverityInfo, e.Start(), e.End(), quote(e.Text())+" grants every action of the service, including ones it adds later; for least privilege, list the actions you need")
	}
}

// grantee is who an Allow statement gives its actions to, from the
// narrowest to the broadest, as far as the security rules care.
type grantee int

const (
	// granteeOwner: the resource owner's own account (its root or the bare
	// account ID), or a service principal tied to that account by
	// aws:SourceAccount or aws:SourceArn. The owner's own IAM policies
	// decide what happens next.
	granteeOwner grantee = iota
	// granteeIdentity: no Principal; the identity the policy is attached to.
	granteeIdentity
	// granteeAccounts: account roots or IDs when the owner is unknown (no
	// setting, a Resource of "*", ARNs of several accounts).
	granteeAccounts
	// granteeConditioned: "*" narrowed by a condition on who calls or from
	// where (aws:PrincipalOrgID, aws:SourceVpce, aws:PrincipalIsAWSService...).
	granteeConditioned
	// granteeNamed: named principals of another kind or account.
	granteeNamed
	// granteeAnyone: "*" without a restricting condition.
	granteeAnyone
)

// granteeOf classifies a statement's principals; with several, the
// broadest counts.
func (a *analyzer) granteeOf(cat *catalog.Catalog, s *Statement) grantee {
	if s.Principal == nil && s.NotPrincipal == nil {
		return granteeIdentity
	}
	principals := s.principals()
	if len(principals) == 0 {
		if s.NotPrincipal == nil && hasHole(s.Principal.Value()) {
			// Principals a template computes (CDK writes the account root
			// as Fn::Join): unknown, so nothing to warn about.
			return granteeOwner
		}
		return granteeNamed
	}
	owner := a.resourceOwner(s)
	restricted := mayTestKey(cat, s, restrictingKeys) || len(testsKey(cat, s, []string{"aws:PrincipalIsAWSService"})) > 0
	who := granteeOwner
	for _, p := range principals {
		this := granteeNamed
		switch acct := principalAccount(p.node.Text()); {
		case p.node.Text() == "*" && (p.typ == "*" || p.typ == "AWS"):
			this = granteeAnyone
			if restricted {
				this = granteeConditioned
			}
		case p.typ == "AWS" && isAccountRoot(p.node.Text()) && owner == "":
			this = granteeAccounts
		case p.typ == "AWS" && isAccountRoot(p.node.Text()) && acct == owner:
			this = granteeOwner
		case p.typ == "Service" && owner != "" && a.actsFor(cat, s, owner):
			this = granteeOwner
		}
		who = max(who, this)
	}
	return who
}

// isAccountRoot reports whether an AWS principal names a whole account: a
// 12-digit ID or arn:PARTITION:iam::ACCOUNT:root.
func isAccountRoot(p string) bool {
	if isAccountID(p) {
		return true
	}
	f, _, ok := splitARN(p)
	return ok && f.service == "iam" && f.region == "" && (isAccountID(f.account) || isVariable(f.account)) && f.resource == "root"
}

// hasHole reports whether a value is, or holds, a value computed by a host
// file (jsonsyntax.Hole).
func hasHole(v *jsonsyntax.Node) bool {
	if v == nil {
		return false
	}
	switch v.Kind() {
	case jsonsyntax.Hole:
		return true
	case jsonsyntax.Array:
		for _, c := range v.Children() {
			if hasHole(c) {
				return true
			}
		}
	case jsonsyntax.Object:
		for _, p := range v.Children() {
			if hasHole(p.Value()) {
				return true
			}
		}
	}
	return false
}

// isVariable reports whether a field is one variable a template fills in
// when it is deployed (${AWS.AccountId} from a CloudFormation Fn::Sub,
// ${var.account}): some account, not known here.
// hostValuesAsLiteral writes each value a host file fills in before
// deployment (Terraform's ${var.domain}, CloudFormation's ${Domain}: a
// name without a colon, unlike IAM's policy variables such as
// ${aws:username}) as one literal word: one identity, not many.
func hostValuesAsLiteral(s string) string {
	return hostValue.ReplaceAllString(s, "value")
}

var hostValue = regexp.MustCompile(`\$\{[A-Za-z0-9_.]+\}`)

func isVariable(s string) bool {
	return strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') == len(s)-1
}

// resourceOwner returns the account that owns what a resource-based
// statement guards: the configured account, else the one account of the
// statement's Resource ARNs, else the one account the document's ARNs
// name (a default key policy names only its own account), else "".
func (a *analyzer) resourceOwner(s *Statement) string {
	if a.opts.AccountID != "" {
		return a.opts.AccountID
	}
	owner := ""
	for _, r := range Strings(s.Resource) {
		if f, _, ok := splitARN(r.Text()); ok && isAccountID(f.account) {
			if owner != "" && owner != f.account {
				return ""
			}
			owner = f.account
		}
	}
	if owner != "" {
		return owner
	}
	found, _ := a.accountFor()
	return found
}

// actsFor reports whether the statement ties its service principals to
// account: aws:SourceAccount names it, or aws:SourceArn names an ARN of it.
func (a *analyzer) actsFor(cat *catalog.Catalog, s *Statement, account string) bool {
	for _, k := range testsKey(cat, s, confusedDeputyKeys) {
		for _, v := range conditionValues(k.Value()) {
			if v.Text() == account {
				return true
			}
			if f, _, ok := splitARN(v.Text()); ok && f.account == account {
				return true
			}
		}
	}
	return false
}

// perimeterKeys constrain the resource a request reaches. A resource-based
// policy has no use for them (it is attached to its resource); VPC endpoint
// policies and resource control policies test them, as AWS's data
// perimeter examples do.
var perimeterKeys = []string{"aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:ResourceAccount"}

// isPerimeterPolicy recognises a VPC endpoint policy (or an RCP) written as
// AWS's data perimeter guidance writes them: every principal is "*", and
// some statement limits the resources with aws:ResourceOrgID,
// aws:ResourceOrgPaths or aws:ResourceAccount. Such a policy only limits
// what passes through; it grants nothing by itself, so the security rules
// that judge grants do not apply.
func isPerimeterPolicy(cat *catalog.Catalog, p *Policy) bool {
	perimeter := false
	for _, s := range p.Statements {
		if s.Principal == nil {
			return false
		}
		for _, pr := range s.principals() {
			if pr.node.Text() != "*" || (pr.typ != "*" && pr.typ != "AWS") {
				return false
			}
		}
		perimeter = perimeter || mayTestKey(cat, s, perimeterKeys)
	}
	return perimeter
}
