package eval

import "strings"

// Patterns: a policy value after variable substitution is a list of tokens.
// Text that came from a variable (or ${*}, ${?}, ${$}) is always literal;
// '*' and '?' written in the policy are wildcards only where the element or
// operator supports them (Action, Resource, StringLike, ArnLike...).

type tokKind uint8

const (
	tokLit  tokKind = iota // one literal byte
	tokOne                 // '?': exactly one character
	tokStar                // '*': any run of characters, also none
)

type tok struct {
	kind tokKind
	c    byte
}

// pattern is a compiled policy value.
type pattern []tok

// literalPattern makes every byte of s literal.
func literalPattern(s string) pattern {
	p := make(pattern, len(s))
	for i := 0; i < len(s); i++ {
		p[i] = tok{kind: tokLit, c: s[i]}
	}
	return p
}

// appendText appends s, with '*' and '?' as wildcards when wild is set.
func appendText(p pattern, s string, wild bool) pattern {
	for i := 0; i < len(s); i++ {
		switch {
		case wild && s[i] == '*':
			p = append(p, tok{kind: tokStar})
		case wild && s[i] == '?':
			p = append(p, tok{kind: tokOne})
		default:
			p = append(p, tok{kind: tokLit, c: s[i]})
		}
	}
	return p
}

// match reports whether s matches p; fold ignores ASCII case. A '?' matches
// one byte of s, or one whole UTF-8 character when s holds one there.
func (p pattern) match(s string, fold bool) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi].kind == tokStar:
			star, mark = pi, si
			pi++
		case pi < len(p) && p[pi].kind == tokOne:
			pi++
			si += runeLen(s[si:])
		case pi < len(p) && sameByte(p[pi].c, s[si], fold):
			pi++
			si++
		case star >= 0:
			mark++
			pi, si = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi].kind == tokStar {
		pi++
	}
	return pi == len(p)
}

func runeLen(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

func sameByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	return fold && lower(a) == lower(b)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// String renders the pattern back as policy text (literal wildcards lose
// their escape); for messages only.
func (p pattern) String() string {
	var b strings.Builder
	for _, t := range p {
		switch t.kind {
		case tokStar:
			b.WriteByte('*')
		case tokOne:
			b.WriteByte('?')
		default:
			b.WriteByte(t.c)
		}
	}
	return b.String()
}

// splitPattern cuts a pattern into ARN fields at its first five literal
// colons (a colon that came from a variable counts too: AWS substitutes
// before matching).
func splitPattern(p pattern) []pattern {
	var out []pattern
	start := 0
	for i, t := range p {
		if len(out) == 5 {
			break
		}
		if t.kind == tokLit && t.c == ':' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return append(out, p[start:])
}

// splitARN cuts an ARN into its fields at the first five colons; the
// resource part keeps any further colons.
func splitARN(s string) []string { return strings.SplitN(s, ":", 6) }

// matchARN matches an ARN against an ARN pattern field by field, case-
// sensitively, so that a '*' in one field never swallows a colon of the
// next. A pattern with fewer than six fields ("*", "arn:aws:s3:::*" has six)
// is matched against the whole ARN.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
func matchARN(p pattern, arn string) bool {
	fields := splitPattern(p)
	if len(fields) < 6 {
		return p.match(arn, false)
	}
	parts := splitARN(arn)
	if len(parts) < 6 {
		return false
	}
	for i := range fields {
		if !fields[i].match(parts[i], false) {
			return false
		}
	}
	return true
}
