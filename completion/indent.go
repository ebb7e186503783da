package completion

import "strings"

// Text inserted by code actions (whole policies, a statement wrapped in an
// array) is written in the document's own layout: its indentation unit and
// its line breaks. Completion items use the template's layout under the
// cursor's line instead, since editors re-indent what they insert.

// IndentUnit returns one level of a document's indentation: the leading
// blanks of its first indented line (a tab, or up to eight spaces), or two
// spaces when no line is indented.
func IndentUnit(src string) string {
	for line := range strings.Lines(src) {
		blank := len(line) - len(strings.TrimLeft(line, " \t"))
		rest := strings.TrimRight(line[blank:], "\r\n")
		if blank == 0 || rest == "" {
			continue
		}
		if line[0] == '\t' {
			return "\t"
		}
		n := len(line) - len(strings.TrimLeft(line, " "))
		if n == 0 {
			continue
		}
		return strings.Repeat(" ", min(n, 8))
	}
	return "  "
}

// Newline returns the line break a document uses: "\r\n" when its first
// line ends in one, else "\n".
func Newline(src string) string {
	if i := strings.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// reindent rewrites text indented with two spaces per level (as the
// templates are) to use unit per level, puts base before every line after
// the first, and joins the lines with nl.
func reindent(text, unit, base, nl string) string {
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		n := len(line) - len(strings.TrimLeft(line, " "))
		line = strings.Repeat(unit, n/2) + strings.Repeat(" ", n%2) + line[n:]
		if i > 0 && line != "" {
			line = base + line
		}
		lines[i] = line
	}
	return strings.Join(lines, nl)
}
