package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/policyls/policyls/analysis/policy"
)

// `check --fix` applies the preferred fixes (policy.FixAll, the same code
// as the editor's "Apply all preferred fixes") to each file with that
// file's settings, writes back the files that changed, then reports what
// remains. `check --diff` applies them in memory only and prints what
// --fix would change as a unified diff.

// fixSource returns src with its preferred fixes applied and how many were
// applied; 0 when the text does not change.
func fixSource(src []byte, opts policy.Options) ([]byte, int) {
	fixed, n := policy.FixAll(src, opts)
	if n == 0 || bytes.Equal(fixed, src) {
		return src, 0
	}
	return fixed, n
}

// reportFixes prints, on stderr, how many fixes --fix applied to each file.
func reportFixes(stderr io.Writer, reports []fileReport) {
	for _, r := range reports {
		if r.fixes > 0 {
			fmt.Fprintf(stderr, "policyls: %s: applied %s\n", printableName(r.path), plural(r.fixes, "fix"))
		}
	}
}

// writeDiffs prints the diffs of a --diff run on stdout and a summary on
// stderr, and returns the exit code: 0 when nothing would change, 1 when
// something would, 2 when a file could not be read.
func writeDiffs(stdout, stderr io.Writer, reports []fileReport, code int) int {
	files, fixes := 0, 0
	for _, r := range reports {
		if r.err != nil {
			fmt.Fprintf(stderr, "policyls: %v\n", r.err)
			code = exitUsage
			continue
		}
		if r.diff == "" {
			continue
		}
		if _, err := io.WriteString(stdout, r.diff); err != nil {
			fmt.Fprintf(stderr, "policyls: writing the diff: %v\n", err)
			return exitUsage
		}
		files++
		fixes += r.fixes
	}
	if files == 0 {
		fmt.Fprintf(stderr, "policyls: %s checked: nothing to fix\n", plural(len(reports), "file"))
		return code
	}
	fmt.Fprintf(stderr, "policyls: --fix would apply %s to %s\n", plural(fixes, "fix"), plural(files, "file"))
	if code == exitOK {
		code = exitFindings
	}
	return code
}
