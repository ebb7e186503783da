//go:build unix

package boundedfile

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// addSpecialFiles adds to the tree what must never be read: links to
// /dev/zero (endless) and /dev/stdin (blocks), a named pipe (blocks on
// open) and a link to it.
func addSpecialFiles(t *testing.T, tree string, cases map[string]string) {
	symlink(t, "/dev/zero", filepath.Join(tree, "zero.json"))
	cases["zero.json"] = "outside " + tree
	symlink(t, "/dev/stdin", filepath.Join(tree, "stdin.json"))
	cases["stdin.json"] = "" // outside the tree or not a regular file: either way an error
	if err := syscall.Mkfifo(filepath.Join(tree, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases["fifo.json"] = "is a named pipe, not a regular file"
	symlink(t, "fifo.json", filepath.Join(tree, "to-fifo.json"))
	cases["to-fifo.json"] = "is a named pipe, not a regular file"
}

// Devices are refused by their type even where the tree holds them.
func TestReadRefusesDevices(t *testing.T) {
	for _, dev := range []string{"/dev/zero", "/dev/null"} {
		if _, err := readSoon(t, dev, "/", 1<<20); err == nil || !strings.Contains(err.Error(), "character device") {
			t.Errorf("%s: %v, want a character device error", dev, err)
		}
	}
}
