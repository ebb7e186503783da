package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

const (
	cleanSES = `{"Version": "2012-10-17", "Statement": [{"Sid": "Send", "Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "ses:SendEmail", "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com"}]}`
	// badEffect has its error after Japanese text and an emoji.
	badEffect   = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"送信😀\", \"Effect\": \"Allw\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]\n}\n"
	noVersion   = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	iamPolicy   = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	packageJSON = `{"name": "x", "version": "1.0.0"}`
)

// writeFiles creates files (path relative to dir, with "/" separators) and
// returns dir.
func writeFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// report is the JSON output, decoded strictly.
type report struct {
	Files []struct {
		Path        string `json:"path"`
		Kind        string `json:"kind"`
		Diagnostics []struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Range    struct {
				Start struct{ Line, Column int } `json:"start"`
				End   struct{ Line, Column int } `json:"end"`
			} `json:"range"`
			Location string `json:"location"`
		} `json:"diagnostics"`
	} `json:"files"`
}

func decodeReport(t *testing.T, out string) report {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var r report
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("JSON output %q: %v", out, err)
	}
	return r
}

// utf16Column returns the 1-based line and UTF-16 column of the first
// occurrence of needle, computed independently of analysis/text.
func utf16Column(t *testing.T, src, needle string) (line, column int) {
	t.Helper()
	at := strings.Index(src, needle)
	if at < 0 {
		t.Fatalf("%q not in source", needle)
	}
	before := src[:at]
	lineStart := strings.LastIndex(before, "\n") + 1
	return strings.Count(before, "\n") + 1, len(utf16.Encode([]rune(before[lineStart:]))) + 1
}

var textLine = regexp.MustCompile(`^(.+):(\d+):(\d+): (error|warning|info|hint): (.+) \[([A-Z]+[0-9]+)\]$`)

func TestCheckExitCodes(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"clean.json": cleanSES, "bad.json": badEffect, "warn.json": noVersion, "package.json": packageJSON,
	})
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"check", "clean.json"}, 0},
		{[]string{"check", "warn.json"}, 0},
		{[]string{"check", "package.json"}, 0},
		{[]string{"check", "bad.json"}, 1},
		{[]string{"check", "clean.json", "bad.json"}, 1},
		{[]string{"check", "."}, 1},
		{[]string{"check", "missing.json"}, 2},
		{[]string{"check", "bad.json", "missing.json"}, 2},
	}
	for _, tt := range tests {
		if _, stderr, code := runBinary(t, dir, tt.args...); code != tt.code {
			t.Errorf("policyls %v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, stderr)
		}
	}
}

func TestCheckTextFormat(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"bad.json": badEffect, "warn.json": noVersion, "clean.json": cleanSES})
	stdout, _, code := runBinary(t, dir, "check", "warn.json", "clean.json", "bad.json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	var effect []string
	var paths []string
	for _, l := range lines {
		m := textLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %q does not read file:line:col: severity: message [ID]", l)
		}
		paths = append(paths, m[1])
		if m[6] == "POL009" {
			effect = m
		}
	}
	if effect == nil {
		t.Fatalf("no POL009 in %q", stdout)
	}
	line, col := utf16Column(t, badEffect, `"Allw"`)
	if effect[1] != "bad.json" || effect[2] != fmt.Sprint(line) || effect[3] != fmt.Sprint(col) || effect[4] != "error" {
		t.Errorf("POL009 line %q, want bad.json:%d:%d: error", effect[0], line, col)
	}
	if paths[0] != "bad.json" || paths[len(paths)-1] != "warn.json" {
		t.Errorf("files in order %q, want sorted paths", paths)
	}
}

