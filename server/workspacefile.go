package server

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// A document's settings are the editor's, then those of the nearest
// .policyls.json in its folder or above, exactly as `policyls check` finds
// them, so the editor and CI agree in a repository with several settings
// files. The search stops at the workspace folder or the repository root (a
// folder holding .git), whichever comes first: settings never apply from
// above them. The editor's globs are relative to the workspace root, a
// file's to its own folder.
//
// A settings file on disk is read through config.ReadFile: a regular file
// of at most 1 MiB, a symbolic link only when it resolves inside the
// folder the search stopped at. Anything else (a named pipe, a link to
// /dev/zero or /dev/stdin, a folder of that name) is reported to the user
// with window/showMessage and counts as no settings; the server keeps
// serving.
//
// Settings files change under the server's feet: a "Suppress RULE here"
// action edits one, and so may the user. When one changes
//   - on disk, as the client reports (workspace/didChangeWatchedFiles,
//     registered at start when the client can register it dynamically), or
//   - in the editor (opened, changed or closed),
// the server forgets what it read from that one file and re-analyses, off
// the request path, only the open documents that file governs
// (reanalyse.go). While a settings file is open, its text is the editor's
// buffer, so an applied suppression counts before it is saved, and the
// buffer gets diagnostics of its own: why it is not valid settings, its
// warnings, and a warning when it silences everything. A buffer that is not
// valid settings (the user is typing) leaves the last good settings in
// force. Parsed settings are remembered by content (settingsCache), so
// neither re-analysis nor code actions parse the same text twice.

// workspaceFileWatcher is the registration ID of the file watcher.
const workspaceFileWatcher = "policyls-workspace-file"

// settingsFiles remembers the settings files found and read.
type settingsFiles struct {
	nearest map[string]config.Found   // folder → its search's outcome
	read    map[string]*config.Config // settings file → its settings; nil when missing or broken
	broken  map[string]error          // settings file → why it could not be read, until shown
	// silencing holds the settings files on disk already reported as
	// silencing everything, so the warning is shown once per file.
	silencing map[string]bool
	// open maps the path of each settings file open in the editor to its
	// document.
	open map[string]*document
	// stamps holds each settings file read from disk as it was just before
	// it was read; checked, when each settings file or folder search was
	// last checked against the disk (checkSettingsOnDisk).
	stamps  map[string]fileStamp
	checked map[string]time.Time
}

// fileStamp is what a cheap look at a file tells: whether it is there, its
// size and its modification time.
type fileStamp struct {
	exists  bool
	size    int64
	modTime time.Time
}

func stampOf(path string) fileStamp {
	info, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{exists: true, size: info.Size(), modTime: info.ModTime()}
}

func (a fileStamp) same(b fileStamp) bool {
	return a.exists == b.exists && a.size == b.size && a.modTime.Equal(b.modTime)
}

// settingsStatInterval is how often, at most, a settings file or folder
// search is checked against the disk while documents are edited.
const settingsStatInterval = time.Second

