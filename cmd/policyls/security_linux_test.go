package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallDisk mounts a 64 KiB tmpfs for the test and fills all of it but the
// files given, or skips the test where mounting needs a privilege it lacks.
func smallDisk(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Skip("cannot mount a tmpfs here:", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	writeFiles(t, dir, files)
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer filler.Close()
	block := make([]byte, 4096)
	for {
		if _, err := filler.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return dir
		}
	}
}

// Item 2: on a full disk, check --fix and fmt --write fail with exit 2 and
// leave the file byte for byte, without a temporary file: the new content
// goes to a new file, which finds no room. Before, the file was truncated
// and rewritten in place: --fix, whose result needs a second 4 KiB page,
// left the file cut at 4 KiB.
func TestSecurityFullDiskKeepsFile(t *testing.T) {
	// One statement per line, padded so the file is just under a page:
	// the Version fix (check) or the new layout (fmt) crosses it.
	statement := `{"Effect": "allow", "Action": "ses:SendEmail", "Resource": "*"}`
	src := "{\"Statement\": [\n" + strings.Repeat(statement+",\n", 40)
	src += statement + "]" + strings.Repeat(" ", 4090-len(src)-len(statement)-3) + "}\n"
	if len(src) != 4090 {
		t.Fatalf("the document is %d bytes", len(src))
	}
	for _, args := range [][]string{{"check", "--fix", "p.json"}, {"fmt", "--write", "p.json"}} {
		dir := smallDisk(t, map[string]string{"p.json": src})
		_, stderr, code := runBinary(t, dir, args...)
		if code != 2 || !strings.Contains(stderr, "cannot write p.json: writing: no space left on device (the file is unchanged)") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the write error", args, code, stderr)
		}
		if got := readFile(t, filepath.Join(dir, "p.json")); got != src {
			t.Errorf("%v: the file changed: %d bytes", args, len(got))
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 2 {
			t.Errorf("%v: files left behind: %v", args, entries)
		}
	}
}
