package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
	"github.com/policyls/policyls/internal/boundedfile"
)

// checkOptions are the parsed flags of "policyls check".
type checkOptions struct {
	format  string
	failOn  policy.Severity // the least severe finding that fails the run
	configs *configFinder
	trees   map[string]string // file -> the tree it may be written in (collectFiles)
	kind    policy.Kind
	fix     bool           // apply fixes in place first (fix.go)
	diff    bool           // print what fix would change, change nothing
	fixMode policy.FixMode // which fixes --fix and --diff apply
	// hints keeps findings of hint severity (editor suggestions such as an
	// action's usual spelling); left out unless asked for, they never show
	// in reports, summaries or the exit status.
	hints   bool
	verbose bool // say which settings file applied to each folder
	paths   []string
	walk    *walkRules // what the walk leaves out
}

// fileReport is what checking one file found.
type fileReport struct {
	path        string
	kind        policy.Kind
	isPolicy    bool // the document is a policy (of any kind, unknown included)
	embedded    int  // the policies inside a template or Terraform file
	diagnostics []lineDiagnostic
	err         error         // the file could not be read (or, with --fix, written)
	fixes       int           // fixes applied (--fix) or that would be (--diff)
	diff        string        // with --diff, what --fix would change
	changes     []fixedChange // with --fix, each change made
	// morePreferred counts the preferred fixes --fix=safe left for review.
	morePreferred int
}

// lineDiagnostic is a finding with 1-based lines and 1-based UTF-16 columns.
type lineDiagnostic struct {
	policy.Diagnostic
	startLine, startColumn, endLine, endColumn int
	// location names the policy inside a host file
	// (Resources.Role.Properties.AssumeRolePolicyDocument); empty for a
	// policy file.
	location string
}

// runCheck lints the given files and directories.
func runCheck(args []string, stdout, stderr io.Writer) int {
	opts, err := parseCheckArgs(args)
	if err != nil {
		return usageError(stdout, stderr, "check", err)
	}
	walk := collectFiles(opts.paths, opts.walk, stderr)
	opts.trees = walk.trees
	reports := checkFiles(walk.files, opts)

	code := exitOK
	for _, err := range walk.errs {
		fmt.Fprintf(stderr, "policyls: %v\n", err)
		code = exitUsage
	}
	if opts.verbose {
		opts.walk.reportSkipped(stderr)
		opts.configs.reportSources(stderr, walk.files)
	}
	opts.configs.warnSilencing(stderr)
	if opts.configs.reportProblems(stderr) {
		code = exitUsage
	}
	if opts.diff {
		return writeDiffs(stdout, stderr, reports, code, opts.fixMode)
	}
	if opts.fix {
		reportChanges(stderr, reports, opts.fixMode)
	}
	readable := reports[:0:0]
	for _, r := range reports {
		if r.err != nil {
			fmt.Fprintf(stderr, "policyls: %v\n", r.err)
			code = exitUsage
			continue
		}
		readable = append(readable, r)
		for _, d := range r.diagnostics {
			if d.Severity <= opts.failOn && code == exitOK {
				code = exitFindings
			}
		}
	}
	var werr error
	switch opts.format {
	case "json":
		werr = writeJSON(stdout, readable)
	case "sarif":
		werr = writeSARIF(stdout, readable)
	case "github":
		werr = writeGitHub(stdout, readable)
		fmt.Fprintln(stderr, summary(readable))
	default:
		werr = writeText(stdout, readable)
		// The summary goes to stderr so stdout stays one finding per line.
		fmt.Fprintln(stderr, summary(readable))
	}
	if werr != nil {
		fmt.Fprintf(stderr, "policyls: writing the report: %v\n", werr)
		return exitUsage
	}
	return code
}

