package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
)

// rulesDocURL is where each rule is explained; SARIF viewers link to it.
const rulesDocURL = "https://github.com/policyls/policyls/blob/main/docs/rules.md"

// templatesDocURL explains the template rules (README, CloudFormation and SAM templates).
const templatesDocURL = "https://github.com/policyls/policyls/blob/main/README.md#"

// evaluationDocURL explains policy tests, whose failures SARIF reports too.
const evaluationDocURL = "https://github.com/policyls/policyls/blob/main/docs/evaluation.md#policy-tests"

// The SARIF 2.1.0 log, reduced to what policyls fills in.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		HelpURI              string             `json:"helpUri"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifLogicalLocation struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		// LogicalLocations name the policy's place in a template.
		LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

// sarifLevel maps a severity to SARIF's levels, which have no hint.
func sarifLevel(s policy.Severity) string {
	switch s {
	case policy.SeverityError:
		return "error"
	case policy.SeverityWarning:
		return "warning"
	}
	return "note"
}

// ruleName makes a SARIF rule name (an identifier) from a rule's summary:
// "Effect is missing" becomes "EffectIsMissing".
func ruleName(summary string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(summary, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		b.WriteString(strings.ToUpper(word[:1]) + word[1:])
	}
	return b.String()
}

// writeSARIF prints a SARIF 2.1.0 log for GitHub code scanning and other
// SARIF viewers: the full rule catalogue, and one result per finding with
// 1-based lines and UTF-16 columns (declared with columnKind).
func writeSARIF(w io.Writer, reports []fileReport) error {
	return writeSARIFWith(w, reports, hostRulesUsed(reports))
}

// hostRulesUsed are the template rules (HOST001) the reports use, so their
// results have a rule to point at.
func hostRulesUsed(reports []fileReport) []policy.Rule {
	var used []policy.Rule
	for _, r := range host.Rules() {
		for _, rep := range reports {
			if slices.ContainsFunc(rep.diagnostics, func(d lineDiagnostic) bool { return d.Code == r.ID }) {
				used = append(used, r)
				break
			}
		}
	}
	return used
}

// writeSARIFWith is writeSARIF with rules of its own after the catalogue's
// (policy tests report under one).
func writeSARIFWith(w io.Writer, reports []fileReport, extra []policy.Rule) error {
	builtin := len(policy.Rules())
	rules := append(slices.Clip(policy.Rules()), extra...)
	index := make(map[string]int, len(rules))
	driver := sarifDriver{Name: "policyls", Version: moduleVersion(), InformationURI: "https://github.com/policyls/policyls", Rules: make([]sarifRule, 0, len(rules))}
	for i, r := range rules {
		index[r.ID] = i
		help := rulesDocURL + "#" + strings.ToLower(r.ID)
		if i >= builtin {
			help = evaluationDocURL
			if strings.HasPrefix(r.ID, "HOST") {
				help = templatesDocURL + strings.ToLower(r.ID)
			}
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			Name:                 ruleName(r.Summary),
			ShortDescription:     sarifText{r.Summary},
			FullDescription:      sarifText{r.Why},
			HelpURI:              help,
			DefaultConfiguration: sarifConfiguration{sarifLevel(r.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{driver}, ColumnKind: "utf16CodeUnits", Results: []sarifResult{}}
	for _, r := range reports {
		for _, d := range r.diagnostics {
			run.Results = append(run.Results, sarifResult{
				RuleID:    d.Code,
				RuleIndex: index[d.Code],
				Level:     sarifLevel(d.Severity),
				Message:   sarifText{d.Message},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
					ArtifactLocation: sarifArtifact{URI: nameURI(r.path)},
					Region:           sarifRegion{d.startLine, d.startColumn, d.endLine, d.endColumn},
				}, LogicalLocations: logicalLocations(d.location)}},
			})
		}
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("encoding SARIF: %w", err)
	}
	return nil
}

// writeGitHub prints GitHub Actions workflow commands, so findings appear as
// annotations on the pull request without uploading SARIF.
func writeGitHub(w io.Writer, reports []fileReport) error {
	for _, r := range reports {
		for _, d := range r.diagnostics {
			command := "notice"
			switch d.Severity {
			case policy.SeverityError:
				command = "error"
			case policy.SeverityWarning:
				command = "warning"
			}
			_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				command, escapeProperty(printableName(filepath.ToSlash(r.path))), d.startLine, d.startColumn, d.endLine, d.endColumn,
				escapeProperty("policyls "+d.Code), escapeData(printableLines(d.Message)))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// logicalLocations names a template policy's place, or nothing for a
// policy file.
func logicalLocations(location string) []sarifLogicalLocation {
	if location == "" {
		return nil
	}
	return []sarifLogicalLocation{{FullyQualifiedName: location}}
}
