// Package text maps byte offsets in a document to editor positions and back.
//
// Analysis works on byte offsets into the UTF-8 source. Editors speaking LSP
// 3.16 count lines from 0 and characters in UTF-16 code units, so a character
// outside the Basic Multilingual Plane (an emoji) is two units, while Japanese
// text is one unit per character but three bytes. This package is the only
// place in policyls where that conversion happens.
//
// An Index records where every line starts, once, in one pass over the source.
// After that, converting in either direction costs a binary search for the
// line and a walk over that one line; the document is never rescanned.
//
// Line breaks follow LSP: "\n", "\r\n" and a lone "\r" each end a line. A line
// break is not part of the line's characters.
//
// Invalid UTF-8 is counted byte by byte: each byte that does not start a valid
// sequence is one code unit, as if it had been replaced by U+FFFD.
//
// Out-of-range input is clamped to the nearest valid place, never to the start
// of the document:
//   - an offset below 0 is the start of the document, past the end is the end;
//   - a line below 0 is the start of the document, past the last line the end;
//   - a character below 0 is the start of its line, past the end of the line
//     the end of that line (before its line break);
//   - a character inside a surrogate pair is the start of that rune, and an
//     offset inside a multi-byte rune (or between "\r" and "\n") maps to the
//     position where that rune (or line break) starts.
package text

import (
	"sort"
	"unicode/utf8"
)

// Position is a place in a document as LSP counts it: Line and Character are
// 0-based and Character counts UTF-16 code units from the start of the line.
type Position struct {
	Line      int
	Character int
}

// Index converts between byte offsets and Positions for one source text. It is
// immutable after NewIndex and safe for concurrent use.
type Index struct {
	src []byte
	// starts holds the byte offset at which each line begins; starts[0] is 0.
	starts []int
}

// NewIndex records the line starts of src. The Index keeps src, which must not
// be modified afterwards.
func NewIndex(src []byte) *Index {
	starts := make([]int, 1, 1+len(src)/32)
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &Index{src: src, starts: starts}
}

// LineCount returns the number of lines. An empty document has one line, and a
// document ending in a line break has an empty last line after it.
func (ix *Index) LineCount() int {
	return len(ix.starts)
}

// Len returns the length of the source in bytes.
func (ix *Index) Len() int {
	return len(ix.src)
}

// lineEnd returns the byte offset where line's content ends, before its line
// break. line must be valid.
func (ix *Index) lineEnd(line int) int {
	if line+1 >= len(ix.starts) {
		return len(ix.src)
	}
	end := ix.starts[line+1] - 1 // the last byte of the break
	if ix.src[end] == '\n' && end > ix.starts[line] && ix.src[end-1] == '\r' {
		end--
	}
	return end
}

// lineOf returns the line that contains offset, which must be in
// [0, len(src)].
func (ix *Index) lineOf(offset int) int {
	// The first line starting after offset, minus one.
	return sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > offset }) - 1
}

// Position returns the Position of a byte offset. Offsets outside the source
// are clamped to its start or end; an offset inside a multi-byte rune or a
// line break maps to where that rune or line break starts.
func (ix *Index) Position(offset int) Position {
	offset = min(max(offset, 0), len(ix.src))
	line := ix.lineOf(offset)
	start := ix.starts[line]
	stop := min(offset, ix.lineEnd(line))
	units := 0
	for i := start; i < stop; {
		r, size := utf8.DecodeRune(ix.src[i:])
		if i+size > stop {
			break // offset points inside this rune
		}
		units += unitsOf(r)
		i += size
	}
	return Position{Line: line, Character: units}
}

// Offset returns the byte offset of a Position, clamped as described in the
// package documentation. The result is always in [0, Len()].
func (ix *Index) Offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(ix.starts) {
		return len(ix.src)
	}
	i := ix.starts[p.Line]
	end := ix.lineEnd(p.Line)
	for units := 0; i < end; {
		r, size := utf8.DecodeRune(ix.src[i:end])
		units += unitsOf(r)
		if units > p.Character {
			break // the wanted character is inside this rune, or before it
		}
		i += size
	}
	return i
}

// LineColumn returns the 1-based line and 1-based column of a byte offset, the
// column counted in UTF-16 code units as editors do. It is meant for
// command-line output such as "file:line:col".
func (ix *Index) LineColumn(offset int) (line, column int) {
	p := ix.Position(offset)
	return p.Line + 1, p.Character + 1
}

// unitsOf returns how many UTF-16 code units encode r. An invalid byte
// (utf8.RuneError) is one unit, like the U+FFFD that replaces it.
func unitsOf(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
