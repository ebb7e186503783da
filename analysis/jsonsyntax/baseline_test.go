package jsonsyntax

import (
	"encoding/json"
	"testing"

	"github.com/buger/jsonparser"
)

// Baselines measured in the same run as BenchmarkParse4KB, so the ratio is
// meaningful on a noisy shared machine: encoding/json builds a generic tree
// (no positions, no recovery); jsonparser only walks the bytes (no tree).

func BenchmarkBaselineEncodingJSON4KB(b *testing.B) {
	src := policy4KB(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(src, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBaselineJSONParserWalk4KB(b *testing.B) {
	src := policy4KB(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var walk func(data []byte, t jsonparser.ValueType)
	walk = func(data []byte, t jsonparser.ValueType) {
		switch t {
		case jsonparser.Object:
			_ = jsonparser.ObjectEach(data, func(_ []byte, v []byte, vt jsonparser.ValueType, _ int) error {
				walk(v, vt)
				return nil
			})
		case jsonparser.Array:
			_, _ = jsonparser.ArrayEach(data, func(v []byte, vt jsonparser.ValueType, _ int, _ error) {
				walk(v, vt)
			})
		}
	}
	for b.Loop() {
		walk(src, jsonparser.Object)
	}
}

// BenchmarkBaselineTokenBoundaries4KB only finds where each token ends,
// building and checking nothing: no parser that looks at every byte can beat
// it, so Parse4KB's ratio to it is the figure to watch on a noisy machine.
func BenchmarkBaselineTokenBoundaries4KB(b *testing.B) {
	src := policy4KB(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		p := &parser{src: src}
		tokens := 0
		for {
			p.skipTrivia()
			if p.pos >= len(src) {
				break
			}
			switch src[p.pos] {
			case '"':
				i := p.pos + 1
				for i < len(src) && !stringStop[src[i]] {
					i++
				}
				p.pos = i + 1
			case '{', '}', '[', ']', ',', ':':
				p.pos++
			default:
				p.readBareWord()
			}
			tokens++
		}
		if tokens == 0 {
			b.Fatal("no tokens")
		}
	}
}
