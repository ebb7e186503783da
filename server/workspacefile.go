package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/policy"
)

// A document's settings are the editor's, then those of the nearest
// .policyls.json in its folder or above, exactly as `policyls check` finds
// them, so the editor and CI agree in a repository with several settings
// files. The editor's globs are relative to the workspace root, a file's to
// its own folder.
//
// Settings files change under the server's feet: a "Suppress RULE here"
// action edits one, and so may the user. The server forgets what it read,
// re-analyses and re-publishes every open document when
//   - the client reports a settings file created, changed or deleted on disk
//     (workspace/didChangeWatchedFiles, registered at start when the client
//     can register it dynamically);
//   - a settings file is opened, changed, saved or closed in the editor.
// While a settings file is open, its text is the editor's buffer, so an
// applied suppression counts before it is saved. A buffer that is not valid
// settings (the user is typing) is logged and leaves the last good settings
// in force; a broken file on disk is shown to the user.

// workspaceFileWatcher is the registration ID of the file watcher.
const workspaceFileWatcher = "policyls-workspace-file"

// settingsFiles remembers the settings files found and read; it is emptied
// whenever one changes.
type settingsFiles struct {
	nearest map[string]string         // folder → its nearest settings file, "" for none
	read    map[string]*config.Config // settings file → its settings; nil when missing or broken
	broken  map[string]error          // settings file → why it could not be read, until shown
}

// isSettingsFile reports whether uri names a .policyls.json file. It runs
// on every change, so the URI is parsed only when its end says it may be.
func isSettingsFile(uri protocol.DocumentUri) bool {
	if !strings.HasSuffix(uri, config.FileName) {
		return false
	}
	p, ok := pathFromURI(uri)
	return ok && filepath.Base(p) == config.FileName
}

// openSettingsDocument returns the settings file at path when it is open in
// the editor, else nil. s.mu must be held.
func (s *Server) openSettingsDocument(path string) *document {
	for uri, d := range s.docs {
		if p, ok := pathFromURI(uri); ok && p == path {
			return d
		}
	}
	return nil
}

// settingsFileFor returns the settings file that applies to the file at
// path: the nearest .policyls.json, open in the editor or on disk, in its
// folder or above; "" when there is none. s.mu must be held.
func (s *Server) settingsFileFor(path string) string {
	dir := filepath.Dir(path)
	if found, ok := s.settings.nearest[dir]; ok {
		return found
	}
	found := config.FindWhere(dir, func(path string) bool { return s.openSettingsDocument(path) != nil })
	if s.settings.nearest == nil {
		s.settings.nearest = map[string]string{}
	}
	s.settings.nearest[dir] = found
	return found
}

// settingsIn returns the settings of the file at path, reading it once. A
// file that cannot be read counts as no settings; why is kept for
// reportBrokenSettings. s.mu must be held.
func (s *Server) settingsIn(path string) *config.Config {
	if c, ok := s.settings.read[path]; ok {
		return c
	}
	c, _, err := s.readSettingsFile(path)
	if err != nil {
		if s.settings.broken == nil {
			s.settings.broken = map[string]error{}
		}
		s.settings.broken[path] = err
	}
	if s.settings.read == nil {
		s.settings.read = map[string]*config.Config{}
	}
	s.settings.read[path] = c
	return c
}

// readSettingsFile reads and parses a settings file: the editor's buffer
// when the file is open, else the file on disk. A missing file is no
// configuration and no error. s.mu must be held.
func (s *Server) readSettingsFile(path string) (c *config.Config, fromEditor bool, err error) {
	var data []byte
	if d := s.openSettingsDocument(path); d != nil {
		data, fromEditor = d.src, true
	} else if data, err = os.ReadFile(path); errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	c, err = config.Parse(data)
	if err != nil {
		return nil, fromEditor, err
	}
	for _, w := range c.Warnings {
		s.log.Printf("%s: %s", path, w)
	}
	return c, fromEditor, nil
}

// reportBrokenSettings shows the user each settings file that could not be
// read since the last report. s.mu must be held.
func (s *Server) reportBrokenSettings(ctx *glsp.Context) {
	for path, err := range s.settings.broken {
		s.warn(ctx, fmt.Sprintf("policyls: ignoring %s: %v", path, err))
	}
	s.settings.broken = nil
}

// optionsFor returns the analysis options settings give a document: its
// forced kind (or "" to infer it), rule settings, suppressions, and the
// partition, region and account for fixes and completion. The editor's
// settings come first. s.mu must be held.
func (s *Server) optionsFor(uri protocol.DocumentUri) policy.Options {
	p, ok := pathFromURI(uri)
	if !ok {
		return s.editorConfig.OptionsFor("")
	}
	editor := s.editorConfig.OptionsFor(config.Rel(s.root, p))
	file := s.settingsFileFor(p)
	if file == "" {
		return editor
	}
	return config.MergeOptions(editor, s.settingsIn(file).OptionsFor(config.Rel(filepath.Dir(file), p)))
}

// reloadSettings forgets the settings files read (see forgetSettings),
// re-publishes every open document, and shows the user settings files on
// disk that are broken. When changed (a settings file's path, or "") is open
// in the editor and its buffer is not valid settings (the user is typing),
// nothing changes and reloadSettings reports false. s.mu must be held.
func (s *Server) reloadSettings(ctx *glsp.Context, changed string) bool {
	if changed != "" {
		if d := s.openSettingsDocument(changed); d != nil {
			if _, err := config.Parse(d.src); err != nil {
				s.log.Printf("keeping the previous settings: %s in the editor: %v", changed, err)
				return false
			}
		}
	}
	s.forgetSettings()
	s.republishAll(ctx)
	s.reportBrokenSettings(ctx)
	return true
}

// forgetSettings empties the record of settings files, so each is read
// again when needed, except that a settings file open in the editor whose
// buffer is not valid settings keeps, silently, what was last read from it.
// s.mu must be held.
func (s *Server) forgetSettings() {
	kept := map[string]*config.Config{}
	for uri, d := range s.docs {
		if path, ok := pathFromURI(uri); ok && isSettingsFile(uri) {
			if _, err := config.Parse(d.src); err != nil {
				kept[path] = s.settings.read[path]
			}
		}
	}
	s.settings = settingsFiles{read: kept}
}

// watchWorkspaceFile asks the client to report changes to settings files,
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

// didChangeWatchedFiles reloads the settings when the client reports that a
// settings file was created, changed or deleted; other files are ignored.
func (s *Server) didChangeWatchedFiles(ctx *glsp.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range params.Changes {
		if isSettingsFile(c.URI) {
			s.reloadSettings(ctx, "")
			return nil
		}
	}
	return nil
}

// didSave reloads the settings when the document saved is a settings file.
func (s *Server) didSave(ctx *glsp.Context, params *protocol.DidSaveTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := pathFromURI(params.TextDocument.URI); ok && isSettingsFile(params.TextDocument.URI) {
		s.reloadSettings(ctx, p)
	}
	return nil
}
