package server

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
	"github.com/policyls/policyls/completion"
)

// "Suppress RULE here" appends {"file", "path", "rule"} (and, for a policy
// inside a template or Terraform file, its "location") to the suppressions
// of the settings file that applies to the document (the nearest
// .policyls.json above it, else a new one at the workspace root), which
// both the server and `policyls check` read. The file glob is the
// document's path relative to that file's folder. The edit is minimal and
// keeps the file's layout: one more element in an existing suppressions
// array, or one more member in the settings object (the "policyls" object
// when the file nests its settings under that key). A file that is not
// valid settings gets no action: an edit could only make it worse. The
// file's text is the editor's buffer when the file is open, else what is
// on disk.
//
// When there is no settings file, the action creates one at the workspace
// root: with a file creation for clients that declare them, else (Neovim
// 0.7, Eglot) as an edit of the missing file, which such clients apply to
// a new unsaved buffer for that path.
//
// The action never creates or edits a file outside the workspace folder:
// without a workspace folder there is no action, and the settings file,
// with its symbolic links resolved, must lie inside the folder (also
// resolved); a link to a missing file gets no action. A missing file is
// created, for clients that can create files in a workspace edit, with
// overwrite and ignoreIfExists both false: if a file appeared there since
// the action was offered, the creation fails and the edit with it, so a
// stale action can never truncate a file or write into it blindly. (For
// the other clients, a file that appeared meanwhile gets the new text
// inserted at its start, in a buffer the user has not saved.)

// suppressTarget is what a suppress action needs to know about the
// settings file and the document.
type suppressTarget struct {
	uri     protocol.DocumentUri // of .policyls.json
	src     []byte               // its text; nil when it does not exist
	index   *text.Index          // of src
	version *protocol.Integer    // its version when open in the editor
	// insert adds a suppression to src; nil when src is nil.
	insert *suppressionInsert
	// file is the document's glob in the suppression: its path relative
	// to the settings file's folder, with glob characters escaped.
	file string
}

// suppressTarget reads the settings file for a document's suppress actions,
// or returns nil when there can be none: a document that is not a file, no
// workspace folder, a settings file outside it (see insideWorkspace), or
// one that cannot be read or is not valid settings. s.mu must be held.
func (s *Server) suppressTarget(uri protocol.DocumentUri) *suppressTarget {
	p, ok := pathFromURI(uri)
	if !ok || s.root == "" {
		return nil
	}
	name := s.settingsFileFor(p).File
	if name == "" {
		// A new file at the workspace root applies only to documents
		// inside the root: for one outside, it would never be read.
		if !insideFolder(s.root, p) {
			return nil
		}
		name = filepath.Join(s.root, config.FileName)
	}
	d := s.openSettingsDocument(name)
	exists, inside := s.insideWorkspace(name)
	if !inside {
		s.log.Printf("suppress: %s is outside the workspace folder %s; no action", name, s.root)
		return nil
	}
	t := &suppressTarget{uri: fileURIFromPath(name), file: escapeGlob(config.Rel(filepath.Dir(name), p))}
	switch {
	case d != nil:
		version := d.version
		t.uri, t.src, t.index, t.version = d.uri, d.src, d.index, &version
	case !exists:
		return t
	default:
		data, err := config.ReadFile(name, s.root)
		if err != nil {
			s.log.Printf("suppress: %v", err)
			return nil
		}
		t.src, t.index = data, text.NewIndex(data)
	}
	if t.insert = s.suppressionInsert(t.src); t.insert == nil {
		return nil
	}
	return t
}

