package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/policyls/policyls/analysis/policy"
)

// writeText prints one line per finding:
//
//	path:line:col: severity: message [ID]
//
// with 1-based lines and 1-based columns counted in UTF-16 code units, as
// editors count them. Files without findings print nothing.
func writeText(w io.Writer, reports []fileReport) error {
	bw := bufio.NewWriter(w)
	for _, r := range reports {
		for _, d := range r.diagnostics {
			fmt.Fprintf(bw, "%s:%d:%d: %s: %s [%s]\n", printableName(r.path), d.startLine, d.startColumn, d.Severity, printableText(d.Message), d.Code)
		}
	}
	return bw.Flush()
}

// The JSON report. Field order and names are part of the CLI's contract.
type (
	jsonReport struct {
		Files []jsonFile `json:"files"`
	}
	jsonFile struct {
		Path        string           `json:"path"`
		Kind        string           `json:"kind"`
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}
	jsonDiagnostic struct {
		Code     string    `json:"code"`
		Severity string    `json:"severity"`
		Message  string    `json:"message"`
		Range    jsonRange `json:"range"`
		// Location is the policy's place in a template.
		Location string `json:"location,omitempty"`
	}
	jsonRange struct {
		Start jsonPosition `json:"start"`
		End   jsonPosition `json:"end"`
	}
	jsonPosition struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
)

// writeJSON prints the whole report as one JSON object on one line. Lists
// are empty arrays, never null.
func writeJSON(w io.Writer, reports []fileReport) error {
	out := jsonReport{Files: make([]jsonFile, 0, len(reports))}
	for _, r := range reports {
		f := jsonFile{Path: r.path, Kind: string(r.kind), Diagnostics: make([]jsonDiagnostic, 0, len(r.diagnostics))}
		for _, d := range r.diagnostics {
			f.Diagnostics = append(f.Diagnostics, jsonDiagnostic{
				Code:     d.Code,
				Severity: d.Severity.String(),
				Message:  d.Message,
				Range: jsonRange{
					Start: jsonPosition{Line: d.startLine, Column: d.startColumn},
					End:   jsonPosition{Line: d.endLine, Column: d.endColumn},
				},
				Location: d.location,
			})
		}
		out.Files = append(out.Files, f)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encoding JSON: %w", err)
	}
	return nil
}

// summary counts what a text run checked and found, e.g. "policyls: 3 files
// checked (3 policies): no findings".
func summary(reports []fileReport) string {
	var policies int
	var bySeverity [policy.SeverityHint + 1]int
	for _, r := range reports {
		switch {
		case r.embedded > 0:
			policies += r.embedded // a template or Terraform file: each policy in it
		case r.isPolicy || len(r.diagnostics) > 0:
			policies++
		}
		for _, d := range r.diagnostics {
			if d.Severity >= policy.SeverityError && d.Severity <= policy.SeverityHint {
				bySeverity[d.Severity]++
			}
		}
	}
	s := fmt.Sprintf("policyls: %s checked (%s)", plural(len(reports), "file"), plural(policies, "policy"))
	var found []string
	for sev := policy.SeverityError; sev <= policy.SeverityHint; sev++ {
		if n := bySeverity[sev]; n > 0 {
			found = append(found, plural(n, sev.String()))
		}
	}
	if len(found) == 0 {
		return s + ": no findings"
	}
	return s + ": " + strings.Join(found, ", ")
}

// plural writes "1 file", "2 files", "2 policies", "2 fixes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	switch {
	case strings.HasSuffix(noun, "y"):
		noun = strings.TrimSuffix(noun, "y") + "ies"
	case strings.HasSuffix(noun, "x"):
		noun += "es"
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}
