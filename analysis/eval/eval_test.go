package eval

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// AWS's pages that the cases below follow.
const (
	docLogic       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
	docOperators   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
	docSets        = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
	docVariables   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"
	docPrincipal   = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"
	docAction      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
	docResource    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"
	docSetExamples = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html"
	docSES         = "https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-policy-examples.html"
)

type evalCase struct {
	name   string
	doc    string // the AWS page the expectation comes from
	policy string
	req    Request
	ctx    [][2]string // context key/value pairs, added in order
	want   Decision
}

func ctxOf(pairs [][2]string) Context {
	var c Context
	for _, kv := range pairs {
		if kv[1] == "\x00empty" {
			c.SetEmpty(kv[0])
			continue
		}
		c.Add(kv[0], kv[1])
	}
	return c
}

func evaluate(t *testing.T, src string, kind policy.Kind, req Request) Result {
	t.Helper()
	r := policy.Analyze([]byte(src), policy.Options{Kind: kind})
	if r.Policy == nil {
		t.Fatalf("not a policy: %s", src)
	}
	return Evaluate(r.Policy, r.Kind, req)
}

func runCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := c.req
			req.Context = ctxOf(c.ctx)
			got := evaluate(t, c.policy, "", req)
			if got.Decision != c.want {
				t.Errorf("decision %s, want %s (per %s)\nstatements: %+v", got.Decision, c.want, c.doc, got.Statements)
			}
		})
	}
}

// withCondition builds an identity policy allowing s3:GetObject on any
// resource under one condition block.
func withCondition(cond string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":` + cond + `}]}`
}

var get = Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"}

