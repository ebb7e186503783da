package policy

// Kind is the type of policy a document holds. It decides which rules apply.
type Kind string

// The policy kinds. KindUnknown means either "not a policy at all" (see
// Result.IsPolicy) or "a policy, but none of the kinds policyls knows in depth",
// for example an S3 bucket policy.
const (
	KindUnknown     Kind = "unknown"
	KindSESIdentity Kind = "ses-identity"
	KindIAMIdentity Kind = "iam-identity"
	KindTrust       Kind = "trust"
	// KindRCP is an AWS Organizations resource control policy: Deny
	// statements for Principal "*" that cap what any principal may do with
	// the organisation's resources. It never grants.
	KindRCP Kind = "rcp"
	// KindSCP is an AWS Organizations service control policy: no principal,
	// and it caps what the accounts' principals may do. It never grants.
	// It is never inferred (it reads like an identity-based policy): force
	// it with a settings glob or --kind.
	KindSCP Kind = "scp"
)

// Kinds lists every kind a user may force, in documentation order.
var Kinds = []Kind{KindSESIdentity, KindIAMIdentity, KindTrust, KindRCP, KindSCP, KindUnknown}

// ParseKind reads a kind name as used in settings and on the command line.
func ParseKind(name string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == name {
			return k, true
		}
	}
	return "", false
}

// grants reports whether policies of kind k grant access. Organizations
// policies (RCPs and SCPs) only limit what other policies grant, so the
// rules about over-broad grants do not apply to them.
func (k Kind) grants() bool { return k != KindRCP && k != KindSCP }
