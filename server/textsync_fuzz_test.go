package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// FuzzApplyChanges checks that the stored text after any sequence of valid
// ranged changes is the text a simple reference editor produces. The
// positions are UTF-16 positions on rune boundaries, or past the end of a
// line (which LSP defines as the end of that line), on text with CRLF, lone
// CR, emoji, Japanese and invalid UTF-8.
//
// Every script runs twice: through applyChanges on the raw bytes (invalid
// UTF-8 included), and through Handle with didChange notifications encoded
// as JSON, the way an editor sends them. JSON cannot carry invalid UTF-8, so
// the second run uses the text with each invalid byte turned into U+FFFD, as
// a JSON decoder would.
//
//	go test -run '^$' -fuzz '^FuzzApplyChanges$' -fuzztime 600s -parallel 1 ./server
func FuzzApplyChanges(f *testing.F) {
	for _, seed := range []struct{ base, script string }{
		{badEffect, "\x03\x10\x03\x14\x01"},
		{"a\r\nb\rc\nd", "\x01\x00\x02\x01\x02\x00\x05\x00\x00\x83xyz"},
		{"日本\r\n😀😀\rx\xff\xe6\x97\n", "\x01\x01\x01\x03\x07\x00\x02\x02\x01\x08\x02\x00\x02\x09\x04"},
		{"", "\x00\x00\x00\x00\x02\x00\x00\x00\x00\x03"},
		{"{\"Sid\": \"送信😀\"}", "\x00\x0b\x00\x0c\x00\xff\x00\x00\x00\x06"},
	} {
		f.Add([]byte(seed.base), []byte(seed.script))
	}
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	for _, p := range examples {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src, []byte("\x05\x10\x05\x20\x09\x02\x04\x03\x01\x82\r\n"))
		}
	}
	f.Fuzz(func(t *testing.T, base, script []byte) {
		if len(base) > 4096 || len(script) > 256 {
			return // larger inputs add time, not coverage
		}
		edits := decodeEdits(script)

		// applyChanges on raw bytes.
		got, want := base, base
		for _, group := range edits {
			var changes []any
			for _, e := range group {
				var change protocol.TextDocumentContentChangeEvent
				change, want = e.apply(want)
				changes = append(changes, change)
			}
			got = applyChanges(got, changes)
			if !bytes.Equal(got, want) {
				t.Fatalf("applyChanges: after %v\n got %q\nwant %q", changes, got, want)
			}
		}

		// didChange notifications through Handle.
		c := newUninitializedClient(t)
		c.s.log.SetOutput(io.Discard)
		c.request("initialize", initParams)
		const uri = "file:///fuzz/p.json"
		want = []byte(string([]rune(string(base))))
		c.didOpen(uri, 0, string(want))
		for v, group := range edits {
			var changes []json.RawMessage
			for _, e := range group {
				e.text = string([]rune(e.text))
				var change protocol.TextDocumentContentChangeEvent
				change, want = e.apply(want)
				data, err := json.Marshal(change)
				if err != nil {
					t.Fatal(err)
				}
				changes = append(changes, data)
			}
			list, _ := json.Marshal(changes)
			c.notify("textDocument/didChange", fmt.Sprintf(`{"textDocument": {"uri": %q, "version": %d}, "contentChanges": %s}`, uri, v+1, list))
			if got := c.s.document(uri).src; !bytes.Equal(got, want) {
				t.Fatalf("didChange %s:\n got %q\nwant %q", list, got, want)
			}
		}
	})
}

// fuzzEdit is one ranged change before it is placed in a text: which line
// and which character boundary its ends fall on (taken modulo what the
// text has when it is applied) and what it inserts.
type fuzzEdit struct {
	startLine, startChar, endLine, endChar int
	text                                   string
}

// fuzzPieces are the texts edits insert: line breaks that can join or split
// CRLF, multi-byte and astral characters, halves of UTF-8 sequences.
var fuzzPieces = []string{"", "a", "\n", "\r", "\r\n", "😀", "日本", "\xff", "\xe6\x97", "\x97", `"ses:SendEmail"`, "},{", "\u2028", "é"}

// decodeEdits turns fuzzer bytes into groups of edits, one group per
// didChange. Each edit takes five bytes: start line and character, end line
// and character, and the inserted text (a piece, or with the high bit set
// that many of the following bytes, up to 15). Bit 6 of the fifth byte
// starts a new group.
func decodeEdits(script []byte) [][]fuzzEdit {
	var groups [][]fuzzEdit
	for len(script) >= 5 {
		e := fuzzEdit{startLine: int(script[0]), startChar: int(script[1]), endLine: int(script[2]), endChar: int(script[3])}
		sel := script[4]
		script = script[5:]
		if sel&0x80 != 0 {
			n := min(int(sel&0x0f), len(script))
			e.text, script = string(script[:n]), script[n:]
		} else {
			e.text = fuzzPieces[int(sel&0x3f)%len(fuzzPieces)]
		}
		if len(groups) == 0 || sel&0x40 != 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], e)
	}
	return groups
}

// apply places the edit in src and returns it as an LSP change together
// with the text after it, computed by the reference editor.
func (e fuzzEdit) apply(src []byte) (protocol.TextDocumentContentChangeEvent, []byte) {
	lines := refLines(src)
	start := refPlace(src, lines, e.startLine, e.startChar)
	end := refPlace(src, lines, e.endLine, e.endChar)
	if start.offset > end.offset {
		start, end = end, start
	}
	next := string(src[:start.offset]) + e.text + string(src[end.offset:])
	return protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: start.pos, End: end.pos},
		Text:  e.text,
	}, []byte(next)
}

// refLine is a line of the reference editor: where its content starts and
// ends in bytes, line break excluded.
type refLine struct{ start, end int }

// refLines splits src into lines at "\r\n", "\r" and "\n".
func refLines(src []byte) []refLine {
	var lines []refLine
	start := 0
	for i := 0; i < len(src); i++ {
		if src[i] != '\n' && src[i] != '\r' {
			continue
		}
		lines = append(lines, refLine{start, i})
		if src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n' {
			i++
		}
		start = i + 1
	}
	return append(lines, refLine{start, len(src)})
}

// refPlacement is a position in a text and the byte offset it stands for.
type refPlacement struct {
	pos    protocol.Position
	offset int
}

// refPlace picks a line (modulo the line count) and on it a character
// boundary (modulo the boundaries, plus two past the end of the line, which
// mean its end). Columns are counted with Go's own string iteration, where
// an invalid byte is one U+FFFD: one UTF-16 unit.
func refPlace(src []byte, lines []refLine, line, char int) refPlacement {
	line %= len(lines)
	l := lines[line]
	var cols, offsets []int
	col := 0
	for i, r := range string(src[l.start:l.end]) {
		cols, offsets = append(cols, col), append(offsets, l.start+i)
		col += len(utf16.Encode([]rune{r}))
	}
	cols, offsets = append(cols, col), append(offsets, l.end)
	k := char % (len(cols) + 2)
	if k >= len(cols) {
		// Past the end of the line: LSP reads it as the line's end.
		return refPlacement{protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(col + 1 + k - len(cols))}, l.end}
	}
	return refPlacement{protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(cols[k])}, offsets[k]}
}