func TestCheckJSONFormat(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"p/b.json": badEffect, "p/a.json": cleanSES, "p/package.json": packageJSON, "p/notes.txt": "x",
	})
	stdout, stderr, code := runBinary(t, dir, "check", "--format", "json", "p")
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, `"diagnostics":[]`) || strings.Contains(stdout, "null") {
		t.Errorf("clean files must have \"diagnostics\":[]: %s", stdout)
	}
	r := decodeReport(t, stdout)
	var got []string
	for _, f := range r.Files {
		got = append(got, f.Path+" "+f.Kind)
	}
	want := []string{"p/a.json ses-identity", "p/b.json iam-identity", "p/package.json unknown"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("files %q, want %q", got, want)
	}
	line, col := utf16Column(t, badEffect, `"Allw"`)
	endLine, endCol := utf16Column(t, badEffect, `, "Action"`)
	found := false
	for _, d := range r.Files[1].Diagnostics {
		if d.Code != "POL009" {
			continue
		}
		found = true
		if d.Severity != "error" || d.Message == "" || d.Range.Start.Line != line || d.Range.Start.Column != col ||
			d.Range.End.Line != endLine || d.Range.End.Column != endCol {
			t.Errorf("POL009 = %+v, want %d:%d-%d:%d", d, line, col, endLine, endCol)
		}
	}
	if !found {
		t.Errorf("no POL009 in %s", stdout)
	}

	// No files at all is an empty list, not null.
	empty := writeFiles(t, t.TempDir(), map[string]string{"readme.txt": "x"})
	if stdout, _, code := runBinary(t, empty, "check", "--format=json", "."); code != 0 || stdout != "{\"files\":[]}\n" {
		t.Errorf("empty directory: exit %d, output %q", code, stdout)
	}
}

func TestCheckOrderIsDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := range 40 {
		files[fmt.Sprintf("d%d/p%02d.json", i%3, i)] = badEffect
	}
	dir := writeFiles(t, t.TempDir(), files)
	first, _, _ := runBinary(t, dir, "check", "--format", "json", ".")
	for range 3 {
		if again, _, _ := runBinary(t, dir, "check", "--format", "json", "."); again != first {
			t.Fatal("output differs between runs")
		}
	}
	r := decodeReport(t, first)
	if len(r.Files) != 40 || r.Files[0].Path != "d0/p00.json" || r.Files[39].Path != "d2/p38.json" {
		t.Errorf("got %d files from %s to %s", len(r.Files), r.Files[0].Path, r.Files[len(r.Files)-1].Path)
	}
}

func TestCheckUnreadableFiles(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"bad.json": badEffect})
	if err := os.Symlink(filepath.Join(dir, "gone.json"), filepath.Join(dir, "dangling.json")); err != nil {
		t.Skip("no symlinks:", err)
	}
	stdout, stderr, code := runBinary(t, dir, "check", "dangling.json", "missing.json", "bad.json")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, name := range []string{"dangling.json", "missing.json"} {
		if !strings.Contains(stderr, "cannot read "+name) {
			t.Errorf("stderr %q does not name %s", stderr, name)
		}
	}
	if !strings.Contains(stdout, "bad.json:") {
		t.Errorf("readable files are still reported: %q", stdout)
	}
}

func TestCheckUsageErrors(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"a.json": cleanSES, ".policyls.json.bad": "{"})
	for _, args := range [][]string{
		{"check"},
		{"check", "--format", "xml", "a.json"},
		{"check", "--kind", "s3", "a.json"},
		{"check", "--bogus", "a.json"},
		{"check", "--config", "missing-config.json", "a.json"},
		{"check", "--config", ".policyls.json.bad", "a.json"},
		{"frobnicate"},
		{"serve", "extra"},
		{"--bogus"},
		{"version", "extra"},
	} {
		stdout, stderr, code := runBinary(t, dir, args...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "policyls") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("policyls %q: exit %d, stdout %q, stderr %q; want exit 2 and one line on stderr", args, code, stdout, stderr)
		}
	}
}

