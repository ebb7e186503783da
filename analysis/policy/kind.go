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
)

// Kinds lists every kind a user may force, in documentation order.
var Kinds = []Kind{KindSESIdentity, KindIAMIdentity, KindTrust, KindUnknown}

// ParseKind reads a kind name as used in settings and on the command line.
func ParseKind(name string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == name {
			return k, true
		}
	}
	return "", false
}
