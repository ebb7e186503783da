package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/analysis/text"
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
	fs := flag.NewFlagSet("policyls test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	format := fs.String("format", "text", "text or json")
	paths, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitUsage
	case err == nil && *format != "text" && *format != "json":
		err = fmt.Errorf("--format %q: want text or json", *format)
	}
	if err != nil {
		fmt.Fprintf(stderr, "policyls test: %v\n\n%s", err, usage)
		return exitUsage
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
			fmt.Fprintf(stdout, "%s:%d: %s\n", r.Path, p.Line, p.Message)
		}
		for _, t := range r.Tests {
			if !t.Passed {
				fmt.Fprintf(stdout, "%s:%d: FAIL %s: expected %s, got %s\n    %s\n", r.Path, t.Line, t.Name, t.Expect, t.Decision,
					strings.ReplaceAll(t.Reason, "\n", "\n    "))
			}
		}
	}
	fmt.Fprintf(stderr, "policyls: %s, %d failed\n", plural(total, "test"), failed)
	return code
}

// collectTestFiles finds the test files: paths named on the command line
// are taken whatever their name; directories are searched for
// *.policytest.json.
func collectTestFiles(paths []string, stderr io.Writer) ([]string, int) {
	code := exitOK
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err == nil && !info.IsDir() {
			files = append(files, displayPath(p))
			continue
		}
		found, errs := collectFiles([]string{p})
		for _, err := range errs {
			fmt.Fprintf(stderr, "policyls: %v\n", err)
			code = exitUsage
		}
		for _, f := range found {
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
	src, err := os.ReadFile(path)
	if err != nil {
		return testReport{}, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
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
	configs := &configFinder{loaded: map[string]*loadedConfig{}, found: map[string]string{}}
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