// checkSettingsOnDisk notices, without the client's file watchers (Neovim
// 0.7 has none), a change on disk to the settings of the document at path:
// at most once per settingsStatInterval for each folder and settings file,
// it searches the document's folder again (a settings file created or
// deleted nearer) and compares the size and modification time of the
// settings file that applies with those it had when read. A change is
// taken in as settingsFileChanged takes it, before the document is
// analysed. A settings file open in the editor is its buffer: not checked.
// s.mu must be held.
func (s *Server) checkSettingsOnDisk(ctx *glsp.Context, path string) {
	now := time.Now()
	due := func(key string) bool {
		last, ok := s.settings.checked[key]
		if ok && now.Sub(last) < s.statInterval {
			return false
		}
		if s.settings.checked == nil {
			s.settings.checked = map[string]time.Time{}
		}
		s.settings.checked[key] = now
		return ok // the first time, the search or read is about to be made
	}
	dir := filepath.Dir(path)
	cached, searched := s.settings.nearest[dir]
	if due(dir) && searched {
		delete(s.settings.nearest, dir)
		if fresh := s.settingsFileFor(path); fresh.File != cached.File {
			changed := cmp.Or(fresh.File, cached.File)
			if fresh.File != "" && cached.File != "" && !insideFolder(filepath.Dir(cached.File), filepath.Dir(fresh.File)) {
				changed = cached.File // the nearer one went away
			}
			s.log.Printf("settings for %s now from %q (was %q), seen on disk", dir, fresh.File, cached.File)
			s.settingsFileChanged(ctx, changed, true)
			return
		}
	}
	file := s.settingsFileFor(path).File
	if file == "" || s.openSettingsDocument(file) != nil {
		return
	}
	old, read := s.settings.stamps[file]
	if !due(file) || !read {
		return
	}
	if cur := stampOf(file); !cur.same(old) {
		s.log.Printf("%s changed on disk", file)
		s.settingsFileChanged(ctx, file, cur.exists != old.exists)
	}
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
	return s.settings.open[path]
}

// settingsFileFor returns the outcome of the search for the settings file
// that applies to the file at path: the nearest .policyls.json, open in the
// editor or on disk, in its folder or above, up to the workspace folder or
// the repository root. s.mu must be held.
func (s *Server) settingsFileFor(path string) config.Found {
	dir := filepath.Dir(path)
	if found, ok := s.settings.nearest[dir]; ok {
		return found
	}
	stop := ""
	if s.root != "" && insideFolder(s.root, dir) {
		stop = s.root
	}
	found := config.FindWhere(dir, stop, func(path string) bool { return s.openSettingsDocument(path) != nil })
	if s.settings.nearest == nil {
		s.settings.nearest = map[string]config.Found{}
	}
	s.settings.nearest[dir] = found
	return found
}

// settingsIn returns the settings of the file found, reading it once. A
// file that cannot be read counts as no settings; why is kept for
// reportBrokenSettings. s.mu must be held.
func (s *Server) settingsIn(found config.Found) *config.Config {
	path := found.File
	if c, ok := s.settings.read[path]; ok {
		return c
	}
	c, fromEditor, err := s.readSettingsFile(found)
	if err != nil {
		if s.settings.broken == nil {
			s.settings.broken = map[string]error{}
		}
		s.settings.broken[path] = err
	}
	if !fromEditor && c.SilencesEverything() && !s.settings.silencing[path] {
		if s.settings.silencing == nil {
			s.settings.silencing = map[string]bool{}
		}
		s.settings.silencing[path] = true
		s.log.Printf("%s %s", path, silencingWarning)
		if s.settings.broken == nil {
			s.settings.broken = map[string]error{}
		}
		s.settings.broken[path] = errSilencing // shown with the broken ones
	}
	if s.settings.read == nil {
		s.settings.read = map[string]*config.Config{}
	}
	s.settings.read[path] = c
	return c
}

// silencingWarning is what the user is told about settings that silence
// every finding (config.SilencesEverything).
const silencingWarning = "silences every finding in the policies it applies to (every rule off or suppressed everywhere)"

// errSilencing marks, among the settings files to report, one that was read
// but silences everything.
var errSilencing = errors.New(silencingWarning)

