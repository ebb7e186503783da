package eval

import (
	"testing"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// FuzzEvaluate: any document and any request are evaluated, explained and
// summarised without panicking, and the decision agrees with the statements.
func FuzzEvaluate(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username, 'x'}/*","Condition":{"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*"]}}}]}`,
		"s3:GetObject", "arn:aws:s3:::b/x/k", "111122223333", "aws:TagKeys", "a1")
	f.Add(`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::1:role/r"]},"NotAction":"iam:*","NotResource":"${*}"}}`,
		"ses:SendEmail", "", "arn:aws:sts::1:assumed-role/r/s", "k", "${")
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2020"},"IpAddress":{"aws:SourceIp":"::/0"},"Null":{"x":"true"}}}]}`,
		"a:b", "*", "*", "aws:SourceIp", "::1")
	f.Fuzz(func(t *testing.T, doc, action, resource, principal, key, value string) {
		r := policy.Analyze([]byte(doc), policy.Options{})
		if r.Policy == nil {
			return
		}
		req := Request{Action: action, Resource: resource}
		if principal != "" {
			p := ParsePrincipal(principal)
			req.Principal = &p
		}
		req.Context.Add(key, value)
		res := Evaluate(r.Policy, r.Kind, req)
		for _, i := range res.Deciding {
			s := res.Statements[i]
			if !s.Matched || (res.Decision == Deny) != (s.Effect == "Deny") {
				t.Fatalf("deciding statement %+v for %s", s, res.Decision)
			}
		}
		if (res.Decision == ImplicitDeny) != (len(res.Deciding) == 0) {
			t.Fatalf("decision %s with %d deciding statements", res.Decision, len(res.Deciding))
		}
		_ = res.Explain(req, func(int) int { return 1 })
		_ = Summarize(r.Policy, r.Kind, catalog.Default()).Markdown(func(int) int { return 1 })
	})
}
