package policy

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lineEndingStyles are the line breaks a document may use besides "\n".
var lineEndingStyles = map[string]string{"crlf": "\r\n", "cr": "\r"}

// withLineEnding rewrites every line break of s (any style) as newline.
func withLineEnding(s, newline string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", newline)
}

// lineBreak matches one line break of any style.
var lineBreak = regexp.MustCompile(`\r\n|\r|\n`)

// foreignLineBreak returns a line break in s that is not newline, or "".
func foreignLineBreak(s, newline string) string {
	for _, b := range lineBreak.FindAllString(s, -1) {
		if b != newline {
			return b
		}
	}
	return ""
}

// TestFixesKeepLineEndings: every fix keeps the document's line endings.
// Each fix fixture is converted to CRLF and to CR-only line breaks: its fix
// must give the converted output, and every other fix offered on it, and
// FixAll, must write no line break of another style. The rule fixtures'
// inputs add the fixes of every rule to the second check.
func TestFixesKeepLineEndings(t *testing.T) {
	fixes, _ := filepath.Glob("testdata/fixes/*.txt")
	rules, _ := filepath.Glob("testdata/rules/*.txt")
	if len(fixes) == 0 || len(rules) == 0 {
		t.Fatal("no fixtures")
	}
	checked := 0
	for _, path := range append(fixes, rules...) {
		f := readFixture(t, path)
		opts := parseOptions(t, f.options)
		input := strings.NewReplacer(openMark, "", closeMark, "").Replace(f.input)
		for style, newline := range lineEndingStyles {
			name := strings.TrimSuffix(filepath.Base(path), ".txt") + "/" + style
			src := []byte(withLineEnding(input, newline))
			if f.fix != "" {
				rule, title, _ := strings.Cut(f.fix, " ")
				fix := fixOf(Analyze(src, opts), rule, title)
				if fix == nil {
					t.Errorf("%s: no fix %q", name, f.fix)
					continue
				}
				out, err := ApplyEdits(src, fix.Edits)
				if want := withLineEnding(f.output, newline); err != nil || string(out) != want {
					t.Errorf("%s: after the fix:\n%q\nwant:\n%q", name, out, want)
				}
			}
			for _, d := range Analyze(src, opts).Diagnostics {
				for _, fix := range d.Fixes {
					out, err := ApplyEdits(src, fix.Edits)
					if err != nil {
						t.Errorf("%s: %s %q: %v", name, d.Code, fix.Title, err)
						continue
					}
					checked++
					if b := foreignLineBreak(string(out), newline); b != "" {
						t.Errorf("%s: %s %q writes %q into a document whose line breaks are %q:\n%q", name, d.Code, fix.Title, b, newline, out)
					}
				}
			}
			if out, _ := FixAll(src, opts); foreignLineBreak(string(out), newline) != "" {
				t.Errorf("%s: FixAll writes foreign line breaks:\n%q", name, out)
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d fixes checked", checked)
	}
}
