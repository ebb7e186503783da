package main

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestNothingExecutes: the binary cannot start programs. os/exec is not
// linked at all, and none of our packages starts a process by other means.
func TestNothingExecutes(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "os/exec" {
			t.Errorf("policyls links os/exec")
		}
	}
	for _, dir := range []string{".", "../../server", "../../completion", "../../analysis"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
				strings.Contains(filepath.ToSlash(path), "catalog/gen/") { // the catalogue generator is not part of the binary
				return err
			}
			src, err := os.ReadFile(path)
			for _, call := range []string{"StartProcess", "ForkExec", "syscall.Exec"} {
				if strings.Contains(string(src), call) {
					t.Errorf("%s calls %s", path, call)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestServerOpensNothing runs a session through every feature and then
// looks at the live process: no socket among its open files, no child
// process, and no file written in the workspace, the working directory or
// the home directory. net is linked (glsp's TCP and WebSocket modes, which
// policyls never starts); this checks that nothing uses it.
func TestServerOpensNothing(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	root, home := t.TempDir(), t.TempDir()
	r := &robustSession{lspSession: startServerIn(t, root, home), t: t, id: 100}
	r.call("initialize", map[string]any{"processId": nil, "rootUri": "file://" + root, "capabilities": map[string]any{
		"workspace":    map[string]any{"configuration": true, "applyEdit": true},
		"textDocument": map[string]any{"hover": map[string]any{"contentFormat": []string{"markdown"}}},
	}})
	r.send(map[string]any{"method": "initialized", "params": map[string]any{}})
	r.open(probeURI, 0, probeText)
	uri := "file://" + filepath.Join(root, "policy.json")
	r.open(uri, 1, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allw", "Action": "ses:SendEmial", "Resource": "*"}]}`)
	diags := r.published(uri, 1)
	at := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(0, 60)}
	r.result("textDocument/hover", at)
	r.result("textDocument/completion", at)
	r.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if serves(t, "codeActionProvider") {
		r.result("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
			"range": map[string]any{"start": pos(0, 0), "end": pos(0, 200)}, "context": map[string]any{"diagnostics": diags}})
	}
	r.send(map[string]any{"method": "workspace/didChangeConfiguration", "params": map[string]any{"settings": map[string]any{"policyls": map[string]any{"region": "eu-west-1"}}}})
	r.probe("a session through every feature")

	procDir := "/proc/" + strconv.Itoa(r.cmd.Process.Pid)
	fds, err := os.ReadDir(procDir + "/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range fds {
		target, _ := os.Readlink(procDir + "/fd/" + fd.Name())
		if strings.HasPrefix(target, "socket:") {
			t.Errorf("fd %s is a socket (%s)", fd.Name(), target)
		}
	}
	tasks, _ := filepath.Glob(procDir + "/task/*/children")
	for _, f := range tasks {
		if data, _ := os.ReadFile(f); strings.TrimSpace(string(data)) != "" {
			t.Errorf("child processes: %s", data)
		}
	}
	r.stop()
	for _, dir := range []string{root, home} {
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("the server wrote into %s: %v", dir, entries)
		}
	}
}

// startServerIn starts the server with dir as its working directory and
// home as its home directory (the child inherits both from the test).
func startServerIn(t *testing.T, dir, home string) *lspSession {
	t.Helper()
	t.Chdir(dir)
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	return startServer(t)
}

// Issue 13's hostile-repository cases for the command line. Each test here
// failed before the fix it covers; security_linux_test.go has the full-disk
// case.

// caseFixable needs only fixes that any --fix mode applies: a missing
// Version and the case of Effect.
const caseFixable = "{\n  \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]\n}\n"

// Item 2: check --fix and fmt --write keep a document's CRLF or CR-only
// line breaks. Before, the Version fix inserted "\n" into a CR-only
// document, and formatting turned CR-only into LF.
func TestSecurityWritesKeepLineEndings(t *testing.T) {
	for _, newline := range []string{"\r\n", "\r"} {
		src := strings.ReplaceAll(caseFixable, "\n", newline)
		dir := writeFiles(t, t.TempDir(), map[string]string{"fix.json": src, "fmt.json": src})
		if _, stderr, code := runBinary(t, dir, "check", "--fix", "fix.json"); code != 0 {
			t.Fatalf("check --fix: exit %d: %s", code, stderr)
		}
		if _, stderr, code := runBinary(t, dir, "fmt", "--write", "fmt.json"); code != 0 {
			t.Fatalf("fmt --write: exit %d: %s", code, stderr)
		}
		for _, name := range []string{"fix.json", "fmt.json"} {
			got := readFile(t, filepath.Join(dir, name))
			if got == src {
				t.Errorf("%q: %s was not rewritten", newline, name)
			}
			if strings.Count(got, newline) == 0 || strings.Count(strings.ReplaceAll(got, newline, ""), "\n")+strings.Count(strings.ReplaceAll(got, newline, ""), "\r") != 0 {
				t.Errorf("%q: %s has other line breaks now: %q", newline, name, got)
			}
		}
	}
}

// Item 3: a link in the tree leading out of it is reported and skipped by
// check --fix and fmt --write, and a link named on the command line is not
// written through when it leads out of its folder. Before, both wrote the
// file outside.
func TestSecurityNoWriteOutOfTheTree(t *testing.T) {
	outside := writeFiles(t, t.TempDir(), map[string]string{"victim.json": caseFixable, "dir/victim.json": caseFixable})
	dir := writeFiles(t, t.TempDir(), map[string]string{"repo/ok.json": caseFixable})
	for name, target := range map[string]string{
		"repo/evil.json": filepath.Join(outside, "victim.json"),
		"repo/evildir":   filepath.Join(outside, "dir"),
		"link.json":      filepath.Join(outside, "victim.json"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("no symlinks:", err)
		}
	}
	realOutside, _ := filepath.EvalSymlinks(outside)
	for _, args := range [][]string{{"check", "--fix", "repo"}, {"fmt", "--write", "repo"}} {
		_, stderr, _ := runBinary(t, dir, args...)
		for _, want := range []string{
			"policyls: skipping symlink " + filepath.Join("repo", "evil.json") + " -> " + filepath.Join(realOutside, "victim.json") + ": outside repo\n",
			"policyls: skipping symlink " + filepath.Join("repo", "evildir") + " -> " + filepath.Join(realOutside, "dir") + ": outside repo\n",
		} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: stderr %q lacks %q", args, stderr, want)
			}
		}
	}
	_, stderr, code := runBinary(t, dir, "check", "--fix", "link.json")
	if code != 2 || !strings.Contains(stderr, "cannot write link.json: it leads to "+filepath.Join(realOutside, "victim.json")+", outside .") {
		t.Errorf("a link out of its folder: exit %d, stderr %q; want 2 and a refusal", code, stderr)
	}
	for _, name := range []string{"victim.json", "dir/victim.json"} {
		if got := readFile(t, filepath.Join(outside, name)); got != caseFixable {
			t.Errorf("%s outside the tree was written:\n%s", name, got)
		}
	}
	if readFile(t, filepath.Join(dir, "repo", "ok.json")) == caseFixable {
		t.Error("the file inside the tree was not fixed")
	}
	if info, err := os.Lstat(filepath.Join(dir, "link.json")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Error("link.json is no longer a link")
	}
}

