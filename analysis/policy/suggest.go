package policy

import "strings"

// suggest returns the candidate the user most likely meant by name, or "".
// Wrong case wins outright ("action" → "Action"), then a stray plural
// ("Actions" → "Action"), then the closest spelling within a small edit
// distance, so unrelated words get no suggestion.
func suggest(name string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(name, c) {
			return c
		}
	}
	if trimmed := strings.TrimSuffix(strings.TrimSuffix(name, "s"), "S"); trimmed != name {
		for _, c := range candidates {
			if strings.EqualFold(trimmed, c) {
				return c
			}
		}
	}
	lower := strings.ToLower(name)
	best, bestDist := "", 3
	if len(name) <= 4 {
		bestDist = 2 // "Sd" → "Sid" yes, "foo" → "Id" no
	}
	for _, c := range candidates {
		if d := editDistance(lower, strings.ToLower(c), bestDist); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, or limit when it
// is at least limit (the computation stops early).
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

// Suggest is suggest for other packages (settings keys, rule IDs): the
// candidate name most likely stands for, or "", and whether it is the one
// reading, no other candidate being as close.
func Suggest(name string, candidates []string) (best string, unique bool) {
	best = suggest(name, candidates)
	if best == "" {
		return "", false
	}
	lower := strings.ToLower(name)
	d := editDistance(lower, strings.ToLower(best), 4)
	for _, c := range candidates {
		if c != best && editDistance(lower, strings.ToLower(c), d+1) <= d {
			return best, false
		}
	}
	return best, true
}
