package policy

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// checkPolicy runs the policy-level rules, then each statement's.
func (a *analyzer) checkPolicy(p *Policy) {
	root := p.Root
	rootBrace := [2]int{root.Start(), root.Start() + 1}

	a.checkVersion(p, rootBrace)
	if p.ID != nil {
		a.expectString(p.ID)
	}

	switch v := p.Statement.Value(); {
	case p.Statement == nil:
		if !a.misspeltStatement {
			a.report(RuleNoStatement, rootBrace[0], rootBrace[1], `the policy has no "Statement": add at least one statement`)
		}
	case v == nil:
		// `"Statement":` without a value is a syntax error, reported already.
	case v.Kind() == jsonsyntax.Array:
		if len(v.Children()) == 0 {
			a.report(RuleEmptyStatement, v.Start(), v.End(), `"Statement" is empty: a policy needs at least one statement`)
		}
		for _, el := range v.Children() {
			if el.Kind() != jsonsyntax.Object {
				a.wrongType(el, "a statement must be an object, not "+describe(el))
			}
		}
	case v.Kind() != jsonsyntax.Object:
		a.wrongType(v, `"Statement" must be an object or an array of objects, not `+describe(v))
	}

	sids := map[string]bool{}
	for _, s := range p.Statements {
		a.checkStatement(s)
		if sid := s.Sid.Value(); sid != nil && sid.Kind() == jsonsyntax.String && sid.Text() != "" {
			if sids[sid.Text()] {
				sev := ruleIndex[RuleDuplicateSid].Severity
				msg := "Sid " + quote(sid.Text()) + " is already used by another statement"
				if a.kind == KindIAMIdentity {
					// IAM refuses identity policies with repeated Sids.
					sev = SeverityError
					msg += "; IAM requires unique Sids in identity policies"
				}
				a.reportAs(RuleDuplicateSid, sev, sid.Start(), sid.End(), msg)
			}
			sids[sid.Text()] = true
		}
	}
	a.checkKindRules(p)
	a.checkSize(rootBrace)
}

// checkVersion checks that Version is present and known, and that policy
// variables are not used where they would be read as literal text.
func (a *analyzer) checkVersion(p *Policy, rootBrace [2]int) {
	version := ""
	if p.Version == nil {
		a.report(RuleNoVersion, rootBrace[0], rootBrace[1], `the policy has no "Version": add "Version": "2012-10-17" (without it, policy variables are not substituted)`)
		// Safe unless the document uses policy variables: 2012-10-17
		// substitutes them where the implied 2008-10-17 compared them as
		// text, which changes what the policy matches.
		// For the same reason it is then not preferred either.
		safe := !bytes.Contains(a.src, []byte("${"))
		a.attach(Fix{Title: `Add "Version": "2012-10-17"`, Preferred: safe, Safe: safe, Edits: []Edit{insertFirstProperty(a.src, p.Root, `"Version": "2012-10-17"`)}})
	} else if v := a.expectString(p.Version); v != nil {
		version = v.Text()
		if version != "2012-10-17" && version != "2008-10-17" {
			if a.kind == KindSESIdentity {
				a.reportAs(RuleBadVersion, SeverityWarning, v.Start(), v.End(), "Version "+quote(version)+" is not an IAM policy language version; SES accepts any string, but use \"2012-10-17\"")
			} else {
				a.report(RuleBadVersion, v.Start(), v.End(), "Version "+quote(version)+" is not valid: use \"2012-10-17\" (or the obsolete \"2008-10-17\")")
			}
		}
	}
	if version == "2012-10-17" {
		return
	}
	for _, s := range p.Statements {
		for _, el := range []*Element{s.Resource, s.NotResource, s.Condition} {
			eachString(el.Value(), func(str *jsonsyntax.Node) {
				if variable := firstPolicyVariable(str.Text()); variable != "" {
					what := `without "Version": "2012-10-17"`
					if version != "" {
						what = "with Version " + quote(version)
					}
					a.report(RuleOldVariables, str.Start(), str.End(), "policy variable "+variable+" is read as literal text "+what+`: set "Version": "2012-10-17"`)
				}
			})
		}
	}
}

