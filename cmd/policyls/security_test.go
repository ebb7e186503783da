package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
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

// Issue 13 item 1: an automatic fix never widens or changes access. Each
// document below holds a mistake whose did-you-mean fix would grant
// something else; neither --fix nor --fix=all may apply it.
func TestSecurityFixesNeverChangeAccess(t *testing.T) {
	const iam = `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": %q, "Resource": "*"}}`
	for _, tc := range []struct{ name, doc string }{
		// A read never becomes a write.
		{"read-to-put.json", fmt.Sprintf(iam, "ses:GetIdentityPolicy")},
		{"read-to-set.json", fmt.Sprintf(iam, "ses:GetIdentityNotificationTopic")},
		// The typo grants nothing; the fix would grant privilege escalation.
		{"passrole.json", fmt.Sprintf(iam, "iam:PassRol")},
		// Another service principal than the one written: a valid one
		// missing from policyls's list, and a malformed one.
		{"cloudwatch.json", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Action": "sts:AssumeRole"}}`},
		{"principal.json", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "pinpoint.amazon.com"}, "Action": "sts:AssumeRole"}}`},
		// Removing Resource because the kind was guessed as trust.
		{"inferred-trust.json", `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}}`},
	} {
		for _, flag := range []string{"--fix", "--fix=all"} {
			dir := writeFiles(t, t.TempDir(), map[string]string{tc.name: tc.doc})
			_, stderr, _ := runBinary(t, dir, "check", flag, tc.name)
			if got := readFile(t, filepath.Join(dir, tc.name)); got != tc.doc {
				t.Errorf("%s %s changed it to\n%s\n(stderr %q)", flag, tc.name, got, stderr)
			}
		}
	}
	// The default --fix is the safe one: a did-you-mean rename, however
	// likely, waits for --fix=all.
	doc := fmt.Sprintf(iam, "ses:SendEmial")
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": doc})
	runBinary(t, dir, "check", "--fix", "p.json")
	if readFile(t, filepath.Join(dir, "p.json")) != doc {
		t.Errorf("--fix renamed an action: %s", readFile(t, filepath.Join(dir, "p.json")))
	}
}

// Issue 13 item 1: --fix prints each change it made, and a value cannot
// forge or hide a line of that output: line breaks and control characters
// in the changed text come out escaped.
func TestSecurityFixOutputIsOneLinePerChange(t *testing.T) {
	doc := "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\",\n\"Resource\": \"x\x1b[2K\u2028p.json:9: fake -> line\"}}"
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": doc})
	_, stderr, _ := runBinary(t, dir, "check", "--kind", "trust", "--fix=all", "p.json")
	if readFile(t, filepath.Join(dir, "p.json")) == doc {
		t.Fatalf("the forced trust policy kept its Resource (stderr %q)", stderr)
	}
	want := `p.json:1: , "Resource": "x\u001b[2K\u2028p.json:9: fake -> line" -> (nothing)` + "\n"
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr %q, want it to start with %q", stderr, want)
	}
	if strings.ContainsAny(stderr, "\x1b\u2028") {
		t.Errorf("raw control characters on stderr: %q", stderr)
	}
}

// Issue 13 item 7: a JSON file that is not a policy (another format's
// lowercase "statement", a dated Version that is not IAM's) is never
// rewritten by check --fix or fmt --write, even when a kind is forced.
func TestSecurityOnlyPoliciesAreRewritten(t *testing.T) {
	doc := "{\"Version\": \"2021-05-01\", \"Name\": \"rules\",\n  \"statement\": [{\"effect\": \"allow\", \"action\": \"SES:SendEmail\"}]}\n"
	for _, args := range [][]string{
		{"check", "--fix"}, {"check", "--fix=all"}, {"check", "--kind", "iam-identity", "--fix"},
		{"fmt", "--write"}, {"fmt", "--kind", "iam-identity", "--write"},
	} {
		dir := writeFiles(t, t.TempDir(), map[string]string{"other.json": doc})
		_, stderr, _ := runBinary(t, dir, append(args, "other.json")...)
		if got := readFile(t, filepath.Join(dir, "other.json")); got != doc {
			t.Errorf("%v rewrote a file that is not a policy:\n%s\n(stderr %q)", args, got, stderr)
		}
	}
}

// runLimited runs the policyls binary in dir with a 2 GiB address-space
// limit (so a read of /dev/zero fails fast instead of taking the machine's
// memory), its stdin an open pipe nobody writes to (so a read of
// /dev/stdin blocks, as in a terminal), and a time limit.
func runLimited(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", `ulimit -v 2097152; exec "$0" "$@"`, binary}, args...)...)
	cmd.Dir = dir
	stdinRead, stdinWrite, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdinWrite.Close()
	defer stdinRead.Close()
	var out, errOut bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinRead, &out, &errOut
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("policyls %v hangs (killed after 20 s); stderr %q", args, errOut.String())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), errOut.String(), exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}

// Issue 13 item 4: the settings and catalogue files check reads are
// regular files of bounded size. A .policyls.json (or --config file, or
// --catalog file) that is a named pipe, a link to /dev/zero or /dev/stdin,
// a folder, or over 1 MiB is a clear error and exit 2, at once. Before, a
// named pipe hung check, and /dev/zero took memory until the process died.
func TestCheckRefusesUnsafeSettingsFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("named pipes, /dev/zero and ulimit")
	}
	big := `{"rules": {}}` + strings.Repeat(" ", 1<<20)
	cases := []struct {
		name  string
		setUp func(t *testing.T, dir string)
		args  []string
		want  string
	}{
		{"named pipe", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, ".policyls.json")) }, nil, "is a named pipe, not a regular file"},
		{"link to /dev/zero", func(t *testing.T, dir string) { symlinkOrSkip(t, "/dev/zero", filepath.Join(dir, ".policyls.json")) }, nil, "outside"},
		{"link to /dev/stdin", func(t *testing.T, dir string) { symlinkOrSkip(t, "/dev/stdin", filepath.Join(dir, ".policyls.json")) }, nil, "symbolic link that leads to no file"},
		{"folder", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, ".policyls.json"), 0o755) }, nil, "is a directory"},
		{"over 1 MiB", func(t *testing.T, dir string) { writeFiles(t, dir, map[string]string{".policyls.json": big}) }, nil, "larger than the limit of 1 MiB"},
		{"--config named pipe", func(t *testing.T, dir string) { mkfifo(t, filepath.Join(dir, "settings.json")) }, []string{"--config", "settings.json"}, "is a named pipe"},
		{"--config link to /dev/zero", func(t *testing.T, dir string) { symlinkOrSkip(t, "/dev/zero", filepath.Join(dir, "settings.json")) }, []string{"--config", "settings.json"}, "outside"},
		{"--catalog named pipe", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "catalog"), 0o755)
			mkfifo(t, filepath.Join(dir, "catalog", "svc.json"))
		}, []string{"--catalog", "catalog"}, "is a named pipe"},
		{"--catalog link to /dev/zero", func(t *testing.T, dir string) {
			os.Mkdir(filepath.Join(dir, "catalog"), 0o755)
			symlinkOrSkip(t, "/dev/zero", filepath.Join(dir, "catalog", "svc.json"))
		}, []string{"--catalog", "catalog"}, "outside"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, t.TempDir(), map[string]string{"policies/p.json": noVersion})
			if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			tc.setUp(t, dir)
			_, stderr, code := runLimited(t, dir, append(append([]string{"check"}, tc.args...), "policies")...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and an error saying %q", code, stderr, tc.want)
			}
		})
	}
	// A link to a regular file inside the repository is fine.
	dir := writeFiles(t, t.TempDir(), map[string]string{"policies/p.json": noVersion, "shared/settings.json": `{"rules": {"POL003": "off"}}`})
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	symlinkOrSkip(t, filepath.Join("..", "shared", "settings.json"), filepath.Join(dir, "policies", ".policyls.json"))
	if _, stderr, code := runLimited(t, dir, "check", "policies"); code != exitOK {
		t.Errorf("a link inside the repository: exit %d, stderr %q", code, stderr)
	}
}

// Issue 13 item 4, the server: a workspace whose .policyls.json is a link
// to /dev/zero or /dev/stdin, or a named pipe, gets an answer to
// initialize, a message naming the file, and a server that goes on
// serving. Before, /dev/zero killed the server (out of memory) and
// /dev/stdin hung initialize (it read the protocol stream).
func TestServerSurvivesUnsafeSettingsFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("named pipes, /dev/zero and ulimit")
	}
	for name, setUp := range map[string]func(t *testing.T, file string){
		"link to /dev/zero":  func(t *testing.T, file string) { symlinkOrSkip(t, "/dev/zero", file) },
		"link to /dev/stdin": func(t *testing.T, file string) { symlinkOrSkip(t, "/dev/stdin", file) },
		"named pipe":         func(t *testing.T, file string) { mkfifo(t, file) },
	} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			setUp(t, filepath.Join(root, ".policyls.json"))
			wrapper := filepath.Join(t.TempDir(), "policyls-limited")
			if err := os.WriteFile(wrapper, []byte("#!/bin/sh\nulimit -v 2097152\nexec "+binary+" \"$@\"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			built := binary
			binary = wrapper
			r := &robustSession{lspSession: startServer(t), t: t, id: 100}
			binary = built
			// The message comes while initialize is handled, before its
			// answer (LSP allows window/showMessage there).
			r.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": "file://" + root, "capabilities": map[string]any{}}})
			shown := r.await("a message about the settings file", func(m map[string]any) bool { return m["method"] == "window/showMessage" })
			if msg := fmt.Sprint(shown["params"]); !strings.Contains(msg, ".policyls.json") {
				t.Errorf("message %s does not name the settings file", msg)
			}
			if init := r.response(1); init["error"] != nil {
				t.Fatalf("initialize: %v", init)
			}
			r.send(map[string]any{"method": "initialized", "params": map[string]any{}})
			uri := "file://" + filepath.Join(root, "p.json")
			r.open(uri, 1, noVersion)
			if got := codes(r.published(uri, 1)); !slices.Equal(got, []string{"POL003"}) {
				t.Errorf("a policy in the workspace: codes %v, want POL003 (no settings)", got)
			}
			r.stop()
		})
	}
}

// Issue 13 item 6: settings never apply from above the repository: a
// .policyls.json above the folder holding .git is not read, --verbose says
// which settings file applied to each folder, and a settings file that
// silences every finding is reported on stderr.
func TestCheckSettingsStayInTheRepository(t *testing.T) {
	outer := writeFiles(t, t.TempDir(), map[string]string{
		".policyls.json":           `{"rules": {"POL003": "off"}}`,
		"repo/.git/HEAD":           "ref: refs/heads/main\n",
		"repo/a/p.json":            noVersion,
		"repo/team/.policyls.json": `{"suppressions": [{"rule": "*"}]}`,
		"repo/team/q.json":         noVersion,
	})
	repo := filepath.Join(outer, "repo")
	stdout, stderr, _ := runBinary(t, repo, "check", "--verbose", "a", "team")
	if !strings.Contains(stdout, "a/p.json:1:1: warning:") || !strings.Contains(stdout, "[POL003]") {
		t.Errorf("stdout %q: the settings above the repository must not turn POL003 off", stdout)
	}
	for _, want := range []string{
		"policyls: settings for a: none (searched up to the repository root " + repo + ")",
		"policyls: settings for team: " + filepath.Join(repo, "team", ".policyls.json"),
		"policyls: warning: " + filepath.Join(repo, "team", ".policyls.json") + " silences every finding",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	// Without --verbose there is no list, but the warning stays.
	if _, stderr, _ := runBinary(t, repo, "check", "team"); strings.Contains(stderr, "settings for") || !strings.Contains(stderr, "silences every finding") {
		t.Errorf("without --verbose: stderr %q", stderr)
	}
}

func symlinkOrSkip(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links: %v", err)
	}
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

// A named pipe among the policy files is refused, not read: it would hang
// check and fmt forever.
func TestSecurityPolicyFIFORefused(t *testing.T) {
	dir := t.TempDir()
	mkfifo(t, filepath.Join(dir, "pipe.json"))
	for _, args := range [][]string{{"check", "pipe.json"}, {"fmt", "pipe.json"}} {
		_, stderr, code := runLimited(t, dir, args...)
		if code != exitUsage || !strings.Contains(stderr, "pipe.json") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message naming the file", args, code, stderr)
		}
	}
}

// A .gitignore from an untrusted repository is read like settings: a
// named pipe never hangs the walk and a link out of the tree is not
// followed; either is reported and ignores nothing.
func TestSecurityGitignoreIsBounded(t *testing.T) {
	outside := writeFiles(t, t.TempDir(), map[string]string{"ignore": "*.json\n"})
	dir := writeFiles(t, t.TempDir(), map[string]string{"a/p.json": cleanSES, "b/p.json": cleanSES})
	mkfifo(t, filepath.Join(dir, "a", ".gitignore"))
	if err := os.Symlink(filepath.Join(outside, "ignore"), filepath.Join(dir, "b", ".gitignore")); err != nil {
		t.Skip("no symlinks:", err)
	}
	stdout, stderr, _ := runBinary(t, dir, "check", "--format", "json", ".")
	var got []string
	for _, f := range decodeReport(t, stdout).Files {
		got = append(got, f.Path)
	}
	if want := []string{"a/p.json", "b/p.json"}; !slices.Equal(got, want) {
		t.Errorf("checked %q, want %q", got, want)
	}
	for _, want := range []string{"policyls: not reading a/.gitignore: ", "is a named pipe", "policyls: not reading b/.gitignore: "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not say %q", stderr, want)
		}
	}
}
