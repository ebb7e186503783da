package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// Web identity (OIDC) principals of trust policies. An identity provider
// vouches for whoever holds one of its tokens; the role's conditions on the
// token's claims decide which of those callers may assume it. Two providers
// hand tokens to the whole world and so need a claim condition:
//   - Cognito identity pools (cognito-identity.amazonaws.com): IAM refuses a
//     trust policy without cognito-identity.amazonaws.com:aud, the pool ID;
//   - GitHub Actions (the token.actions.githubusercontent.com provider):
//     every workflow of every repository on GitHub can get a token, and only
//     the sub claim ("repo:OWNER/REPO:ref:refs/heads/main") says whose.

const (
	cognitoPrincipal = "cognito-identity.amazonaws.com"
	githubIssuer     = "token.actions.githubusercontent.com"
)

// checkWebIdentity runs the OIDC rules on an Allow statement's Federated
// principals.
func (a *analyzer) checkWebIdentity(cat *catalog.Catalog, s *Statement, federated []*jsonsyntax.Node) {
	for _, v := range federated {
		if strings.EqualFold(v.Text(), cognitoPrincipal) {
			if !mayTestKey(cat, s, []string{cognitoPrincipal + ":aud"}) {
				a.report(RuleCognitoAudience, v.Start(), v.End(), "a role trusted by "+cognitoPrincipal+" needs a condition on "+cognitoPrincipal+`:aud naming your identity pool IDs ("us-east-1:…"); IAM refuses a trust policy that lets every identity pool in`)
			}
			continue
		}
		issuer, ok := githubProvider(v.Text())
		if !ok {
			continue
		}
		subjects := testsKey(cat, s, []string{issuer + ":sub"})
		if len(subjects) == 0 && !conditionComputed(s) {
			a.report(RuleGitHubSubject, v.Start(), v.End(), "any GitHub repository's workflows can assume this role: add a condition on "+issuer+`:sub such as "repo:OWNER/REPO:ref:refs/heads/main" (StringEquals) or "repo:OWNER/REPO:*" (StringLike)`)
			continue
		}
		for _, key := range subjects {
			// Only Like operators read '*' and '?' as wildcards; under
			// StringEquals they are literal characters (CND007 says so).
			if use, ok := cat.ParseOperator(key.Parent().Parent().Key().Text()); !ok || !use.Base.Wildcards {
				continue
			}
			for _, sub := range conditionValues(key.Value()) {
				if sub.Kind() != jsonsyntax.String || sub.Text() == "" {
					continue
				}
				switch githubSubjectScope(sub.Text()) {
				case scopeAnyone:
					a.report(RuleGitHubRepoOpen, sub.Start(), sub.End(), quote(sub.Text())+" matches workflows of repositories you do not own; name the owner and repository (\"repo:OWNER/REPO:…\")")
				case scopeOrganisation:
					a.reportAs(RuleGitHubRepoOpen, SeverityInfo, sub.Start(), sub.End(), quote(sub.Text())+" lets every repository of the organisation assume the role; name the repository if only one deploys with it")
				}
			}
		}
	}
}

// githubProvider reports whether a Federated value is GitHub Actions' OIDC
// provider (arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com,
// or an enterprise's issuer below it) and returns the issuer its condition
// keys are named after.
func githubProvider(principal string) (string, bool) {
	_, issuer, ok := strings.Cut(principal, ":oidc-provider/")
	if !ok || !strings.HasPrefix(principal, "arn:") {
		return "", false
	}
	if strings.EqualFold(issuer, githubIssuer) || (len(issuer) > len(githubIssuer) && strings.EqualFold(issuer[:len(githubIssuer)+1], githubIssuer+"/")) {
		return issuer, true
	}
	return "", false
}

type subjectScope int

const (
	scopeRepository   subjectScope = iota // names an owner and a repository, or a format we do not judge
	scopeOrganisation                     // every repository of one owner
	scopeAnyone                           // repositories of any owner
)

// githubSubjectScope judges a sub condition value. GitHub's default subject
// is "repo:OWNER/REPO:<context>"; organisations may customise the claim, so
// values in another format are judged only when they are nothing but
// wildcards.
func githubSubjectScope(sub string) subjectScope {
	rest, ok := strings.CutPrefix(sub, "repo:")
	if !ok {
		if strings.Trim(sub, "*?:") == "" {
			return scopeAnyone
		}
		return scopeRepository
	}
	ownerRepo, _, _ := strings.Cut(rest, ":")
	owner, repo, hasSlash := strings.Cut(ownerRepo, "/")
	switch {
	case owner == "" || catalog.HasWildcard(owner) || (!hasSlash && catalog.HasWildcard(ownerRepo)):
		return scopeAnyone
	case catalog.HasWildcard(repo):
		return scopeOrganisation
	}
	return scopeRepository
}
