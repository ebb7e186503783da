package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// fixFlag is --fix and --diff: on its own, or "=safe", the safe preferred
// fixes (case, a missing Version, trailing commas); "=all", every preferred
// fix, as the editor's fix-all applies them.
type fixFlag struct {
	on   bool
	mode policy.FixMode
}

func (f *fixFlag) String() string {
	switch {
	case f == nil || !f.on:
		return ""
	case f.mode == policy.FixPreferred:
		return "all"
	}
	return "safe"
}

func (f *fixFlag) Set(s string) error {
	switch s {
	case "true", "safe":
		f.on, f.mode = true, policy.FixSafe
	case "all":
		f.on, f.mode = true, policy.FixPreferred
	case "false":
		f.on = false
	default:
		return errors.New("want safe or all")
	}
	return nil
}

// IsBoolFlag lets the flag stand alone: --fix is --fix=safe.
func (f *fixFlag) IsBoolFlag() bool { return true }

// fixFlagName is how the flag that chose mode is written, for messages.
func fixFlagName(mode policy.FixMode) string {
	if mode == policy.FixPreferred {
		return "--fix=all"
	}
	return "--fix"
}

// fixedChange is one change --fix made, located in the fixed file.
type fixedChange struct {
	line     int
	old, new string
}

// locateChanges gives each change its 1-based line in the fixed source.
func locateChanges(fixed []byte, changes []policy.Change) []fixedChange {
	if len(changes) == 0 {
		return nil
	}
	ix := text.NewIndex(fixed)
	out := make([]fixedChange, len(changes))
	for i, c := range changes {
		// An insertion that starts with a line break is on the next line.
		at := c.Start + len(c.New) - len(strings.TrimLeft(c.New, " \t\r\n"))
		line, _ := ix.LineColumn(min(at, len(fixed)))
		out[i] = fixedChange{line: line, old: c.Old, new: c.New}
	}
	return out
}

// reportChanges prints each change --fix made, "file:line: old -> new",
// then how many fixes it applied and, after safe fixes, how many more
// --fix=all would apply.
func reportChanges(stderr io.Writer, reports []fileReport, mode policy.FixMode) {
	files, fixes, more := 0, 0, 0
	for _, r := range reports {
		for _, c := range r.changes {
			fmt.Fprintf(stderr, "%s:%d: %s -> %s\n", shownText(displayPath(r.path)), c.line, shownText(c.old), shownText(c.new))
		}
		if r.fixes > 0 {
			files++
			fixes += r.fixes
		}
		more += r.morePreferred
	}
	if fixes > 0 {
		fmt.Fprintf(stderr, "policyls: %s applied %s to %s\n", fixFlagName(mode), plural(fixes, "fix"), plural(files, "file"))
	}
	if more > 0 && mode == policy.FixSafe {
		fmt.Fprintf(stderr, "policyls: %s not applied: more than spelling or syntax changes (--diff=all shows, --fix=all applies)\n", plural(more, "preferred fix"))
	}
}

// shownText is a piece of a file as one line of output: line breaks and
// the indentation around them become one space, control and invisible
// formatting characters (and bytes that are not UTF-8) are escaped, so a
// value cannot start a line of its own or hide what it is. Nothing shows
// as "(nothing)".
func shownText(s string) string {
	var b strings.Builder
	pendingSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if j := i + len(s[i:]) - len(strings.TrimLeft(s[i:], " \t\r\n")); j > i && strings.ContainsAny(s[i:j], "\r\n") {
			pendingSpace, i = true, j
			continue
		}
		if pendingSpace {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			pendingSpace = false
		}
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if b.Len() == 0 {
		return "(nothing)"
	}
	return strings.TrimSpace(b.String())
}

// countPreferred counts the findings with a preferred fix.
func countPreferred(res *policy.Result) int {
	n := 0
	for _, d := range res.Diagnostics {
		for _, f := range d.Fixes {
			if f.Preferred {
				n++
				break
			}
		}
	}
	return n
}
