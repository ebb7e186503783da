package completion

import (
	"strings"
)

// principal documents a value under a principal type.
func (h *hoverer) principal() string {
	text := h.text
	var m markdown
	switch {
	case isElement(h.c, "Service"):
		m.para("**", code(text), "** · service principal")
		if !h.cat.IsKnownServicePrincipal(text) {
			m.para("Not on policyls's list of service principals; check the spelling in the service's documentation.")
		}
		m.para(servicePrincipalDoc(h.cat, text))
	case isElement(h.c, "AWS"):
		m.para("**", code(text), "** · AWS principal")
		m.para(awsPrincipalNote(text))
	case isElement(h.c, "Federated"):
		m.para("**", code(text), "** · federated principal")
		switch {
		case strings.Contains(text, ":saml-provider/"):
			m.para("A SAML 2.0 identity provider registered in IAM. Its users assume the role with `sts:AssumeRoleWithSAML`.")
		case strings.Contains(text, ":oidc-provider/"):
			m.para("An OpenID Connect provider registered in IAM. Its tokens are exchanged with `sts:AssumeRoleWithWebIdentity`; restrict them with conditions on the provider's `aud` and `sub` claims.")
		default:
			m.para("A web identity provider named by its domain. Its tokens are exchanged with `sts:AssumeRoleWithWebIdentity`.")
		}
	case isElement(h.c, "CanonicalUser"):
		m.para("**", code(text), "** · canonical user")
		m.para("An Amazon S3 canonical user ID; only S3 policies use it.")
	default:
		return ""
	}
	return m.String()
}

// awsPrincipalNote says what an AWS principal value names.
func awsPrincipalNote(text string) string {
	if text == "*" {
		return starPrincipalDoc
	}
	if acct := accountIn(text); acct == text {
		return "The AWS account " + code(acct) + ": any principal in it that the account's own IAM policies allow. The same as `arn:aws:iam::" + acct + ":root`."
	}
	f := strings.SplitN(text, ":", 6)
	if len(f) < 6 || f[0] != "arn" {
		return "An AWS principal is an account ID or an IAM ARN (`arn:aws:iam::ACCOUNT:root`, `…:role/NAME`, `…:user/NAME`)."
	}
	resource := f[5]
	switch {
	case resource == "root":
		return "The AWS account " + code(f[4]) + ": any principal in it that the account's own IAM policies allow."
	case strings.HasPrefix(resource, "role/"):
		return "An IAM role of account " + code(f[4]) + ". AWS stores the role's unique ID: if the role is deleted and re-created, save the policy again."
	case strings.HasPrefix(resource, "user/"):
		return "An IAM user of account " + code(f[4]) + "."
	case strings.HasPrefix(resource, "assumed-role/"):
		return "One session of a role (`assumed-role/ROLE/SESSION`), as STS names it."
	case strings.HasPrefix(resource, "federated-user/"):
		return "A federated user session from `sts:GetFederationToken`."
	}
	return "An IAM principal of account " + code(f[4]) + "."
}
