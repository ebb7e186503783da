package catalog

// globFold reports whether s matches the IAM wildcard pattern p, ignoring
// ASCII case: '*' matches any run of characters (also none) and '?'
// exactly one. It walks both strings once, remembering the last '*' to
// retry from when a literal fails, so it never backtracks further than
// that one star.
func globFold(p, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi] == '?' || lowerByte(p[pi]) == lowerByte(s[si])):
			pi++
			si++
		case star >= 0:
			mark++
			pi, si = star+1, mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// hasWildcard reports whether s holds '*' or '?'.
func hasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			return true
		}
	}
	return false
}

// literalPrefix returns the part of p before its first wildcard.
func literalPrefix(p string) string {
	for i := 0; i < len(p); i++ {
		if p[i] == '*' || p[i] == '?' {
			return p[:i]
		}
	}
	return p
}

// WildcardMatch reports whether s matches the IAM wildcard pattern, ignoring
// ASCII case as AWS does for action names: '*' matches any run of
// characters (also none) and '?' exactly one.
func WildcardMatch(pattern, s string) bool { return globFold(pattern, s) }

// HasWildcard reports whether s holds an IAM wildcard ('*' or '?').
func HasWildcard(s string) bool { return hasWildcard(s) }
