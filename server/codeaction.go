package server

import (
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/completion"
)

// Code actions, all computed from the analysis stored with the document's
// current version:
//   - quickfix: the fixes the analysis attached to each finding (quickfix.go),
//     and "Suppress RULE here", which records a suppression in
//     .policyls.json (suppress.go);
//   - refactor.rewrite: "Wrap Statement in an array" on a lone statement
//     object; "Sort actions" (or resources, "and remove repeats") on an
//     Action, NotAction, Resource or NotResource list; "Order the
//     statement's (or policy's) elements as AWS does";
//   - source: the documented policies, inserted into an empty document or an
//     empty Statement; the Pinpoint sending role appended to a template or a
//     .tf file, and to a .tf file the SES identity policy letting Pinpoint
//     send;
//   - source.fixAll.policyls: every preferred fix at once (fixall.go).
// Every action carries its edit (there is no codeAction/resolve). A request
// for an unknown document or a range past the end gets an empty list.

// codeActionKindFixAll is the kind of the fix-all action, the one editors
// can run on save (VS Code: "editor.codeActionsOnSave").
const codeActionKindFixAll = protocol.CodeActionKind("source.fixAll.policyls")

// The titles of the actions that do not come from the analysis.
const (
	titleWrapStatement = "Wrap Statement in an array"
	titleFixAll        = "Apply all preferred fixes"
	// titleInsertPinpointRole adds the role to a template's Resources (YAML
	// or JSON) or a Terraform file.
	titleInsertPinpointRole = "Insert Amazon Pinpoint SES sending role"
	// titleInsertPinpointIdentityPolicy appends, to a .tf file, the SES
	// identity policy letting Amazon Pinpoint send from an identity.
	titleInsertPinpointIdentityPolicy = "Insert SES identity policy letting Amazon Pinpoint send"
)

// codeAction answers textDocument/codeAction.
func (s *Server) codeAction(ctx *glsp.Context, params *protocol.CodeActionParams) (any, error) {
	uri := params.TextDocument.URI
	s.mu.Lock()
	d := s.docs[uri]
	opts := s.optionsFor(uri)
	copts := s.completionOptions(uri)
	b := &actionBuilder{d: d, caps: s.clientCaps, only: params.Context.Only, actions: []protocol.CodeAction{}}
	var target *suppressTarget
	var settingsFixes []config.Problem
	settingsFile := d != nil && isSettingsFile(uri)
	if d != nil && b.wants(protocol.CodeActionKindQuickFix) {
		if settingsFile {
			settingsFixes = s.fixableSettingsProblems(d)
		} else {
			target = s.suppressTarget(uri)
		}
	}
	s.mu.Unlock()
	if d == nil || clampUInteger(params.Range.Start.Line) >= d.index.LineCount() {
		return b.actions, nil
	}
	start := offsetFromPosition(d.index, params.Range.Start)
	end := max(start, offsetFromPosition(d.index, params.Range.End))
	if settingsFile {
		// A settings file is not a policy: its only actions are the fixes
		// of its own problems.
		b.settingsQuickFixes(settingsFixes, start, end)
		return b.actions, nil
	}

	if b.wants(protocol.CodeActionKindQuickFix) {
		var codes []string
		if len(params.Context.Diagnostics) > 0 {
			codes = rawCodes(ctx.Params)
		}
		findings := b.findings(params.Context.Diagnostics, codes, start, end)
		b.quickFixes(findings)
		b.suppressions(findings, target)
	}
	if len(d.src) > policy.MaxParsedSize {
		// The analysis kept no tree of so large a document (its Doc is
		// empty): nothing to rewrite, insert into or fix.
		return b.actions, nil
	}
	if b.wants(protocol.CodeActionKindRefactorRewrite) {
		if edits, ok := completion.WrapStatement(d.result, start); ok {
			b.add(titleWrapStatement, protocol.CodeActionKindRefactorRewrite, false, nil, b.documentEdit(policyEdits(edits)))
		}
		if sorted, ok := completion.SortEntries(d.result, start); ok {
			b.add(sorted.Title, protocol.CodeActionKindRefactorRewrite, false, nil, b.documentEdit(policyEdits(sorted.Edits)))
		}
		if ordered, ok := completion.OrderElements(d.result, start); ok {
			b.add(ordered.Title, protocol.CodeActionKindRefactorRewrite, false, nil, b.documentEdit(policyEdits(ordered.Edits)))
		}
	}
	if b.wants(protocol.CodeActionKindSource) {
		for _, ins := range completion.Insertions(d.result, copts) {
			b.add(ins.Title, protocol.CodeActionKindSource, false, nil, b.documentEdit(policyEdits(ins.Edits)))
		}
		if d.template != nil {
			if e, ok := d.template.InsertPinpointRole(d.src); ok {
				b.add(titleInsertPinpointRole, protocol.CodeActionKindSource, false, nil, b.documentEdit([]policy.Edit{e}))
			}
		}
		if e, ok := insertTerraform(d, host.InsertPinpointRoleTerraform); ok {
			b.add(titleInsertPinpointRole, protocol.CodeActionKindSource, false, nil, b.documentEdit([]policy.Edit{e}))
		}
		if e, ok := insertTerraform(d, host.InsertPinpointIdentityPolicyTerraform); ok {
			b.add(titleInsertPinpointIdentityPolicy, protocol.CodeActionKindSource, false, nil, b.documentEdit([]policy.Edit{e}))
		}
	}
	if b.wants(codeActionKindFixAll) {
		if e, ok := fixAllEdit(d, opts); ok {
			b.add(titleFixAll, codeActionKindFixAll, false, nil, b.documentEdit([]policy.Edit{e}))
		}
	}
	return b.actions, nil
}

