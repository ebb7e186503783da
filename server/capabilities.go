package server

import protocol "github.com/tliron/glsp/protocol_3_16"

// triggerCharacters open completion without an explicit request: a quote
// starts a key or a value, a colon ends a service prefix or an ARN field
// (and a key, whose value comes next). Everything else is typing, which
// editors complete on by themselves.
var triggerCharacters = []string{`"`, ":"}

// codeActionKinds are the kinds of code action the server returns (see
// codeaction.go).
var codeActionKinds = []protocol.CodeActionKind{
	protocol.CodeActionKindQuickFix,
	protocol.CodeActionKindRefactorRewrite,
	protocol.CodeActionKindSource,
	codeActionKindFixAll,
}

// capabilities lists exactly what the server serves: full text sync (with
// save notifications, which re-read .policyls.json), the document outline,
// completion, hover, code actions, formatting, and code lenses (policy tests
// per statement) to clients that show them. The code action kinds are announced
// only to clients that understand code action literals; LSP allows the
// options object for no other client.
func capabilities(cc clientCaps) protocol.ServerCapabilities {
	openClose := true
	change := protocol.TextDocumentSyncKindFull
	var codeAction any = true
	if cc.codeActionLiterals {
		resolve := false
		codeAction = protocol.CodeActionOptions{CodeActionKinds: codeActionKinds, ResolveProvider: &resolve}
	}
	var codeLens *protocol.CodeLensOptions
	if cc.codeLens {
		resolve := false
		codeLens = &protocol.CodeLensOptions{ResolveProvider: &resolve}
	}
	return protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: &openClose,
			Change:    &change,
			Save:      true,
		},
		DocumentSymbolProvider:     true,
		CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: triggerCharacters},
		HoverProvider:              true,
		CodeActionProvider:         codeAction,
		DocumentFormattingProvider: true,
		CodeLensProvider:           codeLens,
	}
}
