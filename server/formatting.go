package server

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/format"
)

// formatting answers textDocument/formatting with whitespace edits that lay
// the policy out as AWS's documentation does (analysis/format). Documents
// that are not policies, unknown documents and documents with syntax errors
// get no edits: a policy server has no business reflowing other JSON, and
// a broken document's tokens are uncertain.
func (s *Server) formatting(_ *glsp.Context, params *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	d := s.document(params.TextDocument.URI)
	if d == nil || !d.result.IsPolicy {
		return []protocol.TextEdit{}, nil
	}
	edits, ok := format.Edits(d.result.Doc, formatOptions(params.Options))
	if !ok {
		return []protocol.TextEdit{}, nil
	}
	return textEditsFromEdits(d.index, edits), nil
}

// formatOptions reads the editor's preferences; JSON numbers arrive as
// float64. Missing or odd values fall back to two spaces, AWS's layout.
func formatOptions(o protocol.FormattingOptions) format.Options {
	opts := format.Options{TabSize: 2, InsertSpaces: true}
	if size, ok := o[protocol.FormattingOptionTabSize].(float64); ok && size >= 1 && size <= 16 {
		opts.TabSize = int(size)
	}
	if spaces, ok := o[protocol.FormattingOptionInsertSpaces].(bool); ok {
		opts.InsertSpaces = spaces
	}
	if final, ok := o[protocol.FormattingOptionInsertFinalNewline].(bool); ok {
		opts.FinalNewline = final
	}
	return opts
}
