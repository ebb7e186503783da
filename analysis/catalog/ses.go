package catalog

// SESFamily is one of the APIs sharing the ses: prefix, each documented
// on its own AWS reference page.
type SESFamily string

// The SES API families.
const (
	SESv1            SESFamily = "v1"             // Amazon SES (API 2010-12-01)
	SESv2            SESFamily = "v2"             // Amazon Simple Email Service v2
	SESMailManager   SESFamily = "mailmanager"    // SES Mail Manager
	SESPinpointEmail SESFamily = "pinpoint-email" // the legacy Amazon Pinpoint Email Service
)

// Title returns the family's name as its AWS reference page gives it
// ("Amazon Simple Email Service v2").
func (f SESFamily) Title() string { return facts().sesFamilies[f].title }

// ReferenceURL returns the family's Service Authorization Reference page.
func (f SESFamily) ReferenceURL() string {
	slug := facts().sesFamilies[f].slug
	if slug == "" {
		return ""
	}
	return referenceBase + slug + ".html"
}

// SESIdentityActionKind tells whether and how an action may appear in an
// SES identity (sending authorization) policy.
type SESIdentityActionKind uint8

// The kinds.
const (
	// NotSESIdentityAction: SES identity policies do not accept the action.
	NotSESIdentityAction SESIdentityActionKind = iota
	// SESIdentityManagement: an action that manages the identity
	// (DKIM, policies, tags, export jobs, ...).
	SESIdentityManagement
	// SESSendingAuthorization: one of the sending actions a delegate
	// sender is authorised for.
	SESSendingAuthorization
)

// String names the kind for messages.
func (k SESIdentityActionKind) String() string {
	switch k {
	case SESIdentityManagement:
		return "identity management"
	case SESSendingAuthorization:
		return "sending authorization"
	}
	return "not accepted in SES identity policies"
}

// SESIdentityPolicyActions returns the actions SES identity policies
// accept, as "ses:Name": the identity-management actions, then the four
// sending actions.
func (c *Catalog) SESIdentityPolicyActions() []string { return facts().sesActions }

// SESIdentityPolicyAction reports whether an SES identity policy accepts
// the action ("ses:SendEmail", any case), and as which kind.
func (c *Catalog) SESIdentityPolicyAction(action string) SESIdentityActionKind {
	kind, _ := getFold(facts().sesActionKind, action)
	return kind
}

// SESIdentityPolicyConditionKeys returns the condition keys SES identity
// policies accept: eight AWS-wide keys, aws:SourceAccount, aws:SourceArn,
// aws:PrincipalOrgID, and the sending keys ses:FromAddress,
// ses:FromDisplayName, ses:Recipients and ses:FeedbackAddress.
func (c *Catalog) SESIdentityPolicyConditionKeys() []string { return facts().sesKeys }

// AcceptedBySESIdentityPolicy reports whether an SES identity policy may
// use the condition key (any case). Keys outside the list, such as another
// service's keys or aws:RequestedRegion, are what SES rejects.
func (c *Catalog) AcceptedBySESIdentityPolicy(key string) bool {
	_, ok := getFold(facts().sesKeySet, key)
	return ok
}
