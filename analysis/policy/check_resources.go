package policy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// arnFields are the six fields of an ARN: arn:partition:service:region:account:resource.
type arnFields struct {
	partition, service, region, account, resource string
}

// splitARN splits a Resource value into its fields. ok is false when the
// value is not shaped like an ARN (no "arn:" prefix or fewer than six fields);
// n is the number of colon-separated fields found.
func splitARN(s string) (f arnFields, n int, ok bool) {
	var parts [6]string
	rest := s
	for n < 5 {
		head, tail, found := strings.Cut(rest, ":")
		parts[n], n = head, n+1
		if !found {
			return f, n, false
		}
		rest = tail
	}
	parts[5], n = rest, 6
	if parts[0] != "arn" {
		return f, n, false
	}
	return arnFields{parts[1], parts[2], parts[3], parts[4], parts[5]}, n, true
}

// isPattern reports whether an ARN field holds a wildcard or a policy
// variable, so its value cannot be checked literally.
func isPattern(s string) bool {
	return catalog.HasWildcard(s) || strings.Contains(s, "${")
}

// Placeholders that AWS's documentation writes in ARNs and condition values
// for the reader to replace. Matched without regard to case.
var (
	partitionPlaceholders = []string{"partition", "<partition>", "${partition}", "aws-partition", "partition-name"}
	regionPlaceholders    = []string{"region", "<region>", "${region}", "region-code", "aws-region", "your-region"}
	accountPlaceholders   = []string{"accountid", "account-id", "account_id", "<account-id>", "<accountid>", "${account}", "${accountid}", "your-account-id", "aws-account-id", "account"}
)

func isPlaceholder(s string, list []string) bool {
	for _, p := range list {
		if strings.EqualFold(s, p) {
			return true
		}
	}
	return false
}

// placeholderShape finds the shapes documentation, READMEs and generated
// examples use for "fill this in": <account-id>, __ACCOUNT_ID__, and words
// starting with YOUR_, YOUR-, your- or Your (YOUR_IDENTITY_POOL_ID,
// your-org, YourBucket). Policy variables (${aws:username}) and template
// expressions ({{org_id}}, ${var.account}) are filled in by IAM or by the
// tool that renders the file, so they are not placeholders here.
var placeholderShape = regexp.MustCompile(`<[A-Za-z][A-Za-z0-9 _.-]*>|__[A-Z][A-Z0-9_]*__|(?:^|[^A-Za-z0-9${])((?i:your)[-_][A-Za-z0-9][A-Za-z0-9_-]*|(?:YOUR|Your)[A-Z][A-Za-z0-9_-]*)`)

// placeholderIn returns the first placeholder-shaped part of s, or "".
func placeholderIn(s string) string {
	// Most values hold none of the shapes' markers; skip the regexp
	// (it runs on every ARN and condition value, on every keystroke).
	if strings.IndexByte(s, '<') < 0 && !strings.Contains(s, "__") && !containsFold(s, "your") {
		return ""
	}
	m := placeholderShape.FindStringSubmatch(s)
	switch {
	case m == nil:
		return ""
	case m[1] != "":
		return m[1]
	}
	return m[0]
}

// isPlaceholderField reports whether a whole value (an ARN field, an
// account) is placeholder-shaped.
func isPlaceholderField(s string) bool {
	return s != "" && placeholderIn(s) == s
}

func isPartitionPlaceholder(s string) bool {
	return isPlaceholder(s, partitionPlaceholders) || isPlaceholderField(s)
}

func isRegionPlaceholder(s string) bool {
	return isPlaceholder(s, regionPlaceholders) || isPlaceholderField(s)
}

// isAccountPlaceholder recognises an account ID left to fill in: the
// documentation's words (accountId, account-id...) and any word about an
// account in placeholder style (YOUR-AWS-ACCOUNT-ID, <AWS_ACCOUNT_ID>,
// __ACCOUNT_ID__, ACCOUNT_ID). Digits never are: 111122223333 is a valid
// account, even if AWS's documentation uses it.
func isAccountPlaceholder(s string) bool {
	if isPlaceholder(s, accountPlaceholders) {
		return true
	}
	return s != "" && strings.Trim(s, "<>_-"+upperLower+digits) == "" && containsFold(s, "account") && !isAccountID(s)
}

