package completion

import (
	"strings"
	"sync"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Whole policies and statements, proposed on an empty document, in an
// empty top-level object, and at the Statement element. Each template is
// indented JSON (two spaces) with ${name} placeholders; ${partition},
// ${region} and ${accountId} are filled from the settings when set, the
// others become snippet placeholders.

// template is one documented policy.
type template struct {
	Label, Detail, Doc string
	// Insert names the template in the "Insert ..." code action, or is
	// empty when no such action offers it (see Insertions).
	Insert string
	// Kind is the kind of policy it is.
	Kind policy.Kind
	// Text is the whole policy; Members its top-level members and
	// Statement its first statement, both without the template's
	// indentation.
	Text, Members, Statement string
}

// sesSendingAuthorization lets a delegate sender's account send as an
// identity of the policy's owner.
const sesSendingAuthorization = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AuthorizeDelegateSender",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:${partition}:iam::${delegateAccountId}:root"
      },
      "Action": [
        "ses:SendEmail",
        "ses:SendRawEmail"
      ],
      "Resource": "arn:${partition}:ses:${region}:${accountId}:identity/${identity}"
    }
  ]
}`

// iamSendingPolicy lets a user or role send through SES, naming every
// resource a send is authorised against.
const iamSendingPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SendThroughSES",
      "Effect": "Allow",
      "Action": [
        "ses:SendEmail",
        "ses:SendRawEmail"
      ],
      "Resource": [
        "arn:${partition}:ses:${region}:${accountId}:identity/${identity}",
        "arn:${partition}:ses:${region}:${accountId}:configuration-set/${configurationSet}",
        "arn:${partition}:ses:${region}:${accountId}:template/${template}"
      ]
    }
  ]
}`

// templates returns the templates, built once.
var templates = sync.OnceValue(func() []template {
	cat := catalog.Default()
	list := []template{
		{
			Label: "SES sending authorization policy", Detail: "SES identity policy", Kind: policy.KindSESIdentity,
			Insert: "SES sending authorization policy",
			Doc:    "An identity policy for a verified SES identity: lets another account (the delegate sender) send email as this identity.",
			Text:   sesSendingAuthorization,
		},
		{
			Label: "IAM policy: send email through SES", Detail: "identity-based policy", Kind: policy.KindIAMIdentity,
			Doc:  "A permission policy for the user or role that sends: SES checks the identity, the configuration set and (for templated sends) the template, so all three ARNs are authorised.",
			Text: iamSendingPolicy,
		},
		{
			Label: "Amazon Pinpoint email role: permission policy", Detail: "identity-based policy", Kind: policy.KindIAMIdentity,
			Insert: "Amazon Pinpoint SES sending permission policy",
			Doc:    "The permission policy of the role Amazon Pinpoint's email orchestration assumes to send through SES, as AWS documents it.",
			Text:   cat.PinpointPermissionPolicyTemplate(),
		},
		{
			Label: "Amazon Pinpoint email role: trust policy", Detail: "role trust policy", Kind: policy.KindTrust,
			Insert: "Amazon Pinpoint trust policy",
			Doc:    "The trust policy that lets " + code(cat.PinpointServicePrincipal()) + " assume that role, for one account only (`aws:SourceAccount`).",
			Text:   cat.PinpointTrustPolicyTemplate(),
		},
	}
	for i := range list {
		list[i].Members = members(list[i].Text)
		list[i].Statement = statementText(list[i].Text)
	}
	return list
})

// documents proposes the whole templates on an empty document.
func (b *builder) documents() {
	for _, t := range templates() {
		snippet, _ := placeholders(t.Text, 1, b.arnFill)
		b.add(t.Label, KindSnippet, t.Detail, t.Doc, Edit{Start: b.c.Start, End: b.c.End, NewText: snippet}, true, t.Label)
	}
}

// policyBodies proposes the templates' members for a top-level object that
// is still empty (`{}` or `{"|}`).
func (b *builder) policyBodies() {
	c := b.c
	indent := lineIndent(c.Src, c.Start)
	prefix, suffix := "", ""
	if lineBefore(c.Src, c.Start) == "{" {
		// The members go on lines of their own inside the braces.
		prefix = "\n" + indent + "  "
		indent += "  "
		if strings.HasPrefix(strings.TrimLeft(c.Src[c.End:], " \t"), "}") {
			suffix = "\n" + lineIndent(c.Src, c.Start)
		}
	}
	for _, t := range templates() {
		snippet, _ := placeholders(indentLines(t.Members, indent), 1, b.arnFill)
		b.add(t.Label, KindSnippet, t.Detail, t.Doc, Edit{Start: c.Start, End: c.End, NewText: prefix + snippet + suffix}, true, b.filterQuoted(t.Label))
	}
}

// statements proposes the templates' statements as the value of Statement
// (wrapped in an array) or as an element of its array.
func (b *builder) statements() {
	c := b.c
	if c.Token != nil {
		return
	}
	indent := lineIndent(c.Src, c.Start)
	for _, t := range templates() {
		if kind := b.kind(); kind != policy.KindUnknown && kind != t.Kind {
			continue
		}
		stmt := t.Statement
		text := indentLines(stmt, indent)
		if c.Array == nil {
			text = "[\n" + indent + "  " + indentLines(stmt, indent+"  ") + "\n" + indent + "]"
		}
		snippet, _ := placeholders(text, 1, b.arnFill)
		label := strings.Replace(t.Label, "policy", "statement", 1)
		b.addJSON(label, KindSnippet, t.Detail, t.Doc, snippet, true, label)
	}
}

// lineBefore returns what precedes offset on its line, without blanks.
func lineBefore(src string, offset int) string {
	start := strings.LastIndexByte(src[:offset], '\n') + 1
	return strings.TrimSpace(src[start:offset])
}

// members returns the members of a template's top-level object, from the
// first to the last, with the template's two-space indentation removed.
func members(text string) string {
	root := jsonsyntax.Parse([]byte(text)).Root
	if root == nil || len(root.Children()) == 0 {
		return ""
	}
	first, last := root.Children()[0], root.Children()[len(root.Children())-1]
	return dedent(text[first.Start():last.End()], 2)
}

// statementText returns a template's first statement object, its
// indentation removed.
func statementText(text string) string {
	root := jsonsyntax.Parse([]byte(text)).Root
	v := memberValue(root, "Statement")
	if v != nil && v.Kind() == jsonsyntax.Array && len(v.Children()) > 0 {
		v = v.Children()[0]
	}
	if v == nil || v.Kind() != jsonsyntax.Object {
		return "{}"
	}
	return dedent(text[v.Start():v.End()], len(lineIndent(text, v.Start())))
}

// dedent removes up to n leading spaces from every line after the first.
func dedent(text string, n int) string {
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		cut := 0
		for cut < n && cut < len(lines[i]) && lines[i][cut] == ' ' {
			cut++
		}
		lines[i] = lines[i][cut:]
	}
	return strings.Join(lines, "\n")
}
