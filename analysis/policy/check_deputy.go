package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// The confused deputy rules: a service principal that acts for many
// accounts must be tied to yours (TRUST007 in trust policies, PRN003 and
// PRN004 in resource policies), SES needs no grant on its own identities
// (SES011), and the keys that tie a service to an account are never in a
// direct call by an account, role or user (CND013).

// confusedDeputyKeys tell a service acting on a caller's behalf whose behalf
// it is; a service principal in an Allow statement should be tied to them.
var confusedDeputyKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"}

// deputyService says where a service's own documentation asks for
// aws:SourceAccount/aws:SourceArn on its service principal: in the trust
// policy of the roles it assumes, in the resource policies that let it in,
// or both.
type deputyService struct{ trust, resource bool }

// deputyServices are the service principals whose documentation asks for
// the confused deputy keys. Services not listed stay silent: Lambda, EC2,
// ECS tasks, Application Auto Scaling, EKS Pod Identity, S3 replication and
// many more publish unconditioned trust policies for their service roles.
// Names are lowercase; each entry cites the page that asks for the keys.
var deputyServices = map[string]deputyService{
	// https://docs.aws.amazon.com/pinpoint/latest/developerguide/permissions-ses.html
	"pinpoint.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html,
	// https://docs.aws.amazon.com/ses/latest/dg/event-publishing-add-event-destination-firehose.html
	"ses.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-cloud-watch-creating-role.html
	"sms-voice.amazonaws.com": {trust: true, resource: true},
	// Trust: the SMS role, which asks for sts:ExternalId instead (see
	// cognitoSMSPrincipal). Resource: Lambda triggers, invoked with the user
	// pool as aws:SourceArn:
	// https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
	"cognito-idp.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-email.html
	"email.cognito-idp.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html,
	// https://docs.aws.amazon.com/config/latest/developerguide/iamrole-permissions.html
	"config.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html
	"cloudtrail.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
	"delivery.logs.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions-confused-deputy.html
	"logs.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
	"sns.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
	"s3.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
	"logging.s3.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
	"cloudfront.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
	"apigateway.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html
	"guardduty.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/macie/latest/user/discovery-results-repository-s3.html
	"macie.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/systems-manager/latest/userguide/inventory-create-resource-data-sync.html
	"ssm.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/xray/latest/devguide/cross-service-confused-deputy-prevention.html
	"xray.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/directoryservice/latest/admin-guide/cross-service-confused-deputy-prevention.html
	"ds.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/cost-management/latest/userguide/cross-service-confused-deputy-prevention.html
	"budgets.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/appstream2/latest/developerguide/example-elastic-fleets.html
	"appstream.amazonaws.com": {resource: true},
	// https://docs.aws.amazon.com/personalize/latest/dg/cross-service-confused-deputy-prevention.html
	"personalize.amazonaws.com": {trust: true, resource: true},
	// https://docs.aws.amazon.com/iot/latest/developerguide/cross-service-confused-deputy-prevention.html
	"iot.amazonaws.com": {trust: true},
	// https://docs.aws.amazon.com/transfer/latest/userguide/confused-deputy.html
	"transfer.amazonaws.com": {trust: true},
	// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
	"vpc-flow-logs.amazonaws.com": {trust: true},
	// https://docs.aws.amazon.com/datasync/latest/userguide/cross-service-confused-deputy-prevention.html
	"datasync.amazonaws.com": {trust: true},
	// https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
	"scheduler.amazonaws.com": {trust: true},
	// https://docs.aws.amazon.com/bedrock/latest/userguide/cross-service-confused-deputy-prevention.html
	"bedrock.amazonaws.com": {trust: true},
}

// cognitoSMSPrincipal is the principal of a Cognito user pool's SMS role.
// Cognito sends the external ID of the pool's SMS configuration when it
// assumes the role, and the console's trust policy requires it:
// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SmsConfigurationType.html
const cognitoSMSPrincipal = "cognito-idp.amazonaws.com"

// exampleAccount is the account AWS's documentation writes for the
// reader's own; a fix inserts it when no account is known.
const exampleAccount = "111122223333"

// deputyOf returns what the list says about a service principal.
func deputyOf(name string) deputyService {
	return deputyServices[strings.ToLower(name)]
}

