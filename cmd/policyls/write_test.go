package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runInProcess runs policyls in dir without a child process, so that a
// test can replace the write steps.
func runInProcess(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// failingStep returns the write steps with the one named failing.
func failingStep(name string) writeSteps {
	s := osWriteSteps
	injected := errors.New("injected failure")
	switch name {
	case "createTemp":
		s.createTemp = func(string, string) (*os.File, error) { return nil, injected }
	case "write":
		// Part of the data reaches the temporary file before the failure,
		// as on a disk that fills up.
		s.write = func(f *os.File, data []byte) error {
			f.Write(data[:len(data)/2])
			return injected
		}
	case "sync":
		s.sync = func(*os.File) error { return injected }
	case "close":
		s.close = func(f *os.File) error { f.Close(); return injected }
	case "chmod":
		s.chmod = func(string, fs.FileMode) error { return injected }
	case "chown":
		s.chown = func(string, int, int) error { return injected }
	case "rename":
		s.rename = func(string, string) error { return injected }
	default:
		panic(name)
	}
	return s
}

// TestWriteFailuresLeaveTheFile injects a failure at each step of
// replaceFile, through check --fix and fmt --write: the original stays byte
// for byte with its mode, no temporary file is left, the exit code is 2 and
// the message names the file and the step.
func TestWriteFailuresLeaveTheFile(t *testing.T) {
	stepMessages := map[string]string{
		"createTemp": "creating a temporary file",
		"write":      "writing",
		"sync":       "flushing to disk",
		"close":      "closing",
		"chmod":      "setting the mode",
		"chown":      "setting the owner",
		"rename":     "replacing the file",
	}
	for step, message := range stepMessages {
		if step == "chown" && runtime.GOOS == "windows" {
			continue // no owner to keep
		}
		for _, args := range [][]string{{"check", "--fix", "p.json"}, {"fmt", "--write", "p.json"}} {
			t.Run(step+"/"+args[0], func(t *testing.T) {
				dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": caseFixable})
				path := filepath.Join(dir, "p.json")
				if err := os.Chmod(path, 0o640); err != nil {
					t.Fatal(err)
				}
				steps = failingStep(step)
				defer func() { steps = osWriteSteps }()
				_, stderr, code := runInProcess(t, dir, args...)
				if code != exitUsage {
					t.Errorf("exit %d, want 2", code)
				}
				want := "policyls: cannot write p.json: " + message + ": injected failure (the file is unchanged)\n"
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q, want it to hold %q", stderr, want)
				}
				if got := readFile(t, path); got != caseFixable {
					t.Errorf("the file changed:\n%s", got)
				}
				if info, _ := os.Stat(path); runtime.GOOS != "windows" && info.Mode().Perm() != 0o640 {
					t.Errorf("mode %v, want 0640", info.Mode().Perm())
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 1 {
					t.Errorf("files left behind: %v", entries)
				}
			})
		}
	}
}

// Without the privilege to give a file away, the rewritten file keeps the
// writer's ownership and the write succeeds.
func TestWriteIgnoresChownPermission(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": caseFixable})
	steps = osWriteSteps
	steps.chown = func(string, int, int) error { return &fs.PathError{Op: "chown", Path: "p.json", Err: fs.ErrPermission} }
	defer func() { steps = osWriteSteps }()
	if _, stderr, code := runInProcess(t, dir, "fmt", "--write", "p.json"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := readFile(t, filepath.Join(dir, "p.json")); got == caseFixable {
		t.Error("the file was not formatted")
	}
}

// A successful write replaces the file (a new inode on Unix), keeps the
// mode and the owner, and leaves no temporary file.
func TestWriteKeepsModeAndOwner(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes or owners")
	}
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": caseFixable})
	path := filepath.Join(dir, "p.json")
	if err := os.Chmod(path, 0o604); err != nil {
		t.Fatal(err)
	}
	uid, gid := os.Getuid(), os.Getgid()
	if os.Geteuid() == 0 {
		uid, gid = 4242, 4343 // root can give the file to someone else
		if err := os.Chown(path, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	if err := replaceFile(path, dir, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || readFile(t, path) != "{}\n" {
		t.Fatalf("after the write: %v, %q", err, readFile(t, path))
	}
	if info.Mode().Perm() != 0o604 {
		t.Errorf("mode %v, want 0604", info.Mode().Perm())
	}
	if gotUID, gotGID, _ := fileOwner(info); gotUID != uid || gotGID != gid {
		t.Errorf("owner %d:%d, want %d:%d", gotUID, gotGID, uid, gid)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
}

// Hard links: the rewrite gives the path named a new file; the other names
// keep the old content (documented in write.go and the README). The
// alternative, writing through the link in place, would not be atomic and
// would write wherever the other names live.
func TestWriteSeparatesHardLinks(t *testing.T) {
	outside := writeFiles(t, t.TempDir(), map[string]string{"victim.json": caseFixable})
	dir := t.TempDir()
	if err := os.Link(filepath.Join(outside, "victim.json"), filepath.Join(dir, "p.json")); err != nil {
		t.Skip("no hard links:", err)
	}
	if _, stderr, code := runBinary(t, dir, "fmt", "--write", "."); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := readFile(t, filepath.Join(dir, "p.json")); got == caseFixable {
		t.Error("p.json was not formatted")
	}
	if got := readFile(t, filepath.Join(outside, "victim.json")); got != caseFixable {
		t.Errorf("the other name of the hard link changed:\n%s", got)
	}
}

// A read-only file is not replaced, though its folder is writable: the
// rename would succeed where a direct write does not.
func TestWriteRespectsReadOnly(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("root writes read-only files")
	}
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": caseFixable})
	path := filepath.Join(dir, "p.json")
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	err := replaceFile(path, dir, []byte("{}"))
	if !errors.Is(err, fs.ErrPermission) || readFile(t, path) != caseFixable {
		t.Errorf("error %v; want permission denied and the file kept", err)
	}
}

func TestWriteTarget(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"tree/real.json": "{}", "elsewhere.json": "{}"})
	tree := filepath.Join(dir, "tree")
	for name, target := range map[string]string{"tree/in.json": "real.json", "tree/out.json": "../elsewhere.json"} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Skip("no symlinks:", err)
		}
	}
	real, _ := filepath.EvalSymlinks(filepath.Join(tree, "real.json"))
	if got, err := writeTarget(filepath.Join(tree, "in.json"), tree); err != nil || got != real {
		t.Errorf("a link inside the tree: %q, %v; want %q", got, err, real)
	}
	if got, err := writeTarget(filepath.Join(tree, "out.json"), tree); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("a link out of the tree: %q, %v; want an error", got, err)
	}
	if got, err := writeTarget(filepath.Join(dir, "elsewhere.json"), dir); err != nil || filepath.Base(got) != "elsewhere.json" {
		t.Errorf("a plain file: %q, %v", got, err)
	}
}

func TestWithin(t *testing.T) {
	sep := string(filepath.Separator)
	root := sep + "r"
	for path, want := range map[string]bool{
		root:                    true,
		root + sep + "a.json":   true,
		root + sep + "..a.json": true, // a name starting with two dots is inside
		sep + "r2" + sep + "a":  false,
		sep + "a.json":          false,
		sep:                     false,
	} {
		if got := within(root, path); got != want {
			t.Errorf("within(%q, %q) = %v, want %v", root, path, got, want)
		}
	}
}

// A file whose name is as long as names go can still be rewritten: the
// temporary file's name does not grow with it.
func TestWriteLongName(t *testing.T) {
	name := strings.Repeat("n", 250) + ".json"
	dir := writeFiles(t, t.TempDir(), map[string]string{name: caseFixable})
	if err := replaceFile(filepath.Join(dir, name), dir, []byte("{}\n")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, name)); got != "{}\n" {
		t.Errorf("content %q", got)
	}
}
