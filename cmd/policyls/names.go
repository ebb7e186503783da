package main

import (
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
	if strings.HasPrefix(name, `"`) {
		return false
	}
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		if r == utf8.RuneError && size <= 1 || !strconv.IsPrint(r) {
			return false
		}
		i += size
	}
	return true
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
