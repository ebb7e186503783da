package server

import (
	"bytes"
	"encoding/json"
	"errors"
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

// "Suppress RULE here" appends {"file", "path", "rule"} to the suppressions
// of the settings file that applies to the document (the nearest
// .policyls.json above it, else a new one at the workspace root), which
// both the server and `policyls check` read. The file glob is the
// document's path relative to that file's folder. The edit is minimal and
// keeps the file's layout: one more element in an existing suppressions
// array, or one more member in the settings object (the "policyls" object
// when the file nests its settings under that key). A file that is not
// valid settings JSON gets no action: an edit could only make it worse. A
// missing file is created, for clients that can create files in a
// workspace edit. The file's text is the editor's buffer when the file is
// open, else what is on disk.

// suppressTarget is what a suppress action needs to know about the
// settings file and the document.
type suppressTarget struct {
	uri     protocol.DocumentUri // of .policyls.json
	src     []byte               // its text; nil when it does not exist
	index   *text.Index          // of src
	version *protocol.Integer    // its version when open in the editor
	// file is the document's glob in the suppression: its path relative
	// to the settings file's folder, with glob characters escaped.
	file string
}

// suppressTarget reads the settings file for a document's suppress actions,
// or returns nil when there can be none: a document that is not a file, no
// settings file above it and no workspace root to create one in, a settings
// file that cannot be read, or one that does not exist while the client
// cannot create files. s.mu must be held.
func (s *Server) suppressTarget(uri protocol.DocumentUri) *suppressTarget {
	p, ok := pathFromURI(uri)
	if !ok {
		return nil
	}
	name := s.settingsFileFor(p)
	if name == "" {
		// A new file at the workspace root applies only to documents
		// inside the root: for one outside, it would never be read.
		if s.root == "" || !insideFolder(s.root, p) {
			return nil
		}
		name = filepath.Join(s.root, config.FileName)
	}
	t := &suppressTarget{uri: fileURIFromPath(name), file: escapeGlob(config.Rel(filepath.Dir(name), p))}
	if d := s.openSettingsDocument(name); d != nil {
		version := d.version
		t.uri, t.src, t.index, t.version = d.uri, d.src, d.index, &version
		return t
	}
	data, err := os.ReadFile(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !s.clientCaps.createFiles {
			return nil
		}
		return t
	case err != nil:
		s.log.Printf("suppress: %v", err)
		return nil
	}
	t.src, t.index = data, text.NewIndex(data)
	return t
}

// insideFolder reports whether path lies in folder or below it.
func insideFolder(folder, path string) bool {
	rel, err := filepath.Rel(folder, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// suppressions adds "Suppress RULE here" for each finding.
func (b *actionBuilder) suppressions(findings []int, t *suppressTarget) {
	if t == nil {
		return
	}
	for _, i := range findings {
		f := b.d.result.Diagnostics[i]
		entry := suppressionEntry(t.file, policy.PathOf(b.d.result.Doc, f), f.Code)
		var change fileChange
		if t.src == nil {
			change = fileChange{uri: t.uri, create: true, edits: []protocol.TextEdit{{NewText: newSettingsFile(entry)}}}
		} else {
			e, ok := suppressionEdit(t.src, entry)
			if !ok {
				return // not valid settings: no action for any finding
			}
			change = fileChange{uri: t.uri, version: t.version, edits: textEditsFromEdits(t.index, []policy.Edit{e})}
		}
		diag := diagnosticFromFinding(b.d.index, f)
		b.add("Suppress "+f.Code+" here", protocol.CodeActionKindQuickFix, false, []protocol.Diagnostic{diag}, workspaceEdit(b.caps, change))
	}
}

// suppressionEntry writes one suppression as a one-line JSON object.
func suppressionEntry(file, path, rule string) string {
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

// suppressionEdit returns the edit that adds a suppression entry to the
// settings file src, or false when src is not valid settings JSON.
func suppressionEdit(src []byte, entry string) (policy.Edit, bool) {
	if len(bytes.TrimSpace(src)) == 0 {
		return policy.Edit{Start: 0, End: len(src), NewText: newSettingsFile(entry)}, true
	}
	if !json.Valid(src) {
		return policy.Edit{}, false
	}
	if _, err := config.Parse(src); err != nil {
		return policy.Edit{}, false
	}
	obj := jsonsyntax.Parse(src).Root
	if obj == nil || obj.Kind() != jsonsyntax.Object {
		return policy.Edit{}, false
	}
	if p := obj.Member("policyls"); p != nil {
		if p.Value() == nil || p.Value().Kind() != jsonsyntax.Object {
			return policy.Edit{}, false
		}
		obj = p.Value()
	}
	unit, nl := completion.IndentUnit(string(src)), completion.Newline(string(src))
	multiline := bytes.Contains(src, []byte("\n"))
	// array is a new suppressions array for a member indented by indent.
	array := func(indent string) string {
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
			return policy.Edit{Start: last.End(), End: last.End(), NewText: "," + separatorBefore(src, last, nl) + entry}, true
		case v.Kind() == jsonsyntax.Array || v.Kind() == jsonsyntax.Null:
			return policy.Edit{Start: v.Start(), End: v.End(), NewText: array(lineIndentBytes(src, p.Start()))}, true
		}
		return policy.Edit{}, false
	}
	if len(obj.Children()) == 0 {
		indent := lineIndentBytes(src, obj.Start())
		if !multiline {
			return policy.Edit{Start: obj.Start(), End: obj.End(), NewText: `{"suppressions": ` + array("") + "}"}, true
		}
		member := `"suppressions": ` + array(indent+unit)
		return policy.Edit{Start: obj.Start(), End: obj.End(), NewText: "{" + nl + indent + unit + member + nl + indent + "}"}, true
	}
	last := obj.Children()[len(obj.Children())-1]
	sep := separatorBefore(src, last, nl)
	indent := lineIndentBytes(src, last.Start())
	if sep == " " {
		return policy.Edit{Start: last.End(), End: last.End(), NewText: `, "suppressions": [` + entry + "]"}, true
	}
	return policy.Edit{Start: last.End(), End: last.End(), NewText: "," + sep + `"suppressions": ` + array(indent)}, true
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