// readSettingsFile reads and parses a settings file: the editor's buffer
// when the file is open, else the file on disk, read through
// config.ReadFile. A missing file is no configuration and no error. s.mu
// must be held.
func (s *Server) readSettingsFile(found config.Found) (c *config.Config, fromEditor bool, err error) {
	var data []byte
	if d := s.openSettingsDocument(found.File); d != nil {
		data, fromEditor = d.src, true
	} else {
		s.recordStamp(found.File)
		if data, err = config.ReadFile(found.File, found.Tree()); errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		} else if err != nil {
			return nil, false, err
		}
	}
	c, err = s.parsedSettings(data)
	if err != nil {
		return nil, fromEditor, err
	}
	if len(c.Problems) > 0 && !fromEditor {
		// An open buffer shows its problems as diagnostics; a file on
		// disk gets a message, once per change.
		ix := text.NewIndex(data)
		line, col := ix.LineColumn(c.Problems[0].Start)
		if s.settings.broken == nil {
			s.settings.broken = map[string]error{}
		}
		s.settings.broken[found.File] = &settingsProblems{fmt.Sprintf("%d:%d: %s", line, col, problemSummary(c.Problems))}
	}
	return c, fromEditor, nil
}

// recordStamp notes a settings file's size and time just before it is
// read from disk (see checkSettingsOnDisk). s.mu must be held.
func (s *Server) recordStamp(path string) {
	if s.settings.stamps == nil {
		s.settings.stamps = map[string]fileStamp{}
	}
	s.settings.stamps[path] = stampOf(path)
	if s.settings.checked == nil {
		s.settings.checked = map[string]time.Time{}
	}
	s.settings.checked[path] = time.Now()
}

// settingsCache remembers parsed settings by the SHA-256 of their text, so
// that re-analysing documents, showing a settings buffer's diagnostics and
// offering "Suppress RULE here" parse the same text once. It holds at most
// settingsCacheSize texts, and starts over when full.
type settingsCache map[[sha256.Size]byte]*parsedSettings

const settingsCacheSize = 64

// parsedSettings is one text's settings, or why it is not valid settings,
// and (made when first asked for) how to add a suppression to it.
type parsedSettings struct {
	config *config.Config
	err    error
	insert *suppressionInsert
}

// parsed returns the cache entry for a settings text, parsing it when it
// is new. s.mu must be held.
func (s *Server) parsed(data []byte) *parsedSettings {
	key := sha256.Sum256(data)
	if p, ok := s.settingsCache[key]; ok {
		return p
	}
	if len(s.settingsCache) >= settingsCacheSize || s.settingsCache == nil {
		s.settingsCache = settingsCache{}
	}
	c, err := config.Parse(data)
	p := &parsedSettings{config: c, err: err}
	s.settingsCache[key] = p
	return p
}

// parsedSettings parses a settings text through the cache. s.mu must be
// held.
func (s *Server) parsedSettings(data []byte) (*config.Config, error) {
	p := s.parsed(data)
	return p.config, p.err
}

// settingsProblems marks, among the settings files to report, one read
// with problems (config.Problem): the first, where it is, and how many more.
type settingsProblems struct{ summary string }

func (p *settingsProblems) Error() string { return p.summary }

// reportBrokenSettings shows the user each settings file that could not be
// read, or that silences everything, since the last report. s.mu must be
// held.
func (s *Server) reportBrokenSettings(ctx *glsp.Context) {
	for path, err := range s.settings.broken {
		if err == errSilencing {
			s.warn(ctx, fmt.Sprintf("policyls: %s %s", path, silencingWarning))
			continue
		}
		if p, ok := err.(*settingsProblems); ok {
			s.warn(ctx, fmt.Sprintf("policyls: %s:%s", path, p.summary))
			continue
		}
		s.warn(ctx, fmt.Sprintf("policyls: ignoring %s: %v", path, err))
	}
	s.settings.broken = nil
}

// optionsFor returns the analysis options settings give a document: its
// forced kind (or "" to infer it), rule settings, suppressions, and the
// partition, region and account for fixes and completion. The editor's
// settings come first. A settings file itself is never analysed as a
// policy. s.mu must be held.
func (s *Server) optionsFor(uri protocol.DocumentUri) policy.Options {
	p, ok := pathFromURI(uri)
	if !ok {
		return s.editorConfig.OptionsFor("")
	}
	if filepath.Base(p) == config.FileName {
		return policy.Options{}
	}
	editor := s.editorConfig.OptionsFor(config.Rel(s.root, p))
	found := s.settingsFileFor(p)
	if found.File == "" {
		return editor
	}
	return config.MergeOptions(editor, s.settingsIn(found).OptionsFor(config.Rel(filepath.Dir(found.File), p)))
}