// isOrgPlaceholder recognises an organization ID left to fill in:
// <my-org-id>, my-org-id, ORG_ID, principal-org-id (the words AWS's
// examples print). A real ID (o-a1b2c3d4e5) is o- and random characters.
func isOrgPlaceholder(s string) bool {
	return isPlaceholderField(s) || (s != "" && strings.Trim(s, "<>_-"+upperLower) == "" && containsFold(s, "org"))
}

const (
	upperLower = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	digits     = "0123456789"
)

// containsFold is strings.Contains ignoring ASCII case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// apiGatewayShorthand starts the short resource names of API Gateway
// resource policies ("execute-api:/stage/GET/pets", "execute-api:/*"),
// which API Gateway expands to the API's ARN when the policy is saved:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html
const apiGatewayShorthand = "execute-api:/"

// checkResources checks every Resource and NotResource entry: placeholders
// left from the documentation, the ARN grammar field by field, region and
// account against what the resource type requires, and whether the ARN
// names any resource type of its service.
func (a *analyzer) checkResources(s *Statement) {
	cat := catalog.Default()
	for _, el := range []*Element{s.Resource, s.NotResource} {
		for _, entry := range Strings(el) {
			if entry.Closed() && entry.Text() != "*" && !strings.HasPrefix(entry.Text(), apiGatewayShorthand) {
				a.checkARN(cat, entry, s)
			}
		}
	}
	a.checkActionResourceFit(cat, s)
	a.checkConditionPlaceholders(s)
}

// checkConditionPlaceholders warns about condition values that are still the
// documentation's placeholders, such as "aws:SourceAccount": "accountId" in
// the Pinpoint trust policy as AWS prints it, "<my-org-id>" for
// aws:PrincipalOrgID, or "repo:<org>/<repo>:*" for a GitHub subject.
func (a *analyzer) checkConditionPlaceholders(s *Statement) {
	cond := s.Condition.Value()
	if cond == nil || cond.Kind() != jsonsyntax.Object {
		return
	}
	for _, op := range cond.Children() {
		if op.Value() == nil || op.Value().Kind() != jsonsyntax.Object {
			continue
		}
		for _, key := range op.Value().Children() {
			eachString(key.Value(), func(v *jsonsyntax.Node) {
				if v.Closed() {
					a.checkValuePlaceholder(key.Key().Text(), v)
				}
			})
		}
	}
}

// orgIDKeys hold an AWS Organizations ID (o-...).
var orgIDKeys = []string{"aws:PrincipalOrgID", "aws:ResourceOrgID", "aws:SourceOrgID"}

// checkValuePlaceholder reports one condition value left to fill in.
func (a *analyzer) checkValuePlaceholder(key string, v *jsonsyntax.Node) {
	text := v.Text()
	if f, _, ok := splitARN(text); ok {
		a.reportPlaceholders(v, f)
		return
	}
	switch {
	case isAccountPlaceholder(text):
		if acct := a.opts.AccountID; acct != "" {
			a.report(RulePlaceholder, v.Start(), v.End(), quote(text)+" is a placeholder from AWS's documentation: replace it with your 12-digit AWS account ID")
			a.attach(Fix{Title: "Fill in " + quote(acct), Edits: []Edit{replaceString(v, acct)}})
		} else {
			a.report(RulePlaceholder, v.Start(), v.End(), quote(text)+" is a placeholder from AWS's documentation: replace it with your 12-digit AWS account ID (set policyls.accountId to get a quick fix that fills it in)")
		}
	case slices.ContainsFunc(orgIDKeys, func(k string) bool { return strings.EqualFold(k, key) }) && isOrgPlaceholder(text):
		a.report(RulePlaceholder, v.Start(), v.End(), quote(text)+" is a placeholder: replace it with your organization's ID (o- and 10 to 32 letters or digits, shown in the AWS Organizations console)")
	default:
		if p := placeholderIn(text); p != "" {
			a.report(RulePlaceholder, v.Start(), v.End(), quote(text)+" still holds the placeholder "+quote(p)+": replace it with the real value, or the condition never matches")
		}
	}
}

