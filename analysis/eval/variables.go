package eval

import "strings"

// Policy variables: ${key} is replaced by the request's value of the
// context key, ${key, 'default'} falls back to the default, and ${*}, ${?},
// ${$} stand for the literal characters. AWS substitutes only in policies
// with Version 2012-10-17; in older ones "${...}" is plain text.
// A key that is missing (or multivalued) and has no default leaves the
// value unresolved: it matches nothing.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

// compile turns a policy value into a pattern, substituting variables when
// vars is set. wild says whether '*' and '?' written in the value are
// wildcards. ok is false when a variable could not be resolved; missing
// names it.
func compile(s string, wild, vars bool, ctx Context) (p pattern, missing string, ok bool) {
	if !vars || !strings.Contains(s, "${") {
		return appendText(make(pattern, 0, len(s)), s, wild), "", true
	}
	p = make(pattern, 0, len(s))
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return appendText(p, s, wild), "", true
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return appendText(p, s, wild), "", true
		}
		p = appendText(p, s[:i], wild)
		inner := s[i+2 : i+end]
		s = s[i+end+1:]
		value, found := resolve(inner, ctx)
		if !found {
			return nil, strings.TrimSpace(strings.SplitN(inner, ",", 2)[0]), false
		}
		p = appendText(p, value, false)
	}
}

// resolve returns the text a variable stands for.
func resolve(inner string, ctx Context) (string, bool) {
	switch inner {
	case "*", "?", "$":
		return inner, true
	}
	key, def, hasDefault := strings.Cut(inner, ",")
	key = strings.TrimSpace(key)
	if vals, ok := ctx.Get(key); ok && len(vals) == 1 {
		return vals[0], true
	}
	if hasDefault {
		def = strings.TrimSpace(def)
		if len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\'' {
			return def[1 : len(def)-1], true
		}
	}
	return "", false
}
