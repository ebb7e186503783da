package catalog

import "sort"

// suggest returns up to n candidates close to query, best first: an exact
// match ignoring case, then by edit distance (ties in name order). Only
// candidates within a distance that grows with the query's length count,
// so a short typo does not suggest unrelated names.
func suggest(query string, candidates []string, n int) []string {
	if n <= 0 || query == "" {
		return nil
	}
	limit := len(query) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 4 {
		limit = 4
	}
	type scored struct {
		name string
		dist int
	}
	var hits []scored
	var rows editRows
	for _, cand := range candidates {
		if abs(len(cand)-len(query)) > limit {
			continue
		}
		if d := distance(query, cand, limit, &rows); d <= limit {
			hits = append(hits, scored{cand, d})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].dist != hits[j].dist {
			return hits[i].dist < hits[j].dist
		}
		return hits[i].name < hits[j].name
	})
	if len(hits) > n {
		hits = hits[:n]
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.name
	}
	return out
}

// distance is the edit distance between a and b ignoring ASCII case,
// counting an insertion, deletion, substitution or swap of two neighbours
// as one edit. It stops early and returns limit+1 once every path is over
// limit. sc holds the three rows it needs, reused between calls.
func distance(a, b string, limit int, sc *editRows) int {
	n := len(b) + 1
	prev2, prev, cur := grow(sc[0], n), grow(sc[1], n), grow(sc[2], n)
	defer func() { sc[0], sc[1], sc[2] = prev2, prev, cur }()
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if lowerByte(a[i-1]) == lowerByte(b[j-1]) {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && lowerByte(a[i-1]) == lowerByte(b[j-2]) && lowerByte(a[i-2]) == lowerByte(b[j-1]) {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// editRows is scratch space for distance.
type editRows [3][]int

func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
