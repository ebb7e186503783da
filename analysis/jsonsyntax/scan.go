package jsonsyntax

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds the token-level readers: trivia (whitespace and comments),
// strings, numbers and bare words. Each reader starts at p.pos, advances it
// past what it read and never looks before its start, so the parser can call
// them in any order without rescanning.

// isDelimiter reports whether c ends a bare word: JSON structure, a quote,
// whitespace, or the start of a comment.
func isDelimiter(c byte) bool {
	switch c {
	case '{', '}', '[', ']', ',', ':', '"', ' ', '\t', '\n', '\r', '/':
		return true
	}
	return false
}

// skipTrivia moves past whitespace and comments. Comments are reported because
// IAM and SES reject them, but otherwise treated as whitespace.
func (p *parser) skipTrivia() {
	src := p.src
	i := p.pos
	for i < len(src) {
		switch src[i] {
		case ' ', '\t', '\n', '\r':
			i++
			// Indentation comes in runs of spaces: skip them eight at a time.
			for i+8 <= len(src) && binary.LittleEndian.Uint64(src[i:]) == eightSpaces {
				i += 8
			}
		case '/':
			if i+1 >= len(src) {
				p.pos = i
				return
			}
			start := i
			switch src[i+1] {
			case '/':
				i += 2
				for i < len(src) && src[i] != '\n' && src[i] != '\r' {
					i++
				}
			case '*':
				end := strings.Index(p.text[i+2:], "*/")
				if end < 0 {
					i = len(src)
				} else {
					i += 2 + end + 2
				}
			default:
				p.pos = i
				return
			}
			p.errorf(ErrComment, start, i, "comments are not allowed in policy JSON")
		default:
			if i == 0 && strings.HasPrefix(p.text, "\uFEFF") {
				// A UTF-8 byte order mark some editors write; harmless to skip.
				i += 3
				continue
			}
			p.pos = i
			return
		}
	}
	p.pos = i
}

const eightSpaces = 0x2020202020202020

// Masks for finding, eight bytes at a time, the first byte that ends the
// plain content of a string: '"', '\\' or a control character.
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// stringStopIn returns the index (0-7) of the first byte of w, read little
// endian, that is '"', '\\' or below 0x20, or 8 when there is none. The
// classic "has zero byte" tricks can also flag bytes after a real match, never
// before one, so the lowest flag is exact.
func stringStopIn(w uint64) int {
	quote := w ^ (lowBits * '"')
	backslash := w ^ (lowBits * '\\')
	found := ((quote - lowBits) &^ quote) | ((backslash - lowBits) &^ backslash) | ((w - lowBits*0x20) &^ w)
	return bits.TrailingZeros64(found&highBits) / 8
}

// stringStop marks the bytes that end the plain content of a string: the
// closing quote, a backslash, a line break or another control character.
var stringStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// readString reads a string token starting at the opening quote. An unclosed
// string ends at the end of its line, so one missing quote does not swallow
// the rest of the document.
func (p *parser) readString(parent int32) int32 {
	src := p.src
	start := p.pos
	i := start + 1
	contentStart := i
	escaped, closed := false, false
	for i < len(src) {
		for i+8 <= len(src) {
			k := stringStopIn(binary.LittleEndian.Uint64(src[i:]))
			i += k
			if k < 8 {
				break
			}
		}
		for i < len(src) && !stringStop[src[i]] {
			i++
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		if c == '"' {
			closed = true
			break
		}
		if c == '\n' || c == '\r' {
			break
		}
		if c == '\\' {
			escaped = true
			if i+1 < len(src) && (src[i+1] == '\n' || src[i+1] == '\r') {
				i++ // a backslash cannot escape a line break: the string ends at it
				continue
			}
			i += 2
			continue
		}
		p.errorf(ErrControlCharacter, i, i+1, "control characters must be escaped in strings")
		i++
	}
	if i > len(src) { // a backslash as the very last byte
		i = len(src)
	}
	contentEnd := i
	end := i
	if closed {
		end = i + 1
	} else {
		p.errorf(ErrUnclosedString, start, end, "string is not closed: '\"' expected")
	}
	p.pos = end
	n := p.newNode(String, parent, start, end)
	s := &p.nodes[n]
	s.closed = closed
	if escaped {
		s.decoded = true
		s.textStart = int32(len(p.doc.decoded))
		p.doc.decoded = append(p.doc.decoded, p.decodeEscapes(contentStart, contentEnd))
	} else {
		s.textStart, s.textEnd = int32(contentStart), int32(contentEnd)
	}
	return n
}

// decodeEscapes decodes the string content src[start:end] that contains at
// least one backslash, reporting invalid escapes (their text is kept as is).
func (p *parser) decodeEscapes(start, end int) string {
	var b strings.Builder
	b.Grow(end - start)
	src := p.src
	for i := start; i < end; {
		c := src[i]
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= end {
			p.errorf(ErrInvalidEscape, i, end, "incomplete escape sequence")
			b.WriteByte('\\')
			break
		}
		switch e := src[i+1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(src, i+2, end)
			if !ok {
				p.errorf(ErrInvalidEscape, i, min(i+6, end), "invalid unicode escape: \\u must be followed by 4 hex digits")
				b.WriteString(p.text[i:min(i+2, end)])
				i += 2
				continue
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if i+1 < end && src[i] == '\\' && src[i+1] == 'u' {
					if r2, ok := hex4(src, i+2, end); ok {
						if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
							b.WriteRune(pair)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
			continue
		default:
			_, size := utf8.DecodeRune(src[i+1 : end])
			p.errorf(ErrInvalidEscape, i, i+1+size, "invalid escape sequence \\"+p.text[i+1:i+1+size])
			b.WriteString(p.text[i : i+1+size])
			i += 1 + size
			continue
		}
		i += 2
	}
	return b.String()
}

// hex4 reads four hex digits at src[at:at+4] (bounded by end).
func hex4(src []byte, at, end int) (rune, bool) {
	if at+4 > end {
		return 0, false
	}
	var r rune
	for _, c := range src[at : at+4] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// readWord reads a bare word: a number, true, false, null, or anything else up
// to the next delimiter, which becomes one Invalid token.
func (p *parser) readWord(parent int32) int32 {
	start, end := p.readBareWord()
	word := p.text[start:end]
	var kind Kind
	switch {
	case word == "true" || word == "false":
		kind = Bool
	case word == "null":
		kind = Null
	case word[0] == '-' || (word[0] >= '0' && word[0] <= '9'):
		kind = Number
		if !validNumber(word) {
			p.errorf(ErrInvalidNumber, start, end, "invalid number "+quoteForMessage(word))
		}
	default:
		kind = Invalid
		p.errorf(ErrInvalidToken, start, end, "unexpected "+quoteForMessage(word)+": values must be quoted strings, numbers, true, false, null, objects or arrays")
	}
	n := p.newNode(kind, parent, start, end)
	w := &p.nodes[n]
	w.textStart, w.textEnd = int32(start), int32(end)
	w.closed = true
	return n
}

// readBareWord moves past the run of bytes up to the next delimiter (at least
// one byte) and returns its range.
func (p *parser) readBareWord() (start, end int) {
	start = p.pos
	end = start
	for end < len(p.src) && !isDelimiter(p.src[end]) {
		end++
	}
	if end == start { // a lone '/' that does not start a comment
		end++
	}
	p.pos = end
	return start, end
}

// validNumber checks the JSON number grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// quoteForMessage quotes a piece of source for an error message, shortening
// long pieces so a message never carries kilobytes of garbage.
func quoteForMessage(s string) string {
	const max = 40
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return "'" + s + "'"
}
