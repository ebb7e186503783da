package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
)

// checkOptions are the parsed flags of "policyls check".
type checkOptions struct {
	format  string
	failOn  policy.Severity // the least severe finding that fails the run
	configs *configFinder
	trees   map[string]string // file -> the tree it may be written in (collectFiles)
	kind    policy.Kind
	fix     bool // apply preferred fixes in place first (fix.go)
	diff    bool // print what fix would change, change nothing
	// hints keeps findings of hint severity (editor suggestions such as an
	// action's usual spelling); left out unless asked for, they never show
	// in reports, summaries or the exit status.
	hints bool
	paths []string
}

// fileReport is what checking one file found.
type fileReport struct {
	path        string
	kind        policy.Kind
	diagnostics []lineDiagnostic
	err         error  // the file could not be read (or, with --fix, written)
	fixes       int    // fixes applied (--fix) or that would be (--diff)
	diff        string // with --diff, what --fix would change
}

// lineDiagnostic is a finding with 1-based lines and 1-based UTF-16 columns.
type lineDiagnostic struct {
	policy.Diagnostic
	startLine, startColumn, endLine, endColumn int
}

// runCheck lints the given files and directories.
func runCheck(args []string, stdout, stderr io.Writer) int {
	opts, err := parseCheckArgs(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "policyls check: %v\n\n%s", err, usage)
		}
		return exitUsage
	}
	walk := collectFiles(opts.paths, stderr)
	opts.trees = walk.trees
	reports := checkFiles(walk.files, opts)

	code := exitOK
	for _, err := range walk.errs {
		fmt.Fprintf(stderr, "policyls: %v\n", err)
		code = exitUsage
	}
	if opts.diff {
		return writeDiffs(stdout, stderr, reports, code)
	}
	reportFixes(stderr, reports)
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
func parseCheckArgs(args []string, stderr io.Writer) (*checkOptions, error) {
	fs := flag.NewFlagSet("policyls check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	format := fs.String("format", "text", "output `format`: text, json, sarif or github")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding of this `severity` or worse is found: error, warning, info or hint")
	kind := fs.String("kind", "", "force the policy `kind` of every file")
	configFile := fs.String("config", "", "settings `file` (default ./.policyls.json if present)")
	catalogDir := fs.String("catalog", "", "`directory` of AWS service reference files to add to the catalogue")
	fix := fs.Bool("fix", false, "apply the preferred fixes in place, then report what remains")
	diff := fs.Bool("diff", false, "print what --fix would change as a unified diff; change nothing")
	hints := fs.Bool("hints", false, "also report hints (implied by --fail-on hint)")

	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}

	opts := &checkOptions{format: *format, paths: paths, fix: *fix, diff: *diff}
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
	opts.configs = &configFinder{explicit: *configFile, loaded: map[string]*loadedConfig{}, found: map[string]string{}}
	if *configFile != "" {
		// Read it now, so a broken --config file is a usage error up front.
		if _, err := opts.configs.load(*configFile); err != nil {
			return nil, err
		}
	}
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
// else the nearest .policyls.json in the file's folder or above it. Files
// are checked in parallel, so lookups are cached under a lock.
type configFinder struct {
	explicit string
	mu       sync.Mutex
	found    map[string]string        // folder -> settings file ("" for none)
	loaded   map[string]*loadedConfig // settings file -> its contents
}

type loadedConfig struct {
	config *config.Config
	root   string // the folder its file globs are relative to
	err    error
}

func (f *configFinder) load(file string) (*loadedConfig, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if l, ok := f.loaded[file]; ok {
		return l, l.err
	}
	c, err := config.Load(file)
	l := &loadedConfig{config: c, root: filepath.Dir(file), err: err}
	f.loaded[file] = l
	return l, err
}

// optionsFor returns the analysis options for path.
func (f *configFinder) optionsFor(path string) (policy.Options, error) {
	file := f.explicit
	if file == "" {
		dir := filepath.Dir(path)
		f.mu.Lock()
		found, ok := f.found[dir]
		if !ok {
			found = config.Find(dir)
			f.found[dir] = found
		}
		f.mu.Unlock()
		if found == "" {
			return policy.Options{}, nil
		}
		file = found
	}
	l, err := f.load(file)
	if err != nil {
		return policy.Options{}, err
	}
	return l.config.OptionsFor(config.Rel(l.root, path)), nil
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
	if opts.fix || opts.diff {
		var fixed []byte
		if fixed, fixes = fixSource(src, popts); opts.diff {
			return fileReport{path: path, fixes: fixes, diff: unifiedDiff(path, src, fixed)}
		}
		if fixes > 0 {
			if err := replaceFile(path, opts.trees[path], fixed); err != nil {
				return fileReport{path: path, err: err}
			}
			src = fixed
		}
	}
	res := policy.Analyze(src, popts)
	r := fileReport{path: path, kind: res.Kind, diagnostics: []lineDiagnostic{}, fixes: fixes}
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

// readPolicy reads a file and the analysis options its settings give it,
// with kind (when set) forced over them.
func readPolicy(path string, configs *configFinder, kind policy.Kind) ([]byte, policy.Options, error) {
	src, err := os.ReadFile(path)
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
