package server

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/completion"
)

// hover answers textDocument/hover from the stored analysis: Markdown for
// the key or value under the cursor, with its range. An unknown document or
// a place with nothing to document gets null.
func (s *Server) hover(_ *glsp.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	s.mu.Lock()
	d := s.docs[params.TextDocument.URI]
	markdown := s.clientCaps.hoverMarkdown
	s.mu.Unlock()
	if d == nil {
		return nil, nil
	}
	offset := offsetFromPosition(d.index, params.Position)
	if d.template != nil {
		if md, start, end, ok := d.template.SAMTemplateHover(offset); ok {
			rng := rangeFromOffsets(d.index, start, end)
			return &protocol.Hover{Contents: markupContent(md, markdown), Range: &rng}, nil
		}
	}
	res := d.resultAt(offset, false)
	if res == nil {
		return nil, nil
	}
	hoverAt := completion.HoverAt
	if isSettingsFile(d.uri) {
		hoverAt = completion.HoverSettings
	}
	h, ok := hoverAt(res, offset)
	if !ok {
		return nil, nil
	}
	rng := rangeFromOffsets(d.index, h.Start, h.End)
	return &protocol.Hover{Contents: markupContent(h.Markdown, markdown), Range: &rng}, nil
}