// checkConfusedDeputy (TRUST007): a listed service principal trusted
// without aws:SourceAccount or aws:SourceArn can be made to assume the role
// for another account's resources. When both are present they must name the
// same account.
func (a *analyzer) checkConfusedDeputy(cat *catalog.Catalog, s *Statement, services []*jsonsyntax.Node) {
	if len(services) == 0 {
		return
	}
	keys := testsKey(cat, s, confusedDeputyKeys)
	if len(keys) == 0 && !conditionComputed(s) {
		for _, v := range services {
			switch {
			case strings.EqualFold(v.Text(), cognitoSMSPrincipal):
				if !mayTestKey(cat, s, []string{"sts:ExternalId"}) {
					a.report(RuleConfusedDeputy, v.Start(), v.End(), "Amazon Cognito assumes a user pool's SMS role with the external ID of the pool's SMS configuration: require it with a condition on sts:ExternalId (or tie the role to your account with aws:SourceAccount), so another account's user pool cannot use this role (the confused deputy problem)")
				}
			case deputyOf(v.Text()).trust:
				a.report(RuleConfusedDeputy, v.Start(), v.End(), "restrict "+quote(v.Text())+" to your own resources with a condition on aws:SourceAccount (your account ID) or aws:SourceArn, as its documentation asks, so it cannot be used on another account's behalf (the confused deputy problem)")
				a.offerSourceAccount(s, onlyListedServices(s))
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

// onlyListedServices reports whether every principal of s is a service
// principal the list says to tie to an account in trust policies. The
// condition a fix adds applies to the whole statement: an account or role
// beside the service never carries aws:SourceAccount in its own call, and
// would lose the grant.
func onlyListedServices(s *Statement) bool {
	for _, p := range s.principals() {
		if p.typ != "Service" || !deputyOf(p.node.Text()).trust {
			return false
		}
	}
	return true
}

// checkServiceGrants runs the resource-policy confused deputy rules on one
// statement: SES011 on ses.amazonaws.com in an SES identity policy, then
// PRN004 when aws:Referer is all that ties a listed service to an account,
// else PRN003 when nothing does. Deny statements and kinds that only limit
// (they grant nothing) are left alone.
func (a *analyzer) checkServiceGrants(cat *catalog.Catalog, s *Statement) {
	if !effectIs(s, "Allow") {
		return
	}
	services := ofType(s.principals(), "Service")
	if len(services) == 0 {
		return
	}
	var listed []*jsonsyntax.Node
	for _, v := range services {
		switch {
		case appliesTo(RuleSESServiceDelegate, a.kind) && strings.EqualFold(v.Text(), "ses.amazonaws.com"):
			a.report(RuleSESServiceDelegate, v.Start(), v.End(), "SES sends for your identities without any grant; an SES identity policy authorises other senders (accounts, roles, or services such as Pinpoint or Cognito), so naming \"ses.amazonaws.com\" here grants nothing useful: remove it, or name the service that sends on your behalf")
		case deputyOf(v.Text()).resource && appliesTo(RuleServiceNoSource, a.kind):
			listed = append(listed, v)
		}
	}
	if len(listed) == 0 || mayTestKey(cat, s, confusedDeputyKeys) {
		return
	}
	if referer := testsKey(cat, s, []string{"aws:Referer"}); len(referer) > 0 {
		k := referer[0].Key()
		a.report(RuleRefererOnly, k.Start(), k.End(), "aws:Referer is all that ties "+quote(listed[0].Text())+" to your account, and AWS warns against using it to keep unauthorized parties out (callers can send any value); use aws:SourceAccount or aws:SourceArn instead")
		a.offerRefererReplacement(referer[0])
		a.offerSourceAccount(s, false)
		return
	}
	for _, v := range listed {
		a.report(RuleServiceNoSource, v.Start(), v.End(), quote(v.Text())+" acts for every AWS account; without a condition on aws:SourceAccount, aws:SourceArn or aws:SourceOrgID, another account can make it use this grant on your resource (the confused deputy problem)")
		a.offerSourceAccount(s, false)
	}
}

// offerRefererReplacement offers to rename an aws:Referer key whose values
// are all account IDs (the old SES receiving pattern) to aws:SourceAccount.
func (a *analyzer) offerRefererReplacement(key *jsonsyntax.Node) {
	values := conditionValues(key.Value())
	if len(values) == 0 {
		return
	}
	for _, v := range values {
		if !isAccountID(v.Text()) {
			return
		}
	}
	a.attach(Fix{Title: "Replace aws:Referer with aws:SourceAccount", Edits: []Edit{replaceString(key.Key(), "aws:SourceAccount")}})
}

// offerSourceAccount attaches the fix that adds aws:SourceAccount: the
// configured account (preferred where the rule allows it), else the one
// account the document's ARNs name, else AWS's example account, for the
// user to replace.
func (a *analyzer) offerSourceAccount(s *Statement, mayPrefer bool) {
	acct, configured := a.accountFor()
	title := "Add condition aws:SourceAccount = " + quote(acct)
	if acct == "" {
		acct = exampleAccount
		title = "Add condition aws:SourceAccount (then replace AWS's example account " + exampleAccount + " with yours)"
	}
	if e, ok := a.addSourceAccount(s, acct); ok {
		a.attach(Fix{Title: title, Preferred: mayPrefer && configured, Edits: []Edit{e}})
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

// checkDeadSourceKeys (CND013): aws:SourceAccount, aws:SourceArn,
// aws:SourceOrgID and aws:SourceOrgPaths are in a request only when a
// service principal makes it. In an Allow statement whose principals are
// all accounts, roles or users, a condition that requires one never
// matches. Conditions that also pass when the key is absent (negated
// operators, IfExists, ForAllValues:, Null) are not dead.
func (a *analyzer) checkDeadSourceKeys(cat *catalog.Catalog, s *Statement) {
	principals := s.principals()
	if !effectIs(s, "Allow") || len(principals) == 0 {
		return
	}
	for _, p := range principals {
		if p.typ != "AWS" || p.node.Text() == "*" {
			return
		}
	}
	cond := s.Condition.Value()
	if cond == nil || cond.Kind() != jsonsyntax.Object {
		return
	}
	for _, op := range cond.Children() {
		use, ok := cat.ParseOperator(op.Key().Text())
		if !ok || use.Base.Negated || use.Base.Family == catalog.FamilyNull || use.IfExists || use.Qualifier == catalog.ForAllValues || op.Value() == nil || op.Value().Kind() != jsonsyntax.Object {
			continue
		}
		for _, key := range op.Value().Children() {
			for _, k := range confusedDeputyKeys {
				if strings.EqualFold(key.Key().Text(), k) {
					kn := key.Key()
					a.report(RuleDeadSourceKey, kn.Start(), kn.End(), k+" is only in requests an AWS service makes as a service principal; this statement's principals are accounts, roles or users, whose own calls never carry it, so the statement never applies")
				}
			}
		}
	}
}

// appliesTo reports whether the registry lists kind k for the rule.
func appliesTo(rule string, k Kind) bool {
	kinds := ruleIndex[rule].Kinds
	if kinds == nil {
		return true
	}
	for _, kind := range kinds {
		if kind == k {
			return true
		}
	}
	return false
}