// A command line that cannot run gets one line and a hint, never the full
// help; -h and --help print the full help on stdout and succeed.
func TestUsageErrorsAreOneLine(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "--bogus", "a.json"}, "policyls check: unknown flag --bogus (see policyls check --help)\n"},
		{[]string{"check", "-bogus", "a.json"}, "policyls check: unknown flag --bogus (see policyls check --help)\n"},
		{[]string{"check"}, "policyls check: no files or directories to check (see policyls check --help)\n"},
		{[]string{"check", "--exclude", "a/[b", "."}, `policyls check: invalid value "a/[b" for --exclude: glob "a/[b": syntax error in pattern (see policyls check --help)` + "\n"},
		{[]string{"fmt", "x.json", "--indent"}, "policyls fmt: flag --indent needs a value (see policyls fmt --help)\n"},
		{[]string{"fmt", "--indent", "two", "x.json"}, `policyls fmt: invalid value "two" for --indent: parse error (see policyls fmt --help)` + "\n"},
		{[]string{"frob"}, `policyls: unknown command "frob": the commands are serve, check, fmt, eval, explain, test, version, help (see policyls --help)` + "\n"},
		{[]string{"serve", "extra"}, `policyls serve: unexpected argument "extra" (see policyls serve --help)` + "\n"},
		{[]string{"--bogus"}, "policyls serve: unknown flag --bogus (see policyls serve --help)\n"},
		{[]string{"version", "extra"}, `policyls version: unexpected argument "extra" (see policyls version --help)` + "\n"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != exitUsage || stdout.Len() != 0 || stderr.String() != tt.want {
			t.Errorf("policyls %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, code, stdout.String(), stderr.String(), tt.want)
		}
	}
	for _, args := range [][]string{{"check", "--help"}, {"fmt", "-h"}, {"version", "--help"}, {"check", "a.json", "-help"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != exitOK || stdout.String() != usage || stderr.Len() != 0 {
			t.Errorf("policyls %q: exit %d, stdout %.40q, stderr %q; want the full usage on stdout", args, code, stdout.String(), stderr.String())
		}
	}
	// serve's stdout is the protocol stream: its help goes to stderr.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"serve", "--help"}, &stdout, &stderr); code != exitOK || stdout.Len() != 0 || stderr.String() != usage {
		t.Errorf("serve --help: exit %d, stdout %q, stderr %.40q", code, stdout.String(), stderr.String())
	}
}

func TestCheckKindsFromFlagsAndConfig(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"infra/trust/role.json": iamPolicy,
		"infra/iam/role.json":   iamPolicy,
		"conf/policyls.json":    `{"policyls": {"kinds": [{"glob": "../infra/trust/*.json", "kind": "trust"}]}}`,
	})
	kinds := func(args ...string) string {
		t.Helper()
		stdout, stderr, _ := runBinary(t, dir, append([]string{"check", "--format", "json"}, args...)...)
		if stderr != "" {
			t.Fatalf("%q: stderr %q", args, stderr)
		}
		var out []string
		for _, f := range decodeReport(t, stdout).Files {
			out = append(out, f.Path+"="+f.Kind)
		}
		return strings.Join(out, " ")
	}
	if got, want := kinds("infra"), "infra/iam/role.json=iam-identity infra/trust/role.json=iam-identity"; got != want {
		t.Errorf("inferred: %s, want %s", got, want)
	}
	if got, want := kinds("--kind", "trust", "infra"), "infra/iam/role.json=trust infra/trust/role.json=trust"; got != want {
		t.Errorf("--kind trust: %s, want %s", got, want)
	}
	// Flags may follow the paths.
	if got, want := kinds("infra", "--kind", "ses-identity"), "infra/iam/role.json=ses-identity infra/trust/role.json=ses-identity"; got != want {
		t.Errorf("--kind after paths: %s, want %s", got, want)
	}

	// Globs in .policyls.json in the current directory are relative to it.
	writeFiles(t, dir, map[string]string{".policyls.json": `{"kinds": [{"glob": "infra/trust/*.json", "kind": "trust"}]}`})
	if got, want := kinds("infra"), "infra/iam/role.json=iam-identity infra/trust/role.json=trust"; got != want {
		t.Errorf(".policyls.json: %s, want %s", got, want)
	}
	// A glob that cannot match a path relative to the config file's folder
	// (it climbs out with "..") matches nothing.
	if got, want := kinds("--config", "conf/policyls.json", "infra"), "infra/iam/role.json=iam-identity infra/trust/role.json=iam-identity"; got != want {
		t.Errorf("--config: %s, want %s", got, want)
	}
	writeFiles(t, dir, map[string]string{"conf/policyls.json": `{"policyls": {"kinds": [{"glob": "**/trust/*.json", "kind": "trust"}]}}`})
	if got, want := kinds("--config", "conf/policyls.json", "infra"), "infra/iam/role.json=iam-identity infra/trust/role.json=trust"; got != want {
		t.Errorf("--config with **: %s, want %s", got, want)
	}
}

