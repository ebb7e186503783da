package catalog

// ServicePrincipal is an AWS service principal, the name a service uses
// in a policy's Principal ("pinpoint.amazonaws.com").
type ServicePrincipal struct {
	Name string
	// Description says why policyls cares about it, where it does.
	Description string
}

// ServicePrincipals returns the service principals we know, sorted: the
// team's community list completed with every principal AWS's managed
// policies name (see README.md). Not every valid principal is on it, so an
// unknown one deserves a question, not an error.
func (c *Catalog) ServicePrincipals() []ServicePrincipal { return facts().principals }

// IsKnownServicePrincipal reports whether name is on the list.
func (c *Catalog) IsKnownServicePrincipal(name string) bool {
	return facts().principalSet[name]
}

// SuggestServicePrincipals returns up to n known principals close to an
// unknown one, best first.
func (c *Catalog) SuggestServicePrincipals(name string, n int) []string {
	ps := facts().principals
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return suggest(name, names, n)
}