func (a *analyzer) checkARN(cat *catalog.Catalog, entry *jsonsyntax.Node, s *Statement) {
	arn := entry.Text()
	f, n, ok := splitARN(arn)
	if !ok {
		switch {
		case !strings.HasPrefix(arn, "arn:") && strings.HasPrefix(strings.ToLower(arn), "arn:"):
			a.report(RuleARNSyntax, entry.Start(), entry.End(), "ARN "+quote(arn)+` must start with lowercase "arn:"`)
		case !strings.HasPrefix(arn, "arn:"):
			a.report(RuleARNSyntax, entry.Start(), entry.End(), "resource "+quote(arn)+` must be an ARN (arn:partition:service:region:account:resource) or "*"`)
		default:
			a.report(RuleARNSyntax, entry.Start(), entry.End(), "ARN "+quote(arn)+" has "+strconv.Itoa(n)+" of its 6 colon-separated fields (arn:partition:service:region:account:resource)")
		}
		return
	}
	if a.reportPlaceholders(entry, f) {
		return
	}
	var partition *catalog.Partition
	if !isPattern(f.partition) {
		p, known := cat.Partition(f.partition)
		if !known {
			a.report(RuleARNSyntax, entry.Start(), entry.End(), "unknown partition "+quote(f.partition)+" in ARN "+quote(arn)+`: use "aws", "aws-cn", "aws-us-gov" or another AWS partition`)
			return
		}
		partition = p
	}
	if isPattern(f.service) {
		a.report(RuleARNSyntax, entry.Start(), entry.End(), "ARN "+quote(arn)+" has a wildcard or variable in its service field; name the service")
		return
	}
	svc, known := cat.Service(f.service)
	if !known {
		msg := "unknown service " + quote(f.service) + " in ARN " + quote(arn)
		if sug := a.suggest(func() []string { return cat.SuggestServices(f.service, 1) }); len(sug) > 0 {
			msg += ": did you mean " + quote(sug[0]) + "?"
		}
		a.report(RuleARNSyntax, entry.Start(), entry.End(), msg)
		return
	}
	if f.service != svc.Prefix {
		a.report(RuleARNSyntax, entry.Start(), entry.End(), "the service field of ARN "+quote(arn)+" is written "+quote(f.service)+"; ARNs use the lowercase prefix "+quote(svc.Prefix))
		return
	}
	if f.region != "" && !isPattern(f.region) && partition != nil && !partition.RegionLooksValid(f.region) {
		msg := quote(f.region) + " is not a region of the " + partition.ID + " partition in ARN " + quote(arn)
		if other, ok := cat.PartitionOfRegion(f.region); ok {
			msg += " (it belongs to " + other.ID + ")"
		}
		a.report(RuleARNSyntax, entry.Start(), entry.End(), msg)
		return
	}
	if f.account != "" && !isPattern(f.account) && f.account != "aws" && !isAccountID(f.account) {
		a.report(RuleARNSyntax, entry.Start(), entry.End(), "account "+quote(f.account)+" in ARN "+quote(arn)+" must be a 12-digit AWS account ID")
		return
	}
	a.checkARNAgainstTypes(cat, svc, entry, f, s)
}

