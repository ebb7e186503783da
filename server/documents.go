package server

import (
	"github.com/policyls/policyls/analysis/eval"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// document is one open text document and what the last analysis found. A
// document is replaced, never modified, on every change.
type document struct {
	uri     protocol.DocumentUri
	version protocol.Integer
	// language is the client's language ID from didOpen ("terraform",
	// "yaml", "json"...): an untitled document's URI names no file type.
	language string
	src      []byte
	index    *text.Index
	result   *policy.Result
	// template is set when the document is a CloudFormation template:
	// each policy's own analysis (result then holds all their findings).
	template *host.Result
	// policyFindings are the findings of the template's policies, from this
	// version or, while the template does not parse, the last that did
	// (moved with the text): see keepLastGoodFindings.
	policyFindings []policy.Diagnostic
	// tests holds, for a *.policytest.json file, its problems and failing
	// tests (analysis/eval).
	tests []eval.TestProblem
}

// applyChanges returns the text after a didChange's content changes. We ask
// for full sync, so there is normally one change holding the whole text; a
// client that sends ranged changes anyway is served too.
func applyChanges(src []byte, changes []any) []byte {
	for _, c := range changes {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			src = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			if c.Range == nil {
				src = []byte(c.Text)
				continue
			}
			ix := text.NewIndex(src)
			start := offsetFromPosition(ix, c.Range.Start)
			end := max(start, offsetFromPosition(ix, c.Range.End))
			next := make([]byte, 0, len(src)-(end-start)+len(c.Text))
			next = append(next, src[:start]...)
			next = append(next, c.Text...)
			src = append(next, src[end:]...)
		}
	}
	return src
}
