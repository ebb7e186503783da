package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
	"github.com/policyls/policyls/internal/boundedfile"
)

// `policyls test` runs the policy tests of *.policytest.json files
// (analysis/eval.ParseTestFile): each request is evaluated against the
// policy file the test file names and compared with the decision expected.

const testFileSuffix = ".policytest.json"

type testReport struct {
	Path     string        `json:"path"`
	Policy   string        `json:"policy"`
	Tests    []testOutcome `json:"tests"`
	Problems []testProblem `json:"problems"`
}

type testOutcome struct {
	Name     string        `json:"name"`
	Line     int           `json:"line"`
	Expect   string        `json:"expect"`
	Decision eval.Decision `json:"decision"`
	Passed   bool          `json:"passed"`
	// Reason is the evaluation's explanation, as policyls eval prints it.
	Reason string `json:"reason"`
}

type testProblem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("test")
	format := fs.String("format", "text", "text, json, sarif or github")
	paths, err := parseInterspersed(fs, args)
	if err == nil && !slices.Contains([]string{"text", "json", "sarif", "github"}, *format) {
		err = fmt.Errorf("--format %q: want text, json, sarif or github", *format)
	}
	if err != nil {
		return usageError(stdout, stderr, "test", err)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, code := collectTestFiles(paths, stderr)
	if len(files) == 0 && code == exitOK {
		fmt.Fprintf(stderr, "policyls test: no *%s files found\n", testFileSuffix)
		return exitUsage
	}
	var reports []testReport
	total, failed := 0, 0
	for _, path := range files {
		r, err := runTestFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "policyls: %v\n", err)
			code = exitUsage
			continue
		}
		reports = append(reports, r)
		for _, t := range r.Tests {
			total++
			if !t.Passed {
				failed++
			}
		}
		if len(r.Problems) > 0 {
			code = max(code, exitFindings)
		}
	}
	if failed > 0 {
		code = max(code, exitFindings)
	}
	if *format == "sarif" || *format == "github" {
		write := writeGitHub
		if *format == "sarif" {
			write = func(w io.Writer, r []fileReport) error { return writeSARIFWith(w, r, []policy.Rule{policyTestRule}) }
		}
		if err := write(stdout, testFileReports(reports)); err != nil {
			fmt.Fprintf(stderr, "policyls: %v\n", err)
			return exitUsage
		}
		return code
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if reports == nil {
			reports = []testReport{}
		}
		if err := enc.Encode(struct {
			Files  []testReport `json:"files"`
			Tests  int          `json:"tests"`
			Failed int          `json:"failed"`
		}{reports, total, failed}); err != nil {
			fmt.Fprintf(stderr, "policyls: %v\n", err)
			return exitUsage
		}
		return code
	}
	for _, r := range reports {
		for _, p := range r.Problems {
			fmt.Fprintf(stdout, "%s:%d: %s\n", printableName(r.Path), p.Line, p.Message)
		}
		for _, t := range r.Tests {
			if !t.Passed {
				fmt.Fprintf(stdout, "%s:%d: FAIL %s: expected %s, got %s\n    %s\n", printableName(r.Path), t.Line, printableName(t.Name), t.Expect, t.Decision,
					strings.ReplaceAll(t.Reason, "\n", "\n    "))
			}
		}
	}
	fmt.Fprintf(stderr, "policyls: %s, %d failed\n", plural(total, "test"), failed)
	return code
}

// policyTestRule is what SARIF and GitHub annotations report failing tests
// and malformed test entries under.
var policyTestRule = policy.Rule{
	ID: "policy-test", Severity: policy.SeverityError, Summary: "A policy test fails",
	Why: "A request in a *.policytest.json file did not get the decision the test expects from the policy it names.",
}

// testFileReports turns test reports into check's reports, one finding per
// failing test or problem, on the test's lines.
func testFileReports(reports []testReport) []fileReport {
	out := make([]fileReport, 0, len(reports))
	for _, r := range reports {
		fr := fileReport{path: r.Path}
		add := func(line int, msg string) {
			fr.diagnostics = append(fr.diagnostics, lineDiagnostic{
				Diagnostic: policy.Diagnostic{Code: policyTestRule.ID, Severity: policy.SeverityError, Message: msg},
				startLine:  line, startColumn: 1, endLine: line, endColumn: 1,
			})
		}
		for _, p := range r.Problems {
			add(p.Line, p.Message)
		}
		for _, t := range r.Tests {
			if !t.Passed {
				add(t.Line, eval.FailureMessage(t.Name, t.Expect, t.Decision, t.Reason))
			}
		}
		out = append(out, fr)
	}
	return out
}

// collectTestFiles finds the test files: paths named on the command line
// are taken whatever their name; directories are searched for
// *.policytest.json.
func collectTestFiles(paths []string, stderr io.Writer) ([]string, int) {
	code := exitOK
	var files []string
	// The walk check makes, without settings: default folders and
	// .gitignore'd files are left out of the search for test files.
	rules := &walkRules{stderr: stderr, skipped: map[string]*skipCount{}}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err == nil && !info.IsDir() {
			files = append(files, displayPath(p))
			continue
		}
		walk := collectFiles([]string{p}, rules, stderr)
		for _, err := range walk.errs {
			fmt.Fprintf(stderr, "policyls: %v\n", err)
			code = exitUsage
		}
		for _, f := range walk.files {
			if strings.HasSuffix(strings.ToLower(f), testFileSuffix) {
				files = append(files, f)
			}
		}
	}
	return files, code
}

// runTestFile runs the tests of one file. An error means the test file or
// its policy cannot be read.
func runTestFile(path string) (testReport, error) {
	src, err := boundedfile.Read(path, "", maxPolicyFileSize)
	if err != nil {
		return testReport{}, fmt.Errorf("cannot read %s: %w", printableName(path), unwrapPathError(err))
	}
	ix := text.NewIndex(src)
	tf := eval.ParseTestFile(src)
	r := testReport{Path: displayPath(path), Policy: tf.Policy, Tests: []testOutcome{}, Problems: []testProblem{}}
	for _, p := range tf.Problems {
		r.Problems = append(r.Problems, testProblem{Line: lineOf(ix, p.Start), Message: p.Message})
	}
	if tf.Policy == "" {
		return r, nil
	}
	policyPath := tf.Policy
	if !filepath.IsAbs(policyPath) {
		policyPath = filepath.Join(filepath.Dir(path), filepath.FromSlash(policyPath))
	}
	configs, err := newConfigFinder("")
	if err != nil {
		return r, err
	}
	for _, tc := range tf.Tests {
		ev, err := evalFile(policyPath, configs, tf.Kind, tc.Request)
		if err != nil {
			return r, fmt.Errorf("%s:%d: %w", r.Path, lineOf(ix, tf.PolicyStart), err)
		}
		r.Tests = append(r.Tests, testOutcome{
			Name: tc.Name, Line: lineOf(ix, tc.Start), Expect: tc.Expect, Decision: ev.result.Decision,
			Passed: eval.Passes(tc.Expect, ev.result.Decision), Reason: explainDecision(ev),
		})
	}
	return r, nil
}
