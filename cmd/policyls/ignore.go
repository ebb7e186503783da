package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/policyls/policyls/analysis/config"
	"github.com/policyls/policyls/internal/boundedfile"
)

// Which files and folders a walk leaves out. A path named on the command
// line is never left out: these rules decide only about what lies below a
// directory named there.

// versionControlDirs are never searched, even with --no-ignore.
var versionControlDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// defaultSkippedDirs are folders of installed or generated code that hold
// thousands of JSON files and no policies of the project's own.
var defaultSkippedDirs = map[string]bool{"node_modules": true, "vendor": true, ".terraform": true}

// maxIgnoreFileSize caps what is read of one .gitignore: real ones are a
// few KB, and a planted one must not exhaust memory.
const maxIgnoreFileSize = 1 << 20

// walkRules are the exclusions of one run of check or fmt.
type walkRules struct {
	// noIgnore turns off the default folders, .gitignore files and the
	// settings' exclude globs; --exclude and version control stay.
	noIgnore bool
	excludes []config.Glob // --exclude, matched relative to the current directory
	configs  *configFinder // the settings whose exclude globs apply; may be nil
	stderr   io.Writer     // for .gitignore files that cannot be read
	// skipped counts what each rule left out, for check --verbose.
	skipped map[string]*skipCount
}

type skipCount struct{ folders, files int }

// treeRules are the rules of the walk of one directory named on the
// command line.
type treeRules struct {
	*walkRules
	start string // the directory as named (the walk's paths begin with it)
	root  string // start with its links resolved: .gitignore files in the walk must lie inside it
	// prefix is start's path from the folder the .gitignore domains are
	// relative to (the repository root above start, else start itself).
	prefix []string
	// ignores holds, per folder walked, the .gitignore patterns that apply
	// below it, in ascending priority (git's order: the last match wins).
	ignores map[string][]ignorePattern
	// Rules that match the named directory itself are not applied in
	// its walk: naming a folder asks for it.
	skipCLIExcludes bool
	skipSettings    map[string]bool // settings files whose excludes match start
}

// ignorePattern is one .gitignore line and the file it came from.
type ignorePattern struct {
	gitignore.Pattern
	source string
	// insideOnly: the line ends in "/**", which git matches against what
	// is inside a folder, never the folder itself; the matcher would
	// match the folder too, so a path matches only when its folder does.
	insideOnly bool
}

// Match is the matcher's answer, with git's reading of a trailing "/**".
func (p ignorePattern) Match(path []string, isDir bool) gitignore.MatchResult {
	r := p.Pattern.Match(path, isDir)
	if r != gitignore.NoMatch && p.insideOnly && p.Pattern.Match(path[:len(path)-1], true) == gitignore.NoMatch {
		return gitignore.NoMatch
	}
	return r
}

// parseIgnoreLine reads one .gitignore line. The matcher uses
// filepath.Match, whose negated class is "[^...]": git's "[!...]" is
// rewritten to it (filepath.Match would read "!" as a character).
// https://git-scm.com/docs/gitignore#_pattern_format
func parseIgnoreLine(line string, domain []string, source string) ignorePattern {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			b.WriteByte(c)
			i++
			c = line[i]
		case !inClass && c == '[':
			inClass = true
			if i+1 < len(line) && line[i+1] == '!' {
				b.WriteString("[^")
				i++
				continue
			}
		case inClass && c == ']':
			inClass = false
		}
		b.WriteByte(c)
	}
	trimmed := strings.TrimRight(line, " ")
	return ignorePattern{
		Pattern:    gitignore.ParsePattern(b.String(), domain),
		source:     source,
		insideOnly: strings.HasSuffix(trimmed, "/**"),
	}
}

