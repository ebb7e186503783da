package policy

import "slices"

// Read-only helpers for the editor features (completion, hover), which need
// some of the facts the rules check against.

// TrustActions returns the sts actions a role trust policy may grant,
// without the "sts:" prefix, in documentation order (AssumeRole first). The
// slice is the caller's.
func TrustActions() []string { return slices.Clone(trustActions) }

// WebIdentityProviders returns the web identity providers a Federated
// principal may name directly ("cognito-identity.amazonaws.com", ...). The
// slice is the caller's.
func WebIdentityProviders() []string { return slices.Clone(builtinWebIdentityProviders) }

// IsAccountID reports whether s is an AWS account ID: exactly 12 ASCII
// digits.
func IsAccountID(s string) bool { return isAccountID(s) }
