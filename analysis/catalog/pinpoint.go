package catalog

// PinpointEngagementEndOfSupport is the day Amazon Pinpoint's engagement
// features (campaigns, journeys) reached end of support. Policies for them
// still work and must be accepted; the date backs an informational hint.
const PinpointEngagementEndOfSupport = "2026-10-30"

// PinpointServicePrincipal is the principal Amazon Pinpoint uses to assume
// its email orchestration sending role ("pinpoint.amazonaws.com").
func (c *Catalog) PinpointServicePrincipal() string { return facts().pinpoint.ServicePrincipal }

// PinpointPermissionPolicyTemplate returns, as indented JSON, the
// permission policy of the role Pinpoint assumes to send email through
// SES. Placeholders ${partition}, ${region} and ${accountId} are left for
// the user to fill in.
func (c *Catalog) PinpointPermissionPolicyTemplate() string {
	return facts().pinpoint.PermissionPolicy
}

// PinpointTrustPolicyTemplate returns, as indented JSON, the trust policy
// that lets pinpoint.amazonaws.com assume that role, limited to one
// account by aws:SourceAccount (placeholder ${accountId}).
func (c *Catalog) PinpointTrustPolicyTemplate() string {
	return facts().pinpoint.TrustPolicy
}
