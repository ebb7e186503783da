// Package config is the configuration model shared by the language server and
// the command line: which policy kind a file holds, chosen by path globs, and
// the partition, region and account that completion fills into ARN templates.
//
// Settings are JSON, in the same shape wherever they come from: LSP
// initializationOptions, workspace/didChangeConfiguration settings, and the
// .policyls.json file nearest to a policy (in its folder or above, up to
// the repository root or the workspace folder: see Find). The
// policyls settings may be the whole object or sit under a "policyls" key
// (editors usually nest them):
//
//	{"policyls": {"kinds": [{"glob": "**/trust/*.json", "kind": "trust"}]}}
//
// "kinds" is a list rather than a map so that the order is the user's: the
// first glob that matches a path decides its kind.
//
// "partition", "region" and "accountId" are strings. An invalid one (an
// unknown partition, a region that cannot exist, an account ID that is not
// 12 digits) does not spoil the rest: Parse leaves it out and says why in
// Config.Problems.
//
// "rules" changes rules by ID: "off", or a severity ("error", "warning",
// "info" or "information", "hint"). Any other mistake (an unknown key,
// rule ID, severity or kind, a value of the wrong type) is a Problem at
// its place, with the one reading where there is one (read.go). "suppressions" silences single findings: a file glob
// (relative to the folder the settings belong to), a JSON Pointer into the
// document (the finding's value and everything below it) and a rule ID or
// "*":
//
//	{"rules": {"POL003": "off", "ACT005": "hint"},
//	 "suppressions": [{"file": "policies/legacy.json", "path": "/Statement/0/Action/1", "rule": "ACT002"}]}
//
// "exclude" lists globs (relative to the settings file's folder) of files
// and folders that policyls check and fmt do not search: a folder matched
// is left out with everything in it. A path named on the command line is
// checked all the same.
//
//	{"exclude": ["generated/**", "**/fixtures"]}
//
// Keys are matched exactly as written here (encoding/json alone would read
// "Suppressions" or "ſuppressions" as "suppressions"): a key that differs
// from one of ours only in case, or a key given twice, is an error, so no
// setting is silently dropped or overridden.
//
// Settings files are read through ReadFile: a regular file of at most
// MaxFileSize bytes (see internal/boundedfile), a symbolic link only when
// it resolves inside the tree the search for it covered.
//
// Neovim sends empty settings as [], which is read as {}.
package config

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/internal/boundedfile"
)

// FileName is the name of the workspace configuration file.
const FileName = ".policyls.json"

// MaxFileSize is the largest settings text read: 1 MiB, thousands of times
// what a real settings file holds, so a file meant to exhaust memory (or a
// link to /dev/zero) is refused, never read.
const MaxFileSize = 1 << 20

// Config is the parsed configuration. The zero value is valid and empty.
type Config struct {
	// Kinds maps paths to policy kinds; the first matching rule wins.
	Kinds []KindRule

	// Partition ("aws"), Region ("eu-west-1") and AccountID (12 digits)
	// fill ARN templates in completion. Empty when not set or invalid.
	Partition, Region, AccountID string

	// Rules turns rules off or changes their severity, by rule ID.
	Rules map[string]policy.RuleSetting
	// Suppressions silence single findings in matching files.
	Suppressions []Suppression

	// Exclude holds the globs of the files and folders the command line
	// does not search (see Excluded).
	Exclude []Glob

	// Problems are the settings Parse left out because they were not
	// valid, each at its place in the text.
	Problems []Problem
}

// Suppression silences the finding of Rule ("*": any) at Path (a JSON
// Pointer; "" is the whole document) in the files matching File. In a
// template or Terraform file, Location names one embedded policy (as
// check's JSON and SARIF output do) and Path is a pointer inside it.
type Suppression struct {
	File     Glob
	Location string
	Path     string
	Rule     string
}

// KindRule forces the policy kind of every path matching Glob.
type KindRule struct {
	Glob Glob
	Kind policy.Kind
}

