package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestCheckSARIF: the SARIF log carries the whole rule catalogue and one
// result per finding, located in 1-based lines and UTF-16 columns.
func TestCheckSARIF(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"bad.json": badEffect})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--format", "sarif", dir}, &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID                   string            `json:"id"`
						Name                 string            `json:"name"`
						ShortDescription     map[string]string `json:"shortDescription"`
						FullDescription      map[string]string `json:"fullDescription"`
						HelpURI              string            `json:"helpUri"`
						DefaultConfiguration map[string]string `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string            `json:"ruleId"`
				RuleIndex int               `json:"ruleIndex"`
				Level     string            `json:"level"`
				Message   map[string]string `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].ColumnKind != "utf16CodeUnits" {
		t.Fatalf("log header: %+v", log)
	}
	driver := log.Runs[0].Tool.Driver
	if driver.Name != "policyls" || len(driver.Rules) != len(policy.Rules()) {
		t.Fatalf("driver %s with %d rules, want policyls with %d", driver.Name, len(driver.Rules), len(policy.Rules()))
	}
	for _, r := range driver.Rules {
		if r.Name == "" || r.ShortDescription["text"] == "" || r.FullDescription["text"] == "" ||
			!strings.HasSuffix(r.HelpURI, "docs/rules.md#"+strings.ToLower(r.ID)) || r.DefaultConfiguration["level"] == "" {
			t.Errorf("incomplete rule %+v", r)
		}
	}
	results := log.Runs[0].Results
	var codes []string
	for _, r := range results {
		codes = append(codes, r.RuleID)
	}
	// The Sid of badEffect (Japanese and an emoji) is also an IAM002 finding.
	if strings.Join(codes, " ") != "IAM002 POL009" {
		t.Fatalf("results %v, want IAM002 and POL009", codes)
	}
	res := results[1]
	line, col := utf16Column(t, badEffect, `"Allw"`)
	region := res.Locations[0].PhysicalLocation.Region
	if res.RuleID != "POL009" || driver.Rules[res.RuleIndex].ID != "POL009" || res.Level != "error" || res.Message["text"] == "" ||
		region.StartLine != line || region.StartColumn != col || region.EndColumn != col+len(`"Allw"`) ||
		!strings.HasSuffix(res.Locations[0].PhysicalLocation.ArtifactLocation.URI, "bad.json") {
		t.Errorf("result %+v, want POL009 error at %d:%d", res, line, col)
	}
}

// TestCheckGitHubFormat: one workflow command per finding, with properties
// and message escaped.
func TestCheckGitHubFormat(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"a,b.json": noVersion})
	var stdout, stderr bytes.Buffer
	run([]string{"check", "--format", "github", dir}, &stdout, &stderr)
	want := "::warning file=" + strings.ReplaceAll(filepath.ToSlash(filepath.Join(dir, "a,b.json")), ",", "%2C") + ",line=1,col=1,endLine=1,endColumn=2,title=policyls POL003::"
	if !strings.HasPrefix(stdout.String(), want) {
		t.Errorf("got %q\nwant prefix %q", stdout.String(), want)
	}
	if got := escapeData("50%\nnext"); got != "50%25%0Anext" {
		t.Errorf("escapeData: %q", got)
	}
}

// TestCheckFailOn: --fail-on decides which severity makes the run fail.
func TestCheckFailOn(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": noVersion}) // one warning
	for _, tt := range []struct {
		level string
		want  int
	}{{"error", exitOK}, {"warning", exitFindings}, {"hint", exitFindings}, {"fatal", exitUsage}} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"check", "--fail-on", tt.level, dir}, &stdout, &stderr); code != tt.want {
			t.Errorf("--fail-on %s: exit %d, want %d (stderr %q)", tt.level, code, tt.want, stderr.String())
		}
	}
}