// actionBuilder collects the actions of one answer.
type actionBuilder struct {
	d       *document
	caps    clientCaps
	only    []protocol.CodeActionKind
	actions []protocol.CodeAction
}

// wants reports whether the client asked for actions of kind: it sent no
// "only" filter, or one of its kinds is kind or a parent of it
// ("source" covers "source.fixAll.policyls").
func (b *actionBuilder) wants(kind protocol.CodeActionKind) bool {
	if len(b.only) == 0 {
		return true
	}
	for _, o := range b.only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

// add appends an action.
func (b *actionBuilder) add(title string, kind protocol.CodeActionKind, preferred bool, diags []protocol.Diagnostic, edit *protocol.WorkspaceEdit) {
	a := protocol.CodeAction{Title: title, Kind: &kind, Diagnostics: diags, Edit: edit}
	if preferred {
		a.IsPreferred = &preferred
	}
	b.actions = append(b.actions, a)
}

// documentEdit is a workspace edit of the request's document.
func (b *actionBuilder) documentEdit(edits []policy.Edit) *protocol.WorkspaceEdit {
	version := b.d.version
	return workspaceEdit(b.caps, fileChange{uri: b.d.uri, version: &version, edits: textEditsFromEdits(b.d.index, edits)})
}

// fileChange is what a workspace edit does to one file.
type fileChange struct {
	uri protocol.DocumentUri
	// version is the open document's version, or nil for a file the
	// editor does not have open.
	version *protocol.Integer
	// create asks the client to create the file before editing it.
	create bool
	edits  []protocol.TextEdit
}

// workspaceEdit builds a workspace edit in the form the client reads:
// versioned documentChanges (with file creations) when it declared support
// for them, else a plain map of changes, which cannot create files.
func workspaceEdit(cc clientCaps, changes ...fileChange) *protocol.WorkspaceEdit {
	if !cc.documentChanges {
		m := make(map[protocol.DocumentUri][]protocol.TextEdit, len(changes))
		for _, c := range changes {
			m[c.uri] = append(m[c.uri], c.edits...)
		}
		return &protocol.WorkspaceEdit{Changes: m}
	}
	var dc []any
	for _, c := range changes {
		if c.create {
			// Never over an existing file: the creation fails instead.
			no := false
			dc = append(dc, protocol.CreateFile{Kind: "create", URI: c.uri, Options: &protocol.CreateFileOptions{Overwrite: &no, IgnoreIfExists: &no}})
		}
		edits := make([]any, len(c.edits))
		for i, e := range c.edits {
			edits[i] = e
		}
		dc = append(dc, protocol.TextDocumentEdit{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri},
				Version:                c.version,
			},
			Edits: edits,
		})
	}
	return &protocol.WorkspaceEdit{DocumentChanges: dc}
}

// policyEdits converts completion's edits, which have the same shape.
func policyEdits(edits []completion.Edit) []policy.Edit {
	out := make([]policy.Edit, len(edits))
	for i, e := range edits {
		out[i] = policy.Edit(e)
	}
	return out
}
