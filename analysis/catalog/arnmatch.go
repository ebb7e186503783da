package catalog

import "strings"

// Matching a policy's Resource value against a resource type's ARN format.
//
// Both sides are patterns. A format such as
//
//	arn:${Partition}:ses:${Region}:${Account}:identity/${IdentityName}
//
// stands for every ARN with some non-empty text in place of each ${...}.
// A policy value such as
//
//	arn:aws:ses:*:123456789012:identity/${aws:username}
//
// stands for every ARN it would match at evaluation time: '*' is any run
// of characters (also none), '?' exactly one, and a policy variable could
// resolve to anything, so it counts as '*' (except ${*}, ${?} and ${$},
// which stand for the literal character). The question "could this value
// name a resource of this type?" is whether the two patterns have a
// string in common.
//
// Both are split into the six ARN fields at the first five colons (colons
// inside ${...} do not count) and compared field by field: AWS matches ARN
// fields separately, and this keeps a '*' in the region from swallowing the
// account. When the policy value has fewer than six fields (a trailing '*'
// standing for several), the whole strings are compared instead.
//
// Each field is a list of elements: a literal byte, "one byte" or "any
// run". A format variable is "one byte" followed by "any run" (non-empty).
// Whether two element lists share a string is a reachability question over
// pairs of positions (i in the format, j in the policy value): from (i, j)
// an "any run" may be skipped on either side, or both sides may consume one
// byte they can agree on. The lists share a string when the pair of ends is
// reachable; the search visits each pair at most once.
//
// Comparisons are case-sensitive, as AWS compares ARNs. One refinement
// keeps S3 honest: a variable that is the entire resource part of a format
// (arn:${Partition}:s3:::${BucketName}) does not match '/', so a bucket
// format does not claim object ARNs like "arn:aws:s3:::bucket/key". Other
// variables match '/' and ':' too; object keys, IAM paths and log-group
// names contain them, and flagging a valid ARN is worse than missing an
// odd one.

// elemKind is the kind of one pattern element.
type elemKind uint8

const (
	litElem  elemKind = iota // one literal byte
	oneElem                  // exactly one byte
	starElem                 // any run of bytes, also none
)

// elem is one element of a field pattern.
type elem struct {
	kind    elemKind
	c       byte // for litElem
	noSlash bool // oneElem/starElem that must not match '/'
}

// arnFormat is a parsed resource-type ARN format.
type arnFormat struct {
	fields [6][]elem
	ok     bool   // the format has six fields
	whole  []elem // the entire format, for policy values with fewer fields
}

// ARNPattern is a parsed policy Resource value, ready to be tested against
// many resource types (see ResourceType.Matches).
type ARNPattern struct {
	text    string
	raw     [6]string // the fields as written
	fields  [6][]elem
	nfields int    // fields found, at most 6 (the resource part keeps extra colons)
	whole   []elem // set when nfields < 6
	any     bool   // the value is "*"
}

// ParseARNPattern parses a policy Resource value such as
// "arn:aws:ses:us-east-1:123456789012:identity/*" or "*".
func ParseARNPattern(s string) ARNPattern {
	p := ARNPattern{text: s}
	if s == "*" {
		p.any = true
		return p
	}
	raw, n := splitARN(s)
	p.raw, p.nfields = raw, n
	if n < 6 {
		p.whole = policyElems(nil, s)
		return p
	}
	buf := make([]elem, 0, len(s))
	for i := 0; i < 6; i++ {
		start := len(buf)
		buf = policyElems(buf, raw[i])
		p.fields[i] = buf[start:len(buf):len(buf)]
	}
	return p
}

// String returns the value as written.
func (p ARNPattern) String() string { return p.text }

// Service returns the service field as written ("ses"), or "" when the
// value has no such field.
func (p ARNPattern) Service() string {
	if p.nfields < 3 {
		return ""
	}
	return p.raw[2]
}

// parseARNFormat parses a format from the dataset.
func parseARNFormat(f string) arnFormat {
	raw, n := splitARN(f)
	out := arnFormat{ok: n == 6}
	for i := 0; i < n; i++ {
		whole := i == 5 && isSingleVariable(raw[i])
		out.fields[i] = formatElems(nil, raw[i], whole)
		if i > 0 {
			out.whole = append(out.whole, elem{kind: litElem, c: ':'})
		}
		out.whole = formatElems(out.whole, raw[i], false)
	}
	return out
}

// matches reports whether the format and the policy value share an ARN.
func (f *arnFormat) matches(p *ARNPattern) bool {
	if p.any {
		return true
	}
	if p.nfields < 6 || !f.ok {
		whole := p.whole
		if whole == nil {
			whole = policyElems(nil, p.text)
		}
		return intersects(f.whole, whole)
	}
	for i := 0; i < 6; i++ {
		if !intersects(f.fields[i], p.fields[i]) {
			return false
		}
	}
	return true
}

