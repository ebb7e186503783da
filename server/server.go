package server

import (
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
)

// Options configure a Server.
type Options struct {
	// Version is reported to the client as the server version.
	Version string
	// Log receives the server's log. Nil means os.Stderr. It must never be
	// stdout, which belongs to the protocol.
	Log io.Writer
}

// Server is one language server session. Create it with New, then call
// RunStdio (or feed messages to Handle in tests).
type Server struct {
	version string
	log     *log.Logger
	handler protocol.Handler

	initializeDone atomic.Bool // initialize was answered
	shutdown       atomic.Bool // a shutdown request was answered

	// mu guards the fields below. Handlers run one at a time, but settings
	// fetched from the client arrive on a goroutine.
	mu   sync.Mutex
	docs map[protocol.DocumentUri]*document
	// root is the workspace root folder as an operating-system path, or "".
	root string
	// editorConfig holds the settings from the editor; settings the
	// .policyls.json files read for documents (workspacefile.go).
	editorConfig *config.Config
	settings     settingsFiles
	// statInterval is settingsStatInterval; tests shorten it.
	statInterval time.Duration
	// settingsCache holds parsed settings texts by hash (workspacefile.go).
	settingsCache settingsCache
	// reanalysis is the state of the worker that re-analyses documents
	// after a settings change (reanalyse.go).
	reanalysis reanalysis
	// settingsApplied counts the editor settings applied, so that an answer
	// to workspace/configuration older than the last change is dropped.
	settingsApplied uint64
	// The client capabilities that change what we send.
	canPullSettings     bool
	hierarchicalSymbols bool
	clientCaps          clientCaps

	// background counts goroutines started by handlers, so tests can wait.
	background sync.WaitGroup
	// beforeHandle, when set by tests, runs before every message.
	beforeHandle func(ctx *glsp.Context)
	// beforeReanalysis, when set by tests, runs as each round of
	// re-analysis starts, without s.mu.
	beforeReanalysis func()
}

// New creates a server.
func New(opts Options) *Server {
	w := opts.Log
	if w == nil {
		w = os.Stderr
	}
	s := &Server{
		version: opts.Version,
		log:     log.New(w, "policyls: ", log.LstdFlags|log.Lmicroseconds),
		docs:    make(map[protocol.DocumentUri]*document),

		statInterval: settingsStatInterval,
	}
	s.handler = protocol.Handler{
		Initialize:                      s.initialize,
		Initialized:                     s.initialized,
		Shutdown:                        s.shutdownRequest,
		Exit:                            func(*glsp.Context) error { return nil },
		SetTrace:                        func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest:                   func(*glsp.Context, *protocol.CancelParams) error { return nil },
		TextDocumentDidOpen:             s.didOpen,
		TextDocumentDidChange:           s.didChange,
		TextDocumentDidClose:            s.didClose,
		TextDocumentDidSave:             s.didSave,
		WorkspaceDidChangeConfiguration: s.didChangeConfiguration,
		WorkspaceDidChangeWatchedFiles:  s.didChangeWatchedFiles,
		TextDocumentDocumentSymbol:      s.documentSymbol,
		TextDocumentCompletion:          s.completion,
		TextDocumentHover:               s.hover,
		TextDocumentCodeAction:          s.codeAction,
		TextDocumentFormatting:          s.formatting,
		TextDocumentCodeLens:            s.codeLens,
	}
	return s
}

// Handle serves one message. It implements glsp.Handler around glsp's own
// protocol.Handler and recovers from any panic: the panic is logged with its
// stack, a request is answered with an error, and the server keeps serving.
func (s *Server) Handle(ctx *glsp.Context) (r any, validMethod, validParams bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Printf("panic while handling %s: %v\n%s", ctx.Method, p, debug.Stack())
			r, validMethod, validParams = nil, true, true
			err = fmt.Errorf("policyls: internal error while handling %s (details in the server log)", ctx.Method)
		}
	}()
	if s.beforeHandle != nil {
		s.beforeHandle(ctx)
	}
	if ctx.Method == didChangeMethod && s.handleDidChange(ctx) {
		return nil, true, true, nil
	}
	return s.handler.Handle(ctx)
}

// ExitCode is the process exit code once serving has ended: 0 when the client
// sent "shutdown" before the connection closed, 1 otherwise, as LSP asks.
func (s *Server) ExitCode() int {
	if s.shutdown.Load() {
		return 0
	}
	return 1
}

// goSafely runs f on a goroutine that logs and survives a panic.
func (s *Server) goSafely(name string, f func()) {
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		defer func() {
			if p := recover(); p != nil {
				s.log.Printf("panic in %s: %v\n%s", name, p, debug.Stack())
			}
		}()
		f()
	}()
}