func TestCheckWalk(t *testing.T) {
	outside := writeFiles(t, t.TempDir(), map[string]string{"elsewhere.json": badEffect})
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"root/a.json":             cleanSES,
		"root/deep/er/b.JSON":     cleanSES,
		"root/notes.txt":          badEffect,
		"root/.git/config.json":   badEffect,
		"root/.hidden/c.json":     cleanSES,
		"policy.txt":              cleanSES,
		"root/deep/not-json.yaml": "x",
	})
	links := map[string]string{
		"root/outside":     outside,                                  // directory outside the root: reported, skipped
		"root/loop":        filepath.Join(dir, "root"),               // directory inside: skipped, no cycle
		"root/linked.json": filepath.Join(outside, "elsewhere.json"), // file outside: reported, skipped
		"root/alias.json":  "notes.txt",                              // file inside: followed
		"root/again.json":  "a.json",                                 // a.json reached twice: checked once
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("no symlinks:", err)
		}
	}
	stdout, stderr, _ := runBinary(t, dir, "check", "--format", "json", "root", "policy.txt", "root/a.json")
	realOutside, _ := filepath.EvalSymlinks(outside)
	wantStderr := "policyls: skipping symlink root/linked.json -> " + filepath.Join(realOutside, "elsewhere.json") + ": outside root\n" +
		"policyls: skipping symlink root/outside -> " + realOutside + ": outside root\n"
	if stderr != wantStderr {
		t.Fatalf("stderr %q, want %q", stderr, wantStderr)
	}
	var got []string
	for _, f := range decodeReport(t, stdout).Files {
		got = append(got, f.Path)
	}
	// Hidden folders are skipped by default (TestCheckWalkExclusions). YAML
	// files are read too (they may be CloudFormation templates); one that is
	// not a template is reported with nothing in it, like other JSON.
	want := []string{"policy.txt", "root/a.json", "root/alias.json", "root/deep/er/b.JSON", "root/deep/not-json.yaml"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("checked %q, want %q", got, want)
	}
}

// A directory named through a link is walked as the folder it leads to;
// files in it keep the name given.
func TestCheckWalkLinkedDirectory(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"real/a.json": cleanSES, "real/sub/b.json": badEffect})
	if err := os.Symlink("real", filepath.Join(dir, "linked")); err != nil {
		t.Skip("no symlinks:", err)
	}
	stdout, stderr, _ := runBinary(t, dir, "check", "--format", "json", "linked")
	var got []string
	for _, f := range decodeReport(t, stdout).Files {
		got = append(got, f.Path)
	}
	if want := []string{"linked/a.json", "linked/sub/b.json"}; strings.Join(got, " ") != strings.Join(want, " ") || stderr != "" {
		t.Errorf("checked %q (stderr %q), want %q", got, stderr, want)
	}
}

func TestVersionAndHelp(t *testing.T) {
	stdout, _, code := runBinary(t, "", "version")
	// "devel" without VCS stamping (GOFLAGS=-buildvcs=false), else the
	// pseudo-version Go derives from the repository.
	if code != 0 || !regexp.MustCompile(`^policyls (devel|v\S+)\n`).MatchString(stdout) || !strings.Contains(stdout, "catalog dataset ") {
		t.Errorf("version: exit %d, output %q", code, stdout)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		stdout, _, code := runBinary(t, "", args...)
		if code != 0 || !strings.Contains(stdout, "policyls check") {
			t.Errorf("%q: exit %d, output %q", args, code, stdout)
		}
	}
}

