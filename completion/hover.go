package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Hover is the documentation of the token under the cursor, in Markdown,
// with the token's byte range.
type Hover struct {
	Markdown   string
	Start, End int
}

// HoverAt documents the key or value at a byte offset: policy elements
// (what they mean in this kind of policy), actions and wildcard patterns,
// condition operators and keys, ARNs and principals. It reports false when
// there is nothing to say, for example between tokens or on a value whose
// meaning is free text.
func HoverAt(res *policy.Result, offset int) (Hover, bool) {
	if res == nil || res.Doc == nil || !res.IsPolicy {
		return Hover{}, false // other JSON gets no policy documentation
	}
	tok := hoverToken(res.Doc, offset)
	if tok == nil || tok.Text() == "" {
		return Hover{}, false
	}
	// Ask the cursor query from inside the token, so that hovering the
	// opening quote or the last character counts.
	lo := tok.Start()
	if tok.Kind() == jsonsyntax.String && tok.Start() < len(res.Doc.Source) && res.Doc.Source[tok.Start()] == '"' {
		lo++
	}
	inside := min(max(offset, lo), tok.End())
	c := NewCursor(res, inside)
	if c.Token != tok {
		return Hover{}, false
	}
	h := hoverer{c: c, cat: catalog.Default(), text: tok.Text()}
	md := h.markdown()
	if md == "" {
		return Hover{}, false
	}
	return Hover{Markdown: md, Start: tok.Start(), End: tok.End()}, true
}

// summary is what the policy grants (eval.Summarize), shown on the
// Statement key like the IAM console's policy summary.
func (h *hoverer) summary() string {
	res := h.c.Result
	src := res.Doc.Source
	line := func(offset int) int { return strings.Count(src[:min(offset, len(src))], "\n") + 1 }
	return eval.Summarize(res.Policy, res.Kind, h.cat).Markdown(line)
}

// hoverToken returns the string or bare word the offset is on. An editor
// sends the position of the character under the mouse, so the token's end
// does not count, except for an unclosed string.
func hoverToken(doc *jsonsyntax.Document, offset int) *jsonsyntax.Node {
	n := doc.NodeAt(offset)
	if n == nil || !isToken(n) {
		return nil
	}
	if offset == n.End() && n.Closed() && n.Kind() == jsonsyntax.String {
		return nil
	}
	return n
}

// hoverer writes the documentation of one token.
type hoverer struct {
	c    *Cursor
	cat  *catalog.Catalog
	text string // the token's decoded text
}

// markdown dispatches by what the token is.
func (h *hoverer) markdown() string {
	c := h.c
	if c.Place == PlaceKey {
		switch c.Level {
		case LevelPolicy:
			if h.text == "Statement" {
				return h.element(policyElements) + "\n\n---\n\n" + h.summary()
			}
			return h.element(policyElements)
		case LevelStatement:
			return h.element(statementElements)
		case LevelPrincipal:
			return h.element(principalElements)
		case LevelCondition:
			return h.operator()
		case LevelOperator:
			return h.conditionKey()
		}
		return ""
	}
	if c.Place != PlaceValue {
		return ""
	}
	switch c.Level {
	case LevelPolicy:
		if isElement(c, "Version") {
			return h.version()
		}
	case LevelStatement:
		switch {
		case isElement(c, "Effect"):
			return h.effect()
		case isElement(c, "Action"), isElement(c, "NotAction"):
			return h.action()
		case isElement(c, "Resource"), isElement(c, "NotResource"):
			return h.arn()
		case isElement(c, "Principal"), isElement(c, "NotPrincipal"):
			if h.text == "*" {
				return "**\"*\"** · principal\n\n" + starPrincipalDoc
			}
		}
	case LevelPrincipal:
		return h.principal()
	}
	return ""
}

// element documents a policy element name: what it means, what this kind
// of policy says about it, and whether the kind accepts it.
func (h *hoverer) element(list []element) string {
	e, ok := findElement(list, h.text)
	if !ok {
		return ""
	}
	var m markdown
	what := "policy element"
	switch {
	case h.c.Level == LevelStatement:
		what = "statement element"
	case h.c.Level == LevelPrincipal:
		what = "principal type"
	}
	m.para("**", e.Name, "** · ", what)
	if e.Name != h.text {
		m.para("Element names are case-sensitive: write ", code(e.Name), ".")
	}
	m.para(e.doc(h.c.Kind))
	if e.forbiddenIn(h.c.Kind) {
		m.para("A ", kindTitle(h.c.Kind), " does not accept ", code(e.Name), ".")
	}
	return m.String()
}

// version documents a Version value.
func (h *hoverer) version() string {
	switch h.text {
	case "2012-10-17":
		return "**2012-10-17** · policy language version\n\nThe current version; policy variables such as `${aws:username}` are substituted."
	case "2008-10-17":
		return "**2008-10-17** · policy language version\n\nThe original version: policy variables stay literal text. Use `2012-10-17`."
	}
	return "**Version**\n\n" + policyElements[0].About
}

// effect documents an Effect value.
func (h *hoverer) effect() string {
	switch h.text {
	case "Allow":
		return "**Allow** · effect\n\nGrants the statement's actions, unless a statement anywhere denies them."
	case "Deny":
		return "**Deny** · effect\n\nRefuses the statement's actions, whatever any other statement or policy allows."
	}
	return "**Effect**\n\nWrite exactly `Allow` or `Deny`."
}
