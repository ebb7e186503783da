package jsonsyntax

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// layout writes out everything a Document holds, its nodes and children
// by index, so two documents compare field by field.
func layout(t *testing.T, doc *Document) string {
	t.Helper()
	var b strings.Builder
	index := func(n *Node) int {
		for i := range doc.nodes {
			if &doc.nodes[i] == n {
				return i
			}
		}
		t.Fatalf("a node outside the document's nodes")
		return -1
	}
	for i := range doc.nodes {
		n := doc.nodes[i]
		if n.doc != doc {
			t.Fatalf("node %d belongs to another document", i)
		}
		n.doc = nil
		fmt.Fprintf(&b, "node %d %+v\n", i, n)
	}
	for i, c := range doc.children {
		fmt.Fprintf(&b, "slot %d: %d\n", i, index(c))
	}
	if doc.Root != nil {
		fmt.Fprintf(&b, "root %d slot %d\n", index(doc.Root), doc.rootSlot)
	}
	fmt.Fprintf(&b, "decoded %q errors %v source %d\n", doc.decoded, doc.Errors, len(doc.Source))
	return b.String()
}

// randomValue is a tree of n-ish values with ranges in src, some texts
// equal to their source and some not, and now and then a key without a
// value or a kind a front end should not send.
func randomValue(rng *rand.Rand, src string, depth int) Value {
	start := rng.IntN(len(src) - 10)
	end := start + rng.IntN(10)
	kinds := []Kind{Object, Array, String, Number, Bool, Null, Invalid, Hole, Property, Kind(99)}
	kind := kinds[rng.IntN(len(kinds))]
	if depth > 4 && (kind == Object || kind == Array) {
		kind = String
	}
	v := Value{Kind: kind, Start: start, End: end}
	switch kind {
	case Object:
		for range rng.IntN(4) {
			k := randomValue(rng, src, 99)
			k.Kind = String
			k.Text = src[k.Start:k.End]
			m := Member{Key: k, Colon: k.End + rng.IntN(3) - 1}
			if rng.IntN(6) > 0 {
				val := randomValue(rng, src, depth+1)
				m.Value = &val
			}
			v.Members = append(v.Members, m)
		}
	case Array:
		for range rng.IntN(4) {
			v.Elements = append(v.Elements, randomValue(rng, src, depth+1))
		}
	default:
		switch rng.IntN(3) {
		case 0:
			v.Text = src[start:end]
		case 1:
			v.Text = fmt.Sprint("decoded", rng.IntN(100))
		}
	}
	return v
}

// TestWriterWritesWhatBuildBuilds: a tree written whole as a Value, or
// with its objects and arrays opened and closed by hand down to some depth
// (as the fast YAML reader writes them), makes the Document Build makes of
// it, field by field; one Writer writes document after document.
func TestWriterWritesWhatBuildBuilds(t *testing.T) {
	src := strings.Repeat(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]} `, 8)
	rng := rand.New(rand.NewPCG(1, 2))
	w := NewWriter(src)
	var byHand func(v *Value, depth int)
	byHand = func(v *Value, depth int) {
		switch {
		case depth > 1 && rng.IntN(2) == 0:
			w.Value(v)
		case v.Kind == Object:
			w.OpenObject(v.Start)
			for i := range v.Members {
				m := &v.Members[i]
				w.Key(&m.Key, m.Colon)
				if m.Value == nil {
					t.Fatal("by hand, a key is always followed by its value")
				}
				byHand(m.Value, depth+1)
			}
			w.Close(v.End)
		case v.Kind == Array:
			w.OpenArray(v.Start)
			for i := range v.Elements {
				byHand(&v.Elements[i], depth+1)
			}
			w.Close(v.End)
		default:
			w.Value(v)
		}
	}
	for i := range 300 {
		root := randomValue(rng, src, 0)
		want := layout(t, Build(src, &root))
		w.Begin()
		w.Value(&root)
		if got := layout(t, w.Document()); got != want {
			t.Fatalf("tree %d written as a Value:\n%s\nBuild:\n%s", i, got, want)
		}
		dropEmptyKeys(&root)
		want = layout(t, Build(src, &root))
		w.Begin()
		byHand(&root, 0)
		if got := layout(t, w.Document()); got != want {
			t.Fatalf("tree %d written by hand:\n%s\nBuild:\n%s", i, got, want)
		}
	}
	// Documents larger than a block, and than the largest block, move
	// to blocks of their own; the next ones go after them.
	for _, n := range []int{300, 40000, 5, 1000} {
		root := Value{Kind: Array, Start: 0, End: len(src)}
		for i := range n {
			root.Elements = append(root.Elements, Value{Kind: Number, Start: i % 50, End: i%50 + 2, Text: "12"})
		}
		want := layout(t, Build(src, &root))
		w.Begin()
		w.Value(&root)
		if got := layout(t, w.Document()); got != want {
			t.Fatalf("an array of %d written differs from Build's", n)
		}
	}
	w.Begin()
	if doc := w.Document(); doc.Root != nil || len(doc.nodes) != 0 {
		t.Errorf("nothing written: %+v", doc)
	}
}

// dropEmptyKeys gives every key without a value one.
func dropEmptyKeys(v *Value) {
	for i := range v.Members {
		if v.Members[i].Value == nil {
			v.Members[i].Value = &Value{Kind: Null, Start: v.Members[i].Key.End, End: v.Members[i].Key.End + 1}
		}
		dropEmptyKeys(v.Members[i].Value)
	}
	for i := range v.Elements {
		dropEmptyKeys(&v.Elements[i])
	}
}
