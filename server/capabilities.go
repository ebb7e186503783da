package server

import protocol "github.com/tliron/glsp/protocol_3_16"

// capabilities lists exactly what the server serves: full text sync and the
// document outline. Completion, hover and code actions are announced only
// once they exist.
func capabilities() protocol.ServerCapabilities {
	openClose := true
	change := protocol.TextDocumentSyncKindFull
	return protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: &openClose,
			Change:    &change,
		},
		DocumentSymbolProvider: true,
	}
}
