package server

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/text"
	"github.com/policyls/policyls/completion"
)

// documentSymbol returns the policy outline: hierarchical DocumentSymbols,
// or flat SymbolInformation for clients that cannot show a hierarchy. An
// unknown document has an empty outline.
func (s *Server) documentSymbol(_ *glsp.Context, params *protocol.DocumentSymbolParams) (any, error) {
	d := s.document(params.TextDocument.URI)
	s.mu.Lock()
	hierarchical := s.hierarchicalSymbols
	s.mu.Unlock()
	if d == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	outline := completion.Outline(d.result)
	if d.template != nil {
		outline = templateOutline(d.template)
	}
	if hierarchical {
		return documentSymbolsFromOutline(d.index, outline), nil
	}
	return symbolInformationFromOutline(d.uri, d.index, outline, nil, []protocol.SymbolInformation{}), nil
}

// documentSymbolsFromOutline converts outline entries and their children.
func documentSymbolsFromOutline(ix *text.Index, syms []completion.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(syms))
	for _, sym := range syms {
		ds := protocol.DocumentSymbol{
			Name:           sym.Name,
			Kind:           symbolKind(sym.Kind),
			Range:          rangeFromOffsets(ix, sym.Start, sym.End),
			SelectionRange: rangeFromOffsets(ix, sym.SelectionStart, sym.SelectionEnd),
		}
		if sym.Detail != "" {
			detail := sym.Detail
			ds.Detail = &detail
		}
		if len(sym.Children) > 0 {
			ds.Children = documentSymbolsFromOutline(ix, sym.Children)
		}
		out = append(out, ds)
	}
	return out
}

// symbolInformationFromOutline flattens the outline, naming each entry's
// parent as its container.
func symbolInformationFromOutline(uri protocol.DocumentUri, ix *text.Index, syms []completion.Symbol, container *string, out []protocol.SymbolInformation) []protocol.SymbolInformation {
	for _, sym := range syms {
		out = append(out, protocol.SymbolInformation{
			Name:          sym.Name,
			Kind:          symbolKind(sym.Kind),
			Location:      protocol.Location{URI: uri, Range: rangeFromOffsets(ix, sym.Start, sym.End)},
			ContainerName: container,
		})
		name := sym.Name
		out = symbolInformationFromOutline(uri, ix, sym.Children, &name, out)
	}
	return out
}

// symbolKind picks the LSP symbol kind (the icon) for a JSON value kind.
func symbolKind(k jsonsyntax.Kind) protocol.SymbolKind {
	switch k {
	case jsonsyntax.Object:
		return protocol.SymbolKindObject
	case jsonsyntax.Array:
		return protocol.SymbolKindArray
	case jsonsyntax.String:
		return protocol.SymbolKindString
	case jsonsyntax.Number:
		return protocol.SymbolKindNumber
	case jsonsyntax.Bool:
		return protocol.SymbolKindBoolean
	}
	return protocol.SymbolKindNull
}
