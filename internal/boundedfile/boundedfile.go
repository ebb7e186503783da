// Package boundedfile reads the files policyls takes settings and catalogue
// data from (.policyls.json, --config, the --catalog folder's files), which
// may come from an untrusted repository. Read accepts a regular file only,
// of at most a given size, and a symbolic link only when it resolves to a
// regular file inside a given tree: never a named pipe, a device,
// /dev/stdin or /dev/zero, whose reading could hang or never end.
package boundedfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Read returns the contents of the regular file at path. The file, after
// resolving symbolic links (its own and its folders'), must lie inside tree
// (itself resolved) and hold at most limit bytes; a larger file is an error,
// never a truncated read. A missing file is an error that matches
// fs.ErrNotExist.
//
// The type is checked before opening, the file is opened without blocking
// (a named pipe put in its place meanwhile cannot hang the open), checked
// again on the open file (the same file, still regular), and read through a
// limit.
func Read(path, tree string, limit int64) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	resolved := path
	if info.Mode()&fs.ModeSymlink != 0 || tree != "" {
		if resolved, err = filepath.EvalSymlinks(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s is a symbolic link that leads to no file", path)
			}
			return nil, err
		}
		if !inside(tree, resolved) {
			return nil, fmt.Errorf("%s resolves to %s, outside %s", path, resolved, tree)
		}
		if info, err = os.Stat(resolved); err != nil {
			return nil, err
		}
	}
	if err := regular(path, info, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(resolved, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regular(path, opened, limit); err != nil {
		return nil, err
	}
	if !os.SameFile(info, opened) {
		return nil, fmt.Errorf("%s changed while it was being opened", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(path, limit)
	}
	return data, nil
}

// regular checks that info describes a regular file of at most limit bytes.
func regular(path string, info fs.FileInfo, limit int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a regular file", path, describe(info.Mode()))
	}
	if info.Size() > limit {
		return tooLarge(path, limit)
	}
	return nil
}

func tooLarge(path string, limit int64) error {
	return fmt.Errorf("%s is larger than the limit of %s", path, Size(limit))
}

// describe names a file type for an error message.
func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// inside reports whether path lies in tree or below it, once tree's own
// symbolic links are resolved; an empty tree holds everything.
func inside(tree, path string) bool {
	if tree == "" {
		return true
	}
	if resolved, err := filepath.EvalSymlinks(tree); err == nil {
		tree = resolved
	}
	rel, err := filepath.Rel(tree, path)
	return err == nil && !filepath.IsAbs(rel) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Size writes a byte count for messages: "1 MiB", "16 MiB", "512 bytes".
func Size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
