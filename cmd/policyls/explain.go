package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// `policyls explain` prints what a policy grants (eval.Summarize), the
// summary the editor shows on hovering "Statement".

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain")
	kind := fs.String("kind", "", "treat the file as this policy `kind`")
	configFile := fs.String("config", "", "settings `file` (default: the nearest .policyls.json)")
	paths, err := parseInterspersed(fs, args)
	fail := func(err error) int { return usageError(stdout, stderr, "explain", err) }
	switch {
	case err != nil:
		return fail(err)
	case len(paths) != 1:
		return fail(errors.New("give exactly one POLICY_FILE"))
	}
	k, err := parseKindFlag(*kind)
	if err != nil {
		return fail(err)
	}
	configs, err := newConfigFinder(*configFile)
	if err != nil {
		return fail(err)
	}
	src, popts, err := readPolicy(paths[0], configs, k)
	if err != nil {
		fmt.Fprintf(stderr, "policyls: %v\n", err)
		return exitUsage
	}
	res := policy.Analyze(src, popts)
	if !res.IsPolicy || res.Policy == nil {
		fmt.Fprintf(stderr, "policyls: %s: not a policy (no Statement)\n", printableName(displayPath(paths[0])))
		return exitUsage
	}
	ix := text.NewIndex(src)
	sum := eval.Summarize(res.Policy, res.Kind, catalog.Default())
	fmt.Fprintf(stdout, "%s: %s policy\n\n%s", printableName(displayPath(paths[0])), res.Kind, sum.Text(func(o int) int { return lineOf(ix, o) }))
	return exitOK
}
