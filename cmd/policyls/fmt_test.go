package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

const (
	minified     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"*"}]}`
	formatted    = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"ses:SendEmail\",\n        \"ses:SendRawEmail\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	brokenPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}`
)

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// The default lists what is not formatted and changes nothing; other JSON
// is skipped, a broken policy is reported.
func TestFmtLists(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"a/min.json":    minified,
		"a/ok.json":     formatted,
		"package.json":  `{"name":"x","version":"1.0.0"}`,
		"b/broken.json": brokenPolicy,
	})
	code, stdout, stderr := runCmd("fmt", dir)
	if code != exitFindings || stdout != filepath.Join(dir, "a", "min.json")+"\n" {
		t.Errorf("exit %d, stdout %q; want 1 and only a/min.json", code, stdout)
	}
	if !strings.Contains(stderr, "broken.json: not formatted: it has syntax errors") || !strings.Contains(stderr, "1 file not formatted") {
		t.Errorf("stderr %q", stderr)
	}
	if got := readFile(t, filepath.Join(dir, "a", "min.json")); got != minified {
		t.Error("listing changed a file")
	}
	big := filepath.Join(dir, "big.json")
	writeFiles(t, dir, map[string]string{"big.json": `{"Version": "2012-10-17", "Statement": [` + strings.Repeat(" ", policy.MaxParsedSize) + `]}`})
	if code, _, stderr := runCmd("fmt", big); code != exitFindings || !strings.Contains(stderr, "too large") {
		t.Errorf("a policy over 1 MiB: exit %d, stderr %q", code, stderr)
	}
	if code, stdout, _ := runCmd("fmt", filepath.Join(dir, "a", "ok.json"), filepath.Join(dir, "package.json")); code != exitOK || stdout != "" {
		t.Errorf("formatted policy and other JSON: exit %d, stdout %q", code, stdout)
	}
}

// --write rewrites in place, keeping the mode, with the chosen indentation;
// afterwards the file is formatted.
func TestFmtWrite(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": minified})
	path := filepath.Join(dir, "p.json")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd("fmt", "--write", path)
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "formatted "+path) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got := readFile(t, path); got != formatted {
		t.Errorf("written:\n%s", got)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", info.Mode().Perm())
	}
	if code, _, _ := runCmd("fmt", path); code != exitOK {
		t.Errorf("after --write: exit %d", code)
	}
	if code, _, _ := runCmd("fmt", "--write", "--tabs", path); code != exitOK || !strings.HasPrefix(readFile(t, path), "{\n\t\"Version\"") {
		t.Errorf("--tabs: exit %d, file %q", code, readFile(t, path))
	}
}

// --diff prints the patch and changes nothing.
func TestFmtDiff(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": minified})
	path := filepath.Join(dir, "p.json")
	code, stdout, _ := runCmd("fmt", "--diff", "--indent", "4", path)
	if code != exitFindings || !strings.HasPrefix(stdout, "--- a/"+path) || !strings.Contains(stdout, "+    \"Version\": \"2012-10-17\",") {
		t.Errorf("exit %d, diff:\n%s", code, stdout)
	}
	if readFile(t, path) != minified {
		t.Error("--diff changed the file")
	}
}

func TestFmtUsage(t *testing.T) {
	for _, args := range [][]string{
		{"fmt"},
		{"fmt", "--write", "--diff", "x.json"},
		{"fmt", "--indent", "0", "x.json"},
		{"fmt", "--kind", "nope", "x.json"},
		{"fmt", "--no-such-flag", "x.json"},
	} {
		if code, _, _ := runCmd(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, stderr := runCmd("fmt", filepath.Join(t.TempDir(), "missing.json")); code != exitUsage || !strings.Contains(stderr, "missing.json") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

// fmt walks as check does: default folders and .gitignore'd files are
// left out, --exclude too, and --no-ignore brings the defaults back.
func TestFmtWalkExclusions(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"p/min.json":              minified,
		"p/skip/min.json":         minified,
		"node_modules/x/min.json": minified,
		"gen/min.json":            minified,
		".gitignore":              "gen/\n",
	})
	list := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := runCmd(append([]string{"fmt"}, args...)...)
		if code != exitFindings {
			t.Fatalf("fmt %q: exit %d, stderr %q", args, code, stderr)
		}
		return strings.ReplaceAll(strings.TrimSpace(stdout), dir+string(filepath.Separator), "")
	}
	if got, want := list("--exclude", filepath.ToSlash(filepath.Join(dir, "p", "skip"))+"/**", dir), "p/min.json"; got != want {
		t.Errorf("fmt --exclude: %q, want %q", got, want)
	}
	if got, want := list("--no-ignore", dir), "gen/min.json\nnode_modules/x/min.json\np/min.json\np/skip/min.json"; got != want {
		t.Errorf("fmt --no-ignore: %q, want %q", got, want)
	}
}
