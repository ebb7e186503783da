package completion

import "strings"

// code writes s as a Markdown code span, with enough backticks around it
// that a backtick inside cannot end it.
func code(s string) string {
	if !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	fence := "``"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence + " " + s + " " + fence
}

// markdown collects the paragraphs of a hover.
type markdown struct {
	sb strings.Builder
}

// para starts a new paragraph with the given parts.
func (m *markdown) para(parts ...string) {
	if m.sb.Len() > 0 {
		m.sb.WriteString("\n\n")
	}
	for _, p := range parts {
		m.sb.WriteString(p)
	}
}

// item adds a list item to the current list.
func (m *markdown) item(parts ...string) {
	m.sb.WriteString("\n- ")
	for _, p := range parts {
		m.sb.WriteString(p)
	}
}

// list starts a paragraph that leads into the items added after it (a
// Markdown list may follow a paragraph line directly).
func (m *markdown) list(lead string) { m.para(lead) }

func (m *markdown) String() string { return m.sb.String() }
