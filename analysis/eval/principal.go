package eval

import (
	"strings"

	"github.com/policyls/policyls/analysis/policy"
)

// Principals.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

// Principal is who makes the request.
type Principal struct {
	// Type is "AWS", "Service", "Federated", "CanonicalUser", or "" for an
	// anonymous caller.
	Type string
	ID   string
}

// ParsePrincipal reads a caller as given on the command line: an optional
// "AWS:", "Service:", "Federated:" or "CanonicalUser:" prefix, else the
// type is worked out from the shape: an account ID or an IAM/STS ARN is AWS,
// a SAML or OIDC provider ARN or a web identity provider is Federated, a
// name ending in .amazonaws.com is a Service, 64 hex digits a canonical
// user; "*" or "anonymous" is an anonymous caller.
func ParsePrincipal(s string) Principal {
	for _, t := range []string{"AWS", "Service", "Federated", "CanonicalUser"} {
		if rest, ok := strings.CutPrefix(s, t+":"); ok {
			return Principal{Type: t, ID: rest}
		}
	}
	switch {
	case s == "*" || strings.EqualFold(s, "anonymous"):
		return Principal{}
	case isAccountID(s):
		return Principal{Type: "AWS", ID: s}
	case strings.HasPrefix(s, "arn:"):
		f := splitARN(s)
		if len(f) == 6 && f[2] == "iam" && (strings.HasPrefix(f[5], "saml-provider/") || strings.HasPrefix(f[5], "oidc-provider/")) {
			return Principal{Type: "Federated", ID: s}
		}
		return Principal{Type: "AWS", ID: s}
	case webIdentityProviders[strings.ToLower(s)]:
		return Principal{Type: "Federated", ID: s}
	case strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn"):
		return Principal{Type: "Service", ID: s}
	case len(s) == 64 && isHex(s):
		return Principal{Type: "CanonicalUser", ID: s}
	}
	return Principal{Type: "AWS", ID: s}
}

// webIdentityProviders are the Federated principals AWS names for web
// identity federation.
var webIdentityProviders = map[string]bool{
	"cognito-identity.amazonaws.com": true,
	"accounts.google.com":            true,
	"graph.facebook.com":             true,
	"www.amazon.com":                 true,
}

func (p Principal) String() string {
	if p.Type == "" {
		return "an anonymous caller"
	}
	return p.Type + " " + p.ID
}

// isAccountID is the policy package's test: exactly 12 ASCII digits.
var isAccountID = policy.IsAccountID

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := lower(s[i])
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Account returns the AWS account of an AWS principal, or "".
func (p Principal) Account() string {
	if p.Type != "AWS" {
		return ""
	}
	if isAccountID(p.ID) {
		return p.ID
	}
	if f := splitARN(p.ID); len(f) == 6 && isAccountID(f[4]) {
		return f[4]
	}
	return ""
}

// sessionRole returns, for an assumed-role session ARN
// (arn:aws:sts::111122223333:assumed-role/Name/session), the partition,
// account and role name.
func sessionRole(arn string) (partition, account, role string, ok bool) {
	f := splitARN(arn)
	if len(f) != 6 || f[2] != "sts" {
		return "", "", "", false
	}
	rest, found := strings.CutPrefix(f[5], "assumed-role/")
	if !found {
		return "", "", "", false
	}
	role, _, found = strings.Cut(rest, "/")
	return f[1], f[4], role, found
}

// RoleARN returns the role ARN behind an assumed-role session, or "".
func (p Principal) RoleARN() string {
	if p.Type != "AWS" {
		return ""
	}
	part, acct, role, ok := sessionRole(p.ID)
	if !ok {
		return ""
	}
	return "arn:" + part + ":iam::" + acct + ":role/" + role
}

// matchesAWS reports whether the AWS principal value v of a policy names
// the caller. An account ID and its root ARN both stand for every
// principal of the account; a role ARN also stands for its sessions (AWS
// compares the role name: a session ARN carries no path); anything else
// must be equal. Principal values take no partial wildcards.
func (p Principal) matchesAWS(v string) bool {
	if v == "*" {
		return p.Type == "AWS" || p.Type == ""
	}
	if p.Type != "AWS" {
		return false
	}
	if isAccountID(v) {
		return p.Account() == v
	}
	f := splitARN(v)
	if len(f) != 6 {
		return v == p.ID
	}
	if f[2] == "iam" && f[5] == "root" {
		return p.Account() == f[4]
	}
	if v == p.ID {
		return true
	}
	if f[2] == "iam" && strings.HasPrefix(f[5], "role/") {
		part, acct, role, ok := sessionRole(p.ID)
		return ok && part == f[1] && acct == f[4] && f[5][strings.LastIndexByte(f[5], '/')+1:] == role
	}
	return false
}

// matches reports whether the policy value v under the principal type
// names the caller.
func (p Principal) matches(typ, v string) bool {
	switch typ {
	case "AWS":
		return p.matchesAWS(v)
	case "Service":
		return p.Type == "Service" && strings.EqualFold(v, p.ID)
	case "Federated":
		return p.Type == "Federated" && v == p.ID
	case "CanonicalUser":
		return p.Type == "CanonicalUser" && v == p.ID
	}
	return false
}

// listedAtEveryLevel reports whether the AWS principal values name each
// identity AWS checks for the caller in turn: its account, then the user or
// role (by name, as in Principal), then the role session, which only its
// own ARN names: AWS's example lists a session with its role and account so
// that the role's other sessions are denied.
func (p Principal) listedAtEveryLevel(values []string) bool {
	account := p.Account()
	isAccount := func(v string) bool {
		f := splitARN(v)
		return isAccountID(v) || len(f) == 6 && f[2] == "iam" && f[5] == "root"
	}
	namesIdentity := func(v string) bool { return !isAccount(v) && p.matchesAWS(v) }
	var levels []func(v string) bool
	if account != "" {
		levels = append(levels, func(v string) bool { return isAccount(v) && p.matchesAWS(v) })
	}
	if p.RoleARN() != "" {
		levels = append(levels, func(v string) bool {
			f := splitARN(v)
			return len(f) == 6 && f[2] == "iam" && strings.HasPrefix(f[5], "role/") && namesIdentity(v)
		})
	}
	if !isAccount(p.ID) {
		levels = append(levels, func(v string) bool { return v == p.ID })
	}
	for _, named := range levels {
		listed := false
		for _, v := range values {
			if v == "*" || named(v) {
				listed = true
				break
			}
		}
		if !listed {
			return false
		}
	}
	return true
}