// checkARNAgainstTypes finds the service's resource types the ARN could be,
// first ignoring region and account, then checks those two fields against
// what the types' ARN formats require.
func (a *analyzer) checkARNAgainstTypes(cat *catalog.Catalog, svc *catalog.Service, entry *jsonsyntax.Node, f arnFields, s *Statement) {
	loose := "arn:" + f.partition + ":" + f.service + ":*:*:" + f.resource
	types := svc.ResourceTypesForARN(loose)
	if len(types) == 0 {
		if awsOwnedWithoutType(f) {
			return
		}
		examples := exampleResources(cat, svc, s)
		msg := "ARN " + quote(entry.Text()) + " matches no " + svc.Name + " resource type"
		if len(examples) > 0 {
			msg += "; its resources look like " + strings.Join(examples, ", ")
		}
		a.report(RuleARNNoType, entry.Start(), entry.End(), msg)
		return
	}
	// Region and account are only wrong when every candidate type agrees.
	regionBad, accountBad := "", ""
	for i, rt := range types {
		format := rt.ARNFormats[0]
		ff, _, _ := splitARN(format)
		r, acc := fieldRule(ff.region, f.region), fieldRule(ff.account, f.account)
		if i == 0 {
			regionBad, accountBad = r, acc
			continue
		}
		if r != regionBad {
			regionBad = ""
		}
		if acc != accountBad {
			accountBad = ""
		}
	}
	name := types[0].Name
	switch {
	case regionBad == "forbidden":
		a.report(RuleARNFields, entry.Start(), entry.End(), svc.Name+" "+name+" ARNs have no region: remove "+quote(f.region)+" (write "+quote("arn:"+f.partition+":"+f.service+"::"+f.account+":"+f.resource)+")")
	case regionBad == "required":
		a.report(RuleARNFields, entry.Start(), entry.End(), svc.Name+" "+name+" ARNs need a region between the service and the account, e.g. us-east-1 (or * for every region)")
	case accountBad == "forbidden":
		a.report(RuleARNFields, entry.Start(), entry.End(), svc.Name+" "+name+" ARNs have no account: remove "+quote(f.account))
	case accountBad == "required" && !awsOwned(svc.Prefix, types):
		a.report(RuleARNFields, entry.Start(), entry.End(), svc.Name+" "+name+" ARNs need the 12-digit account ID (or * for every account)")
	}
}

// awsOwnedTypes are resource types of which AWS publishes its own copies in
// every account, with an empty account field (or the account "aws"):
// AWS-owned SSM documents (arn:aws:ssm:*::document/AWS-RunShellScript),
// public parameters (arn:aws:ssm:*::parameter/aws/service/...) and
// AWS-owned automation runbooks. CHECKS.md, "Facts that override".
var awsOwnedTypes = map[string][]string{
	"ssm": {"document", "parameter", "automation-definition"},
}

// awsOwned reports whether every candidate type is one AWS owns copies of,
// so an empty account is AWS's and not a field left out.
func awsOwned(prefix string, types []*catalog.ResourceType) bool {
	for _, rt := range types {
		if !slices.Contains(awsOwnedTypes[prefix], rt.Name) {
			return false
		}
	}
	return len(types) > 0
}

// awsOwnedWithoutType reports AWS-owned resources that the Service
// Authorization Reference lists no resource type for: CloudFormation
// macros AWS hosts (arn:aws:cloudformation:us-east-1:aws:transform/
// Serverless-2016-10-31), which CreateChangeSet checks when a template
// uses a transform. CHECKS.md, "Facts that override".
func awsOwnedWithoutType(f arnFields) bool {
	return f.service == "cloudformation" && f.account == "aws" && strings.HasPrefix(f.resource, "transform/")
}

// isServiceWildcard reports whether arn names every resource of the
// service prefix: a fixed service, region and account empty or "*", and a
// resource of only "*" and "/" (arn:aws:s3:::*, arn:aws:logs:*:*:*).
// An action that takes no resource type is evaluated against "*", and
// such an ARN is how AWS's own examples write it for one service
// (s3:ListAllMyBuckets on arn:aws:s3:::*, IAM User Guide).
func isServiceWildcard(arn, prefix string) bool {
	f, _, ok := splitARN(arn)
	if !ok || !strings.EqualFold(f.service, prefix) || f.resource == "" {
		return false
	}
	if (f.region != "" && f.region != "*") || (f.account != "" && f.account != "*") {
		return false
	}
	return strings.Trim(f.resource, "*/") == "" && strings.Contains(f.resource, "*")
}

// exampleResources lists up to three resource formats of svc to show after
// an ARN that fits none: those the statement's own actions act on first,
// else the service's first types.
func exampleResources(cat *catalog.Catalog, svc *catalog.Service, s *Statement) []string {
	var out []string
	add := func(rt *catalog.ResourceType) {
		if len(out) < 3 && len(rt.ARNFormats) > 0 && !slices.Contains(out, resourcePart(rt.ARNFormats[0])) {
			out = append(out, resourcePart(rt.ARNFormats[0]))
		}
	}
	for _, entry := range Strings(s.Action) {
		if act, ok := cat.Action(entry.Text()); ok && act.Service() == svc {
			for _, ref := range act.Resources {
				add(ref.Type)
			}
		}
	}
	if len(out) == 0 {
		for _, rt := range svc.ResourceTypes() {
			add(rt)
		}
	}
	return out
}