// TestRunWritesNothingToStdoutForServeErrors guards the protocol stream:
// a serve usage error goes to stderr only.
func TestRunWritesNothingToStdoutForServeErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"serve", "--nope"}, &stdout, &stderr); code != exitUsage || stdout.Len() != 0 || stderr.Len() == 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// A text run ends with a summary on stderr; stdout keeps one finding per line.
func TestCheckSummary(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"a.json": cleanSES, "b.json": noVersion, "c.json": packageJSON})
	var stdout, stderr bytes.Buffer
	run([]string{"check", dir}, &stdout, &stderr)
	if got, want := strings.TrimSpace(stderr.String()), "policyls: 3 files checked (2 policies): 1 warning"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if strings.Contains(stdout.String(), "checked") {
		t.Errorf("summary leaked into stdout: %q", stdout.String())
	}
	stdout.Reset()
	stderr.Reset()
	run([]string{"check", "--format", "json", dir}, &stdout, &stderr)
	if stderr.Len() != 0 {
		t.Errorf("json run wrote to stderr: %q", stderr.String())
	}
}

// --catalog adds AWS service reference files, so newer actions are known;
// a folder that does not exist is a usage error, not silently ignored.
func TestCheckCatalogOverlay(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"p.json": `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "newsvc:ListWidgets", "Resource": "*"}}`,
	})
	p := filepath.Join(dir, "p.json")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--catalog", filepath.Join(dir, "missing"), p}, &stdout, &stderr); code != exitUsage {
		t.Errorf("missing catalog folder: exit %d, want %d (stderr %q)", code, exitUsage, stderr.String())
	}
	// Without the overlay the prefix is unknown; this must run before the
	// overlay is loaded, since it changes the process-wide catalogue.
	stdout.Reset()
	if code := run([]string{"check", p}, &stdout, &stderr); code != exitFindings || !strings.Contains(stdout.String(), "ACT001") {
		t.Fatalf("without overlay: exit %d, output %q", code, stdout.String())
	}
	stdout.Reset()
	// Only the new service: replacing ses here would change the catalogue
	// for every later test in this process.
	newsvc, err := os.ReadFile(filepath.Join("..", "..", "analysis", "catalog", "testdata", "overlay", "newsvc.json"))
	if err != nil {
		t.Fatal(err)
	}
	overlay := writeFiles(t, t.TempDir(), map[string]string{"newsvc.json": string(newsvc)})
	if code := run([]string{"check", "--catalog", overlay, p}, &stdout, &stderr); code != exitOK {
		t.Errorf("with overlay: exit %d, output %q", code, stdout.String())
	}
}

// Each file uses the nearest .policyls.json above it: its rule settings
// and its suppressions, with globs relative to the settings file's folder.
func TestCheckFindsNearestSettings(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"team/.policyls.json": `{"rules": {"POL003": "off"}, "suppressions": [{"file": "legacy/*.json", "path": "/Statement/0/Effect", "rule": "POL009"}]}`,
		"team/legacy/a.json":  badEffect,
		"team/b.json":         noVersion,
		"other/c.json":        noVersion,
	})
	var stdout, stderr bytes.Buffer
	run([]string{"check", "--format", "json", dir}, &stdout, &stderr)
	got := map[string]string{}
	for _, f := range decodeReport(t, stdout.String()).Files {
		var codes []string
		for _, d := range f.Diagnostics {
			codes = append(codes, d.Code)
		}
		got[filepath.Base(f.Path)] = strings.Join(codes, " ")
	}
	want := map[string]string{"a.json": "IAM002", "b.json": "", "c.json": "POL003"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: codes %q, want %q", name, got[name], w)
		}
	}
	// A broken settings file is reported against the files it governs.
	writeFiles(t, dir, map[string]string{"other/.policyls.json": `{"kinds": 3}`})
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", filepath.Join(dir, "other")}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), ".policyls.json") {
		t.Errorf("broken settings: exit %d, stderr %q", code, stderr.String())
	}
}

// checkedPaths runs check with args in dir and returns the paths checked.
func checkedPaths(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	stdout, stderr, code := runBinary(t, dir, append([]string{"check", "--format", "json"}, args...)...)
	if code == exitUsage {
		t.Fatalf("check %q: exit %d, stderr %q", args, code, stderr)
	}
	paths := []string{}
	for _, f := range decodeReport(t, stdout).Files {
		paths = append(paths, f.Path)
	}
	return paths
}

