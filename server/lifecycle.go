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
	s.mu.Unlock()

	s.applySettings(ctx, params.InitializationOptions, false)

	version := s.version
	return protocol.InitializeResult{
		Capabilities: capabilities(),
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "policyls", Version: &version},
	}, nil
}

// initialized asks the client for its policyls settings when it can answer
// workspace/configuration. The request goes out from a goroutine: asked from
// inside a handler, it would wait forever for an answer glsp cannot read.
func (s *Server) initialized(ctx *glsp.Context, _ *protocol.InitializedParams) error {
	s.pullSettings(ctx)
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

// clientCaps are the client's completion and hover capabilities that change
// what we send.
type clientCaps struct {
	snippets           bool // completion edits may use snippet syntax
	completionMarkdown bool // completion documentation may be Markdown
	insertAsIs         bool // the client honours insertTextMode asIs
	hoverMarkdown      bool // hover contents may be Markdown
}

// clientCapsFrom reads them from the initialize request. What a client
// does not declare, it does not get: plain text, no snippets.
func clientCapsFrom(caps protocol.ClientCapabilities) clientCaps {
	var cc clientCaps
	td := caps.TextDocument
	if td == nil {
		return cc
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
	return cc
}
