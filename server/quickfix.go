package server

import (
	"encoding/json"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// A client sends back the diagnostics it shows for the requested range; the
// quick fixes are those the analysis attached to the matching findings. A
// diagnostic matches a finding by range and rule ID. The rule ID is read
// from the data we attached when publishing ({"rule": "POL009"}), else from
// the code. glsp decodes Diagnostic.code into nothing, so codes are read
// from the raw params (rawCodes). Diagnostics we no longer have (stale ones
// from an older version) and those of other servers match nothing.

// rawCodes returns the string codes of the context's diagnostics, in order,
// read from the request's raw JSON ("" where a code is missing or not a
// string). It returns nil when the params cannot be read that way.
func rawCodes(params json.RawMessage) []string {
	var raw struct {
		Context struct {
			Diagnostics []struct {
				Code any `json:"code"`
			} `json:"diagnostics"`
		} `json:"context"`
	}
	if json.Unmarshal(params, &raw) != nil {
		return nil
	}
	out := make([]string, len(raw.Context.Diagnostics))
	for i, d := range raw.Context.Diagnostics {
		out[i], _ = d.Code.(string)
	}
	return out
}

// findings returns the indexes of the findings the actions are for: those
// matching the client's diagnostics (codes holds their codes from
// rawCodes), or, when it sent none, those whose range touches the
// requested byte range [start, end].
func (b *actionBuilder) findings(diags []protocol.Diagnostic, codes []string, start, end int) []int {
	all := b.d.result.Diagnostics
	var out []int
	if len(diags) == 0 {
		for i, f := range all {
			if f.Start <= end && start <= f.End {
				out = append(out, i)
			}
		}
		return out
	}
	seen := make(map[int]bool, len(diags))
	for n, cd := range diags {
		rule := ruleOf(cd)
		if rule == "" && n < len(codes) {
			rule = codes[n]
		}
		if rule == "" || cd.Source != nil && *cd.Source != source {
			continue
		}
		for i, f := range all {
			if f.Code == rule && !seen[i] && rangeFromOffsets(b.d.index, f.Start, f.End) == cd.Range {
				seen[i] = true
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// ruleOf returns the rule ID a client's diagnostic carries: data.rule, else
// a string code (should glsp ever decode it), else "".
func ruleOf(d protocol.Diagnostic) string {
	if m, ok := d.Data.(map[string]any); ok {
		if rule, ok := m["rule"].(string); ok && rule != "" {
			return rule
		}
	}
	if d.Code != nil {
		if code, ok := d.Code.Value.(string); ok {
			return code
		}
	}
	return ""
}

// quickFixes adds one action per fix of each finding, in the analysis's
// order (best first), each resolving that finding's diagnostic.
func (b *actionBuilder) quickFixes(findings []int) {
	for _, i := range findings {
		f := b.d.result.Diagnostics[i]
		if len(f.Fixes) == 0 {
			continue
		}
		diag := diagnosticFromFinding(b.d.index, f)
		for _, fix := range f.Fixes {
			b.add(fix.Title, protocol.CodeActionKindQuickFix, fix.Preferred, []protocol.Diagnostic{diag}, b.documentEdit(fix.Edits))
		}
	}
}