// Item 3: a file reached several ways (a path given twice, "d//a.json", a
// symbolic link, a hard link) is checked and fixed once. Before, each path
// was a file of its own, and --fix rewrote the same file from parallel
// workers.
func TestSecurityFileReachedOnce(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"d/a.json": caseFixable})
	a := filepath.Join(dir, "d", "a.json")
	if err := os.Symlink("a.json", filepath.Join(dir, "d", "sym.json")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := os.Link(a, filepath.Join(dir, "d", "hard.json")); err != nil {
		t.Skip("no hard links:", err)
	}
	args := []string{"d" + string(filepath.Separator) + string(filepath.Separator) + "a.json", filepath.Join("d", "a.json"), "d"}
	stdout, _, _ := runBinary(t, dir, append([]string{"check", "--format", "json"}, args...)...)
	if files := decodeReport(t, stdout).Files; len(files) != 1 {
		t.Errorf("%d reports for one file: %+v", len(files), files)
	}
	_, stderr, code := runBinary(t, dir, append([]string{"check", "--fix"}, args...)...)
	if code != 0 || strings.Count(stderr, "applied") != 1 {
		t.Errorf("--fix: exit %d, stderr %q; want one file fixed once", code, stderr)
	}
}

// Item 10: a file name cannot forge or hide lines of the output. The name
// holds a line break followed by a fake finding, and a terminal escape.
func TestSecurityNamesCannotForgeOutput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file names cannot hold control characters")
	}
	const forged = "forged.json:1:1: error: all clear [POL001]"
	evil := "evil\n" + forged + "\x1b[2K\r.json"
	dir := writeFiles(t, t.TempDir(), map[string]string{evil: badEffect, "fix/" + evil: caseFixable, "100% #1.json": badEffect})
	clean := func(what, out string) {
		t.Helper()
		if strings.ContainsAny(out, "\x1b\r") {
			t.Errorf("%s: a control character reached the output: %q", what, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "forged") {
				t.Errorf("%s: a forged line: %q", what, out)
			}
		}
	}
	stdout, stderr, _ := runBinary(t, dir, "check", evil)
	clean("text", stdout+stderr)
	if want := strconv.Quote(evil) + ":3:"; !strings.HasPrefix(stdout, want) {
		t.Errorf("text: %q, want the name quoted: %q", stdout, want)
	}
	stdout, stderr, _ = runBinary(t, dir, "check", "--format", "github", evil)
	clean("github", stdout+stderr)
	stdout, stderr, _ = runBinary(t, dir, "check", "--diff", "fix")
	clean("diff", stdout+stderr)
	if !strings.HasPrefix(stdout, "--- "+strconv.Quote("a/fix/"+evil)+"\n") {
		t.Errorf("diff header: %q", stdout)
	}
	stdout, stderr, _ = runBinary(t, dir, "fmt", "fix")
	clean("fmt", stdout+stderr)
	stdout, stderr, _ = runBinary(t, dir, "check", "--fix", "fix")
	clean("fix", stdout+stderr)

	stdout, _, _ = runBinary(t, dir, "check", "--format", "json", evil)
	if files := decodeReport(t, stdout).Files; len(files) != 1 || files[0].Path != evil {
		t.Errorf("json: %+v, want the name as it is", files)
	}
	stdout, _, _ = runBinary(t, dir, "check", "--format", "sarif", evil, "100% #1.json")
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("sarif: %v: %s", err, stdout)
	}
	var uris []string
	for _, r := range log.Runs[0].Results {
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !slices.Contains(uris, uri) {
			uris = append(uris, uri)
		}
	}
	// "./" keeps the colon in the first segment from reading as a scheme.
	wantURIs := []string{"100%25%20%231.json", "./evil%0Aforged.json:1:1:%20error:%20all%20clear%20%5BPOL001%5D%1B%5B2K%0D.json"}
	if strings.Join(uris, " ") != strings.Join(wantURIs, " ") {
		t.Errorf("sarif URIs %q, want %q", uris, wantURIs)
	}
	for i, uri := range uris {
		if u, err := url.Parse(uri); err != nil || u.Path != []string{"100% #1.json", "./" + evil}[i] {
			t.Errorf("sarif URI %q does not parse back to the name: %v", uri, err)
		}
	}
}

// Item 10, the same for text from the document: findings quote values, and
// a value may hold a line break (a JSON "\n" escape) or a terminal escape.
func TestSecurityMessagesCannotForgeOutput(t *testing.T) {
	doc := `{"Version": "2012-10-17", "Statement": [{"Sid": "a\nforged.json:1:1: error: all clear [POL001]\u001b[2K", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": doc})
	for _, format := range []string{"text", "github"} {
		stdout, _, code := runBinary(t, dir, "check", "--format", format, "p.json")
		if code != 1 || strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "\nforged") {
			t.Errorf("%s: exit %d, output %q", format, code, stdout)
		}
	}
}
