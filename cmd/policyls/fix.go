package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
)

// `check --fix` applies the safe preferred fixes (policy.Fixes: case, a
// missing Version, trailing commas), `check --fix=all` every preferred fix
// (the same as the editor's "Apply all preferred fixes"), to each file with
// that file's settings, writes back the files that changed, prints each
// change, then reports what remains. `check --diff` (or --diff=all) applies
// them in memory only and prints what they would change as a unified diff.

// fixSource returns src with the fixes mode chooses applied, how many were
// applied and the changes made; 0 when the text does not change.
func fixSource(path string, src []byte, opts policy.Options, mode policy.FixMode) ([]byte, int, []policy.Change) {
	fix := policy.Fixes
	if host.IsTerraformName(path) {
		fix = func(src []byte, opts policy.Options, mode policy.FixMode) ([]byte, int, []policy.Change) {
			return fixTerraform(path, src, opts, mode)
		}
	} else if _, ok := host.CloudFormation(src, mayBeYAMLName(path)); ok {
		fix = func(src []byte, opts policy.Options, mode policy.FixMode) ([]byte, int, []policy.Change) {
			return host.Fixes(src, mayBeYAMLName(path), opts, mode)
		}
	} else if mayBeYAMLName(path) {
		// YAML that is no template is not ours, even when a line of it
		// holds a policy (which Analyze would find as a pasted one).
		return src, 0, nil
	}
	fixed, n, changes := fix(src, opts, mode)
	if n == 0 || bytes.Equal(fixed, src) {
		return src, 0, nil
	}
	return fixed, n, changes
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
func writeDiffs(stdout, stderr io.Writer, reports []fileReport, code int, mode policy.FixMode) int {
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
	fmt.Fprintf(stderr, "policyls: %s would apply %s to %s\n", fixFlagName(mode), plural(fixes, "fix"), plural(files, "file"))
	if code == exitOK {
		code = exitFindings
	}
	return code
}