// insideWorkspace reports whether there is an entry at path, and whether
// path lies inside the workspace folder once symbolic links are resolved
// (a missing file: its folder does). A link that leads nowhere is never
// inside: the editor would create its target, wherever it points. s.mu
// must be held.
func (s *Server) insideWorkspace(path string) (exists, inside bool) {
	if !insideFolder(s.root, path) {
		return false, false
	}
	root := s.root
	if resolved, err := filepath.EvalSymlinks(root); err == nil {
		root = resolved
	}
	info, err := os.Lstat(path)
	exists = err == nil
	check := path
	if !exists {
		check = filepath.Dir(path)
	}
	resolved, err := filepath.EvalSymlinks(check)
	if err != nil {
		// A dangling link, or a folder that does not exist: the new file
		// would land wherever the editor makes it.
		return exists, false
	}
	if exists && !info.Mode().IsRegular() && info.Mode()&fs.ModeSymlink == 0 {
		return exists, false
	}
	return exists, insideFolder(root, resolved)
}

// insideFolder reports whether path lies in folder or below it.
func insideFolder(folder, path string) bool {
	rel, err := filepath.Rel(folder, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// suppressions adds "Suppress RULE here" for each finding. In a template
// or Terraform file the suppression names the policy the finding is in by
// its location (as check's JSON output does) and the path inside it; the
// host's own findings (YAML syntax, HOST001) and the last good findings
// kept while YAML is broken belong to no policy and get none.
func (b *actionBuilder) suppressions(findings []int, t *suppressTarget) {
	if t == nil {
		return
	}
	for _, i := range findings {
		f := b.d.result.Diagnostics[i]
		location, path := "", policy.PathOf(b.d.result.Doc, f)
		if b.d.template != nil {
			p := b.d.template.PolicyOf(f)
			if p == nil {
				continue
			}
			location, path = p.Location, policy.PathOf(p.Doc, f)
		}
		entry := suppressionEntry(t.file, location, path, f.Code)
		var change fileChange
		if t.src == nil {
			// A client that cannot create files gets the text as an edit
			// of the missing file: it opens a buffer for it, which the
			// user saves (editors/README.md).
			change = fileChange{uri: t.uri, create: b.caps.createFiles, edits: []protocol.TextEdit{{NewText: newSettingsFile(entry)}}}
		} else {
			change = fileChange{uri: t.uri, version: t.version, edits: textEditsFromEdits(t.index, []policy.Edit{t.insert.edit(entry)})}
		}
		diag := diagnosticFromFinding(b.d.index, f)
		b.add("Suppress "+f.Code+" here", protocol.CodeActionKindQuickFix, false, []protocol.Diagnostic{diag}, workspaceEdit(b.caps, change))
	}
}

// suppressionEntry writes one suppression as a one-line JSON object; the
// location only for a policy inside a template or Terraform file.
func suppressionEntry(file, location, path, rule string) string {
	if location != "" {
		return `{"file": ` + jsonString(file) + `, "location": ` + jsonString(location) + `, "path": ` + jsonString(path) + `, "rule": ` + jsonString(rule) + `}`
	}
	return `{"file": ` + jsonString(file) + `, "path": ` + jsonString(path) + `, "rule": ` + jsonString(rule) + `}`
}

// jsonString quotes s as JSON, leaving <, > and & as they are.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// escapeGlob escapes the characters a settings glob would read as
// wildcards, so the glob names exactly one file.
func escapeGlob(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// newSettingsFile is the text of a settings file holding one suppression.
func newSettingsFile(entry string) string {
	return "{\n  \"suppressions\": [\n    " + entry + "\n  ]\n}\n"
}

// suppressionInsert is where and how a suppression entry goes into one
// settings text, worked out once per text (settingsCache keeps it).
type suppressionInsert struct {
	edit func(entry string) policy.Edit
}

// suppressionInsert returns how to add a suppression to the settings text
// src, or nil when src is not valid settings. s.mu must be held.
func (s *Server) suppressionInsert(src []byte) *suppressionInsert {
	p := s.parsed(src)
	if p.insert == nil && p.err == nil {
		if edit, ok := suppressionInserter(src); ok {
			p.insert = &suppressionInsert{edit: edit}
		}
	}
	return p.insert
}

// suppressionEdit returns the edit that adds a suppression entry to the
// settings file src, or false when src is not valid settings JSON.
func suppressionEdit(src []byte, entry string) (policy.Edit, bool) {
	if _, err := config.Parse(src); err != nil {
		return policy.Edit{}, false
	}
	edit, ok := suppressionInserter(src)
	if !ok {
		return policy.Edit{}, false
	}
	return edit(entry), true
}

// suppressionInserter parses src, settings already known to be valid or
// empty, once, and returns the function that gives the edit adding an
// entry; false when the text has no place for one.
func suppressionInserter(src []byte) (func(entry string) policy.Edit, bool) {
	if len(bytes.TrimSpace(src)) == 0 {
		return func(entry string) policy.Edit {
			return policy.Edit{Start: 0, End: len(src), NewText: newSettingsFile(entry)}
		}, true
	}
	if !json.Valid(src) {
		return nil, false
	}
	obj := jsonsyntax.Parse(src).Root
	if obj == nil || obj.Kind() != jsonsyntax.Object {
		return nil, false
	}
	if p := obj.Member("policyls"); p != nil {
		if p.Value() == nil || p.Value().Kind() != jsonsyntax.Object {
			return nil, false
		}
		obj = p.Value()
	}
	unit, nl := completion.IndentUnit(string(src)), completion.Newline(string(src))
	multiline := bytes.Contains(src, []byte("\n"))
	// array is a new suppressions array for a member indented by indent.
	array := func(indent, entry string) string {
		if !multiline {
			return "[" + entry + "]"
		}
		return "[" + nl + indent + unit + entry + nl + indent + "]"
	}
	if p := obj.Member("suppressions"); p != nil {
		v := p.Value()
		switch {
		case v.Kind() == jsonsyntax.Array && len(v.Children()) > 0:
			last := v.Children()[len(v.Children())-1]
			sep := separatorBefore(src, last, nl)
			return func(entry string) policy.Edit {
				return policy.Edit{Start: last.End(), End: last.End(), NewText: "," + sep + entry}
			}, true
		case v.Kind() == jsonsyntax.Array || v.Kind() == jsonsyntax.Null:
			indent := lineIndentBytes(src, p.Start())
			return func(entry string) policy.Edit {
				return policy.Edit{Start: v.Start(), End: v.End(), NewText: array(indent, entry)}
			}, true
		}
		return nil, false
	}
	if len(obj.Children()) == 0 {
		indent := lineIndentBytes(src, obj.Start())
		return func(entry string) policy.Edit {
			if !multiline {
				return policy.Edit{Start: obj.Start(), End: obj.End(), NewText: `{"suppressions": ` + array("", entry) + "}"}
			}
			member := `"suppressions": ` + array(indent+unit, entry)
			return policy.Edit{Start: obj.Start(), End: obj.End(), NewText: "{" + nl + indent + unit + member + nl + indent + "}"}
		}, true
	}
	last := obj.Children()[len(obj.Children())-1]
	sep := separatorBefore(src, last, nl)
	indent := lineIndentBytes(src, last.Start())
	return func(entry string) policy.Edit {
		if sep == " " {
			return policy.Edit{Start: last.End(), End: last.End(), NewText: `, "suppressions": [` + entry + "]"}
		}
		return policy.Edit{Start: last.End(), End: last.End(), NewText: "," + sep + `"suppressions": ` + array(indent, entry)}
	}, true
}

// separatorBefore returns what separates n from the value before it in its
// layout: a line break and n's indentation when n starts its line, else a
// space.
func separatorBefore(src []byte, n *jsonsyntax.Node, nl string) string {
	indent := lineIndentBytes(src, n.Start())
	lineStart := bytes.LastIndexAny(src[:n.Start()], "\r\n") + 1
	if lineStart+len(indent) != n.Start() {
		return " "
	}
	return nl + indent
}

// lineIndentBytes returns the leading blanks of the line holding offset.
func lineIndentBytes(src []byte, offset int) string {
	start := bytes.LastIndexAny(src[:offset], "\r\n") + 1
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}
