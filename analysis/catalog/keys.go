package catalog

import "strings"

// GlobalConditionKeys returns the AWS-wide condition keys (aws:SourceIp,
// aws:PrincipalTag/${TagKey}, ...), sorted by name.
func (c *Catalog) GlobalConditionKeys() []*ConditionKey { return facts().globalKeys.list }

// GlobalConditionKey finds an AWS-wide key by a concrete or templated
// name, ignoring case: "aws:principaltag/team" finds
// "aws:PrincipalTag/${TagKey}".
func (c *Catalog) GlobalConditionKey(name string) (*ConditionKey, bool) {
	return facts().globalKeys.find(name)
}

// ConditionKey finds any condition key by a concrete or templated name,
// ignoring case: an AWS-wide key, or a key of the service its prefix names.
// Keys whose prefix is not a service prefix (saml:sub,
// accounts.google.com:aud) are found in the service that defines them
// (sts). Standard claims of any OIDC provider
// (oidc.eks.us-east-1.amazonaws.com/id/X:sub) are recognised too and come
// back with Category "oidc".
func (c *Catalog) ConditionKey(name string) (*ConditionKey, bool) {
	if k, ok := c.GlobalConditionKey(name); ok {
		return k, true
	}
	var found *ConditionKey
	c.keyServices(name, func(s *Service) bool {
		k, ok := s.ConditionKey(name)
		if ok {
			found = k
		}
		return !ok
	})
	if found != nil {
		return found, true
	}
	return oidcKey(name)
}

// SuggestConditionKeys returns up to n known key names close to an
// unknown one, best first, looking at the AWS-wide keys and the keys of
// the service the name's prefix points to.
func (c *Catalog) SuggestConditionKeys(name string, n int) []string {
	var names []string
	for _, k := range c.GlobalConditionKeys() {
		names = append(names, k.Name)
	}
	c.keyServices(name, func(s *Service) bool {
		for _, k := range s.ConditionKeys() {
			if !equalFold(k.Prefix(), "aws") {
				names = append(names, k.Name)
			}
		}
		return true
	})
	return suggest(name, names, n)
}

// keyHomes records, for condition-key prefixes that are not service
// prefixes, which services define such keys. Some of those prefixes are
// templates themselves ("token.actions.githubusercontent.com/${SubPath}").
type keyHomes struct {
	exact     map[string][]string // lowercase prefix -> service prefixes
	templates []keyHomeTemplate
}

type keyHomeTemplate struct {
	pieces   []string
	services []string
}

func (h *keyHomes) add(prefix string, services []string) {
	if h.exact == nil {
		h.exact = map[string][]string{}
	}
	h.exact[lower(prefix)] = services
	if pieces := templatePieces(prefix); pieces != nil {
		h.templates = append(h.templates, keyHomeTemplate{pieces, services})
	}
}

// keyServices calls fn, until it returns false, with each service that
// may define a key with this name's prefix: the service with that prefix,
// then the services recorded for prefixes that are not service prefixes.
func (c *Catalog) keyServices(name string, fn func(*Service) bool) {
	prefix, _, ok := cutColon(name)
	if !ok {
		return
	}
	own, ok := c.Service(prefix)
	if ok && !fn(own) {
		return
	}
	visit := func(homes []string) bool {
		for _, h := range homes {
			if s, ok := c.Service(h); ok && s != own && !fn(s) {
				return false
			}
		}
		return true
	}
	if homes, ok := getFold(c.keyHome.exact, prefix); ok {
		visit(homes)
		return
	}
	for _, t := range c.keyHome.templates {
		if matchPieces(t.pieces, prefix) && !visit(t.services) {
			return
		}
	}
}

// oidcClaims are the token claims IAM exposes as condition keys for every
// OpenID Connect provider, named "<provider>:<claim>" after the provider's
// issuer without "https://" (oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub,
// token.actions.githubusercontent.com:aud). The dataset lists claims for a
// few well-known providers only, and flagging a trust policy's sub or aud
// check as unknown would be wrong, so any issuer-shaped prefix accepts
// these. All are single-valued strings, as the dataset types the claims it
// lists.
var oidcClaims = map[string]bool{"aud": true, "sub": true, "azp": true, "oaud": true, "amr": true}

// oidcKey recognises "<issuer>:<claim>" where the issuer looks like a host
// name (it has a dot) and the claim is a standard one.
func oidcKey(name string) (*ConditionKey, bool) {
	i := strings.LastIndexByte(name, ':')
	if i <= 0 {
		return nil, false
	}
	issuer, claim := name[:i], lower(name[i+1:])
	if !oidcClaims[claim] || !strings.Contains(issuer, ".") || strings.ContainsAny(issuer, ":* ") {
		return nil, false
	}
	k := newConditionKey(name, TypeString, false)
	k.Category = "oidc"
	k.Description = "The " + claim + " claim of web identity tokens from the OIDC provider " + issuer + "."
	return k, true
}
