package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/policy"
)

// element describes one policy element name for completion and hover: what
// it means, what its value looks like, and what the policy kinds say about
// it. The words are ours.
type element struct {
	Name string
	// About is one or two sentences on what the element means in any
	// policy.
	About string
	// Notes are what a kind adds, or "" when it adds nothing.
	Notes map[policy.Kind]string
	// Forbidden lists the kinds that do not accept the element.
	Forbidden []policy.Kind
}

// The element tables, in the order the documentation lists them.
var (
	policyElements = []element{
		{Name: "Version", About: "The policy language version. Write `2012-10-17`; the older `2008-10-17` does not substitute policy variables such as `${aws:username}`."},
		{Name: "Id", About: "An optional name for the policy. IAM ignores it; some services ask for a UUID here."},
		{Name: "Statement", About: "The statements of the policy: an array of objects (a single object is accepted too). Each one allows or denies some actions on some resources, for some principals, under some conditions."},
	}
	statementElements = []element{
		{Name: "Sid", About: "An optional label for the statement, unique within the policy.", Notes: map[policy.Kind]string{
			policy.KindIAMIdentity: "In an identity-based policy it may hold only letters and digits (`[A-Za-z0-9]`).",
		}},
		{Name: "Effect", About: "`Allow` or `Deny`, spelled exactly so. An explicit Deny wins over every Allow."},
		{Name: "Principal", About: "Who the statement applies to: AWS accounts and IAM roles or users (`AWS`), AWS services (`Service`), identity providers (`Federated`), or `\"*\"` for anyone.", Notes: map[policy.Kind]string{
			policy.KindSESIdentity: "In an SES identity policy: the delegate sender (its account ID, or an IAM user or role ARN) or the AWS service allowed to use this identity.",
			policy.KindTrust:       "In a trust policy: who may assume the role, for example `{\"Service\": \"pinpoint.amazonaws.com\"}` for Amazon Pinpoint's email sending role. `\"*\"` is not accepted.",
			policy.KindIAMIdentity: "An identity-based policy takes no Principal: it applies to the user, group or role it is attached to.",
			policy.KindSCP:         "A service control policy takes no Principal: it applies to every principal of the accounts it is attached to.",
		}, Forbidden: []policy.Kind{policy.KindIAMIdentity, policy.KindSCP}},
		{Name: "NotPrincipal", About: "Everyone except the listed principals. With `Allow` this grants access to the whole world but them; prefer `Principal` with conditions.", Notes: map[policy.Kind]string{
			policy.KindTrust: "Trust policies do not accept NotPrincipal.",
		}, Forbidden: []policy.Kind{policy.KindIAMIdentity, policy.KindTrust, policy.KindRCP, policy.KindSCP}},
		{Name: "Action", About: "The actions the statement covers, as `service:ActionName` (`ses:SendEmail`); `*` matches any run of characters and `?` one character. Names ignore case.", Notes: map[policy.Kind]string{
			policy.KindSESIdentity: "An SES identity policy accepts only the SES sending actions (`ses:SendEmail`, `ses:SendRawEmail`, `ses:SendTemplatedEmail`, `ses:SendBulkTemplatedEmail`) and the identity-management actions.",
			policy.KindTrust:       "A trust policy grants the actions that start a role session: `sts:AssumeRole` for AWS and service principals, `sts:AssumeRoleWithSAML` and `sts:AssumeRoleWithWebIdentity` for identity providers, plus `sts:TagSession`, `sts:SetSourceIdentity` and `sts:SetContext`.",
		}},
		{Name: "NotAction", About: "Every action except the listed ones. With `Allow` it also grants actions AWS adds later; list the actions you mean instead where you can.", Forbidden: []policy.Kind{policy.KindRCP}},
		{Name: "Resource", About: "The resources the statement covers, as ARNs (wildcards allowed) or `\"*\"` for actions without resource-level permissions.", Notes: map[policy.Kind]string{
			policy.KindSESIdentity: "In an SES identity policy: the ARN of the one identity the policy is attached to, `arn:aws:ses:REGION:ACCOUNT:identity/NAME`.",
			policy.KindTrust:       "Trust policies take no Resource: the resource is the role itself.",
			policy.KindIAMIdentity: "To send through SES, authorise the identity ARN and also the configuration-set and template ARNs the sends use.",
		}, Forbidden: []policy.Kind{policy.KindTrust}},
		{Name: "NotResource", About: "Every resource except the listed ones.", Notes: map[policy.Kind]string{
			policy.KindTrust: "Trust policies take no NotResource.",
		}, Forbidden: []policy.Kind{policy.KindTrust}},
		{Name: "Condition", About: "Further tests on the request, as `{\"Operator\": {\"key\": value}}`. Every operator and every key must match; a list of values matches when any value does."},
	}
	principalElements = []element{
		{Name: "AWS", About: "An AWS account (its 12-digit ID, or `arn:aws:iam::ACCOUNT:root`) or an IAM role, user or assumed-role session ARN."},
		{Name: "Service", About: "An AWS service, by its service principal name, such as `pinpoint.amazonaws.com` or `ses.amazonaws.com`."},
		{Name: "Federated", About: "An identity provider: a SAML or OIDC provider ARN, or a web identity domain such as `cognito-identity.amazonaws.com` or `accounts.google.com`."},
		{Name: "CanonicalUser", About: "An Amazon S3 canonical user ID; only S3 policies use it.", Forbidden: []policy.Kind{policy.KindSESIdentity, policy.KindTrust, policy.KindIAMIdentity}},
	}
)

// findElement returns the element named name (any case) in list.
func findElement(list []element, name string) (element, bool) {
	for _, e := range list {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return element{}, false
}

// forbiddenIn reports whether the kind does not accept the element.
func (e element) forbiddenIn(kind policy.Kind) bool {
	for _, k := range e.Forbidden {
		if k == kind {
			return true
		}
	}
	return false
}

// doc returns the element's documentation in Markdown for a policy kind.
func (e element) doc(kind policy.Kind) string {
	if note := e.Notes[kind]; note != "" {
		return e.About + "\n\n" + note
	}
	return e.About
}

// kindTitle names a policy kind in prose.
func kindTitle(k policy.Kind) string {
	switch k {
	case policy.KindSESIdentity:
		return "SES identity (sending authorization) policy"
	case policy.KindIAMIdentity:
		return "identity-based (IAM permission) policy"
	case policy.KindTrust:
		return "role trust policy"
	case policy.KindRCP:
		return "resource control policy"
	case policy.KindSCP:
		return "service control policy"
	}
	return "policy"
}
