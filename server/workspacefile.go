package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
)

// .policyls.json at the workspace root changes under the server's feet: a
// "Suppress RULE here" action edits it, and so may the user. The server
// re-reads it, re-analyses and re-publishes every open document when
//   - the client reports a change on disk (workspace/didChangeWatchedFiles,
//     registered at start when the client can register it dynamically);
//   - the file is opened, changed, saved or closed in the editor.
// While the file is open, its text is the editor's buffer, so an applied
// suppression counts before it is saved. A buffer that is not valid
// settings (the user is typing) is logged and leaves the last good settings
// in force; a broken file on disk is shown to the user, as at start.

// workspaceFileWatcher is the registration ID of the file watcher.
const workspaceFileWatcher = "policyls-workspace-file"

// workspaceFilePath returns the path of .policyls.json, or "" without a
// workspace root. s.mu must be held.
func (s *Server) workspaceFilePath() string {
	if s.root == "" {
		return ""
	}
	return filepath.Join(s.root, config.FileName)
}

// isWorkspaceFile reports whether uri names .policyls.json at the workspace
// root. s.mu must be held.
func (s *Server) isWorkspaceFile(uri protocol.DocumentUri) bool {
	p, ok := pathFromURI(uri)
	return ok && p != "" && p == s.workspaceFilePath()
}

// workspaceFileDocument returns .policyls.json when it is open in the
// editor, else nil. s.mu must be held.
func (s *Server) workspaceFileDocument() *document {
	if s.root == "" {
		return nil
	}
	for uri, d := range s.docs {
		if s.isWorkspaceFile(uri) {
			return d
		}
	}
	return nil
}

// readWorkspaceFile reads and parses .policyls.json: the editor's buffer
// when the file is open, else the file on disk. A missing file (or no
// root) is no configuration and no error. s.mu must be held.
func (s *Server) readWorkspaceFile() (c *config.Config, fromEditor bool, err error) {
	name := s.workspaceFilePath()
	if name == "" {
		return nil, false, nil
	}
	var data []byte
	if d := s.workspaceFileDocument(); d != nil {
		data, fromEditor = d.src, true
	} else if data, err = os.ReadFile(name); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	c, err = config.Parse(data)
	if err != nil {
		return nil, fromEditor, err
	}
	for _, w := range c.Warnings {
		s.log.Printf("%s: %s", config.FileName, w)
	}
	return c, fromEditor, nil
}

// reloadWorkspaceFile re-reads .policyls.json and re-publishes every open
// document. It reports false when it kept the previous settings because
// the editor's buffer is not valid settings. s.mu must be held.
func (s *Server) reloadWorkspaceFile(ctx *glsp.Context) bool {
	c, fromEditor, err := s.readWorkspaceFile()
	if err != nil {
		if fromEditor {
			s.log.Printf("keeping the previous settings: %s in the editor: %v", config.FileName, err)
			return false
		}
		s.warn(ctx, fmt.Sprintf("policyls: ignoring %s: %v", config.FileName, err))
	}
	s.fileConfig = c
	s.config = s.editorConfig.Merge(s.fileConfig)
	s.republishAll(ctx)
	return true
}

// watchWorkspaceFile asks the client to report changes to .policyls.json,
// from a goroutine (a request from inside a handler would deadlock glsp).
// It does nothing when the client cannot register watchers dynamically or
// there is no workspace root.
func (s *Server) watchWorkspaceFile(ctx *glsp.Context) {
	s.mu.Lock()
	ok := s.clientCaps.watchFiles && s.root != ""
	s.mu.Unlock()
	if !ok || ctx.Call == nil {
		return
	}
	s.goSafely("client/registerCapability", func() {
		var result any
		ctx.Call(protocol.ServerClientRegisterCapability, protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID:     workspaceFileWatcher,
			Method: protocol.MethodWorkspaceDidChangeWatchedFiles,
			RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{
				Watchers: []protocol.FileSystemWatcher{{GlobPattern: "**/" + config.FileName}},
			},
		}}}, &result)
	})
}

// didChangeWatchedFiles re-reads .policyls.json when the client reports
// that it was created, changed or deleted; other files are ignored.
func (s *Server) didChangeWatchedFiles(ctx *glsp.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range params.Changes {
		if s.isWorkspaceFile(c.URI) {
			s.reloadWorkspaceFile(ctx)
			return nil
		}
	}
	return nil
}

// didSave re-reads .policyls.json when it is the document saved.
func (s *Server) didSave(ctx *glsp.Context, params *protocol.DidSaveTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.isWorkspaceFile(params.TextDocument.URI) {
		s.reloadWorkspaceFile(ctx)
	}
	return nil
}
