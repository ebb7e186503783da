package policy

// Rule describes one check: its stable ID, default severity, the kinds it
// applies to (nil means every kind) and a one-line summary for docs, SARIF and
// hover. IDs never change meaning once released.
type Rule struct {
	ID       string
	Severity Severity
	Kinds    []Kind
	Summary  string
}

// The rule IDs. JSON rules are about the document's syntax, POL rules about
// the policy grammar shared by every kind, and IAM, SES and TRUST rules about
// one kind each.
const (
	RuleSyntax         = "JSON001"
	RuleDuplicateKey   = "JSON002"
	RuleComment        = "JSON003"
	RuleTrailingComma  = "JSON004"
	RuleTooDeep        = "JSON005"
	RuleTooLarge       = "JSON006"
	RuleUnknownElement = "POL001"
	RuleWrongType      = "POL002"
	RuleNoVersion      = "POL003"
	RuleBadVersion     = "POL004"
	RuleOldVariables   = "POL005"
	RuleNoStatement    = "POL006"
	RuleEmptyStatement = "POL007"
	RuleNoEffect       = "POL008"
	RuleBadEffect      = "POL009"
	RuleNoAction       = "POL010"
	RuleNoResource     = "POL011"
	RuleNoPrincipal    = "POL012"
	RuleExclusivePair  = "POL013"
	RuleDuplicateSid   = "POL014"
	RuleIAMSize        = "IAM001"
	RuleIAMSid         = "IAM002"
	RuleIAMPrincipal   = "IAM003"
	RuleSESSize        = "SES001"
	RuleSESSizeAsIs    = "SES002"
	RuleTrustSize      = "TRUST001"
	RuleTrustResource  = "TRUST002"
	RuleTrustNotPrinc  = "TRUST003"
)

var (
	onlyIAM   = []Kind{KindIAMIdentity}
	onlySES   = []Kind{KindSESIdentity}
	onlyTrust = []Kind{KindTrust}
)

// rules is the catalogue of every rule, in documentation order.
var rules = []Rule{
	{RuleSyntax, SeverityError, nil, "JSON syntax error"},
	{RuleDuplicateKey, SeverityError, nil, "A key appears twice in one object"},
	{RuleComment, SeverityError, nil, "Comments are not allowed in policy JSON"},
	{RuleTrailingComma, SeverityError, nil, "Trailing commas are not allowed in policy JSON"},
	{RuleTooDeep, SeverityError, nil, "Nesting is too deep to analyse"},
	{RuleTooLarge, SeverityError, nil, "Document is too large to analyse"},
	{RuleUnknownElement, SeverityError, nil, "Unknown policy element (with a suggestion for wrong case or spelling)"},
	{RuleWrongType, SeverityError, nil, "Policy element has the wrong JSON type"},
	{RuleNoVersion, SeverityWarning, nil, "Version is missing"},
	{RuleBadVersion, SeverityError, nil, "Version is not 2012-10-17 or 2008-10-17"},
	{RuleOldVariables, SeverityWarning, nil, "Policy variables need Version 2012-10-17"},
	{RuleNoStatement, SeverityError, nil, "Statement is missing"},
	{RuleEmptyStatement, SeverityError, nil, "Statement is empty"},
	{RuleNoEffect, SeverityError, nil, "Effect is missing"},
	{RuleBadEffect, SeverityError, nil, "Effect is not exactly Allow or Deny"},
	{RuleNoAction, SeverityError, nil, "Action or NotAction is missing"},
	{RuleNoResource, SeverityError, []Kind{KindIAMIdentity, KindSESIdentity, KindUnknown}, "Resource or NotResource is missing"},
	{RuleNoPrincipal, SeverityError, []Kind{KindSESIdentity, KindTrust}, "Principal is missing"},
	{RuleExclusivePair, SeverityError, nil, "An element and its Not form appear in one statement"},
	{RuleDuplicateSid, SeverityWarning, nil, "Two statements share a Sid"},
	{RuleIAMSize, SeverityError, onlyIAM, "Identity policy exceeds 6,144 characters"},
	{RuleIAMSid, SeverityError, onlyIAM, "Sid has characters other than letters and digits"},
	{RuleIAMPrincipal, SeverityError, onlyIAM, "Principal or NotPrincipal in an identity-based policy"},
	{RuleSESSize, SeverityError, onlySES, "SES identity policy exceeds 4 KB"},
	{RuleSESSizeAsIs, SeverityWarning, onlySES, "SES identity policy exceeds 4 KB as written (fits when minified)"},
	{RuleTrustSize, SeverityWarning, onlyTrust, "Trust policy exceeds the default 2,048-character quota"},
	{RuleTrustResource, SeverityError, onlyTrust, "Resource or NotResource in a trust policy"},
	{RuleTrustNotPrinc, SeverityError, onlyTrust, "NotPrincipal in a trust policy"},
}

var ruleIndex = func() map[string]*Rule {
	m := make(map[string]*Rule, len(rules))
	for i := range rules {
		m[rules[i].ID] = &rules[i]
	}
	return m
}()

// Rules returns every rule in documentation order. The slice is shared:
// callers must not modify it.
func Rules() []Rule { return rules }

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	r, ok := ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return *r, true
}
