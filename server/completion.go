package server

import (
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/text"
	"github.com/policyls/policyls/completion"
)

// completion answers textDocument/completion from the analysis stored with
// the document's current version: nothing is parsed again. An unknown
// document, or a place with nothing to propose, gets an empty list.
func (s *Server) completion(_ *glsp.Context, params *protocol.CompletionParams) (any, error) {
	uri := params.TextDocument.URI
	s.mu.Lock()
	d := s.docs[uri]
	opts := s.completionOptions(uri)
	settings := s.optionsFor(uri)
	caps := s.clientCaps
	s.mu.Unlock()
	if d == nil {
		return protocol.CompletionList{Items: []protocol.CompletionItem{}}, nil
	}
	offset := offsetFromPosition(d.index, params.Position)
	if list, ok := completeBrokenTerraform(d, offset, opts, settings); ok {
		return completionListFromList(d.index, list, caps), nil
	}
	if list, ok := completeWhereNothingTyped(d, offset, opts); ok {
		return completionListFromList(d.index, list, caps), nil
	}
	res := d.resultAt(offset, true)
	if res == nil && d.template != nil {
		if list, ok := completeInBrokenTemplate(d, offset, opts); ok {
			return completionListFromList(d.index, list, caps), nil
		}
	}
	if res == nil {
		return protocol.CompletionList{Items: []protocol.CompletionItem{}}, nil
	}
	var list completion.List
	switch {
	case d.template != nil:
		list = completeInTemplate(d, res, offset, opts)
	case isSettingsFile(uri):
		list = completion.CompleteSettings(res, offset)
	default:
		list = completion.Complete(res, offset, opts)
	}
	return completionListFromList(d.index, list, caps), nil
}

// completionOptions gathers what completion needs from the settings and
// the client. s.mu must be held.
func (s *Server) completionOptions(uri protocol.DocumentUri) completion.Options {
	settings := s.optionsFor(uri)
	return completion.Options{
		Snippets: s.clientCaps.snippets, KindForced: settings.Kind != "",
		Partition: settings.Partition, Region: settings.Region, AccountID: settings.AccountID,
	}
}

// The values completion items point at; they are never modified.
var (
	formatPlain   = protocol.InsertTextFormatPlainText
	formatSnippet = protocol.InsertTextFormatSnippet
	modeAsIs      = protocol.InsertTextModeAsIs
	preselect     = true
	itemKinds     = [...]protocol.CompletionItemKind{
		completion.KindProperty:  protocol.CompletionItemKindProperty,
		completion.KindValue:     protocol.CompletionItemKindValue,
		completion.KindService:   protocol.CompletionItemKindModule,
		completion.KindAction:    protocol.CompletionItemKindFunction,
		completion.KindOperator:  protocol.CompletionItemKindOperator,
		completion.KindKey:       protocol.CompletionItemKindVariable,
		completion.KindReference: protocol.CompletionItemKindReference,
		completion.KindSnippet:   protocol.CompletionItemKindSnippet,
	}
)

// completionListFromList converts completion items into LSP ones: byte
// ranges become LSP ranges through the line index, documentation becomes
// Markdown (or plain text for clients that cannot show Markdown), and
// multi-line insertions, which completion has already indented, are marked
// to be inserted as they are.
func completionListFromList(ix *text.Index, list completion.List, caps clientCaps) protocol.CompletionList {
	items := make([]protocol.CompletionItem, len(list.Items))
	for i := range list.Items {
		it := &list.Items[i]
		ci := &items[i]
		ci.Label = it.Label
		if int(it.Kind) < len(itemKinds) && it.Kind > 0 {
			ci.Kind = &itemKinds[it.Kind]
		}
		if it.Detail != "" {
			ci.Detail = &it.Detail
		}
		if it.Documentation != "" {
			ci.Documentation = markupContent(it.Documentation, caps.completionMarkdown)
		}
		ci.SortText = &it.SortText
		if it.FilterText != "" {
			ci.FilterText = &it.FilterText
		}
		ci.InsertTextFormat = &formatPlain
		if it.Snippet {
			ci.InsertTextFormat = &formatSnippet
		}
		if caps.insertAsIs && strings.Contains(it.Edit.NewText, "\n") {
			ci.InsertTextMode = &modeAsIs
		}
		ci.TextEdit = protocol.TextEdit{Range: rangeFromOffsets(ix, it.Edit.Start, it.Edit.End), NewText: it.Edit.NewText}
		for _, e := range it.AdditionalEdits {
			ci.AdditionalTextEdits = append(ci.AdditionalTextEdits, protocol.TextEdit{Range: rangeFromOffsets(ix, e.Start, e.End), NewText: e.NewText})
		}
		if it.Preselect {
			ci.Preselect = &preselect
		}
	}
	return protocol.CompletionList{IsIncomplete: list.Incomplete, Items: items}
}

// markupContent wraps Markdown for the client: as Markdown when it can show
// it, else as the same text, which reads well enough plain.
func markupContent(md string, markdown bool) protocol.MarkupContent {
	if markdown {
		return protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}
	}
	return protocol.MarkupContent{Kind: protocol.MarkupKindPlainText, Value: md}
}
