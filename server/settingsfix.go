package server

import (
	"errors"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/policy"
)

// fixableSettingsProblems lists the problems of an open settings file that have
// one reading (config.Problem.Replacement), including a key in the wrong
// case that makes the whole text invalid. s.mu must be held.
func (s *Server) fixableSettingsProblems(d *document) []config.Problem {
	c, err := s.parsedSettings(d.src)
	var ke *config.KeyError
	if errors.As(err, &ke) && ke.Replacement != "" {
		return []config.Problem{{Start: ke.Start, End: ke.End, Message: "Not valid settings: " + ke.Message, Replacement: ke.Replacement}}
	}
	if err != nil {
		return nil
	}
	var out []config.Problem
	for _, p := range c.Problems {
		if p.Replacement != "" {
			out = append(out, p)
		}
	}
	return out
}

// settingsQuickFixes adds "Change to X" for each fixable problem of a
// settings buffer that touches [start, end].
func (b *actionBuilder) settingsQuickFixes(problems []config.Problem, start, end int) {
	for _, p := range problems {
		if p.End < start || p.Start > end {
			continue
		}
		severity := protocol.DiagnosticSeverityError
		src := source
		diag := protocol.Diagnostic{Range: rangeFromOffsets(b.d.index, p.Start, p.End), Severity: &severity, Source: &src, Message: p.Message}
		edit := b.documentEdit([]policy.Edit{{Start: p.Start, End: p.End, NewText: p.Replacement}})
		b.add("Change to "+p.Replacement, protocol.CodeActionKindQuickFix, true, []protocol.Diagnostic{diag}, edit)
	}
}
