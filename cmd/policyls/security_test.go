package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
