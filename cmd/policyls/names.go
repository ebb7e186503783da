package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A file name comes from whoever made the repository being checked, and may
// hold a line break, a terminal escape sequence or a right-to-left override
// that would forge or hide lines of the output. printableName is how every
// file name is written in text output: the name as it is when it is plain,
// else quoted with Go escapes ("a\nb.json"). A plain name never starts with
// a double quote (such a name is quoted too), so the two cannot be confused.
func printableName(name string) string {
	if plainName(name) {
		return name
	}
	return strconv.Quote(name)
}

// plainName reports whether name can be printed as it is: valid UTF-8,
// printable characters and spaces only, and no leading double quote.
func plainName(name string) bool {
	return !strings.HasPrefix(name, `"`) && plainText(name)
}

// plainText reports whether s is valid UTF-8 of printable characters and
// spaces only.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !plainRune(r, size) {
			return false
		}
		i += size
	}
	return true
}

// plainRune: a rune decoded from size bytes is printable as it is.
func plainRune(r rune, size int) bool {
	return !(r == utf8.RuneError && size <= 1) && strconv.IsPrint(r)
}

// printableText escapes, in place, the characters plainText rejects, for a
// finding's message: messages quote values from the document, which are
// as untrusted as file names ("Sid \"a\nb\"" stays on one line).
func printableText(s string) string {
	if plainText(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case plainRune(r, size):
			b.WriteString(s[i : i+size])
		case size <= 1 && r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		default:
			q := strconv.QuoteRune(r) // '\n', '\x1b', '\u202e'
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// printableLines is printableText line by line: a message of several
// lines (a failed policy test's reasons) keeps its line breaks, for an
// output that encodes them (GitHub annotations write them as %0A).
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = printableText(l)
	}
	return strings.Join(lines, "\n")
}

// nameURI is a path as a URI reference for SARIF's artifactLocation.uri: a
// relative path is a relative reference with forward slashes, an absolute
// one a file: URI, both percent-encoded. A first segment holding a colon
// gets "./" so that it is not read as a scheme.
func nameURI(path string) string {
	slashed := filepath.ToSlash(path)
	if !filepath.IsAbs(path) {
		return (&url.URL{Path: slashed}).String()
	}
	if !strings.HasPrefix(slashed, "/") {
		slashed = "/" + slashed // C:/x becomes file:///C:/x
	}
	return (&url.URL{Scheme: "file", Path: slashed}).String()
}
