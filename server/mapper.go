package server

import (
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// This file is the only place where byte offsets meet LSP positions. The
// UTF-16 arithmetic itself lives in analysis/text; never use glsp's own
// position helpers, which rescan the document and clamp to 0.

// positionFromOffset converts a byte offset into an LSP position.
func positionFromOffset(ix *text.Index, offset int) protocol.Position {
	p := ix.Position(offset)
	return protocol.Position{Line: protocol.UInteger(p.Line), Character: protocol.UInteger(p.Character)}
}

// rangeFromOffsets converts the half-open byte range [start, end) into an LSP
// range.
func rangeFromOffsets(ix *text.Index, start, end int) protocol.Range {
	return protocol.Range{Start: positionFromOffset(ix, start), End: positionFromOffset(ix, end)}
}

// textEditsFromEdits converts byte-range edits into LSP text edits.
func textEditsFromEdits(ix *text.Index, edits []policy.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, len(edits))
	for i, e := range edits {
		out[i] = protocol.TextEdit{Range: rangeFromOffsets(ix, e.Start, e.End), NewText: e.NewText}
	}
	return out
}

// offsetFromPosition converts an LSP position into a byte offset, clamping
// positions outside the document as analysis/text describes.
func offsetFromPosition(ix *text.Index, p protocol.Position) int {
	return ix.Offset(text.Position{Line: clampUInteger(p.Line), Character: clampUInteger(p.Character)})
}

// clampUInteger converts an LSP unsigned integer to int. The protocol's
// uinteger is at most 2^31-1, but a client may send more; anything that does
// not fit stays huge and is clamped by the index.
func clampUInteger(u protocol.UInteger) int {
	return int(min(uint64(u), 1<<31-1))
}
