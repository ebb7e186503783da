package completion

import (
	"slices"
	"strconv"
	"strings"
)

// Snippets use the LSP snippet syntax: $1 and $0 are tab stops,
// ${1:text} a placeholder with default text, and `$`, `}` and `\` in
// literal text are escaped with a backslash. Items are written as snippets
// once; for editors without snippet support, PlainText turns them into
// the text a user would get by accepting every default.

// PlainText returns a snippet with every tab stop removed and every
// placeholder replaced by its default text.
func PlainText(snippet string) string {
	if !strings.ContainsAny(snippet, `$\`) {
		return snippet
	}
	var b strings.Builder
	b.Grow(len(snippet))
	for i := 0; i < len(snippet); i++ {
		ch := snippet[i]
		switch {
		case ch == '\\' && i+1 < len(snippet):
			i++
			b.WriteByte(snippet[i])
		case ch == '$' && i+1 < len(snippet) && isDigit(snippet[i+1]):
			for i+1 < len(snippet) && isDigit(snippet[i+1]) {
				i++
			}
		case ch == '$' && strings.HasPrefix(snippet[i:], "${"):
			// ${n} or ${n:default}; defaults hold no nested placeholders.
			j := i + 2
			for j < len(snippet) && isDigit(snippet[j]) {
				j++
			}
			if j < len(snippet) && snippet[j] == ':' {
				j++
				for j < len(snippet) && snippet[j] != '}' {
					if snippet[j] == '\\' && j+1 < len(snippet) {
						j++
					}
					b.WriteByte(snippet[j])
					j++
				}
			}
			i = j // the closing brace
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// escapeSnippet escapes literal text for use in a snippet outside any
// placeholder, where only '$' and '\' are special. A '}' there needs no
// escape, and some editors would keep the backslash of an escaped one.
func escapeSnippet(s string) string { return escapeChars(s, `$\`) }

// escapePlaceholder escapes the default text of a placeholder, where '}'
// would end it.
func escapePlaceholder(s string) string { return escapeChars(s, `$}\`) }

func escapeChars(s, special string) string {
	if !strings.ContainsAny(s, special) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(special, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// eachPlaceholder walks text, calling literal for each run of plain text
// and placeholder for the name of each ${name}, in order.
func eachPlaceholder(text string, literal, placeholder func(string)) {
	for {
		i := strings.Index(text, "${")
		j := -1
		if i >= 0 {
			j = strings.IndexByte(text[i:], '}')
		}
		if i < 0 || j < 0 {
			literal(text)
			return
		}
		literal(text[:i])
		placeholder(text[i+2 : i+j])
		text = text[i+j+1:]
	}
}

// placeholders turns a text holding ${Name} placeholders (AWS's ARN
// formats, templated condition keys, our templates) into a snippet: each
// distinct name becomes one numbered placeholder, starting at first, and
// repeats of a name share its number so editors edit them together. fill
// (which may be nil) says for a name either the literal text to write
// instead, or the default text of the placeholder ("" keeps the name).
// Literal text is escaped. It returns the snippet and the next free number.
func placeholders(text string, first int, fill func(name string) (text string, literal bool)) (string, int) {
	var b strings.Builder
	b.Grow(len(text) + 64) // room for a host's words (${AWS::Partition}) in place of names
	var names []string
	eachPlaceholder(text, func(s string) { b.WriteString(escapeSnippet(s)) }, func(name string) {
		def := name
		if fill != nil {
			v, literal := fill(name)
			if literal {
				b.WriteString(escapeSnippet(v))
				return
			}
			if v != "" {
				def = v
			}
		}
		n := slices.Index(names, name)
		if n < 0 {
			n = len(names)
			names = append(names, name)
		}
		b.WriteString("${")
		b.WriteString(strconv.Itoa(first + n))
		b.WriteByte(':')
		b.WriteString(escapePlaceholder(def))
		b.WriteByte('}')
	})
	return b.String(), first + len(names)
}

// filled returns text with the ${Name} placeholders that fill has a text
// for (literal or default) replaced, and the others kept: a readable label
// for an item whose snippet placeholders returns.
func filled(text string, fill func(name string) (text string, literal bool)) string {
	if !strings.Contains(text, "${") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + 64)
	eachPlaceholder(text, func(s string) { b.WriteString(s) }, func(name string) {
		if v, _ := fill(name); v != "" {
			b.WriteString(v)
		} else {
			b.WriteString("${")
			b.WriteString(name)
			b.WriteByte('}')
		}
	})
	return b.String()
}

// indentLines indents every line after the first by indent, so that a
// multi-line insertion lines up under the line it starts on.
func indentLines(text, indent string) string {
	if indent == "" || !strings.Contains(text, "\n") {
		return text
	}
	return strings.ReplaceAll(text, "\n", "\n"+indent)
}

// lineIndent returns the leading blanks of the line holding offset.
func lineIndent(src string, offset int) string {
	start := strings.LastIndexByte(src[:offset], '\n') + 1
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return src[start:end]
}
