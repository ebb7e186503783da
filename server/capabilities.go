package server

import protocol "github.com/tliron/glsp/protocol_3_16"

// triggerCharacters open completion without an explicit request: a quote
// starts a key or a value, a colon ends a service prefix or an ARN field
// (and a key, whose value comes next). Everything else is typing, which
// editors complete on by themselves.
var triggerCharacters = []string{`"`, ":"}

// capabilities lists exactly what the server serves: full text sync, the
// document outline, completion and hover. Code actions are announced only
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
		CompletionProvider:     &protocol.CompletionOptions{TriggerCharacters: triggerCharacters},
		HoverProvider:          true,
	}
}