// parseCheckArgs reads the flags, which may come before, between or after
// the paths; everything after "--" is a path.
func parseCheckArgs(args []string) (*checkOptions, error) {
	fs := newFlagSet("check")
	format := fs.String("format", "text", "output `format`: text, json, sarif or github")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding of this `severity` or worse is found: error, warning, info or hint")
	kind := fs.String("kind", "", "force the policy `kind` of every file")
	configFile := fs.String("config", "", "settings `file` (default ./.policyls.json if present)")
	catalogDir := fs.String("catalog", "", "`directory` of AWS service reference files to add to the catalogue")
	fix, diff := &fixFlag{}, &fixFlag{}
	fs.Var(fix, "fix", "apply fixes in place, print each change, then report what remains: --fix or --fix=safe the safe ones (case, Version, commas), --fix=all every preferred fix")
	fs.Var(diff, "diff", "print what --fix (--diff=all: --fix=all) would change as a unified diff; change nothing")
	hints := fs.Bool("hints", false, "also report hints (implied by --fail-on hint)")
	verbose := fs.Bool("verbose", false, "print on stderr which settings file applied to each folder and what the walk skipped")
	walk := addWalkFlags(fs)

	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}

	opts := &checkOptions{format: *format, paths: paths, fix: fix.on, diff: diff.on, fixMode: fix.mode, verbose: *verbose}
	if diff.on {
		opts.fixMode = diff.mode
	}
	switch opts.format {
	case "text", "json", "sarif", "github":
	default:
		return nil, fmt.Errorf("unknown format %q (want text, json, sarif or github)", opts.format)
	}
	if opts.fix && opts.diff {
		return nil, errors.New("--fix and --diff do not go together: --diff shows what --fix would do")
	}
	if opts.diff && opts.format != "text" {
		return nil, errors.New("--diff prints a diff, not a report: it takes no --format")
	}
	sev, ok := policy.ParseSeverity(*failOn)
	if !ok {
		return nil, fmt.Errorf("unknown --fail-on severity %q (want error, warning, info or hint)", *failOn)
	}
	opts.failOn = sev
	opts.hints = *hints || sev == policy.SeverityHint
	if *kind != "" {
		k, ok := policy.ParseKind(*kind)
		if !ok {
			return nil, fmt.Errorf("unknown kind %q (want ses-identity, iam-identity, trust, rcp, scp or unknown)", *kind)
		}
		opts.kind = k
	}
	if len(paths) == 0 {
		return nil, errors.New("no files or directories to check")
	}
	if err := loadCatalogOverlay(*catalogDir); err != nil {
		return nil, err
	}
	if opts.configs, err = newConfigFinder(*configFile); err != nil {
		return nil, err
	}
	opts.walk = walk.rules(opts.configs)
	return opts, nil
}

// parseInterspersed parses flags that may come before, between or after the
// paths, and returns the paths; everything after "--" is a path.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths, afterDash []string
	for i, a := range args {
		if a == "--" {
			args, afterDash = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return append(paths, afterDash...), nil
}

// configFinder gives each checked file its settings: the --config file, or
// else the nearest .policyls.json in the file's folder or above it, up to
// the repository root (config.Find). Files are checked in parallel, so
// lookups are cached under a lock.
type configFinder struct {
	explicit string
	mu       sync.Mutex
	found    map[string]config.Found  // folder -> its search's outcome
	loaded   map[string]*loadedConfig // settings file -> its contents
}

type loadedConfig struct {
	config *config.Config
	root   string // the folder its file globs are relative to
	err    error
	// problems are the settings left out as not valid, one line each
	// (file:line:column: message).
	problems []string
}

// loadSettings reads and parses a settings file as config.Load does, and
// returns its text too, for the positions of its problems.
func loadSettings(file, tree string) (*config.Config, []byte, error) {
	data, err := config.ReadFile(file, tree)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read settings: %w", err)
	}
	c, err := config.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	return c, data, nil
}