// Parse reads settings JSON, either the policyls object itself or an object
// holding it under a "policyls" key. Empty input and null give an empty
// Config. Text that is not a JSON object, or a key in the wrong case or
// given twice, is an error; any other mistake (an unknown key, rule ID,
// severity or kind, a value of the wrong type) leaves that one setting out
// and is listed in Config.Problems, at its place in data.
func Parse(data []byte) (*Config, error) {
	// A UTF-8 byte-order mark (some Windows editors write one) is not
	// JSON; it is skipped, as in policy files.
	body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	c, err := parse(body)
	// parse's offsets are into the text without its mark and leading blanks.
	lead := len(data) - len(bytes.TrimLeftFunc(body, unicode.IsSpace))
	var ke *KeyError
	if errors.As(err, &ke) {
		ke.Start, ke.End = ke.Start+lead, ke.End+lead
	}
	if c != nil {
		for i := range c.Problems {
			c.Problems[i].Start += lead
			c.Problems[i].End += lead
		}
	}
	return c, err
}

func parse(data []byte) (*Config, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("settings larger than %s are not read", boundedfile.Size(MaxFileSize))
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) || isEmptyArray(data) {
		return &Config{}, nil
	}
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(data, &outer); err != nil {
		return nil, fmt.Errorf("settings must be a JSON object: %w", err)
	}
	obj := jsonsyntax.Parse(data).Root
	if err := checkKeys(obj, outerKeys); err != nil {
		return nil, err
	}
	c := &Config{}
	top := true
	if inner := obj.Member("policyls"); inner != nil {
		top = false
		c.misplacedBesidePolicyls(obj)
		obj = inner.Value()
		if obj.Kind() == jsonsyntax.Null || obj.Kind() == jsonsyntax.Array && len(obj.Children()) == 0 {
			return c, nil
		}
		if obj.Kind() != jsonsyntax.Object {
			return nil, &KeyError{Start: inner.Key().Start(), End: inner.Key().End(), Message: fmt.Sprintf(`"policyls" must hold an object, not %s`, kindName(obj))}
		}
	}
	if err := checkSettingsKeys(obj); err != nil {
		return nil, err
	}
	c.read(obj, top)
	return c, nil
}

// The keys read at each level of the settings, exactly as written.
var (
	outerKeys       = []string{"policyls"}
	settingsKeys    = []string{"policyls", "kinds", "partition", "region", "accountId", "rules", "suppressions", "exclude"}
	kindKeys        = []string{"glob", "kind"}
	suppressionKeys = []string{"file", "location", "path", "rule"}
)

// SettingsKeys are the keys of the policyls object.
var SettingsKeys = slices.DeleteFunc(slices.Clone(settingsKeys), func(k string) bool { return k == "policyls" })

// KeyError is a settings key given twice or in the wrong case, at the byte
// offsets of the key in the settings text.
type KeyError struct {
	Start, End int
	Message    string
	// Replacement, when not "", is the key as it must be written.
	Replacement string
}

func (e *KeyError) Error() string { return e.Message }