// The walk leaves out installed and generated code, hidden folders,
// .gitignore'd paths (nested files and negations as git reads them) and
// exclude globs from settings and --exclude; a path named is checked
// whatever the rules say; --no-ignore searches everything but version
// control and --exclude.
func TestCheckWalkExclusions(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"a.json":                        cleanSES,
		".hidden.json":                  cleanSES, // hidden files are checked; hidden folders are not
		"node_modules/pkg/package.json": packageJSON,
		"vendor/v.json":                 cleanSES,
		".terraform/modules/m.json":     cleanSES,
		".github/policy.json":           cleanSES,
		".git/info.json":                cleanSES,
		"cdk.out/asset.0123/x.json":     cleanSES,
		"cdk.out/App.template.json":     packageJSON, // issue 14 reads templates
		".gitignore":                    "# build output\ngenerated/\n*.tmp.json\n!keep.tmp.json\ndocs/d.json\n\\#x.json\n?.q.json\n",
		"#x.json":                       cleanSES, // "\#" in a .gitignore is a name starting with #
		"a.q.json":                      cleanSES, // "?" is any one character
		"ab.q.json":                     cleanSES,
		"generated/g.json":              cleanSES,
		"x.tmp.json":                    cleanSES,
		"keep.tmp.json":                 cleanSES,
		"docs/d.json":                   cleanSES,
		"sub/docs/d.json":               cleanSES, // "docs/d.json" holds a slash: anchored to its folder
		"sub/.gitignore":                "!x.tmp.json\nlocal.json\n",
		"sub/x.tmp.json":                cleanSES, // re-included by the nested negation
		"sub/local.json":                cleanSES,
		"local.json":                    cleanSES, // sub/.gitignore applies below sub only
		"sub/a.draft.json":              cleanSES,
		".policyls.json":                `{"exclude": ["legacy/**"]}`,
		"legacy/old.json":               cleanSES,
		"tmp/t.json":                    cleanSES,
	})
	excludes := []string{"--exclude", "tmp/**", "--exclude", "**/*.draft.json"}
	got := checkedPaths(t, dir, append(excludes, ".")...)
	want := []string{".hidden.json", ".policyls.json", "a.json", "ab.q.json", "cdk.out/App.template.json", "keep.tmp.json", "local.json", "sub/docs/d.json", "sub/x.tmp.json"}
	if !slices.Equal(got, want) {
		t.Errorf("check .: checked\n%q\nwant\n%q", got, want)
	}

	// Named paths are checked whatever the rules say; rules still apply
	// below a directory named.
	got = checkedPaths(t, dir, append(excludes, "node_modules/pkg/package.json", "vendor", "generated", "tmp", "sub/a.draft.json", "legacy/old.json")...)
	want = []string{"generated/g.json", "legacy/old.json", "node_modules/pkg/package.json", "sub/a.draft.json", "tmp/t.json", "vendor/v.json"}
	if !slices.Equal(got, want) {
		t.Errorf("named paths: checked\n%q\nwant\n%q", got, want)
	}

	got = checkedPaths(t, dir, append(excludes, "--no-ignore", ".")...)
	want = []string{"#x.json", ".github/policy.json", ".hidden.json", ".policyls.json", ".terraform/modules/m.json", "a.json", "a.q.json", "ab.q.json",
		"cdk.out/App.template.json", "cdk.out/asset.0123/x.json", "docs/d.json", "generated/g.json", "keep.tmp.json",
		"legacy/old.json", "local.json", "node_modules/pkg/package.json", "sub/docs/d.json", "sub/local.json",
		"sub/x.tmp.json", "vendor/v.json", "x.tmp.json"}
	if !slices.Equal(got, want) {
		t.Errorf("--no-ignore: checked\n%q\nwant\n%q", got, want)
	}

	// --verbose says what each rule left out.
	_, stderr, _ := runBinary(t, dir, "check", "--verbose", ".")
	for _, line := range []string{
		"policyls: skipped 1 folder: default (node_modules)\n",
		"policyls: skipped 1 folder: default (vendor)\n",
		"policyls: skipped 1 folder: default (.terraform)\n",
		"policyls: skipped 1 folder: default (hidden folders)\n",
		"policyls: skipped 1 folder: default (cdk.out assets)\n",
		"policyls: skipped 1 folder: version control (.git)\n",
		"policyls: skipped 1 folder and 4 files: .gitignore\n",
		"policyls: skipped 1 file: sub/.gitignore\n",
		"policyls: skipped 1 folder: exclude legacy/** in " + filepath.Join(dir, ".policyls.json") + "\n",
	} {
		if !strings.Contains(stderr, line) {
			t.Errorf("--verbose: no %q in\n%s", line, stderr)
		}
	}
}

