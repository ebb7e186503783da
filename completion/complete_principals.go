package completion

import (
	"cmp"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Principal values: the object skeletons for an empty Principal, and under
// each principal type the names that fit it: service principals, account
// IDs and IAM ARN skeletons, identity providers.

// principalValues proposes the value of Principal or NotPrincipal itself.
func (b *builder) principalValues() {
	c := b.c
	// Nothing typed: no token, or in a host file the empty string that
	// stands for nothing typed in a YAML template (host.Placeholders).
	if c.Token == nil || b.opts.Host != nil && c.Token.Kind() == jsonsyntax.String && c.Token.Text() == "" {
		order := []string{"AWS", "Service", "Federated"}
		if c.Kind == policy.KindTrust {
			order = []string{"Service", "AWS", "Federated"}
		}
		for _, typ := range order {
			e, _ := findElement(principalElements, typ)
			b.addJSON(`{"`+typ+`": …}`, KindSnippet, "principal of type "+typ, e.About, `{"`+typ+`": "$1"}`, true, "{")
		}
	}
	if c.Kind != policy.KindTrust {
		b.addString("*", KindReference, "anyone", starPrincipalDoc, "*", false)
	}
}

const starPrincipalDoc = "Anyone, including anonymous callers. Narrow it with conditions such as `aws:SourceAccount` or `aws:PrincipalOrgID`."

// principals proposes values under a principal type.
func (b *builder) principals() {
	switch {
	case isElement(b.c, "Service"):
		b.servicePrincipals()
	case isElement(b.c, "AWS"):
		b.awsPrincipals()
	case isElement(b.c, "Federated"):
		b.federatedPrincipals()
	}
}

// servicePrincipals proposes the known service principals, the ones
// policyls has something to say about (Pinpoint, SES, ...) first.
func (b *builder) servicePrincipals() {
	all := b.cat.ServicePrincipals()
	for _, pass := range [...]bool{true, false} {
		for _, p := range all {
			if (p.Description != "") != pass || b.listed(p.Name) {
				continue
			}
			b.addString(p.Name, KindReference, cmp.Or(p.Description, "service principal"), servicePrincipalDoc(b.cat, p.Name), p.Name, false)
		}
	}
}

// awsPrincipals proposes the account from the settings and the accounts
// named elsewhere in the policy, then ARN skeletons for the account root,
// a role and a user, then "*".
func (b *builder) awsPrincipals() {
	c := b.c
	if a := b.opts.AccountID; a != "" && !b.listed(a) {
		b.addString(a, KindReference, "account from settings", accountDoc, a, false)
	}
	for _, a := range documentAccounts(c.Result.Doc.Root, c.Token, 5) {
		if a != b.opts.AccountID && !b.listed(a) {
			b.addString(a, KindReference, "account named in this policy", accountDoc, a, false)
		}
	}
	b.iamARNs([]iamARN{
		{"root", "the whole account", "The account itself: any of its principals that the account's own IAM policies allow."},
		{"role/${RoleName}", "an IAM role", "One IAM role. If the role is deleted and re-created, the grant must be re-saved."},
		{"user/${UserName}", "an IAM user", "One IAM user."},
	})
	if c.Kind != policy.KindTrust {
		b.addString("*", KindReference, "anyone", starPrincipalDoc, "*", false)
	}
}

const accountDoc = "An AWS account ID: the account itself, as `arn:aws:iam::ACCOUNT:root` would name it."

// federatedPrincipals proposes the built-in web identity providers and the
// SAML and OIDC provider ARN skeletons.
func (b *builder) federatedPrincipals() {
	for _, p := range policy.WebIdentityProviders() {
		if !b.listed(p) {
			b.addString(p, KindReference, "web identity provider", "Tokens from this provider are exchanged with `sts:AssumeRoleWithWebIdentity`.", p, false)
		}
	}
	b.iamARNs([]iamARN{
		{"saml-provider/${ProviderName}", "SAML provider", "A SAML 2.0 identity provider registered in IAM; pair it with `sts:AssumeRoleWithSAML`."},
		{"oidc-provider/${ProviderHost}", "OIDC provider", "An OpenID Connect provider registered in IAM, such as `token.actions.githubusercontent.com`; pair it with `sts:AssumeRoleWithWebIdentity` and conditions on its `aud` and `sub` claims."},
		{"oidc-provider/token.actions.githubusercontent.com", "GitHub Actions OIDC provider", "GitHub's OIDC provider, registered in IAM, for workflows that deploy to AWS. Pair it with `sts:AssumeRoleWithWebIdentity`, `token.actions.githubusercontent.com:aud` = `sts.amazonaws.com` and a `token.actions.githubusercontent.com:sub` condition naming your repository (`repo:OWNER/REPO:…`): without it, any repository on GitHub can assume the role."},
	})
}

// iamARN is an IAM ARN to propose, by its resource part.
type iamARN struct{ path, detail, doc string }

// iamARNs proposes IAM ARNs of the configured (or placeholder) partition and
// account, as snippets with the placeholders left to fill.
func (b *builder) iamARNs(arns []iamARN) {
	for _, s := range arns {
		format := "arn:${Partition}:iam::${Account}:" + s.path
		snippet, _ := placeholders(format, 1, b.arnFill)
		b.addString(filled(format, b.arnFill), KindReference, s.detail, s.doc, snippet, true)
	}
}

// servicePrincipalDoc says what a service principal is and which service
// it belongs to.
func servicePrincipalDoc(cat *catalog.Catalog, name string) string {
	var sb strings.Builder
	sb.WriteString("The service principal of ")
	if svc := serviceOfPrincipal(cat, name); svc != nil {
		sb.WriteString(svc.Name)
		sb.WriteString(" (actions `")
		sb.WriteString(svc.Prefix)
		sb.WriteString(":*`)")
	} else {
		sb.WriteString("an AWS service")
	}
	sb.WriteString(": the name the service uses when it calls other services for you, for example to assume a role or to use a resource another account shares with it.")
	for _, p := range cat.ServicePrincipals() {
		if p.Name == name && p.Description != "" {
			sb.WriteString("\n\n")
			sb.WriteString(p.Description)
			sb.WriteByte('.')
		}
	}
	if strings.EqualFold(name, cat.PinpointServicePrincipal()) {
		sb.WriteString("\n\n")
		sb.WriteString(pinpointNote)
	}
	return sb.String()
}

// serviceOfPrincipal guesses the service behind a service principal from
// its first label ("ses.amazonaws.com" is ses); Pinpoint's principal is
// named after the product, not its prefix.
func serviceOfPrincipal(cat *catalog.Catalog, name string) *catalog.Service {
	label, _, _ := strings.Cut(name, ".")
	if strings.EqualFold(name, cat.PinpointServicePrincipal()) {
		label = "mobiletargeting"
	}
	if svc, ok := cat.Service(label); ok {
		return svc
	}
	return nil
}
