package server

import (
	"slices"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// initialize records the workspace root, the client capabilities we care
// about and the settings passed as initializationOptions, and answers with
// our capabilities.
func (s *Server) initialize(ctx *glsp.Context, params *protocol.InitializeParams) (any, error) {
	s.mu.Lock()
	s.root = rootFromParams(params)
	caps := params.Capabilities
	s.canPullSettings = caps.Workspace != nil && caps.Workspace.Configuration != nil && *caps.Workspace.Configuration
	s.hierarchicalSymbols = caps.TextDocument != nil && caps.TextDocument.DocumentSymbol != nil &&
		caps.TextDocument.DocumentSymbol.HierarchicalDocumentSymbolSupport != nil &&
		*caps.TextDocument.DocumentSymbol.HierarchicalDocumentSymbolSupport
	s.clientCaps = clientCapsFrom(caps)
	cc := s.clientCaps
	s.mu.Unlock()

	s.applySettings(ctx, params.InitializationOptions, false)

	version := s.version
	return protocol.InitializeResult{
		Capabilities: capabilities(cc),
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "policyls", Version: &version},
	}, nil
}

// initialized asks the client for its policyls settings when it can answer
// workspace/configuration, and to report changes to .policyls.json when it
// can watch files. The requests go out from goroutines: asked from inside a
// handler, they would wait forever for an answer glsp cannot read.
func (s *Server) initialized(ctx *glsp.Context, _ *protocol.InitializedParams) error {
	s.pullSettings(ctx)
	s.watchWorkspaceFile(ctx)
	return nil
}

// shutdownRequest records that the client asked us to shut down, which makes
// the exit code 0.
func (s *Server) shutdownRequest(*glsp.Context) error {
	s.shutdown.Store(true)
	return nil
}

// rootFromParams returns the workspace root as an operating-system path:
// rootUri, else the first workspace folder, else the deprecated rootPath.
func rootFromParams(params *protocol.InitializeParams) string {
	if params.RootURI != nil {
		if p, ok := pathFromURI(*params.RootURI); ok {
			return p
		}
	}
	for _, f := range params.WorkspaceFolders {
		if p, ok := pathFromURI(f.URI); ok {
			return p
		}
	}
	if params.RootPath != nil {
		return *params.RootPath
	}
	return ""
}

// clientCaps are the client's capabilities that change what we send.
type clientCaps struct {
	snippets           bool // completion edits may use snippet syntax
	completionMarkdown bool // completion documentation may be Markdown
	insertAsIs         bool // the client honours insertTextMode asIs
	hoverMarkdown      bool // hover contents may be Markdown

	codeActionLiterals bool // code actions may be CodeAction objects with kinds
	documentChanges    bool // workspace edits may be versioned documentChanges
	createFiles        bool // documentChanges may create files
	watchFiles         bool // didChangeWatchedFiles can be registered dynamically
	codeLens           bool // the client shows code lenses (policy tests per statement)
}

// clientCapsFrom reads them from the initialize request. What a client
// does not declare, it does not get: plain text, no snippets, plain
// changes in workspace edits, no file creation.
func clientCapsFrom(caps protocol.ClientCapabilities) clientCaps {
	var cc clientCaps
	if ws := caps.Workspace; ws != nil {
		if we := ws.WorkspaceEdit; we != nil {
			cc.documentChanges = we.DocumentChanges != nil && *we.DocumentChanges
			cc.createFiles = cc.documentChanges && slices.Contains(we.ResourceOperations, protocol.ResourceOperationKindCreate)
		}
		if w := ws.DidChangeWatchedFiles; w != nil {
			cc.watchFiles = w.DynamicRegistration != nil && *w.DynamicRegistration
		}
	}
	td := caps.TextDocument
	if td == nil {
		return cc
	}
	if ca := td.CodeAction; ca != nil {
		cc.codeActionLiterals = ca.CodeActionLiteralSupport != nil
	}
	if c := td.Completion; c != nil && c.CompletionItem != nil {
		item := c.CompletionItem
		cc.snippets = item.SnippetSupport != nil && *item.SnippetSupport
		cc.completionMarkdown = slices.Contains(item.DocumentationFormat, protocol.MarkupKindMarkdown)
		cc.insertAsIs = item.InsertTextModeSupport != nil && slices.Contains(item.InsertTextModeSupport.ValueSet, protocol.InsertTextModeAsIs)
	}
	if h := td.Hover; h != nil {
		cc.hoverMarkdown = slices.Contains(h.ContentFormat, protocol.MarkupKindMarkdown)
	}
	cc.codeLens = td.CodeLens != nil
	return cc
}
