package server

import (
	"encoding/json"
	"strconv"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// didChangeMethod is the notification sent on every keystroke.
const didChangeMethod = "textDocument/didChange"

// handleDidChange decodes didChange params itself and reports whether it
// did. glsp's DidChangeTextDocumentParams decodes the params, then every
// change twice more (once as raw JSON, once as a change): for a 4 KB
// document that was most of a keystroke's time in the server. This is one
// pass into the same glsp types, handed to the same handler. Params it
// cannot decode, and anything before initialize, go to glsp, which answers
// with its usual error.
func (s *Server) handleDidChange(ctx *glsp.Context) bool {
	if !s.handler.IsInitialized() {
		return false
	}
	var p struct {
		TextDocument   protocol.VersionedTextDocumentIdentifier  `json:"textDocument"`
		ContentChanges []protocol.TextDocumentContentChangeEvent `json:"contentChanges"`
	}
	if json.Unmarshal(ctx.Params, &p) != nil {
		return false
	}
	params := protocol.DidChangeTextDocumentParams{TextDocument: p.TextDocument, ContentChanges: make([]any, len(p.ContentChanges))}
	for i, c := range p.ContentChanges {
		// As glsp does: a change without a range is the whole text.
		if c.Range == nil {
			params.ContentChanges[i] = protocol.TextDocumentContentChangeEventWhole{Text: c.Text}
		} else {
			params.ContentChanges[i] = c
		}
	}
	_ = s.didChange(ctx, &params) // it always returns nil
	return true
}

// badVersion returns the document version of text synchronisation params
// when it is present but not an LSP integer (a signed 32-bit number), as
// written in the message.
func badVersion(params json.RawMessage) (string, bool) {
	var p struct {
		TextDocument struct {
			Version json.Number `json:"version"`
		} `json:"textDocument"`
	}
	if json.Unmarshal(params, &p) != nil || p.TextDocument.Version == "" {
		return "", false
	}
	v := p.TextDocument.Version
	if _, err := strconv.ParseInt(string(v), 10, 32); err != nil {
		return string(v), true
	}
	return "", false
}
