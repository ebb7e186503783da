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
// accounts.google.com:aud) are found in the service that defines them (sts).
func (c *Catalog) ConditionKey(name string) (*ConditionKey, bool) {
	if k, ok := c.GlobalConditionKey(name); ok {
		return k, true
	}
	for _, s := range c.keyServices(name) {
		if k, ok := s.ConditionKey(name); ok {
			return k, true
		}
	}
	return nil, false
}

// SuggestConditionKeys returns up to n known key names close to an
// unknown one, best first, looking at the AWS-wide keys and the keys of
// the service the name's prefix points to.
func (c *Catalog) SuggestConditionKeys(name string, n int) []string {
	var names []string
	for _, k := range c.GlobalConditionKeys() {
		names = append(names, k.Name)
	}
	for _, s := range c.keyServices(name) {
		for _, k := range s.ConditionKeys() {
			if !strings.EqualFold(k.Prefix(), "aws") {
				names = append(names, k.Name)
			}
		}
	}
	return suggest(name, names, n)
}

// keyServices returns the services that may define a key with this
// name's prefix: the service with that prefix, and the services the index
// records for prefixes that are not service prefixes.
func (c *Catalog) keyServices(name string) []*Service {
	prefix, _, ok := cutColon(name)
	if !ok {
		return nil
	}
	c.load()
	var out []*Service
	if s, ok := c.Service(prefix); ok {
		out = append(out, s)
	}
	homes, ok := getFold(c.keyHome, prefix)
	if !ok {
		// Some federation prefixes are themselves templates
		// ("token.actions.githubusercontent.com/${SubPath}").
		for kp, hs := range c.keyHome {
			if pieces := templatePieces(kp); pieces != nil && matchPieces(pieces, prefix) {
				homes = append(homes, hs...)
			}
		}
	}
	for _, h := range homes {
		if s, ok := c.Service(h); ok && (len(out) == 0 || out[0] != s) {
			out = append(out, s)
		}
	}
	return out
}