// firstPolicyVariable returns the first ${...} of s that IAM would read as a
// policy variable: a key holding a colon (${aws:username}) or one of ${*},
// ${?} and ${$}. A template's Fn::Sub names (${AWS.Region}, ${Bucket}) are
// filled in before IAM reads the policy; an unclosed "${" is kept.
func firstPolicyVariable(s string) string {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return s[i:]
		}
		variable := s[i : i+j+1]
		name, _, _ := strings.Cut(variable[2:len(variable)-1], ",")
		name = strings.TrimSpace(name)
		if strings.Contains(name, ":") || name == "*" || name == "?" || name == "$" {
			return variable
		}
		s = s[i+j+1:]
	}
}

// eachString calls fn for every string inside n (n itself, array elements,
// object values), depth first.
func eachString(n *jsonsyntax.Node, fn func(*jsonsyntax.Node)) {
	if n == nil {
		return
	}
	switch n.Kind() {
	case jsonsyntax.String:
		fn(n)
	case jsonsyntax.Array:
		for _, c := range n.Children() {
			eachString(c, fn)
		}
	case jsonsyntax.Object:
		for _, prop := range n.Children() {
			eachString(prop.Value(), fn)
		}
	}
}

// expectString reports an element whose value is not a string and returns
// the value when it is one.
func (a *analyzer) expectString(e *Element) *jsonsyntax.Node {
	v := e.Value()
	if v == nil {
		return nil
	}
	if v.Kind() != jsonsyntax.String {
		a.wrongType(v, quote(e.Name)+" must be a string, not "+describe(v))
		return nil
	}
	if !v.Closed() {
		return nil // an unclosed string is reported as a syntax error; its text is unreliable
	}
	return v
}

// wrongType reports a value of the wrong JSON type, unless the value is not
// JSON at all (a syntax error, reported already) or a host's expression
// (a Hole: its value is known only when the host deploys it).
func (a *analyzer) wrongType(v *jsonsyntax.Node, msg string) {
	if v.Kind() != jsonsyntax.Invalid && v.Kind() != jsonsyntax.Hole {
		a.report(RuleWrongType, v.Start(), v.End(), msg)
	}
}

// checkSize applies the size quota of the policy kind. IAM counts characters
// without whitespace; SES counts the bytes of the document it receives.
func (a *analyzer) checkSize(at [2]int) {
	limit := map[Kind]int{KindIAMIdentity: 6144, KindTrust: 2048, KindSESIdentity: 4096}[a.kind]
	// The compact size never exceeds the raw size, so a document within the
	// limit as written (nearly all) needs no count.
	if limit == 0 || len(a.body) <= limit {
		return
	}
	chars, bytes := compactSize(a.body)
	switch a.kind {
	case KindIAMIdentity:
		if chars > 6144 {
			a.report(RuleIAMSize, at[0], at[1], "the policy is "+thousands(chars)+" characters without whitespace; managed policies are limited to 6,144: split it into several policies")
		}
	case KindTrust:
		if chars > 2048 {
			a.report(RuleTrustSize, at[0], at[1], "the trust policy is "+thousands(chars)+" characters without whitespace; the default quota is 2,048 (it can be raised with the IAM service quota \"Role trust policy length\", L-C07B4B0D)")
		}
	case KindSESIdentity:
		if bytes > 4096 {
			a.report(RuleSESSize, at[0], at[1], "the policy is "+thousands(bytes)+" bytes even without whitespace; SES identity policies are limited to 4 KB (4,096 bytes): split it into several policies (up to 20 per identity)")
		} else if len(a.body) > 4096 && len(a.body) == len(a.src) {
			// Only a policy file is uploaded as written; a template's
			// policy is serialised again on deployment.
			a.report(RuleSESSizeAsIs, at[0], at[1], "the policy is "+thousands(len(a.body))+" bytes as written; SES identity policies are limited to 4 KB (4,096 bytes): it fits when minified ("+thousands(bytes)+" bytes), so remove the whitespace before uploading")
		}
	}
}

// compactSize counts the characters and bytes of src outside insignificant
// whitespace (whitespace inside strings counts).
func compactSize(src []byte) (chars, bytes int) {
	inString, escaped := false, false
	for _, c := range src {
		if !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			continue
		}
		bytes++
		if c&0xC0 != 0x80 {
			chars++
		}
		switch {
		case escaped:
			escaped = false
		case c == '\\' && inString:
			escaped = true
		case c == '"':
			inString = !inString
		case c == '\n' || c == '\r':
			inString = false // an unclosed string ends at its line
		}
	}
	return chars, bytes
}

// thousands formats n with comma separators, as AWS's quotas are written.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
