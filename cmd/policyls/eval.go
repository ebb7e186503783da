package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// `policyls eval` evaluates one policy file for one request offline
// (analysis/eval) and says why: exit 0 when allowed, 1 when denied.

// contextFlags collects --context KEY=VALUE; a key given twice is
// multivalued.
type contextFlags []string

func (c *contextFlags) String() string { return strings.Join(*c, ",") }
func (c *contextFlags) Set(v string) error {
	if k, _, ok := strings.Cut(v, "="); !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	*c = append(*c, v)
	return nil
}

// evaluated is one policy file evaluated for one request.
type evaluated struct {
	src    []byte
	kind   policy.Kind
	result eval.Result
	req    eval.Request
}

// evalFile reads and evaluates a policy file.
func evalFile(path string, configs *configFinder, kind policy.Kind, req eval.Request) (*evaluated, error) {
	src, popts, err := readPolicy(path, configs, kind)
	if err != nil {
		return nil, err
	}
	res := policy.Analyze(src, popts)
	if !res.IsPolicy || res.Policy == nil {
		return nil, fmt.Errorf("%s: not a policy (no Statement)", printableName(displayPath(path)))
	}
	if req.Resource == "" && res.Kind == policy.KindSESIdentity {
		req.Resource = eval.SESIdentityARN(res.Policy)
	}
	return &evaluated{src: src, kind: res.Kind, req: req, result: eval.Evaluate(res.Policy, res.Kind, req)}, nil
}

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("eval")
	kind := fs.String("kind", "", "treat the file as this policy `kind`")
	action := fs.String("action", "", "the `action` asked for, e.g. ses:SendEmail")
	resource := fs.String("resource", "", "the resource `ARN`")
	principal := fs.String("principal", "", "the caller")
	format := fs.String("format", "text", "text or json")
	configFile := fs.String("config", "", "settings `file` (default: the nearest .policyls.json)")
	var ctxFlags contextFlags
	fs.Var(&ctxFlags, "context", "a context key `KEY=VALUE`; repeat a key for several values")
	paths, err := parseInterspersed(fs, args)
	fail := func(err error) int { return usageError(stdout, stderr, "eval", err) }
	switch {
	case err != nil:
		return fail(err)
	case *action == "":
		return fail(errors.New("--action is required"))
	case len(paths) != 1:
		return fail(errors.New("give exactly one POLICY_FILE"))
	case *format != "text" && *format != "json":
		return fail(fmt.Errorf("--format %q: want text or json", *format))
	}
	k, err := parseKindFlag(*kind)
	if err != nil {
		return fail(err)
	}
	req := eval.Request{Action: *action, Resource: *resource}
	if *principal != "" {
		p := eval.ParsePrincipal(*principal)
		req.Principal = &p
	}
	for _, kv := range ctxFlags {
		key, value, _ := strings.Cut(kv, "=")
		req.Context.Add(key, value)
	}
	configs, err := newConfigFinder(*configFile)
	if err != nil {
		return fail(err)
	}
	ev, err := evalFile(paths[0], configs, k, req)
	if err != nil {
		fmt.Fprintf(stderr, "policyls: %v\n", err)
		return exitUsage
	}
	if *format == "json" {
		if err := writeEvalJSON(stdout, ev); err != nil {
			fmt.Fprintf(stderr, "policyls: %v\n", err)
			return exitUsage
		}
	} else {
		fmt.Fprintln(stdout, explainDecision(ev))
	}
	if ev.result.Decision == eval.Allow {
		return exitOK
	}
	return exitFindings
}

func parseKindFlag(name string) (policy.Kind, error) {
	if name == "" {
		return "", nil
	}
	k, ok := policy.ParseKind(name)
	if !ok {
		return "", fmt.Errorf("unknown kind %q (want ses-identity, iam-identity, trust, rcp, scp or unknown)", name)
	}
	return k, nil
}

// lineOf is the 1-based line of a byte offset.
func lineOf(ix *text.Index, offset int) int {
	line, _ := ix.LineColumn(offset)
	return line
}

// explainDecision is the text answer (eval.Result.Explain) with the
// file's lines.
func explainDecision(ev *evaluated) string {
	ix := text.NewIndex(ev.src)
	return ev.result.Explain(ev.req, func(o int) int { return lineOf(ix, o) })
}

type evalJSON struct {
	Decision   eval.Decision       `json:"decision"`
	Statements []evalStatementJSON `json:"statements"`
}

type evalStatementJSON struct {
	Sid     string `json:"sid"`
	Line    int    `json:"line"`
	Effect  string `json:"effect"`
	Matched bool   `json:"matched"`
	Reason  string `json:"reason"`
}

func evalToJSON(ev *evaluated) evalJSON {
	ix := text.NewIndex(ev.src)
	out := evalJSON{Decision: ev.result.Decision, Statements: []evalStatementJSON{}}
	for _, s := range ev.result.Statements {
		out.Statements = append(out.Statements, evalStatementJSON{
			Sid: s.Sid, Line: lineOf(ix, s.Start), Effect: s.Effect, Matched: s.Matched, Reason: s.Reason,
		})
	}
	return out
}

func writeEvalJSON(w io.Writer, ev *evaluated) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(evalToJSON(ev))
}