func TestDenyWinsThenAllowElseImplicitDeny(t *testing.T) {
	both := `{"Version":"2012-10-17","Statement":[
	  {"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},
	  {"Sid":"D","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}`
	runCases(t, []evalCase{
		{"explicit deny overrides allow", docLogic, both, get, nil, Deny},
		{"allow", docLogic, both, Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::b/k"}, nil, Allow},
		{"implicit deny", docLogic, both, Request{Action: "ec2:RunInstances", Resource: "*"}, nil, ImplicitDeny},
		{"empty policy denies", docLogic, `{"Version":"2012-10-17","Statement":[]}`, get, nil, ImplicitDeny},
	})
}

func TestDecidingStatementsAndClosest(t *testing.T) {
	src := `{"Version":"2012-10-17","Statement":[
  {"Sid":"Other","Effect":"Allow","Action":"ec2:*","Resource":"*"},
  {"Sid":"AllowMarketing","Effect":"Allow","Action":"ses:SendEmail","Resource":"*",
   "Condition":{"StringEquals":{"ses:FromAddress":"marketing@example.com"}}}]}`
	req := Request{Action: "ses:SendEmail", Resource: "*"}
	req.Context.Add("ses:FromAddress", "marketing@example.com")
	got := evaluate(t, src, "", req)
	if got.Decision != Allow || len(got.Deciding) != 1 || got.Statements[got.Deciding[0]].Sid != "AllowMarketing" {
		t.Fatalf("got %+v", got)
	}
	st := got.Statements[1]
	if st.Reason != "condition ses:FromAddress StringEquals matched" {
		t.Errorf("reason %q", st.Reason)
	}
	if !strings.HasPrefix(src[st.Start:st.End], `{"Sid":"AllowMarketing"`) {
		t.Errorf("range %d-%d is %q", st.Start, st.End, src[st.Start:st.End])
	}

	req.Context = Context{}
	req.Context.Add("ses:FromAddress", "ceo@example.com")
	got = evaluate(t, src, "", req)
	if got.Decision != ImplicitDeny || got.Closest != 1 {
		t.Fatalf("got %+v", got)
	}
	if r := got.Statements[1].Reason; !strings.Contains(r, "condition ses:FromAddress StringEquals failed") || !strings.Contains(r, `"ceo@example.com"`) {
		t.Errorf("closest reason %q", r)
	}
}

func TestActions(t *testing.T) {
	p := func(el string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` + el + `,"Resource":"*"}]}`
	}
	runCases(t, []evalCase{
		{"action names are case-insensitive", docAction, p(`"Action":"S3:getobject"`), get, nil, Allow},
		{"* wildcard", docAction, p(`"Action":"s3:Get*"`), get, nil, Allow},
		{"? wildcard matches one character", docAction, p(`"Action":"s3:GetObjec?"`), get, nil, Allow},
		{"? needs exactly one", docAction, p(`"Action":"s3:GetObjectt?"`), get, nil, ImplicitDeny},
		{"other service", docAction, p(`"Action":"ec2:*"`), get, nil, ImplicitDeny},
		{"NotAction matches every other action", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html", p(`"NotAction":"iam:*"`), get, nil, Allow},
		{"NotAction excludes listed actions", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html", p(`"NotAction":["s3:Get*"]`), get, nil, ImplicitDeny},
	})
}

func TestResources(t *testing.T) {
	p := func(el string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",` + el + `}]}`
	}
	runCases(t, []evalCase{
		{"exact ARN", docResource, p(`"Resource":"arn:aws:s3:::bucket/key"`), get, nil, Allow},
		{"resource part is case-sensitive", docResource, p(`"Resource":"arn:aws:s3:::Bucket/key"`), get, nil, ImplicitDeny},
		{"wildcard in the resource part spans slashes", docResource, p(`"Resource":"arn:aws:s3:::bucket/*"`), get, nil, Allow},
		{"wildcard in a field stays in the field", docResource, p(`"Resource":"arn:aws:ses:*:111122223333:identity/*"`),
			Request{Action: "s3:GetObject", Resource: "arn:aws:ses:us-east-1:111122223333:identity/example.com"}, nil, Allow},
		{"account field compared", docResource, p(`"Resource":"arn:aws:ses:*:444455556666:identity/*"`),
			Request{Action: "s3:GetObject", Resource: "arn:aws:ses:us-east-1:111122223333:identity/example.com"}, nil, ImplicitDeny},
		{"NotResource excludes", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html", p(`"NotResource":"arn:aws:s3:::bucket/*"`), get, nil, ImplicitDeny},
		{"NotResource matches others", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html", p(`"NotResource":"arn:aws:s3:::other/*"`), get, nil, Allow},
	})
	// ARN fields: a '*' in the region must not reach across a colon.
	if matchARN(appendText(nil, "arn:aws:ses:*:*:identity/*", true), "arn:aws:ses:us-east-1:111:222:identity/x") {
		t.Error("a '*' field reached across a colon")
	}
}

func TestPrincipals(t *testing.T) {
	p := func(principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"s3:GetObject","Resource":"*"}]}`
	}
	as := func(caller string) Request {
		c := ParsePrincipal(caller)
		return Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Principal: &c}
	}
	const role = "arn:aws:iam::111122223333:role/Admin"
	runCases(t, []evalCase{
		{"account ID covers its users", docPrincipal, p(`{"AWS":"111122223333"}`), as("arn:aws:iam::111122223333:user/alice"), nil, Allow},
		{"account ID equals its root ARN", docPrincipal, p(`{"AWS":"arn:aws:iam::111122223333:root"}`), as("111122223333"), nil, Allow},
		{"root ARN covers a role session", docPrincipal, p(`{"AWS":"arn:aws:iam::111122223333:root"}`), as("arn:aws:sts::111122223333:assumed-role/Admin/s1"), nil, Allow},
		{"other account", docPrincipal, p(`{"AWS":"444455556666"}`), as("arn:aws:iam::111122223333:user/alice"), nil, ImplicitDeny},
		{"role ARN covers its sessions", docPrincipal, p(`{"AWS":"` + role + `"}`), as("arn:aws:sts::111122223333:assumed-role/Admin/s1"), nil, Allow},
		{"role with a path covers sessions", docPrincipal, p(`{"AWS":"arn:aws:iam::111122223333:role/ops/Admin"}`), as("arn:aws:sts::111122223333:assumed-role/Admin/s1"), nil, Allow},
		{"session ARN names one session", docPrincipal, p(`{"AWS":"arn:aws:sts::111122223333:assumed-role/Admin/s1"}`), as("arn:aws:sts::111122223333:assumed-role/Admin/s2"), nil, ImplicitDeny},
		{"other role", docPrincipal, p(`{"AWS":"` + role + `"}`), as("arn:aws:iam::111122223333:role/Reader"), nil, ImplicitDeny},
		{"user ARN", docPrincipal, p(`{"AWS":["arn:aws:iam::111122223333:user/alice"]}`), as("arn:aws:iam::111122223333:user/alice"), nil, Allow},
		{"no partial wildcards in principals", docPrincipal, p(`{"AWS":"arn:aws:iam::111122223333:user/*"}`), as("arn:aws:iam::111122223333:user/alice"), nil, ImplicitDeny},
		{"* is everyone", docPrincipal, p(`"*"`), as("anonymous"), nil, Allow},
		{"AWS * is everyone", docPrincipal, p(`{"AWS":"*"}`), as("arn:aws:iam::111122223333:user/alice"), nil, Allow},
		{"service principal", docPrincipal, p(`{"Service":"ses.amazonaws.com"}`), as("ses.amazonaws.com"), nil, Allow},
		{"service is not an account", docPrincipal, p(`{"AWS":"111122223333"}`), as("ses.amazonaws.com"), nil, ImplicitDeny},
		{"federated", docPrincipal, p(`{"Federated":"cognito-identity.amazonaws.com"}`), as("cognito-identity.amazonaws.com"), nil, Allow},
		{"SAML provider", docPrincipal, p(`{"Federated":"arn:aws:iam::111122223333:saml-provider/Okta"}`), as("arn:aws:iam::111122223333:saml-provider/Okta"), nil, Allow},
		{"canonical user", docPrincipal, p(`{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`), as("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"), nil, Allow},
		{"NotPrincipal applies to the others", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"*"}]}`, as("111122223333"), nil, Allow},
		{"NotPrincipal excludes the listed", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"*"}]}`, as("arn:aws:iam::444455556666:user/bob"), nil, ImplicitDeny},
		{"a Principal needs a caller", docPrincipal, p(`{"AWS":"111122223333"}`), get, nil, ImplicitDeny},
	})
}

func TestStringOperators(t *testing.T) {
	runCases(t, []evalCase{
		{"StringEquals is case-sensitive", docOperators, withCondition(`{"StringEquals":{"aws:PrincipalTag/team":"Ops"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, ImplicitDeny},
		{"StringEquals", docOperators, withCondition(`{"StringEquals":{"aws:PrincipalTag/team":"ops"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, Allow},
		{"context keys are case-insensitive", docOperators, withCondition(`{"StringEquals":{"AWS:principaltag/TEAM":"ops"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, Allow},
		{"StringEqualsIgnoreCase", docOperators, withCondition(`{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"OPS"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, Allow},
		{"StringNotEqualsIgnoreCase", docOperators, withCondition(`{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"OPS"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, ImplicitDeny},
		{"StringNotEquals", docOperators, withCondition(`{"StringNotEquals":{"aws:PrincipalTag/team":"ops"}}`), get, [][2]string{{"aws:PrincipalTag/team", "dev"}}, Allow},
		{"StringLike wildcards", docOperators, withCondition(`{"StringLike":{"ses:FromAddress":"*@example.com"}}`), get, [][2]string{{"ses:FromAddress", "a@example.com"}}, Allow},
		{"StringLike ?", docOperators, withCondition(`{"StringLike":{"ses:FromAddress":"?@example.com"}}`), get, [][2]string{{"ses:FromAddress", "ab@example.com"}}, ImplicitDeny},
		{"StringEquals takes * literally", docOperators, withCondition(`{"StringEquals":{"ses:FromAddress":"*@example.com"}}`), get, [][2]string{{"ses:FromAddress", "a@example.com"}}, ImplicitDeny},
		{"StringNotLike", docOperators, withCondition(`{"StringNotLike":{"ses:FromAddress":"*@example.com"}}`), get, [][2]string{{"ses:FromAddress", "a@other.com"}}, Allow},
		{"values of a key are ORed", docOperators, withCondition(`{"StringEquals":{"aws:PrincipalTag/team":["dev","ops"]}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, Allow},
		{"keys are ANDed", docOperators, withCondition(`{"StringEquals":{"aws:PrincipalTag/team":"ops","aws:PrincipalTag/env":"prod"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}, {"aws:PrincipalTag/env", "dev"}}, ImplicitDeny},
		{"operators are ANDed", docOperators, withCondition(`{"StringEquals":{"aws:PrincipalTag/team":"ops"},"Bool":{"aws:SecureTransport":"true"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, ImplicitDeny},
		{"a missing key does not match", docOperators, withCondition(`{"StringEquals":{"aws:PrincipalTag/team":"ops"}}`), get, nil, ImplicitDeny},
		{"negated operator on a missing key holds", docOperators, withCondition(`{"StringNotEquals":{"aws:PrincipalTag/team":"ops"}}`), get, nil, Allow},
		{"negated values are NORed", docOperators, withCondition(`{"StringNotEquals":{"aws:PrincipalTag/team":["dev","ops"]}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, ImplicitDeny},
		{"IfExists on a missing key holds", docOperators, withCondition(`{"StringEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}`), get, nil, Allow},
		{"IfExists on a present key compares", docOperators, withCondition(`{"StringEqualsIfExists":{"aws:PrincipalTag/team":"ops"}}`), get, [][2]string{{"aws:PrincipalTag/team", "dev"}}, ImplicitDeny},
		{"unknown operator fails", docOperators, withCondition(`{"StringEqual":{"aws:PrincipalTag/team":"ops"}}`), get, [][2]string{{"aws:PrincipalTag/team", "ops"}}, ImplicitDeny},
	})
}

func TestTypedOperators(t *testing.T) {
	runCases(t, []evalCase{
		{"NumericLessThan", docOperators, withCondition(`{"NumericLessThan":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "9"}}, Allow},
		{"NumericLessThan boundary", docOperators, withCondition(`{"NumericLessThan":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "10"}}, ImplicitDeny},
		{"NumericLessThanEquals", docOperators, withCondition(`{"NumericLessThanEquals":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "10"}}, Allow},
		{"NumericGreaterThan", docOperators, withCondition(`{"NumericGreaterThan":{"s3:max-keys":10}}`), get, [][2]string{{"s3:max-keys", "10.5"}}, Allow},
		{"NumericGreaterThanEquals", docOperators, withCondition(`{"NumericGreaterThanEquals":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "9"}}, ImplicitDeny},
		{"NumericEquals compares numbers", docOperators, withCondition(`{"NumericEquals":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "10.0"}}, Allow},
		{"NumericNotEquals", docOperators, withCondition(`{"NumericNotEquals":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "11"}}, Allow},
		{"a non-number never matches", docOperators, withCondition(`{"NumericEquals":{"s3:max-keys":"10"}}`), get, [][2]string{{"s3:max-keys", "ten"}}, ImplicitDeny},
		{"DateLessThan ISO 8601", docOperators, withCondition(`{"DateLessThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`), get, [][2]string{{"aws:CurrentTime", "2020-03-31T23:59:59Z"}}, Allow},
		{"DateGreaterThan epoch", docOperators, withCondition(`{"DateGreaterThan":{"aws:EpochTime":"1585699200"}}`), get, [][2]string{{"aws:EpochTime", "1585699201"}}, Allow},
		{"Date mixes ISO and epoch", docOperators, withCondition(`{"DateEquals":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`), get, [][2]string{{"aws:CurrentTime", "1585699200"}}, Allow},
		{"DateNotEquals", docOperators, withCondition(`{"DateNotEquals":{"aws:CurrentTime":"2020-04-01"}}`), get, [][2]string{{"aws:CurrentTime", "2020-04-01T00:00:00Z"}}, ImplicitDeny},
		{"DateLessThanEquals", docOperators, withCondition(`{"DateLessThanEquals":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`), get, [][2]string{{"aws:CurrentTime", "2020-04-01T00:00:00Z"}}, Allow},
		{"DateGreaterThanEquals", docOperators, withCondition(`{"DateGreaterThanEquals":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`), get, [][2]string{{"aws:CurrentTime", "2020-03-01T00:00:00Z"}}, ImplicitDeny},
		{"Bool", docOperators, withCondition(`{"Bool":{"aws:SecureTransport":"false"}}`), get, [][2]string{{"aws:SecureTransport", "false"}}, Allow},
		{"Bool JSON literal", docOperators, withCondition(`{"Bool":{"aws:SecureTransport":true}}`), get, [][2]string{{"aws:SecureTransport", "false"}}, ImplicitDeny},
		{"BinaryEquals", docOperators, withCondition(`{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`), get, [][2]string{{"key", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}, Allow},
		{"BinaryEquals differs", docOperators, withCondition(`{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`), get, [][2]string{{"key", "b3RoZXI="}}, ImplicitDeny},
		{"IpAddress CIDR", docOperators, withCondition(`{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`), get, [][2]string{{"aws:SourceIp", "203.0.113.7"}}, Allow},
		{"IpAddress outside", docOperators, withCondition(`{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`), get, [][2]string{{"aws:SourceIp", "203.0.114.7"}}, ImplicitDeny},
		{"IpAddress IPv6", docOperators, withCondition(`{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`), get, [][2]string{{"aws:SourceIp", "2001:db8:1234:5678::1"}}, Allow},
		{"NotIpAddress", docOperators, withCondition(`{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","192.0.2.1"]}}`), get, [][2]string{{"aws:SourceIp", "192.0.2.1"}}, ImplicitDeny},
		{"ArnEquals", docOperators, withCondition(`{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:topic"}}`), get, [][2]string{{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"}}, Allow},
		{"ArnLike field wildcards", docOperators, withCondition(`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`), get, [][2]string{{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"}}, Allow},
		{"ArnLike other account", docOperators, withCondition(`{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:*"}}`), get, [][2]string{{"aws:SourceArn", "arn:aws:sns:us-east-1:444455556666:topic"}}, ImplicitDeny},
		{"ArnNotEquals", docOperators, withCondition(`{"ArnNotEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:111122223333:topic"}}`), get, [][2]string{{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:other"}}, Allow},
		{"ArnNotLike", docOperators, withCondition(`{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}`), get, [][2]string{{"aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"}}, ImplicitDeny},
		{"Null true: key absent", docOperators, withCondition(`{"Null":{"aws:TokenIssueTime":"true"}}`), get, nil, Allow},
		{"Null true: key present", docOperators, withCondition(`{"Null":{"aws:TokenIssueTime":"true"}}`), get, [][2]string{{"aws:TokenIssueTime", "2020-01-01T00:00:00Z"}}, ImplicitDeny},
		{"Null false: key present", docOperators, withCondition(`{"Null":{"aws:TokenIssueTime":"false"}}`), get, [][2]string{{"aws:TokenIssueTime", "2020-01-01T00:00:00Z"}}, Allow},
		{"NumericLessThanIfExists missing", docOperators, withCondition(`{"NumericLessThanIfExists":{"s3:max-keys":"10"}}`), get, nil, Allow},
		{"NotIpAddress on a missing key holds", docOperators, withCondition(`{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`), get, nil, Allow},
	})
}

func TestSetOperators(t *testing.T) {
	const allOf = `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`
	const anyOf = `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`
	runCases(t, []evalCase{
		{"ForAllValues: every value listed", docSets, withCondition(allOf), get, [][2]string{{"aws:TagKeys", "env"}, {"aws:TagKeys", "team"}}, Allow},
		{"ForAllValues: one value not listed", docSets, withCondition(allOf), get, [][2]string{{"aws:TagKeys", "env"}, {"aws:TagKeys", "cost"}}, ImplicitDeny},
		{"ForAllValues: missing key is true", docSets, withCondition(allOf), get, nil, Allow},
		{"ForAllValues: empty set is true", docSets, withCondition(allOf), get, [][2]string{{"aws:TagKeys", "\x00empty"}}, Allow},
		{"ForAllValues: an empty string is a null dataset", docSetExamples, withCondition(allOf), get, [][2]string{{"aws:TagKeys", ""}}, Allow},
		{"ForAnyValue: one value listed", docSets, withCondition(anyOf), get, [][2]string{{"aws:TagKeys", "cost"}, {"aws:TagKeys", "team"}}, Allow},
		{"ForAnyValue: none listed", docSets, withCondition(anyOf), get, [][2]string{{"aws:TagKeys", "cost"}}, ImplicitDeny},
		{"ForAnyValue: missing key is false", docSets, withCondition(anyOf), get, nil, ImplicitDeny},
		{"ForAnyValue: empty set is false", docSets, withCondition(anyOf), get, [][2]string{{"aws:TagKeys", "\x00empty"}}, ImplicitDeny},
		{"ForAllValues:StringNotEquals: none listed", docSets, withCondition(`{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`), get, [][2]string{{"aws:TagKeys", "env"}, {"aws:TagKeys", "team"}}, Allow},
		{"ForAllValues:StringNotEquals: one listed", docSets, withCondition(`{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`), get, [][2]string{{"aws:TagKeys", "env"}, {"aws:TagKeys", "secret"}}, ImplicitDeny},
		{"ForAnyValue:StringNotEquals: one not listed", docSets, withCondition(`{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret"]}}`), get, [][2]string{{"aws:TagKeys", "env"}, {"aws:TagKeys", "secret"}}, Allow},
		{"ForAnyValue:StringLike", docSets, withCondition(`{"ForAnyValue:StringLike":{"aws:TagKeys":"Created*"}}`), get, [][2]string{{"aws:TagKeys", "CreatedBy"}}, Allow},
		{"ForAnyValue...IfExists on a missing key holds", docSets, withCondition(`{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"env"}}`), get, nil, Allow},
		{"a plain operator on several values: any matches", docSets, withCondition(`{"StringEquals":{"aws:TagKeys":"env"}}`), get, [][2]string{{"aws:TagKeys", "cost"}, {"aws:TagKeys", "env"}}, Allow},
	})
}

func TestPolicyVariables(t *testing.T) {
	resource := func(version, res string) string {
		return `{"Version":"` + version + `","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + res + `"}]}`
	}
	home := Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/notes.txt"}
	runCases(t, []evalCase{
		{"aws:username in Resource", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${aws:username}/*"), home, [][2]string{{"aws:username", "alice"}}, Allow},
		{"another user", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${aws:username}/*"), home, [][2]string{{"aws:username", "bob"}}, ImplicitDeny},
		{"missing key: no match", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${aws:username}/*"), home, nil, ImplicitDeny},
		{"default value", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${aws:username, 'alice'}/*"), home, nil, Allow},
		{"no substitution under 2008-10-17", docVariables, resource("2008-10-17", "arn:aws:s3:::home/${aws:username}/*"), home, [][2]string{{"aws:username", "alice"}}, ImplicitDeny},
		{"${*} is a literal star", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${*}"), Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/*"}, nil, Allow},
		{"${*} matches only a star", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${*}"), home, nil, ImplicitDeny},
		{"${?} is a literal question mark", docVariables, resource("2012-10-17", "arn:aws:s3:::home/a${?}"), Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/ab"}, nil, ImplicitDeny},
		{"${$} is a literal dollar", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${$}x"), Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/$x"}, nil, Allow},
		{"a variable's value is not a wildcard", docVariables, resource("2012-10-17", "arn:aws:s3:::home/${aws:username}/*"), home, [][2]string{{"aws:username", "*"}}, ImplicitDeny},
		{"principal tag in a condition", docVariables, withCondition(`{"StringEquals":{"aws:ResourceTag/owner":"${aws:PrincipalTag/team}"}}`), get, [][2]string{{"aws:ResourceTag/owner", "ops"}, {"aws:PrincipalTag/team", "ops"}}, Allow},
		{"multivalued keys do not substitute", docVariables, withCondition(`{"StringEquals":{"aws:ResourceTag/owner":"${aws:TagKeys}"}}`), get, [][2]string{{"aws:ResourceTag/owner", "a"}, {"aws:TagKeys", "a"}, {"aws:TagKeys", "b"}}, ImplicitDeny},
		{"no variables in numeric operators", docVariables, withCondition(`{"NumericEquals":{"s3:max-keys":"${aws:username}"}}`), get, [][2]string{{"s3:max-keys", "5"}, {"aws:username", "5"}}, ImplicitDeny},
	})
}

// SES sending authorization: the identity owner's policy names who may send
// as the identity, from which From addresses, to which recipients.
func TestSESSendingAuthorization(t *testing.T) {
	const src = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "AuthorizeMarketer",
    "Effect": "Allow",
    "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
    "Principal": {"AWS": ["111122223333"]},
    "Action": ["ses:SendEmail", "ses:SendRawEmail"],
    "Condition": {
      "StringLike": {"ses:FromAddress": "marketing+*@example.com"},
      "ForAllValues:StringLike": {"ses:Recipients": "*@example.org"}
    }
  }]
}`
	send := func(caller, from string, to ...string) Request {
		p := ParsePrincipal(caller)
		r := Request{Action: "ses:SendEmail", Principal: &p}
		r.Context.Add("ses:FromAddress", from)
		for _, t := range to {
			r.Context.Add("ses:Recipients", t)
		}
		return r
	}
	cases := []struct {
		name string
		req  Request
		want Decision
	}{
		{"delegate account from an allowed address", send("arn:aws:iam::111122223333:user/app", "marketing+news@example.com", "a@example.org", "b@example.org"), Allow},
		{"wrong From address", send("111122223333", "ceo@example.com", "a@example.org"), ImplicitDeny},
		{"a recipient outside", send("111122223333", "marketing+x@example.com", "a@example.org", "b@gmail.com"), ImplicitDeny},
		{"another account", send("444455556666", "marketing+x@example.com", "a@example.org"), ImplicitDeny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := evaluate(t, src, policy.KindSESIdentity, c.req)
			if got.Decision != c.want {
				t.Errorf("got %s want %s (per %s): %+v", got.Decision, c.want, docSES, got.Statements)
			}
		})
	}
	// The resource defaults to the identity the policy names.
	r := policy.Analyze([]byte(src), policy.Options{})
	if got := SESIdentityARN(r.Policy); got != "arn:aws:ses:us-east-1:123456789012:identity/example.com" {
		t.Errorf("identity ARN %q", got)
	}
	// Source account as a condition: aws:SourceAccount is given, not guessed.
	const svc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ses.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::mail/*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`
	p := ParsePrincipal("ses.amazonaws.com")
	req := Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::mail/1", Principal: &p}
	if got := evaluate(t, svc, "", req); got.Decision != ImplicitDeny {
		t.Errorf("without aws:SourceAccount: %s", got.Decision)
	}
	req.Context.Add("aws:SourceAccount", "111122223333")
	if got := evaluate(t, svc, "", req); got.Decision != Allow {
		t.Errorf("with aws:SourceAccount: %s", got.Decision)
	}
}

func TestPrincipalKeysFollowTheCaller(t *testing.T) {
	src := withCondition(`{"StringEquals":{"aws:PrincipalAccount":"111122223333","aws:PrincipalArn":"arn:aws:iam::111122223333:role/Admin"}}`)
	p := ParsePrincipal("arn:aws:sts::111122223333:assumed-role/Admin/s1")
	if got := evaluate(t, src, "", Request{Action: "s3:GetObject", Principal: &p}); got.Decision != Allow {
		t.Errorf("got %+v", got)
	}
}

func TestParsePrincipal(t *testing.T) {
	for in, want := range map[string]Principal{
		"111122223333":                       {"AWS", "111122223333"},
		"arn:aws:iam::111122223333:user/a":   {"AWS", "arn:aws:iam::111122223333:user/a"},
		"ses.amazonaws.com":                  {"Service", "ses.amazonaws.com"},
		"accounts.google.com":                {"Federated", "accounts.google.com"},
		"Service:pinpoint.amazonaws.com":     {"Service", "pinpoint.amazonaws.com"},
		"*":                                  {},
		"arn:aws:iam::1:oidc-provider/x.com": {"Federated", "arn:aws:iam::1:oidc-provider/x.com"},
		"CanonicalUser:abc":                  {"CanonicalUser", "abc"},
	} {
		if got := ParsePrincipal(in); got != want {
			t.Errorf("%s: got %+v want %+v", in, got, want)
		}
	}
}

// "If AWS cannot resolve a variable this might cause the entire statement
// to be invalid" (docVariables): an unresolved variable never counts in
// favour of a statement applying, not even under a negated operator or in
// NotResource.
func TestUnresolvedVariablesNeverHelp(t *testing.T) {
	notResource := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::home/${aws:username}/*"}]}`
	runCases(t, []evalCase{
		{"negated operator with an unresolved value", docVariables, withCondition(`{"StringNotEquals":{"aws:RequestTag/env":"${aws:username}"}}`), get, [][2]string{{"aws:RequestTag/env", "prod"}}, ImplicitDeny},
		{"negated operator, key missing: still true", docOperators, withCondition(`{"StringNotEquals":{"aws:RequestTag/env":"${aws:username}"}}`), get, nil, Allow},
		{"positive operator: other values still match", docVariables, withCondition(`{"StringEquals":{"aws:RequestTag/env":["${aws:username}","prod"]}}`), get, [][2]string{{"aws:RequestTag/env", "prod"}}, Allow},
		{"NotResource with an unresolved variable", docVariables, notResource, get, nil, ImplicitDeny},
		{"NotResource resolved", docVariables, notResource, get, [][2]string{{"aws:username", "alice"}}, Allow},
	})
}

// A Deny with NotPrincipal spares a caller only when it lists every identity
// AWS checks for it in turn: the account, then the user or role, then the
// role session. AWS's examples list Bob and his account's root ARN so that
// "all principals except the user named Bob" are denied (Alice in the same
// account included), and a session with its role and account so that every
// other session is denied.
func TestNotPrincipalDenyListsEveryLevel(t *testing.T) {
	const doc = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"
	deny := func(notPrincipal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":` + notPrincipal + `},"Action":"s3:*","Resource":"*"},` +
			`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}]}`
	}
	as := func(caller string) Request {
		c := ParsePrincipal(caller)
		return Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Principal: &c}
	}
	bob := deny(`["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]`)
	audit := deny(`["arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app",` +
		`"arn:aws:iam::444455556666:role/cross-account-read-only-role","arn:aws:iam::444455556666:root"]`)
	runCases(t, []evalCase{
		{"Bob and his account listed: Bob is spared", doc, bob, as("arn:aws:iam::444455556666:user/Bob"), nil, Allow},
		{"Bob and his account listed: Alice in the account is denied", doc, bob, as("arn:aws:iam::444455556666:user/Alice"), nil, Deny},
		{"Bob and his account listed: the account itself is spared", doc, bob, as("444455556666"), nil, Allow},
		{"Bob and his account listed: another account is denied", doc, bob, as("arn:aws:iam::111122223333:user/Bob"), nil, Deny},
		{"only Bob listed: his account is checked first", doc, deny(`"arn:aws:iam::444455556666:user/Bob"`), as("arn:aws:iam::444455556666:user/Bob"), nil, Deny},
		{"session, role and account listed: that session is spared", doc, audit, as("arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/cross-account-audit-app"), nil, Allow},
		{"session, role and account listed: another session is denied", doc, audit, as("arn:aws:sts::444455556666:assumed-role/cross-account-read-only-role/other"), nil, Deny},
		{"AWS * spares every AWS caller", doc, deny(`"*"`), as("arn:aws:sts::444455556666:assumed-role/r/s"), nil, Allow},
	})
}
