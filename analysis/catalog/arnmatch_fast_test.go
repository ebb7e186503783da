package catalog

import (
	"math/rand/v2"
	"testing"
)

// TestFastPathsAgreeWithSearch: the shortcuts in intersects (literal prefix
// and suffix, glob matching when one side is plain text) must give the same
// answer as the general search on every input.
func TestFastPathsAgreeWithSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab/")
	randomElems := func(literalOnly bool) []elem {
		n := rng.IntN(7)
		var es []elem
		for range n {
			switch r := rng.IntN(6); {
			case !literalOnly && r == 0:
				es = append(es, elem{kind: starElem, noSlash: rng.IntN(2) == 0})
			case !literalOnly && r == 1:
				es = append(es, elem{kind: oneElem, noSlash: rng.IntN(2) == 0})
			default:
				es = append(es, elem{kind: litElem, c: alphabet[rng.IntN(len(alphabet))]})
			}
		}
		return es
	}
	for i := range 200_000 {
		f, p := randomElems(false), randomElems(i%2 == 0)
		if i%4 == 1 {
			f, p = randomElems(true), randomElems(false)
		}
		if got, want := intersects(f, p), reachable(f, p); got != want {
			t.Fatalf("intersects(%v, %v) = %v, the search says %v", f, p, got, want)
		}
	}
}
