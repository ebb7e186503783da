package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
)

// checkFromAddress reports ses:FromAddress values that none of the SES
// identities a statement names could ever send from. SES authorises a send
// against the identity of its From address: a domain identity covers the
// addresses at that domain and its subdomains, an email address identity
// that one address. So with Resource "…:identity/example.com", a condition
// allowing only "*@example.org" never matches: the statement grants
// nothing. Statements whose resources include "*" or identity patterns are
// not judged, nor values holding policy variables.
func (a *analyzer) checkFromAddress(cat *catalog.Catalog, s *Statement) {
	if !effectIs(s, "Allow") {
		return
	}
	var identities []string
	for _, r := range Strings(s.Resource) {
		f, _, ok := splitARN(r.Text())
		if !ok {
			return // "*" or something unreadable: the identities are unknown
		}
		name, isIdentity := strings.CutPrefix(f.resource, "identity/")
		if f.service != "ses" || !isIdentity {
			continue // configuration sets and templates say nothing of From
		}
		if name == "" || isPattern(name) {
			return
		}
		identities = append(identities, name)
	}
	if len(identities) == 0 {
		return
	}
	for _, key := range testsKey(cat, s, []string{"ses:FromAddress"}) {
		use, ok := cat.ParseOperator(key.Parent().Parent().Key().Text())
		if !ok || use.Base.Family != catalog.FamilyString {
			continue
		}
		for _, v := range conditionValues(key.Value()) {
			from := v.Text()
			if !v.Closed() || from == "" || strings.Contains(from, "${") || a.hasFinding(v) {
				continue // nothing to judge, or already reported (a literal "*": CND007)
			}
			if !fromFitsAny(from, use.Base.Wildcards, identities) {
				a.report(RuleSESFromAddress, v.Start(), v.End(), "ses:FromAddress "+quote(from)+" is not an address of "+quoteList(identities)+", so no send through this statement can match it")
			}
		}
	}
}

// fromFitsAny reports whether a From address (a pattern when wildcards is
// set) could be an address of one of the identities.
func fromFitsAny(from string, wildcards bool, identities []string) bool {
	for _, id := range identities {
		if strings.Contains(id, "@") { // an email address identity
			if strings.EqualFold(from, id) || (wildcards && catalog.WildcardMatch(from, id)) {
				return true
			}
			continue
		}
		at := strings.LastIndexByte(from, '@')
		if at < 0 {
			if wildcards && catalog.HasWildcard(from) {
				return true // "*" and the like may stand for any address
			}
			continue
		}
		domain := from[at+1:]
		if wildcards && catalog.HasWildcard(domain) {
			return true
		}
		if strings.EqualFold(domain, id) || strings.HasSuffix(strings.ToLower(domain), "."+strings.ToLower(id)) {
			return true
		}
	}
	return false
}