// splitARN splits s at its first five colons outside ${...}.
func splitARN(s string) (fields [6]string, n int) {
	start, depth := 0, 0
	for i := 0; i < len(s) && n < 5; i++ {
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			fields[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	fields[n] = s[start:]
	return fields, n + 1
}

// isSingleVariable reports whether s is exactly one ${...}.
func isSingleVariable(s string) bool {
	return strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') == len(s)-1
}

// formatElems appends the elements of one format field: each ${...} is a
// non-empty run, everything else literal.
func formatElems(dst []elem, s string, noSlash bool) []elem {
	for i := 0; i < len(s); {
		if s[i] == '$' && i+1 < len(s) && s[i+1] == '{' {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				dst = append(dst, elem{kind: oneElem, noSlash: noSlash}, elem{kind: starElem, noSlash: noSlash})
				i += end + 1
				continue
			}
		}
		dst = append(dst, elem{kind: litElem, c: s[i]})
		i++
	}
	return dst
}

// policyElems appends the elements of a policy value: '*' any run, '?'
// one byte, ${*} ${?} ${$} literal, any other ${...} an any run.
func policyElems(dst []elem, s string) []elem {
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '*':
			dst = append(dst, elem{kind: starElem})
		case c == '?':
			dst = append(dst, elem{kind: oneElem})
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				dst = append(dst, elem{kind: litElem, c: c})
				break
			}
			switch inner := s[i+2 : i+end]; inner {
			case "*", "?", "$":
				dst = append(dst, elem{kind: litElem, c: inner[0]})
			default:
				dst = append(dst, elem{kind: starElem})
			}
			i += end + 1
			continue
		default:
			dst = append(dst, elem{kind: litElem, c: c})
		}
		i++
	}
	return dst
}

// agree reports whether two single-byte elements can match the same byte.
func agree(a, b elem) bool {
	switch {
	case a.kind == litElem && b.kind == litElem:
		return a.c == b.c
	case a.kind == litElem:
		return !(b.noSlash && a.c == '/')
	case b.kind == litElem:
		return !(a.noSlash && b.c == '/')
	}
	return true
}

// intersects reports whether the two element lists match a common string
// (see the comment at the top of the file).
func intersects(f, p []elem) bool {
	// Most pairs differ in a literal at the start or the end
	// ("configuration-set/..." against "identity/..."); settle those
	// without the search.
	for i := 0; i < len(f) && i < len(p) && f[i].kind == litElem && p[i].kind == litElem; i++ {
		if f[i].c != p[i].c {
			return false
		}
	}
	for i, j := len(f)-1, len(p)-1; i >= 0 && j >= 0 && f[i].kind == litElem && p[j].kind == litElem; i, j = i-1, j-1 {
		if f[i].c != p[j].c {
			return false
		}
	}
	// When one side is plain text, which is most policy values, the question
	// is ordinary glob matching of the other side against it.
	if allLiteral(p) && !refusesSlash(f) {
		return globElems(f, p)
	}
	if allLiteral(f) && !refusesSlash(p) {
		return globElems(p, f)
	}
	return reachable(f, p)
}

// reachable runs the general search: whether the pair of ends is reachable
// from the pair of starts (see the comment at the top of the file).
func reachable(f, p []elem) bool {
	w := len(p) + 1
	n := (len(f) + 1) * w
	var seenBuf [512]bool
	var seen []bool
	if n <= len(seenBuf) {
		seen = seenBuf[:n]
	} else {
		seen = make([]bool, n)
	}
	var stackBuf [64]int
	stack := append(stackBuf[:0], 0)
	push := func(i, j int) {
		if k := i*w + j; !seen[k] {
			seen[k] = true
			stack = append(stack, k)
		}
	}
	seen[0] = true
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := k/w, k%w
		if i == len(f) && j == len(p) {
			return true
		}
		if i < len(f) && f[i].kind == starElem {
			push(i+1, j)
		}
		if j < len(p) && p[j].kind == starElem {
			push(i, j+1)
		}
		if i < len(f) && j < len(p) && agree(f[i], p[j]) {
			ni, nj := i+1, j+1
			if f[i].kind == starElem {
				ni = i
			}
			if p[j].kind == starElem {
				nj = j
			}
			if ni != i || nj != j {
				push(ni, nj)
			}
		}
	}
	return false
}

// allLiteral reports whether every element is a literal byte.
func allLiteral(es []elem) bool {
	for _, e := range es {
		if e.kind != litElem {
			return false
		}
	}
	return true
}

// refusesSlash reports whether any element must not match '/'. Glob
// matching with one remembered star is only right when every star can match
// the same things, so such patterns go to the general search.
func refusesSlash(es []elem) bool {
	for _, e := range es {
		if e.noSlash {
			return true
		}
	}
	return false
}

// globElems matches the pattern (no element refusing '/') against text (all
// literal bytes): a star is any run, a one-element exactly one byte. Like a
// shell glob it remembers the last star to retry from.
func globElems(pattern, text []elem) bool {
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(text) {
		switch {
		case pi < len(pattern) && pattern[pi].kind == starElem:
			star, mark = pi, ti
			pi++
		case pi < len(pattern) && agree(pattern[pi], text[ti]):
			pi++
			ti++
		case star >= 0:
			mark++
			pi, ti = star+1, mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi].kind == starElem {
		pi++
	}
	return pi == len(pattern)
}
