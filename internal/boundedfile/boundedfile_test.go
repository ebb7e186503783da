package boundedfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

// readSoon fails the test when Read takes more than five seconds (a named
// pipe or /dev/stdin would block it for ever).
func readSoon(t *testing.T, path, tree string, limit int64) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := Read(path, tree, limit)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Read(%s) hangs", path)
		return nil, nil
	}
}

func TestReadRegularFiles(t *testing.T) {
	tree := t.TempDir()
	file := filepath.Join(tree, "a.json")
	write(t, file, `{"rules": {}}`)
	if data, err := readSoon(t, file, tree, 100); err != nil || string(data) != `{"rules": {}}` {
		t.Errorf("regular file: %q, %v", data, err)
	}
	// Exactly at the limit is fine; one byte more is an error, not a
	// truncation.
	if data, err := readSoon(t, file, tree, 13); err != nil || len(data) != 13 {
		t.Errorf("at the limit: %q, %v", data, err)
	}
	if data, err := readSoon(t, file, tree, 12); err == nil || !strings.Contains(err.Error(), "larger than the limit of 12 bytes") || data != nil {
		t.Errorf("over the limit: %q, %v", data, err)
	}
	// A symbolic link to a regular file in the tree is followed.
	link := filepath.Join(tree, "sub", "link.json")
	if err := os.Mkdir(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, "../a.json", link)
	if data, err := readSoon(t, link, tree, 100); err != nil || string(data) != `{"rules": {}}` {
		t.Errorf("link inside the tree: %q, %v", data, err)
	}
	// A missing file is fs.ErrNotExist, so callers can treat it as none.
	if _, err := readSoon(t, filepath.Join(tree, "missing.json"), tree, 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestReadRefusesWhatIsNotARegularFileInTheTree(t *testing.T) {
	tree := t.TempDir()
	outside := filepath.Join(t.TempDir(), "outside.json")
	write(t, outside, `{}`)
	dir := filepath.Join(tree, "dir.json")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{ // name in the tree → what the error says
		"dir.json": "is a directory",
	}
	symlink(t, outside, filepath.Join(tree, "out.json"))
	cases["out.json"] = "outside " + tree
	symlink(t, filepath.Join(tree, "nothing-here"), filepath.Join(tree, "dangling.json"))
	cases["dangling.json"] = "a symbolic link that leads to no file"
	addSpecialFiles(t, tree, cases)
	for name, want := range cases {
		data, err := readSoon(t, filepath.Join(tree, name), tree, 1<<20)
		if err == nil || !strings.Contains(err.Error(), want) || data != nil {
			t.Errorf("%s: %q, %v; want an error saying %q", name, data, err, want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MiB", 16 << 20: "16 MiB", 512: "512 bytes", 1<<20 + 1: "1048577 bytes"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