// checkSettingsKeys checks the keys of the policyls object and of the
// objects in its kinds and suppressions lists and its rules map.
func checkSettingsKeys(obj *jsonsyntax.Node) error {
	if err := checkKeys(obj, settingsKeys); err != nil {
		return err
	}
	for _, list := range []struct {
		name string
		keys []string
	}{{"kinds", kindKeys}, {"suppressions", suppressionKeys}, {"rules", nil}} {
		var v *jsonsyntax.Node
		if m := obj.Member(list.name); m != nil {
			v = m.Value()
		}
		if list.keys == nil {
			if err := checkKeys(v, nil); err != nil {
				return err
			}
			continue
		}
		if v == nil || v.Kind() != jsonsyntax.Array {
			continue
		}
		for _, entry := range v.Children() {
			if err := checkKeys(entry, list.keys); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkKeys reports a key of obj that repeats an earlier one, or that
// matches one of known only when case is ignored (encoding/json would read
// it as that one). obj may be nil or not an object.
func checkKeys(obj *jsonsyntax.Node, known []string) error {
	if obj == nil || obj.Kind() != jsonsyntax.Object {
		return nil
	}
	seen := make(map[string]bool, len(obj.Children()))
	for _, p := range obj.Children() {
		k := p.Key()
		name := k.Text()
		if seen[name] {
			return &KeyError{Start: k.Start(), End: k.End(), Message: fmt.Sprintf("key %q appears twice in one object; give it once", name)}
		}
		seen[name] = true
		for _, want := range known {
			if name != want && strings.EqualFold(name, want) {
				return &KeyError{Start: k.Start(), End: k.End(), Message: fmt.Sprintf("key %q: settings keys are case-sensitive; write %q", name, want), Replacement: quote(want)}
			}
		}
	}
	return nil
}

// isEmptyArray reports whether data is the JSON "[]" (Neovim's empty table).
func isEmptyArray(data []byte) bool {
	var list []json.RawMessage
	return len(data) > 0 && data[0] == '[' && json.Unmarshal(data, &list) == nil && len(list) == 0
}

// ReadFile reads a settings file through boundedfile.Read: a regular file
// of at most MaxFileSize bytes that, after resolving symbolic links, lies
// inside tree. A missing file is an error matching fs.ErrNotExist.
func ReadFile(file, tree string) ([]byte, error) {
	return boundedfile.Read(file, tree, MaxFileSize)
}

// Load reads (see ReadFile) and parses a settings file.
func Load(file, tree string) (*Config, error) {
	data, err := ReadFile(file, tree)
	if err != nil {
		return nil, fmt.Errorf("cannot read settings: %w", err)
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return c, nil
}

// Merge returns a Config whose rules are c's followed by other's, so c's
// rules take precedence, as do c's partition, region and account where set.
// Either may be nil. Warnings are not carried over: each source's were for
// its own reader to report.
func (c *Config) Merge(other *Config) *Config {
	out := &Config{}
	for _, src := range [...]*Config{c, other} {
		if src == nil {
			continue
		}
		out.Kinds = append(out.Kinds, src.Kinds...)
		out.Suppressions = append(out.Suppressions, src.Suppressions...)
		out.Exclude = append(out.Exclude, src.Exclude...)
		for id, setting := range src.Rules {
			if _, taken := out.Rules[id]; !taken {
				if out.Rules == nil {
					out.Rules = map[string]policy.RuleSetting{}
				}
				out.Rules[id] = setting
			}
		}
		out.Partition = cmp.Or(out.Partition, src.Partition)
		out.Region = cmp.Or(out.Region, src.Region)
		out.AccountID = cmp.Or(out.AccountID, src.AccountID)
	}
	return out
}

// MergeOptions combines the options two sources of settings give one file,
// first's before second's: first's kind, partition, region and account win
// where set, first's setting of a rule wins over second's, and the
// suppressions of both apply. The server uses it for the editor's settings
// over a settings file's, whose globs are relative to different folders.
func MergeOptions(first, second policy.Options) policy.Options {
	out := policy.Options{
		Kind:         cmp.Or(first.Kind, second.Kind),
		Partition:    cmp.Or(first.Partition, second.Partition),
		Region:       cmp.Or(first.Region, second.Region),
		AccountID:    cmp.Or(first.AccountID, second.AccountID),
		Identity:     cmp.Or(first.Identity, second.Identity),
		Suppressions: append(slices.Clip(first.Suppressions), second.Suppressions...),
		Rules:        first.Rules,
	}
	switch {
	case len(second.Rules) == 0:
	case len(first.Rules) == 0:
		out.Rules = second.Rules
	default:
		out.Rules = maps.Clone(second.Rules)
		maps.Copy(out.Rules, first.Rules)
	}
	return out
}

// SilencesEverything reports whether the settings leave nothing to report
// in any policy file they govern: every rule is turned off or suppressed in
// the whole document of every file, or one suppression does that for every
// rule ("*"). Such settings may be a mistake or planted: callers warn.
func (c *Config) SilencesEverything() bool {
	if c == nil {
		return false
	}
	silenced := map[string]bool{}
	for id, setting := range c.Rules {
		if setting.Off {
			silenced[id] = true
		}
	}
	for _, s := range c.Suppressions {
		if s.Path == "" && s.Location == "" && s.File.MatchesEveryPolicyFile() {
			if s.Rule == "*" {
				return true
			}
			silenced[s.Rule] = true
		}
	}
	for _, r := range policy.Rules() {
		if !silenced[r.ID] {
			return false
		}
	}
	return true
}

// KindFor returns the kind of the first rule whose glob matches name, or ""
// when none does (the kind is then inferred from the document). name is
// slash-separated, relative to the workspace root or absolute; see Rel.
func (c *Config) KindFor(name string) policy.Kind {
	if c == nil {
		return ""
	}
	for _, r := range c.Kinds {
		if r.Glob.Match(name) {
			return r.Kind
		}
	}
	return ""
}

// Excluded returns the first exclude glob that matches name (see Rel), and
// whether there is one. A caller walking a tree asks for folders too, and
// leaves out a folder matched with everything in it.
func (c *Config) Excluded(name string) (Glob, bool) {
	if c == nil {
		return Glob{}, false
	}
	for _, g := range c.Exclude {
		if g.Match(name) {
			return g, true
		}
	}
	return Glob{}, false
}

// OptionsFor returns the analysis options for the file matched as name
// (see Rel): the kind its glob forces, the rule settings, the suppressions
// of the matching files, and the partition, region and account.
func (c *Config) OptionsFor(name string) policy.Options {
	if c == nil {
		return policy.Options{}
	}
	opts := policy.Options{
		Kind:      c.KindFor(name),
		Rules:     c.Rules,
		Partition: c.Partition,
		Region:    c.Region,
		AccountID: c.AccountID,
	}
	for _, s := range c.Suppressions {
		if s.File.Match(name) {
			opts.Suppressions = append(opts.Suppressions, policy.Suppression{Rule: s.Rule, Location: s.Location, Path: s.Path})
		}
	}
	return opts
}

// Found is the outcome of a search for the settings file.
type Found struct {
	// File is the settings file that applies, "" when there is none.
	File string
	// Boundary is the folder where the search stopped: the repository
	// root (the first folder holding a .git entry) or the workspace
	// folder; "" when it went up to the root of the file system. A
	// settings file that is a symbolic link must resolve inside it.
	Boundary string
}

// Tree is the folder a settings file found by this search must lie in
// after resolving symbolic links: the boundary, or when the search had
// none, the settings file's own folder.
func (f Found) Tree() string {
	if f.Boundary != "" {
		return f.Boundary
	}
	return filepath.Dir(f.File)
}

// Find looks for the settings file (.policyls.json) in dir and its parents,
// up to the repository root. Settings never apply from above the
// repository a file belongs to. The search goes on past the file up to the
// boundary, which a symbolic link must resolve inside.
func Find(dir string) Found { return FindWhere(dir, "", nil) }

// FindWhere is Find for the language server: the search also stops at
// stop, the workspace folder, when dir lies in it ("" for none), and a
// candidate path also counts when present reports it (the server's open
// editor buffers, which may not be saved yet). present may be nil. Any
// entry named .policyls.json counts, whatever its type, so that a
// directory or a named pipe of that name is reported by the reader rather
// than skipped in favour of a file further up.
func FindWhere(dir, stop string, present func(path string) bool) Found {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if stop != "" {
		if abs, err := filepath.Abs(stop); err == nil {
			stop = abs
		}
	}
	var found Found
	for {
		p := filepath.Join(dir, FileName)
		if found.File == "" && (present != nil && present(p) || exists(p)) {
			found.File = p
		}
		if dir == stop || exists(filepath.Join(dir, ".git")) {
			found.Boundary = dir
			return found
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return found
		}
		dir = parent
	}
}

// exists reports whether there is an entry at path, of any type; a
// symbolic link counts even when it leads nowhere.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Rel returns the name under which a file is matched against globs: its
// slash-separated path relative to root when the file lies inside root, and
// its slash-separated absolute path otherwise (or when root is empty). Both
// arguments are operating-system paths; a relative file is taken relative to
// the current directory.
func Rel(root, file string) string {
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	if root != "" {
		if absRoot, err := filepath.Abs(root); err == nil {
			if rel, err := filepath.Rel(absRoot, file); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(file)
}

// kindNames lists the kinds a settings glob may force.
func kindNames() []string {
	names := make([]string, len(policy.Kinds))
	for i, k := range policy.Kinds {
		names[i] = string(k)
	}
	return names
}