// In a repository, the .gitignore files above the directory named apply
// too, unless they ignore that directory itself (naming it asks for it).
func TestCheckWalkRepositoryIgnores(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		".git/HEAD":                  "ref: refs/heads/main\n",
		".git/info/exclude":          "*.local.json\n",
		".gitignore":                 "infra/generated/\n",
		"infra/p.json":               cleanSES,
		"infra/p.local.json":         cleanSES,
		"infra/generated/g.json":     cleanSES,
		"infra/generated/h.json":     cleanSES,
		"infra/generated/.gitignore": "h.json\n",
	})
	if got, want := checkedPaths(t, dir, "infra"), []string{"infra/p.json"}; !slices.Equal(got, want) {
		t.Errorf("check infra: %q, want %q", got, want)
	}
	if got, want := checkedPaths(t, filepath.Join(dir, "infra"), "."), []string{"p.json"}; !slices.Equal(got, want) {
		t.Errorf("check . in infra: %q, want %q", got, want)
	}
	if got, want := checkedPaths(t, dir, "infra/generated"), []string{"infra/generated/g.json"}; !slices.Equal(got, want) {
		t.Errorf("check infra/generated: %q, want %q", got, want)
	}
}

// Two .gitignore forms git reads differently from filepath.Match, which the
// pattern matcher uses: "[!b]" is a negated class, and a trailing "/**"
// matches what is inside a folder, not the folder, so a negation can still
// re-include a file directly in it (git check-ignore agrees on every path).
// https://git-scm.com/docs/gitignore#_pattern_format
func TestCheckWalkGitignoreClassesAndTrailingStars(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		".gitignore":    "cls/a[!b].json\ndd/**\n!dd/x.json\n",
		"cls/ab.json":   cleanSES,
		"cls/a-.json":   cleanSES, // "[!b]" is any one character but b
		"cls/a!.json":   cleanSES,
		"dd/x.json":     cleanSES, // re-included: dd itself is not ignored
		"dd/y/x.json":   cleanSES, // dd/y is ignored, and with it what it holds
		"other/a-.json": cleanSES,
	})
	got := checkedPaths(t, dir, ".")
	want := []string{"cls/ab.json", "dd/x.json", "other/a-.json"}
	if !slices.Equal(got, want) {
		t.Errorf("check .: checked\n%q\nwant\n%q", got, want)
	}
}

// An absolute --exclude glob leaves out what it names inside the current
// directory too, where the walk's paths are relative (README: "relative to
// the current directory, or absolute").
func TestCheckWalkAbsoluteExcludeInsideCurrentDirectory(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"keep/a.json": cleanSES,
		"gen/a.json":  cleanSES,
		"gen/b.json":  cleanSES,
	})
	abs, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, glob := range []string{filepath.ToSlash(filepath.Join(abs, "gen")) + "/**", filepath.ToSlash(filepath.Join(abs, "gen", "b.json"))} {
		got := checkedPaths(t, abs, "--exclude", glob, ".")
		want := []string{"keep/a.json"}
		if strings.HasSuffix(glob, "b.json") {
			want = []string{"gen/a.json", "keep/a.json"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("--exclude %s: checked %q, want %q", glob, got, want)
		}
	}
}

