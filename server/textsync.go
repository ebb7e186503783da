package server

import (
	"github.com/policyls/policyls/analysis/eval"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Publishing happens while s.mu is held, so that diagnostics re-published
// after a settings change can never overtake those of a newer version.

// didOpen stores the document, analyses it and publishes its diagnostics.
func (s *Server) didOpen(ctx *glsp.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishOrReload(ctx, s.update(td.URI, td.Version, []byte(td.Text)))
	return nil
}

// publishOrReload publishes a document's diagnostics, or, when the document
// is a settings file (.policyls.json), re-reads the settings and re-publishes every
// document (workspacefile.go). s.mu must be held.
func (s *Server) publishOrReload(ctx *glsp.Context, d *document) {
	if isSettingsFile(d.uri) {
		if p, ok := pathFromURI(d.uri); ok && s.reloadSettings(ctx, p) {
			return
		}
	}
	s.publish(ctx, d)
	if !eval.IsTestFile(d.uri) && d.result.IsPolicy {
		s.rerunTests(ctx)
	}
	s.reportBrokenSettings(ctx)
}

// didChange applies the changes, analyses the new text and publishes. A
// change to a document we never saw opened is treated as an open.
func (s *Server) didChange(ctx *glsp.Context, params *protocol.DidChangeTextDocumentParams) error {
	td := params.TextDocument
	s.mu.Lock()
	defer s.mu.Unlock()
	var src []byte
	if old := s.docs[td.URI]; old != nil {
		src = old.src
	}
	s.publishOrReload(ctx, s.update(td.URI, td.Version, applyChanges(src, params.ContentChanges)))
	return nil
}

// didClose forgets the document and clears its diagnostics. Closing a
// .policyls.json makes the file on disk the settings again.
func (s *Server) didClose(ctx *glsp.Context, params *protocol.DidCloseTextDocumentParams) error {
	uri := params.TextDocument.URI
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.docs, uri)
	ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI:         uri,
		Diagnostics: []protocol.Diagnostic{},
	})
	if isSettingsFile(uri) {
		s.reloadSettings(ctx, "")
	}
	return nil
}

// document returns the open document for uri, or nil.
func (s *Server) document(uri protocol.DocumentUri) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}
