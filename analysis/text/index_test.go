package text

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"
)

func TestLineCount(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", 1},
		{"a", 1},
		{"a\n", 2},
		{"a\nb", 2},
		{"a\r\nb", 2},
		{"a\rb", 2},
		{"\r\r\n\n", 4},
		{"\n\r", 3},
	}
	for _, tt := range tests {
		if got := NewIndex([]byte(tt.src)).LineCount(); got != tt.want {
			t.Errorf("LineCount(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

func TestPosition(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		offset int
		want   Position
	}{
		{"empty", "", 0, Position{0, 0}},
		{"start", "abc", 0, Position{0, 0}},
		{"middle", "abc", 2, Position{0, 2}},
		{"end", "abc", 3, Position{0, 3}},
		{"negative", "abc", -5, Position{0, 0}},
		{"past end", "a\nbc", 99, Position{1, 2}},
		{"after LF", "ab\ncd", 3, Position{1, 0}},
		{"at LF", "ab\ncd", 2, Position{0, 2}},
		{"at CR of CRLF", "ab\r\ncd", 2, Position{0, 2}},
		{"between CR and LF", "ab\r\ncd", 3, Position{0, 2}},
		{"after CRLF", "ab\r\ncd", 4, Position{1, 0}},
		{"lone CR", "ab\rcd", 4, Position{1, 1}},
		{"CR then LF is one break", "\r\n\n", 3, Position{2, 0}},
		{"LF then CR is two breaks", "\n\r", 2, Position{2, 0}},
		{"trailing break", "a\n", 2, Position{1, 0}},
		// "日本" is 3 bytes per rune, 1 unit each.
		{"japanese", "日本x", 6, Position{0, 2}},
		{"inside japanese rune", "日本x", 4, Position{0, 1}},
		// "😀" is 4 bytes, 2 units.
		{"emoji", "😀x", 4, Position{0, 2}},
		{"after emoji", "😀x", 5, Position{0, 3}},
		{"inside emoji", "😀x", 2, Position{0, 0}},
		{"emoji second line", "a\n😀😀b", 10, Position{1, 4}},
		{"invalid bytes", "\xff\xfex", 2, Position{0, 2}},
		{"truncated sequence", "\xe6\x97x", 2, Position{0, 2}},
		{"encoded replacement char", "\uFFFDx", 3, Position{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewIndex([]byte(tt.src)).Position(tt.offset); got != tt.want {
				t.Errorf("Position(%q, %d) = %v, want %v", tt.src, tt.offset, got, tt.want)
			}
		})
	}
}

func TestOffset(t *testing.T) {
	tests := []struct {
		name string
		src  string
		pos  Position
		want int
	}{
		{"empty", "", Position{0, 0}, 0},
		{"empty past end", "", Position{3, 3}, 0},
		{"start", "abc", Position{0, 0}, 0},
		{"middle", "abc", Position{0, 2}, 2},
		{"line end", "abc\ndef", Position{0, 3}, 3},
		{"character past line end", "abc\ndef", Position{0, 50}, 3},
		{"character past CRLF line end", "abc\r\ndef", Position{0, 50}, 3},
		{"character past lone CR line end", "abc\rdef", Position{0, 4}, 3},
		{"character past last line end", "abc\ndef", Position{1, 50}, 7},
		{"line past end", "abc\ndef", Position{7, 0}, 7},
		{"negative line", "abc\ndef", Position{-1, 2}, 0},
		{"negative character", "abc\ndef", Position{1, -4}, 4},
		{"second line", "ab\r\ncd", Position{1, 1}, 5},
		{"empty line between", "a\n\nb", Position{1, 5}, 2},
		{"japanese", "日本x", Position{0, 2}, 6},
		{"emoji", "😀x", Position{0, 2}, 4},
		{"inside surrogate pair", "😀x", Position{0, 1}, 0},
		{"inside second surrogate pair", "a😀😀", Position{0, 4}, 5},
		{"after emoji", "😀x", Position{0, 3}, 5},
		{"invalid bytes", "\xff\xfex", Position{0, 2}, 2},
		{"trailing break", "a\n", Position{1, 0}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewIndex([]byte(tt.src)).Offset(tt.pos); got != tt.want {
				t.Errorf("Offset(%q, %v) = %d, want %d", tt.src, tt.pos, got, tt.want)
			}
		})
	}
}

func TestLineColumn(t *testing.T) {
	ix := NewIndex([]byte("{\n  \"😀\": 1\n}"))
	// The value 1 is at byte 12: line 2, after two spaces, a quote, an
	// emoji (2 units), a quote, a colon and a space = 8 units, so column 9.
	line, col := ix.LineColumn(12)
	if line != 2 || col != 9 {
		t.Errorf("LineColumn(12) = %d:%d, want 2:9", line, col)
	}
}

// reference computes, in one independent pass, the Position of every offset
// at which Position and Offset should round-trip: the start of every rune
// (an invalid byte counts as a one-byte rune), the start of every line break
// and the end of the source. The "\n" of a "\r\n" pair is left out: it
// belongs to the line break that starts at the "\r". Offsets come out sorted.
func reference(src []byte) (offsets []int, positions []Position) {
	var cur Position
	for i := 0; i < len(src); {
		offsets = append(offsets, i)
		positions = append(positions, cur)
		switch {
		case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
			i += 2
		case src[i] == '\r' || src[i] == '\n':
			i++
		default:
			r, size := utf8.DecodeRune(src[i:])
			cur.Character += unitsOf(r)
			i += size
			continue
		}
		cur = Position{Line: cur.Line + 1}
	}
	return append(offsets, len(src)), append(positions, cur)
}

func checkIndex(t *testing.T, src []byte, line, char int) {
	ix := NewIndex(src)
	offsets, positions := reference(src)
	for k, o := range offsets {
		if got := ix.Position(o); got != positions[k] {
			t.Fatalf("Position(%d) = %v, want %v in %q", o, got, positions[k], src)
		}
		if back := ix.Offset(positions[k]); back != o {
			t.Fatalf("Offset(%v) = %d, want %d in %q", positions[k], back, o, src)
		}
	}
	for o := -1; o <= len(src)+1; o++ {
		p := ix.Position(o)
		if p.Line < 0 || p.Line >= ix.LineCount() || p.Character < 0 {
			t.Fatalf("Position(%d) = %v out of bounds in %q", o, p, src)
		}
	}
	got := ix.Offset(Position{Line: line, Character: char})
	if _, found := slices.BinarySearch(offsets, got); !found {
		t.Fatalf("Offset(%d, %d) = %d is out of bounds or not a rune boundary in %q", line, char, got, src)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, src := range []string{
		"", "a", "\n", "\r", "\r\n", "\n\r", "a\r\nb\rc\nd", "日本\r\n😀😀\rx\xff\xe6\x97\n",
		"{\n  \"Sid\": \"送信許可😀\"\n}\n",
	} {
		for _, lc := range [][2]int{{1, 3}, {0, math.MaxInt}, {math.MaxInt, 0}, {math.MinInt, math.MinInt}, {1, math.MinInt}} {
			checkIndex(t, []byte(src), lc[0], lc[1])
		}
	}
}

// FuzzIndex checks, for any source, that Position agrees with an independent
// one-pass model at every rune boundary, that Offset inverts it there, and
// that Offset of any position stays on a rune boundary within the source.
//
// Go spends most of a fuzzing run minimising large interesting inputs (that
// is quadratic in their length); -fuzzminimizetime=5s keeps the run moving:
//
//	go test -run XXX -fuzz FuzzIndex -fuzzminimizetime 5s ./analysis/text
func FuzzIndex(f *testing.F) {
	f.Add([]byte("{\"Statement\": []}"), int16(0), int16(5))
	f.Add([]byte("a\r\nb\rc\nd"), int16(2), int16(1))
	f.Add([]byte("日本\r\n😀😀\rx\xff\xe6\x97\n"), int16(1), int16(3))
	f.Add([]byte(""), int16(-1), int16(-1))
	// Real policies (AWS's documented examples), with a position inside.
	paths, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, int16(3), int16(12))
		}
	}
	// Small integer types keep the fuzzer's minimisation of interesting
	// inputs quick; TestRoundTrip covers the extreme int values.
	f.Fuzz(func(t *testing.T, src []byte, line, char int16) {
		// Position walks one line, so checking every offset is quadratic in
		// the line length; a cap keeps each run (and minimisation) fast.
		if len(src) > 512 {
			src = src[:512]
		}
		checkIndex(t, src, int(line), int(char))
	})
}