// settingsFileChanged takes in a change to the settings file at path: its
// buffer in the editor (opened, changed or closed) or the file on disk.
// When created says the file may have appeared or gone (not only changed
// content), the searches of the folders below it are forgotten too. The
// documents it governs are re-analysed off the request path. A buffer that
// is not valid settings changes nothing. s.mu must be held.
func (s *Server) settingsFileChanged(ctx *glsp.Context, path string, created bool) {
	if d := s.openSettingsDocument(path); d != nil {
		if _, err := s.parsedSettings(d.src); err != nil {
			s.log.Printf("keeping the previous settings: %s in the editor: %v", path, err)
			return
		}
	}
	delete(s.settings.read, path)
	delete(s.settings.silencing, path)
	if created {
		folder := filepath.Dir(path)
		for dir := range s.settings.nearest {
			if insideFolder(folder, dir) {
				delete(s.settings.nearest, dir)
			}
		}
	}
	s.reanalyse(ctx, path)
}

// forgetSettings empties the record of settings files, so each is read
// again when needed, except that a settings file open in the editor whose
// buffer is not valid settings keeps, silently, what was last read from it.
// s.mu must be held.
func (s *Server) forgetSettings() {
	kept := map[string]*config.Config{}
	for path, d := range s.settings.open {
		if _, err := s.parsedSettings(d.src); err != nil {
			kept[path] = s.settings.read[path]
		}
	}
	s.settings = settingsFiles{read: kept, open: s.settings.open, silencing: s.settings.silencing}
}

// settingsDiagnostics are the diagnostics of a settings file open in the
// editor: why it is not valid settings (at the key, for a key in the wrong
// case or given twice), its warnings, and a warning when it silences every
// finding. s.mu must be held.
func (s *Server) settingsDiagnostics(d *document) []protocol.Diagnostic {
	out := []protocol.Diagnostic{}
	add := func(severity protocol.DiagnosticSeverity, start, end int, msg string) {
		src := source
		out = append(out, protocol.Diagnostic{Range: rangeFromOffsets(d.index, start, end), Severity: &severity, Source: &src, Message: msg})
	}
	c, err := s.parsedSettings(d.src)
	if err != nil {
		var ke *config.KeyError
		if errors.As(err, &ke) {
			add(protocol.DiagnosticSeverityError, ke.Start, ke.End, "Not valid settings: "+ke.Message)
		} else {
			add(protocol.DiagnosticSeverityError, 0, 0, "Not valid settings: "+err.Error())
		}
		return out
	}
	for _, p := range c.Problems {
		add(protocol.DiagnosticSeverityError, p.Start, p.End, p.Message)
	}
	if c.SilencesEverything() {
		add(protocol.DiagnosticSeverityWarning, 0, 0, "These settings "+silencingWarning+".")
	}
	return out
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

// didChangeWatchedFiles takes in each settings file the client reports
// created, changed or deleted on disk, unless the editor has it open (then
// its buffer is what counts); other files are ignored.
func (s *Server) didChangeWatchedFiles(ctx *glsp.Context, params *protocol.DidChangeWatchedFilesParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range params.Changes {
		if p, ok := pathFromURI(c.URI); ok && isSettingsFile(c.URI) && s.openSettingsDocument(p) == nil {
			s.settingsFileChanged(ctx, p, c.Type != protocol.FileChangeTypeChanged)
		}
	}
	return nil
}

// didSave changes nothing: an open settings file's buffer already counted
// before it was saved.
func (s *Server) didSave(*glsp.Context, *protocol.DidSaveTextDocumentParams) error {
	return nil
}
