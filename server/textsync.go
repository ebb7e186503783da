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
	s.checkSettingsOf(ctx, td.URI)
	s.publishAndTakeIn(ctx, s.update(td.URI, td.LanguageID, td.Version, []byte(td.Text)), true)
	return nil
}

// publishAndTakeIn publishes a document's diagnostics and, when the
// document is a settings file (.policyls.json), takes in its new settings
// (workspacefile.go); opened says it was not open before. s.mu must be held.
func (s *Server) publishAndTakeIn(ctx *glsp.Context, d *document, opened bool) {
	s.publish(ctx, d)
	if isSettingsFile(d.uri) {
		if p, ok := pathFromURI(d.uri); ok {
			s.settingsFileChanged(ctx, p, opened)
		}
	}
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
	language := ""
	old := s.docs[td.URI]
	if old != nil {
		src, language = old.src, old.language
	}
	s.checkSettingsOf(ctx, td.URI)
	s.publishAndTakeIn(ctx, s.update(td.URI, language, td.Version, applyChanges(src, params.ContentChanges)), old == nil)
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
	if p, ok := pathFromURI(uri); ok && isSettingsFile(uri) {
		delete(s.settings.open, p)
		s.settingsFileChanged(ctx, p, true)
	}
	return nil
}

// checkSettingsOf looks on disk for a change to the settings of a policy
// document about to be analysed (checkSettingsOnDisk). s.mu must be held.
func (s *Server) checkSettingsOf(ctx *glsp.Context, uri protocol.DocumentUri) {
	if isSettingsFile(uri) {
		return
	}
	if p, ok := pathFromURI(uri); ok {
		s.checkSettingsOnDisk(ctx, p)
	}
}

// document returns the open document for uri, or nil.
func (s *Server) document(uri protocol.DocumentUri) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}