// A glob ending in "/" names a folder and everything in it, on the
// command line and in settings, as in a .gitignore (it matched nothing).
func TestCheckWalkExcludeFolderWithSlash(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"keep/a.json":     cleanSES,
		"gen/a.json":      cleanSES,
		"gen/deep/b.json": cleanSES,
	})
	if got, want := checkedPaths(t, dir, "--exclude", "gen/", "."), []string{"keep/a.json"}; !slices.Equal(got, want) {
		t.Errorf("--exclude gen/: checked %q, want %q", got, want)
	}
	writeFiles(t, dir, map[string]string{".policyls.json": `{"exclude": ["gen/"]}`})
	if got, want := checkedPaths(t, dir, "."), []string{".policyls.json", "keep/a.json"}; !slices.Equal(got, want) {
		t.Errorf("settings exclude gen/: checked %q, want %q", got, want)
	}
}

// A settings glob is matched against paths below the settings folder,
// never against the folder itself: "*" leaves out every entry of the
// folder, not the walk of the folder. A folder named is searched even
// when a glob matches it.
func TestCheckWalkSettingsExcludeOwnFolder(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		".policyls.json": `{"exclude": ["*"]}`,
		"a.json":         cleanSES,
		"sub/b.json":     cleanSES,
	})
	if got := checkedPaths(t, dir, "."); len(got) != 0 {
		t.Errorf("check .: %q, want nothing", got)
	}
	if got, want := checkedPaths(t, dir, "sub"), []string{"sub/b.json"}; !slices.Equal(got, want) {
		t.Errorf("check sub: %q, want %q", got, want)
	}
}

// Issue 16 item 2: a misspelt settings key is printed with its place and
// a did-you-mean, the rest of the settings apply, and check exits 2.
// Before, "rule" was ignored silently and check exited 0 with POL003
// still reported.
func TestCheckReportsSettingsMistakes(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		".git/HEAD":      "ref: refs/heads/main\n",
		".policyls.json": "{\n  \"rule\": {\"POL003\": \"off\"},\n  \"rules\": {\"SEC001\": \"information\"}\n}\n",
		"p.json":         `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`,
	})
	var stdout, stderr strings.Builder
	code := run([]string{"check", dir}, &stdout, &stderr)
	want := printableName(filepath.Join(dir, ".policyls.json")) + `:2:3: unknown key "rule": did you mean "rules"? Ignored`
	if code != exitUsage || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitUsage, want)
	}
	if strings.Count(stderr.String(), "unknown key") != 1 {
		t.Errorf("stderr %q: the problem is printed once, not once per file", stderr.String())
	}
	if !strings.Contains(stdout.String(), "POL003") {
		t.Errorf("stdout %q: the misspelt key turns nothing off", stdout.String())
	}
	// Spelt right: exit 1 for the findings left, nothing about settings.
	writeFiles(t, dir, map[string]string{".policyls.json": `{"rules": {"POL003": "off", "SEC001": "info"}}`})
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"check", dir}, &stdout, &stderr); code == exitUsage || strings.Contains(stderr.String(), "unknown") || strings.Contains(stdout.String(), "POL003") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

// A clean resource policy (kind unknown: a bucket policy) is a policy in
// the summary too; "0 policies" read as if the file had been skipped.
func TestCheckSummaryCountsCleanResourcePolicies(t *testing.T) {
	bucket := `{"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}`
	dir := writeFiles(t, t.TempDir(), map[string]string{"bucket.json": bucket, "package.json": packageJSON})
	var stdout, stderr bytes.Buffer
	run([]string{"check", dir}, &stdout, &stderr)
	if got, want := strings.TrimSpace(stderr.String()), "policyls: 2 files checked (1 policy): no findings"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

// The summary counts each policy inside a template or Terraform file: the
// Pinpoint role holds two (its trust and its permission policy) in either
// form. It said "(0 policies)" for such files.
func TestCheckSummaryCountsEmbeddedPolicies(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"pinpoint-email-role.yaml", "pinpoint-email-role.tf"} {
		writeFiles(t, dir, map[string]string{name: readFile(t, filepath.Join("..", "..", "examples", name))})
	}
	_, stderr, code := runBinary(t, dir, "check", ".")
	if code != exitOK || !strings.Contains(stderr, "policyls: 2 files checked (4 policies)") {
		t.Errorf("exit %d, stderr %q; want 0 and 2 files with 4 policies", code, stderr)
	}
}