// newConfigFinder returns the finder for a run; an explicit (--config)
// file is read now, so a broken one is a usage error up front.
func newConfigFinder(explicit string) (*configFinder, error) {
	f := &configFinder{explicit: explicit, loaded: map[string]*loadedConfig{}, found: map[string]config.Found{}}
	if explicit != "" {
		// A link named by --config may lead anywhere in its own folder.
		if _, err := f.load(explicit, filepath.Dir(explicit)); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// load reads a settings file once; a symbolic link must resolve inside
// tree (see config.ReadFile).
func (f *configFinder) load(file, tree string) (*loadedConfig, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if l, ok := f.loaded[file]; ok {
		return l, l.err
	}
	c, data, err := loadSettings(file, tree)
	l := &loadedConfig{config: c, root: filepath.Dir(file), err: err}
	if c != nil && len(c.Problems) > 0 {
		ix := text.NewIndex(data)
		for _, p := range c.Problems {
			line, col := ix.LineColumn(p.Start)
			l.problems = append(l.problems, fmt.Sprintf("%s:%d:%d: %s", printableName(file), line, col, printableText(p.Message)))
		}
	}
	f.loaded[file] = l
	return l, err
}

// optionsFor returns the analysis options for path.
func (f *configFinder) optionsFor(path string) (policy.Options, error) {
	l, _ := f.settingsFor(filepath.Dir(path))
	if l == nil {
		return policy.Options{}, nil
	}
	if l.err != nil {
		return policy.Options{}, l.err
	}
	return l.config.OptionsFor(config.Rel(l.root, path)), nil
}

// settingsFor returns the settings of the files in dir and the file they
// were read from, or nil when there are none.
func (f *configFinder) settingsFor(dir string) (*loadedConfig, string) {
	file, tree := f.explicit, filepath.Dir(f.explicit)
	if file == "" {
		found := f.find(dir)
		if found.File == "" {
			return nil, ""
		}
		file, tree = found.File, found.Tree()
	}
	l, _ := f.load(file, tree)
	return l, file
}

// find searches for the settings file of the files in dir, once per dir.
func (f *configFinder) find(dir string) config.Found {
	f.mu.Lock()
	defer f.mu.Unlock()
	found, ok := f.found[dir]
	if !ok {
		found = config.Find(dir)
		f.found[dir] = found
	}
	return found
}

// reportSources prints, for --verbose, which settings file applied to the
// files of each folder, in the order the files were checked.
func (f *configFinder) reportSources(w io.Writer, files []string) {
	if f.explicit != "" {
		fmt.Fprintf(w, "policyls: settings for every file: %s (--config)\n", printableName(f.explicit))
		return
	}
	seen := map[string]bool{}
	for _, file := range files {
		dir := filepath.Dir(file)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		switch found := f.find(dir); {
		case found.File != "":
			fmt.Fprintf(w, "policyls: settings for %s: %s\n", printableName(displayPath(dir)), printableName(found.File))
		case found.Boundary != "":
			fmt.Fprintf(w, "policyls: settings for %s: none (searched up to the repository root %s)\n", printableName(displayPath(dir)), printableName(found.Boundary))
		default:
			fmt.Fprintf(w, "policyls: settings for %s: none\n", printableName(displayPath(dir)))
		}
	}
}

// warnSilencing warns about each settings file read that silences every
// finding in the files it governs (config.SilencesEverything): a
// repository can hide its problems from CI that way.
func (f *configFinder) warnSilencing(w io.Writer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var files []string
	for file, l := range f.loaded {
		if l.err == nil && l.config.SilencesEverything() {
			files = append(files, file)
		}
	}
	slices.Sort(files)
	for _, file := range files {
		fmt.Fprintf(w, "policyls: warning: %s silences every finding in the files it applies to (every rule off or suppressed everywhere)\n", file)
	}
}

// reportProblems prints the problems of every settings file read (an
// unknown key, rule ID, severity or kind, a value of the wrong type), in
// file order, and reports whether there were any: settings that do not
// say what their author meant fail the run, as a usage error.
func (f *configFinder) reportProblems(w io.Writer) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	files := slices.Sorted(maps.Keys(f.loaded))
	found := false
	for _, file := range files {
		for _, p := range f.loaded[file].problems {
			fmt.Fprintf(w, "policyls: %s\n", p)
			found = true
		}
	}
	return found
}

// checkFiles analyses files on a pool of workers, one per core, and returns
// the reports in the order of files.
func checkFiles(files []string, opts *checkOptions) []fileReport {
	reports := make([]fileReport, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				reports[i] = checkFile(files[i], opts)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return reports
}

// checkFile reads and analyses one file.
func checkFile(path string, opts *checkOptions) fileReport {
	src, popts, err := readPolicy(path, opts.configs, opts.kind)
	if err != nil {
		return fileReport{path: path, err: err}
	}
	fixes := 0
	var changes []fixedChange
	if opts.fix || opts.diff {
		fixed, n, made := fixSource(path, src, popts, opts.fixMode)
		if fixes = n; opts.diff {
			return fileReport{path: path, fixes: fixes, diff: unifiedDiff(path, src, fixed)}
		}
		if fixes > 0 {
			if err := replaceFile(path, opts.trees[path], fixed); err != nil {
				return fileReport{path: path, err: err}
			}
			src = fixed
			changes = locateChanges(fixed, made)
		}
	}
	if host.IsTerraformName(path) {
		return checkTerraform(path, src, popts, opts, fileReport{path: path, fixes: fixes, changes: changes})
	}
	if tmpl, ok := host.CloudFormation(src, mayBeYAMLName(path)); ok {
		return checkTemplate(src, tmpl, popts, opts, fileReport{path: path, fixes: fixes, changes: changes})
	}
	if mayBeYAMLName(path) {
		// YAML that is no template (a workflow, Kubernetes): nothing of ours.
		return fileReport{path: path, kind: policy.KindUnknown, diagnostics: []lineDiagnostic{}}
	}
	res := policy.Analyze(src, popts)
	r := fileReport{path: path, kind: res.Kind, isPolicy: res.IsPolicy, diagnostics: []lineDiagnostic{}, fixes: fixes, changes: changes}
	if opts.fix && opts.fixMode == policy.FixSafe && res.Rewritable {
		r.morePreferred = countPreferred(res)
	}
	if !res.IsPolicy {
		r.kind = policy.KindUnknown
		return r
	}
	ix := text.NewIndex(src)
	for _, d := range res.Diagnostics {
		if d.Severity == policy.SeverityHint && !opts.hints {
			continue
		}
		ld := lineDiagnostic{Diagnostic: d}
		ld.startLine, ld.startColumn = ix.LineColumn(d.Start)
		ld.endLine, ld.endColumn = ix.LineColumn(d.End)
		r.diagnostics = append(r.diagnostics, ld)
	}
	return r
}

// KindTemplate is the kind check reports for a CloudFormation template:
// each of its policies has its own kind, named in its findings' location.
const KindTemplate policy.Kind = "cloudformation"

// checkTemplate reports the findings of every policy of a template in the
// template's lines and columns, each with the place of its policy.
func checkTemplate(src []byte, tmpl *host.File, popts policy.Options, opts *checkOptions, r fileReport) fileReport {
	res := host.Analyze(src, tmpl, popts)
	r.kind, r.diagnostics, r.embedded = KindTemplate, []lineDiagnostic{}, len(res.Policies)
	ix := text.NewIndex(src)
	for _, d := range res.Diagnostics {
		if d.Severity == policy.SeverityHint && !opts.hints {
			continue
		}
		ld := lineDiagnostic{Diagnostic: d}
		// The policy the finding is of: a Terraform document checked as
		// two kinds is two policies over the same text. The host's own
		// findings (a syntax error) get the policy they are inside.
		p := res.PolicyOf(d)
		if p == nil {
			p = res.PolicyAt(d.Start)
		}
		if p != nil {
			ld.location = p.Location
		}
		ld.startLine, ld.startColumn = ix.LineColumn(d.Start)
		ld.endLine, ld.endColumn = ix.LineColumn(d.End)
		r.diagnostics = append(r.diagnostics, ld)
	}
	return r
}

// readPolicy reads a file and the analysis options its settings give it,
// with kind (when set) forced over them.
func readPolicy(path string, configs *configFinder, kind policy.Kind) ([]byte, policy.Options, error) {
	// Regular files only, read without blocking and through a cap: a named
	// pipe or a device named *.json must not hang or exhaust the run. The
	// walk already kept links inside the tree, so no tree is checked here.
	src, err := boundedfile.Read(path, "", maxPolicyFileSize)
	if err != nil {
		return nil, policy.Options{}, fmt.Errorf("cannot read %s: %w", printableName(path), unwrapPathError(err))
	}
	popts, err := configs.optionsFor(path)
	if err != nil {
		return nil, policy.Options{}, err
	}
	if kind != "" {
		popts.Kind = kind
	}
	return src, popts, nil
}

// maxPolicyFileSize caps what check and fmt read of one file. Policies are
// at most a few KB; beyond policy.MaxParsedSize (1 MiB) only the size is
// reported anyway, so a file beyond this is refused rather than read.
const maxPolicyFileSize = 64 << 20

// unwrapPathError drops the *fs.PathError wrapper, whose message repeats the
// path we already name.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// displayPath keeps paths as the user wrote them, minus a leading "./".
func displayPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "."+string(filepath.Separator)); ok && rest != "" {
		return rest
	}
	return p
}
