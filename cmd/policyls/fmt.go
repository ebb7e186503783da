package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/policyls/policyls/analysis/format"
	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
)

// `policyls fmt` lays policies out as the editor's "Format Document" does
// (analysis/format). By default it only lists the files that are not
// formatted, for CI; --write rewrites them and --diff shows the change.
// Files that are not policies by their own content are skipped, even under
// a forced kind; policies with syntax errors are reported, not touched.

type fmtOptions struct {
	write, diff bool
	layout      format.Options
	configs     *configFinder
	kind        policy.Kind
	paths       []string
	trees       map[string]string // file -> the tree it may be written in (collectFiles)
	walk        *walkRules        // what the walk leaves out
}

// fmtResult is what formatting one file found.
type fmtResult struct {
	path      string
	formatted []byte // nil when the file needs nothing, is no policy or cannot be formatted
	src       []byte // what was read, for --diff
	// unformattable says why a policy cannot be formatted, or is "".
	unformattable string
	err           error
}

func runFmt(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFmtArgs(args)
	if err != nil {
		return usageError(stdout, stderr, "fmt", err)
	}
	walk := collectFiles(opts.paths, opts.walk, stderr)
	opts.trees = walk.trees
	code := exitOK
	for _, err := range walk.errs {
		fmt.Fprintf(stderr, "policyls: %v\n", err)
		code = exitUsage
	}
	changed := 0
	for _, path := range walk.files {
		if mayBeYAMLName(path) || host.IsTerraformName(path) {
			continue // the walk finds templates for check; fmt formats policy JSON only
		}
		r := formatFile(path, opts)
		switch {
		case r.err != nil:
			fmt.Fprintf(stderr, "policyls: %v\n", r.err)
			code = exitUsage
		case r.unformattable != "":
			fmt.Fprintf(stderr, "policyls: %s: not formatted: %s\n", printableName(displayPath(path)), r.unformattable)
			code = max(code, exitFindings)
		case r.formatted == nil:
		case opts.write:
			if err := replaceFile(path, opts.trees[path], r.formatted); err != nil {
				fmt.Fprintf(stderr, "policyls: %v\n", err)
				code = exitUsage
				continue
			}
			fmt.Fprintf(stderr, "policyls: formatted %s\n", printableName(displayPath(path)))
		default:
			changed++
			code = max(code, exitFindings)
			if !opts.diff {
				fmt.Fprintln(stdout, printableName(displayPath(path)))
				continue
			}
			if _, err := io.WriteString(stdout, unifiedDiff(path, r.src, r.formatted)); err != nil {
				fmt.Fprintf(stderr, "policyls: writing the diff: %v\n", err)
				return exitUsage
			}
		}
	}
	if changed > 0 {
		fmt.Fprintf(stderr, "policyls: %s not formatted (policyls fmt --write formats them)\n", plural(changed, "file"))
	}
	return code
}

// formatFile formats one file in memory.
func formatFile(path string, opts *fmtOptions) fmtResult {
	src, popts, err := readPolicy(path, opts.configs, opts.kind)
	if err != nil {
		return fmtResult{path: path, err: err}
	}
	res := policy.Analyze(src, popts)
	if !res.Rewritable {
		// Not a policy by its own content (a forced kind does not make
		// it one to rewrite): left as it is, like any other JSON.
		return fmtResult{path: path}
	}
	if len(src) > policy.MaxParsedSize {
		return fmtResult{path: path, unformattable: "it is too large to parse (over 1 MiB)"}
	}
	edits, ok := format.Edits(res.Doc, opts.layout)
	if !ok {
		return fmtResult{path: path, unformattable: "it has syntax errors (policyls check shows them)"}
	}
	if len(edits) == 0 {
		return fmtResult{path: path}
	}
	formatted, err := policy.ApplyEdits(src, edits)
	if err != nil || bytes.Equal(formatted, src) {
		return fmtResult{path: path, err: err}
	}
	return fmtResult{path: path, formatted: formatted, src: src}
}

func parseFmtArgs(args []string) (*fmtOptions, error) {
	fs := newFlagSet("fmt")
	write := fs.Bool("write", false, "rewrite the files that are not formatted")
	diff := fs.Bool("diff", false, "print what --write would change as a unified diff")
	indent := fs.Int("indent", 2, "spaces per level")
	tabs := fs.Bool("tabs", false, "indent with tabs")
	kind := fs.String("kind", "", "treat every file as this policy `kind`")
	configFile := fs.String("config", "", "settings `file` (default: the nearest .policyls.json)")
	walk := addWalkFlags(fs)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if *write && *diff {
		return nil, errors.New("--write and --diff do not go together: --diff shows what --write would do")
	}
	if *indent < 1 || *indent > 16 {
		return nil, fmt.Errorf("--indent %d: want 1 to 16 spaces", *indent)
	}
	if len(paths) == 0 {
		return nil, errors.New("no files or directories to format")
	}
	opts := &fmtOptions{write: *write, diff: *diff, paths: paths,
		layout: format.Options{TabSize: *indent, InsertSpaces: !*tabs, FinalNewline: true}}
	if *kind != "" {
		k, ok := policy.ParseKind(*kind)
		if !ok {
			return nil, fmt.Errorf("unknown kind %q (want ses-identity, iam-identity, trust, rcp, scp or unknown)", *kind)
		}
		opts.kind = k
	}
	if opts.configs, err = newConfigFinder(*configFile); err != nil {
		return nil, err
	}
	opts.walk = walk.rules(opts.configs)
	return opts, nil
}