// forTree prepares the rules for walking the directory start, whose links
// resolve to root. The .gitignore files of the folders above it, up to the
// repository root (the first folder holding .git), apply too, unless they
// ignore start itself.
func (r *walkRules) forTree(start, root string) *treeRules {
	t := &treeRules{walkRules: r, start: start, root: root, ignores: map[string][]ignorePattern{}, skipSettings: map[string]bool{}}
	for _, g := range r.excludes {
		if config.Rel(".", start) != "." && cliExcludeMatches(g, start) {
			t.skipCLIExcludes = true
		}
	}
	if r.noIgnore {
		return t
	}
	if file, _, ok := r.settingsExclude(start); ok {
		t.skipSettings[file] = true
	}
	repo := repositoryRoot(root)
	if repo == "" {
		t.ignores[filepath.Clean(start)] = t.readIgnores(root, nil, filepath.Join(start, ".gitignore"))
		return t
	}
	rel, _ := filepath.Rel(repo, root)
	if rel != "." {
		t.prefix = strings.Split(rel, string(filepath.Separator))
	}
	// git's own list of ignored paths, then each .gitignore from the
	// repository root down to start's.
	var above []ignorePattern
	if info, err := os.Lstat(filepath.Join(repo, ".git")); err == nil && info.IsDir() {
		above = t.readIgnores(repo, nil, filepath.Join(repo, ".git", "info", "exclude"))
	}
	for i := range t.prefix {
		dir := filepath.Join(append([]string{repo}, t.prefix[:i]...)...)
		above = append(above, t.readIgnores(repo, t.prefix[:i], filepath.Join(dir, ".gitignore"))...)
	}
	for i := range t.prefix {
		if matchIgnores(above, t.prefix[:i+1], true) != nil {
			above = nil // start or a folder above it is ignored, yet named: search it
			break
		}
	}
	t.ignores[filepath.Clean(start)] = append(above, t.readIgnores(root, t.prefix, filepath.Join(start, ".gitignore"))...)
	return t
}

// repositoryRoot returns the first folder from dir up holding a .git entry,
// or "" when there is none.
func repositoryRoot(dir string) string {
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// readIgnores reads the ignore file at path, whose patterns are relative to
// the folder whose names are domain. Like settings, it is read bounded and
// typed (a link only to a file inside tree); a missing one holds nothing,
// and one that cannot be read is reported and holds nothing.
func (t *treeRules) readIgnores(tree string, domain []string, path string) []ignorePattern {
	abs, err := filepath.Abs(path) // tree is absolute
	if err != nil {
		return nil
	}
	data, err := boundedfile.Read(abs, tree, maxIgnoreFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		fmt.Fprintf(t.stderr, "policyls: not reading %s: %v\n", printableName(displayPath(path)), unwrapPathError(err))
		return nil
	}
	source := displayPath(path)
	var patterns []ignorePattern
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue // "\#name" stays: the matcher reads "\#" as "#"
		}
		patterns = append(patterns, parseIgnoreLine(line, domain, source))
	}
	return patterns
}

// matchIgnores returns the pattern that decides that path (split in names)
// is ignored, or nil when it is not: the last pattern matching it decides,
// and a negation ("!name") there means not ignored.
func matchIgnores(patterns []ignorePattern, path []string, isDir bool) *ignorePattern {
	for i := len(patterns) - 1; i >= 0; i-- {
		switch patterns[i].Match(path, isDir) {
		case gitignore.Exclude:
			return &patterns[i]
		case gitignore.Include:
			return nil
		}
	}
	return nil
}

// skip reports whether the walk leaves out path (below start), and counts
// it under the rule that decided.
func (t *treeRules) skip(path string, isDir bool) bool {
	rule := t.skipRule(path, isDir)
	if rule == "" {
		if isDir && !t.noIgnore {
			t.enterDir(path)
		}
		return false
	}
	c := t.skipped[rule]
	if c == nil {
		c = &skipCount{}
		t.skipped[rule] = c
	}
	if isDir {
		c.folders++
	} else {
		c.files++
	}
	return true
}

// skipRule names the rule that leaves path out, or is "".
func (t *treeRules) skipRule(path string, isDir bool) string {
	name := filepath.Base(path)
	if isDir && versionControlDirs[name] {
		return "version control (" + name + ")"
	}
	if !t.skipCLIExcludes && len(t.excludes) > 0 {
		for _, g := range t.excludes {
			if cliExcludeMatches(g, path) {
				return fmt.Sprintf("--exclude %s", g)
			}
		}
	}
	if t.noIgnore {
		return ""
	}
	if isDir {
		switch {
		case defaultSkippedDirs[name]:
			return "default (" + name + ")"
		case strings.HasPrefix(name, "asset.") && filepath.Base(filepath.Dir(path)) == "cdk.out":
			return "default (cdk.out assets)"
		case strings.HasPrefix(name, "."):
			return "default (hidden folders)"
		}
	}
	if file, glob, ok := t.settingsExclude(path); ok && !t.skipSettings[file] {
		return fmt.Sprintf("exclude %s in %s", glob, displayPath(file))
	}
	if p := matchIgnores(t.ignores[filepath.Dir(path)], t.components(path), isDir); p != nil {
		return p.source
	}
	return ""
}

