package catalog

// AWS treats action names, service prefixes and condition key names
// case-insensitively, and all of them are ASCII. These helpers fold ASCII
// letters only and avoid allocating on the lookup paths.

// lower returns s with ASCII letters lowercased; it returns s itself when
// nothing changes.
func lower(s string) string {
	if !hasUpper(s) {
		return s
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = lowerByte(s[i])
	}
	return string(b)
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// getFold looks key up in m, whose keys are lowercase, without allocating
// for keys up to 128 bytes.
func getFold[V any](m map[string]V, key string) (V, bool) {
	if !hasUpper(key) {
		v, ok := m[key]
		return v, ok
	}
	var buf [128]byte
	var b []byte
	if len(key) <= len(buf) {
		b = buf[:len(key)]
	} else {
		b = make([]byte, len(key))
	}
	for i := 0; i < len(key); i++ {
		b[i] = lowerByte(key[i])
	}
	v, ok := m[string(b)]
	return v, ok
}

// equalFold compares ASCII strings ignoring case.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

// indexFold returns the first index at or after from where sub occurs in
// s ignoring ASCII case, or -1.
func indexFold(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if equalFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// compareLower compares a lowercase string with t lowercased, like
// strings.Compare, without building the lowercase copy of t.
func compareLower(lowerS, t string) int {
	for i := 0; i < len(lowerS) && i < len(t); i++ {
		a, b := lowerS[i], lowerByte(t[i])
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(lowerS) < len(t):
		return -1
	case len(lowerS) > len(t):
		return 1
	}
	return 0
}
