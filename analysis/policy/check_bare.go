package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// isBareStatement reports whether the root object is one statement on its
// own (Effect and Action or NotAction, no Statement and no Version), as
// Terraform and CloudFormation templates keep them: a fragment, still worth
// checking element by element.
func isBareStatement(root *jsonsyntax.Node) bool {
	if root == nil || root.Kind() != jsonsyntax.Object || root.Member("Effect") == nil {
		return false
	}
	if root.Member("Action") == nil && root.Member("NotAction") == nil {
		return false
	}
	for _, prop := range root.Children() {
		if name := prop.Key().Text(); strings.EqualFold(name, "Statement") || name == "Version" {
			return false
		}
	}
	return true
}

// checkBareStatement says the document is a statement, not a policy
// (offering to wrap it), then checks it as the one statement of a policy.
func (a *analyzer) checkBareStatement(p *Policy) {
	root := p.Root
	a.report(RuleBareStatement, root.Start(), root.Start()+1, `this is one statement, not a policy: a policy is {"Version": "2012-10-17", "Statement": [ ... ]} around it`)
	a.attach(Fix{Title: "Wrap the statement in a policy", Edits: []Edit{wrapStatement(a.src, root)}})
	for _, s := range p.Statements {
		a.checkStatement(s)
	}
	a.checkKindRules(p)
}

// wrapStatement is the edit that puts a statement object into a policy: on
// one line as it is, or laid out on lines indented as its members are.
func wrapStatement(src []byte, stmt *jsonsyntax.Node) Edit {
	text := string(src[stmt.Start():stmt.End()])
	const open, close = `{"Version": "2012-10-17", "Statement": [`, `]}`
	lineBreak := strings.IndexAny(text, "\r\n")
	if lineBreak < 0 || len(stmt.Children()) == 0 {
		return Edit{Start: stmt.Start(), End: stmt.End(), NewText: open + text + close}
	}
	// The document's line break (LF, CRLF or CR-only), and one indentation
	// step: the whitespace before the first member on its line.
	newline := text[lineBreak : lineBreak+1]
	if strings.HasPrefix(text[lineBreak:], "\r\n") {
		newline = "\r\n"
	}
	indent := strings.TrimLeft(separatorBefore(src, stmt.Children()[0]), "\r\n")
	var b strings.Builder
	b.WriteString("{" + newline + indent + `"Version": "2012-10-17",` + newline + indent + `"Statement": [` + newline)
	for i, line := range strings.Split(text, newline) {
		if i > 0 {
			b.WriteString(newline)
		}
		if strings.TrimSpace(line) != "" {
			b.WriteString(indent + indent)
		}
		b.WriteString(line)
	}
	b.WriteString(newline + indent + "]" + newline + "}")
	return Edit{Start: stmt.Start(), End: stmt.End(), NewText: b.String()}
}