// enterDir records the .gitignore patterns that apply below dir: its
// parent's and those of its own .gitignore.
func (t *treeRules) enterDir(dir string) {
	inherited := t.ignores[filepath.Dir(dir)]
	own := t.readIgnores(t.root, t.components(dir), filepath.Join(dir, ".gitignore"))
	t.ignores[filepath.Clean(dir)] = append(slices.Clip(inherited), own...)
}

// components is path (below start) as names from the folder the .gitignore
// domains are relative to.
func (t *treeRules) components(path string) []string {
	rel, err := filepath.Rel(t.start, path)
	if err != nil || rel == "." {
		return slices.Clone(t.prefix)
	}
	return append(slices.Clone(t.prefix), strings.Split(rel, string(filepath.Separator))...)
}

// settingsExclude returns the settings file and the exclude glob of it that
// leave path out, if any: the settings that govern path's folder
// (configFinder), with globs relative to the settings file's folder.
func (r *walkRules) settingsExclude(path string) (file string, glob config.Glob, ok bool) {
	if r.configs == nil {
		return "", config.Glob{}, false
	}
	l, file := r.configs.settingsFor(filepath.Dir(path))
	if l == nil || l.err != nil || len(l.config.Exclude) == 0 {
		return "", config.Glob{}, false // a broken one is reported with the files it governs
	}
	name := config.Rel(l.root, path)
	if name == "." {
		return "", config.Glob{}, false // the settings folder itself ("*" would match ".")
	}
	glob, ok = l.config.Excluded(name)
	return file, glob, ok
}

// reportSkipped prints, for --verbose, what each rule left out.
func (r *walkRules) reportSkipped(w io.Writer) {
	rules := make([]string, 0, len(r.skipped))
	for rule := range r.skipped {
		rules = append(rules, rule)
	}
	slices.Sort(rules)
	for _, rule := range rules {
		c := r.skipped[rule]
		var parts []string
		if c.folders > 0 {
			parts = append(parts, plural(c.folders, "folder"))
		}
		if c.files > 0 {
			parts = append(parts, plural(c.files, "file"))
		}
		fmt.Fprintf(w, "policyls: skipped %s: %s\n", strings.Join(parts, " and "), printableText(rule))
	}
}

// cliExcludeMatches reports whether the --exclude glob g matches path: a
// relative glob against the path from the current directory, an absolute
// one against the absolute path (Rel leaves a path inside the current
// directory relative).
func cliExcludeMatches(g config.Glob, path string) bool {
	if g.Match(config.Rel(".", path)) {
		return true
	}
	if !strings.HasPrefix(g.String(), "/") && !filepath.IsAbs(g.String()) {
		return false
	}
	abs, err := filepath.Abs(path)
	return err == nil && g.Match(filepath.ToSlash(abs))
}

// excludeFlag is the repeatable --exclude GLOB.
type excludeFlag struct{ globs []config.Glob }

func (f *excludeFlag) String() string { return "" }

func (f *excludeFlag) Set(pattern string) error {
	g, err := config.CompileGlob(pattern)
	if err != nil {
		return err
	}
	f.globs = append(f.globs, g)
	return nil
}

// walkFlags are the flags of check and fmt that shape the walk.
type walkFlags struct {
	exclude  *excludeFlag
	noIgnore *bool
}

func addWalkFlags(fs *flag.FlagSet) walkFlags {
	f := walkFlags{exclude: &excludeFlag{}}
	fs.Var(f.exclude, "exclude", "leave out files and folders matching `GLOB` (relative to the current directory; repeatable)")
	f.noIgnore = fs.Bool("no-ignore", false, "search default-skipped folders, hidden folders and .gitignore'd files, and ignore the settings' exclude globs")
	return f
}

// rules returns the walk's rules, with the settings configs finds.
func (f walkFlags) rules(configs *configFinder) *walkRules {
	return &walkRules{noIgnore: *f.noIgnore, excludes: f.exclude.globs, configs: configs, skipped: map[string]*skipCount{}}
}
