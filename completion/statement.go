package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// What completion and hover need to know about the statement around the
// cursor, read from the tree so that it works while the statement is half
// typed (and under misspelt element names).

// principalSummary says which kinds of principal a statement names.
type principalSummary struct {
	Any  bool // the statement has a Principal or NotPrincipal
	Star bool // "Principal": "*" or {"AWS": "*"}
	AWS  bool
	// Service lists the service principals named.
	Service []string
	// SAML and OIDC report federated principals of each protocol; Providers
	// are the OIDC providers' hosts ("token.actions.githubusercontent.com").
	SAML, OIDC bool
	Providers  []string
}

// principalsOf summarises the Principal (or NotPrincipal) of a statement.
func principalsOf(stmt *jsonsyntax.Node) principalSummary {
	var s principalSummary
	p := member(stmt, "Principal")
	if p == nil {
		p = member(stmt, "NotPrincipal")
	}
	if p == nil {
		return s
	}
	s.Any = true
	v := p.Value()
	if v == nil {
		return s
	}
	if v.Kind() == jsonsyntax.String {
		s.Star = v.Text() == "*"
		return s
	}
	if v.Kind() != jsonsyntax.Object {
		return s
	}
	for _, typ := range v.Children() {
		switch {
		case isName(typ, "AWS"):
			s.AWS = true
			eachString(typ.Value(), func(n *jsonsyntax.Node) { s.Star = s.Star || n.Text() == "*" })
		case isName(typ, "Service"):
			eachString(typ.Value(), func(n *jsonsyntax.Node) { s.Service = append(s.Service, n.Text()) })
		case isName(typ, "Federated"):
			eachString(typ.Value(), func(n *jsonsyntax.Node) {
				switch text := n.Text(); {
				case strings.Contains(text, ":saml-provider/"):
					s.SAML = true
				case strings.Contains(text, ":oidc-provider/"):
					s.OIDC = true
					s.Providers = append(s.Providers, text[strings.Index(text, ":oidc-provider/")+len(":oidc-provider/"):])
				case text != "":
					s.OIDC = true
					s.Providers = append(s.Providers, text)
				}
			})
		}
	}
	return s
}

// hasService reports whether the statement names the service principal.
func (s principalSummary) hasService(name string) bool {
	for _, n := range s.Service {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// eachStatementAction calls f for every catalogued action the statement's
// Action element names. A pattern is expanded within its own service only:
// "*" and patterns with a wildcard in the prefix would decode the whole
// catalogue and are skipped. The entry being typed is skipped too.
func (b *builder) eachStatementAction(f func(*catalog.Action)) {
	eachString(memberValue(b.c.Statement, "Action"), func(n *jsonsyntax.Node) {
		if n == b.c.Token {
			return
		}
		name := n.Text()
		prefix, rest, ok := strings.Cut(name, ":")
		if !ok || rest == "" || catalog.HasWildcard(prefix) {
			return
		}
		if !catalog.HasWildcard(rest) {
			if a, ok := b.cat.Action(name); ok {
				f(a)
			}
			return
		}
		for a := range b.cat.ActionsMatching(name) {
			f(a)
		}
	})
}

// documentAccounts returns the 12-digit account IDs found in the
// document's ARNs and principals, in order of appearance, without repeats,
// at most max of them.
func documentAccounts(root *jsonsyntax.Node, skip *jsonsyntax.Node, max int) []string {
	var out []string
	var walk func(n *jsonsyntax.Node)
	walk = func(n *jsonsyntax.Node) {
		if n == nil || len(out) >= max {
			return
		}
		switch n.Kind() {
		case jsonsyntax.String:
			if n != skip {
				if acct := accountIn(n.Text()); acct != "" && !contains(out, acct) {
					out = append(out, acct)
				}
			}
		case jsonsyntax.Property:
			walk(n.Value())
		case jsonsyntax.Object, jsonsyntax.Array:
			for _, ch := range n.Children() {
				walk(ch)
			}
		}
	}
	walk(root)
	return out
}

// accountIn returns the account ID a string holds: the whole string when it
// is 12 digits, or the account field of an ARN.
func accountIn(s string) string {
	if policy.IsAccountID(s) {
		return s
	}
	if !strings.HasPrefix(s, "arn:") {
		return ""
	}
	f := strings.SplitN(s, ":", 6)
	if len(f) == 6 && policy.IsAccountID(f[4]) {
		return f[4]
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