// fieldRule compares an ARN field with the format's: "forbidden" when the
// format has none but the ARN does, "required" when the format has one but
// the ARN's is empty, "" when they agree. A wildcard fits either.
func fieldRule(format, value string) string {
	switch {
	case value == "*" || value == "":
		if format != "" && value == "" {
			return "required"
		}
		return ""
	case format == "":
		return "forbidden"
	}
	return ""
}

// resourcePart returns the resource field of an ARN format, e.g.
// "identity/${IdentityName}".
func resourcePart(format string) string {
	if f, _, ok := splitARN(format); ok {
		return f.resource
	}
	return format
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// reportPlaceholders warns about fields that still hold the documentation's
// placeholder words, and reports whether it found any (the ARN's other checks
// are then skipped: "region" is not a region, but the real problem is that it
// was never filled in).
func (a *analyzer) reportPlaceholders(entry *jsonsyntax.Node, f arnFields) bool {
	what := placeholderAdvice(f, "your 12-digit AWS account ID")
	if len(what) == 0 {
		return a.reportNamePlaceholder(entry, f)
	}
	msg := "ARN " + quote(entry.Text()) + " still holds placeholders from AWS's documentation: replace " + strings.Join(what, "; replace ")
	filled, ok := a.fillPlaceholders(f)
	if !ok {
		msg += " (set policyls.partition, policyls.region and policyls.accountId to get a quick fix that fills them in)"
	}
	a.report(RulePlaceholder, entry.Start(), entry.End(), msg)
	if ok {
		arn := "arn:" + filled.partition + ":" + filled.service + ":" + filled.region + ":" + filled.account + ":" + filled.resource
		a.attach(Fix{Title: "Fill in " + quote(arn), Edits: []Edit{replaceString(entry, arn)}})
	}
	return true
}

// reportNamePlaceholder reports a placeholder in the resource part of an
// ARN (role/<role-name>, identity/YOUR_DOMAIN), which no setting can fill.
func (a *analyzer) reportNamePlaceholder(v *jsonsyntax.Node, f arnFields) bool {
	p := placeholderIn(f.resource)
	if p == "" {
		return false
	}
	a.report(RulePlaceholder, v.Start(), v.End(), "ARN "+quote(v.Text())+" still holds the placeholder "+quote(p)+": replace it with the real name")
	return true
}

// placeholderAdvice says, for each documentation placeholder in the ARN's
// fields, what to put there ("\"region\" with your region, e.g. ...").
func placeholderAdvice(f arnFields, account string) []string {
	var what []string
	if isPartitionPlaceholder(f.partition) {
		what = append(what, quote(f.partition)+` with your partition ("aws" for standard regions, "aws-cn" in China, "aws-us-gov" in GovCloud)`)
	}
	if isRegionPlaceholder(f.region) {
		what = append(what, quote(f.region)+" with your region, e.g. us-east-1")
	}
	if isAccountPlaceholder(f.account) || isPlaceholderField(f.account) {
		what = append(what, quote(f.account)+" with "+account)
	}
	return what
}

// fillPlaceholders replaces the placeholder fields of an ARN with the
// configured values; ok is false when a placeholder has no configured value.
func (a *analyzer) fillPlaceholders(f arnFields) (arnFields, bool) {
	fill := func(field *string, placeholder func(string) bool, value string) bool {
		if !placeholder(*field) {
			return true
		}
		if value == "" {
			return false
		}
		*field = value
		return true
	}
	ok := fill(&f.partition, isPartitionPlaceholder, a.opts.Partition)
	ok = fill(&f.region, isRegionPlaceholder, a.opts.Region) && ok
	ok = fill(&f.account, func(s string) bool { return isAccountPlaceholder(s) || isPlaceholderField(s) }, a.opts.AccountID) && ok
	return f, ok
}

// checkActionResourceFit: each action of the statement must be able to act
// on at least one of its resources. An action without resource-level
// permissions is only granted with "Resource": "*".
func (a *analyzer) checkActionResourceFit(cat *catalog.Catalog, s *Statement) {
	resources := Strings(s.Resource)
	if len(resources) == 0 {
		return
	}
	for _, r := range resources {
		if !r.Closed() || r.Text() == "*" || strings.HasPrefix(r.Text(), apiGatewayShorthand) {
			return // "*" fits every action; an unclosed value is unreliable; the shorthand is an execute-api ARN
		}
		if a.hasFinding(r) {
			return // the resource itself is wrong; fix that first
		}
	}
	for _, entry := range Strings(s.Action) {
		if !entry.Closed() || a.hasError(entry) {
			continue
		}
		if catalog.HasWildcard(entry.Text()) {
			a.checkPatternResourceFit(cat, entry, resources)
			continue
		}
		act, ok := cat.Action(entry.Text())
		if !ok {
			continue
		}
		if !act.ResourceLevel() {
			if anyServiceWildcard(resources, act.Service().Prefix) {
				continue
			}
			a.report(RuleActionResource, entry.Start(), entry.End(), quote(act.FullName())+" does not support resource-level permissions, so it is only granted with \"Resource\": \"*\"; move it to a statement with \"Resource\": \"*\"")
			continue
		}
		fits := false
		for _, r := range resources {
			if a.actionFits(act, r.Text()) {
				fits = true
				break
			}
		}
		if !fits {
			var names []string
			for _, ref := range act.Resources {
				names = append(names, ref.Type.Name)
			}
			a.report(RuleActionResource, entry.Start(), entry.End(), quote(act.FullName())+" acts on "+strings.Join(names, ", ")+" resources, and none of this statement's resources is one, so it grants nothing here")
		}
	}
}

// anyServiceWildcard reports whether one of the resources names every
// resource of the service.
func anyServiceWildcard(resources []*jsonsyntax.Node, prefix string) bool {
	for _, r := range resources {
		if isServiceWildcard(r.Text(), prefix) {
			return true
		}
	}
	return false
}

// checkPatternResourceFit: a wildcard action of one service ("es:*",
// "s3:Get*") grants nothing when none of the actions it covers can act on
// any of the statement's resources (es:* on a Lambda function ARN). The
// service's resource types answer first; the covered actions are asked
// only when some type fits. Patterns over several services are not judged.
func (a *analyzer) checkPatternResourceFit(cat *catalog.Catalog, entry *jsonsyntax.Node, resources []*jsonsyntax.Node) {
	prefix, name, ok := strings.Cut(entry.Text(), ":")
	if !ok || catalog.HasWildcard(prefix) || a.hasFinding(entry) {
		return
	}
	svc, ok := cat.Service(prefix)
	if !ok {
		return
	}
	for _, r := range resources {
		if isServiceWildcard(r.Text(), svc.Prefix) {
			return
		}
		if len(svc.ResourceTypesForARN(r.Text())) == 0 {
			continue
		}
		if strings.Trim(name, "*") == "" {
			return // every action of the service, and one of its types fits
		}
		for act := range cat.ActionsMatching(entry.Text()) {
			if a.actionFits(act, r.Text()) {
				return
			}
		}
	}
	covered := cat.MatchActions(entry.Text())
	if len(covered) == 0 {
		return // no such action: ACT rules report it
	}
	a.report(RuleActionResource, entry.Start(), entry.End(), quote(entry.Text())+" covers "+strconv.Itoa(len(covered))+" "+svc.Name+" actions, and none of them acts on this statement's resources, so it grants nothing here")
}

// actionFits reports whether the action can act on a resource named by arn
// (the catalogue remembers the answer).
func (a *analyzer) actionFits(act *catalog.Action, arn string) bool {
	if len(act.ResourcesForARN(arn)) > 0 {
		return true
	}
	// An AWS-owned resource has an empty account (or "aws") where the
	// type's format has one: match it as any account.
	f, _, ok := splitARN(arn)
	if !ok || (f.account != "" && f.account != "aws") || !strings.EqualFold(f.service, act.Service().Prefix) {
		return false
	}
	if awsOwnedWithoutType(f) {
		return act.FullName() == "cloudformation:CreateChangeSet"
	}
	for _, ref := range act.ResourcesForARN("arn:" + f.partition + ":" + f.service + ":" + f.region + ":*:" + f.resource) {
		if slices.Contains(awsOwnedTypes[f.service], ref.Type.Name) {
			return true
		}
	}
	return false
}
