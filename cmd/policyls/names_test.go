package main

import (
	"net/url"
	"path/filepath"
	"runtime"
	"testing"
)

func TestPrintableName(t *testing.T) {
	for name, want := range map[string]string{
		"policies/a.json":      "policies/a.json",
		"with space/é 送信.json": "with space/é 送信.json",
		"a\nb.json":            `"a\nb.json"`,
		"tab\t.json":           `"tab\t.json"`,
		"esc\x1b[31m.json":     `"esc\x1b[31m.json"`,
		"rtl\u202egnp.json":    `"rtl\u202egnp.json"`,
		"line\u2028sep.json":   `"line\u2028sep.json"`,
		"bad\xffutf8.json":     `"bad\xffutf8.json"`,
		`"quoted".json`:        `"\"quoted\".json"`, // else it would read as a quoted name
		`back\slash.json`:      `back\slash.json`,
		`inner"quote.json`:     `inner"quote.json`,
		"":                     "",
	} {
		if got := printableName(name); got != want {
			t.Errorf("printableName(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestNameURI(t *testing.T) {
	cases := map[string]string{
		"a.json":               "a.json",
		"dir/a b.json":         "dir/a%20b.json",
		"100%/#?.json":         "100%25/%23%3F.json",
		"c:d/a.json":           "./c:d/a.json",
		"../up/a.json":         "../up/a.json",
		"x\ny.json":            "x%0Ay.json",
		"/abs/p.json":          "file:///abs/p.json",
		"/abs/with space.json": "file:///abs/with%20space.json",
	}
	if runtime.GOOS == "windows" {
		cases = map[string]string{`dir\a b.json`: "dir/a%20b.json", `C:\x\p.json`: "file:///C:/x/p.json"}
	}
	for path, want := range cases {
		got := nameURI(filepath.FromSlash(path))
		if got != want {
			t.Errorf("nameURI(%q) = %q, want %q", path, got, want)
		}
		if _, err := url.Parse(got); err != nil {
			t.Errorf("nameURI(%q) = %q does not parse: %v", path, got, err)
		}
	}
}

func TestPrintableText(t *testing.T) {
	for text, want := range map[string]string{
		`Effect "Allw" must be "Allow" or "Deny"`: `Effect "Allw" must be "Allow" or "Deny"`,
		"Sid \"送信😀\"":                             "Sid \"送信😀\"",
		"Sid \"a\nb\" \x1b[2K\u202e\r":            `Sid "a\nb" \x1b[2K\u202e\r`,
		"bad \xff byte":                           `bad \xff byte`,
	} {
		if got := printableText(text); got != want {
			t.Errorf("printableText(%q) = %s, want %s", text, got, want)
		}
	}
}
