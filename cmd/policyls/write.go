package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Every file policyls writes (check --fix, fmt --write) goes through
// replaceFile: the new content goes to a temporary file in the same folder,
// which is flushed to disk, given the original's mode and owner, and renamed
// over the original. A failure at any step removes the temporary file and
// leaves the original byte for byte; there is never a half-written policy.
//
// Links: a symbolic link stays a link and its target is replaced, but only
// when the target lies inside the tree the file was found in (the directory
// named on the command line, or the folder of a file named there). Hard
// links: the rename gives the path a new file, so the other names of a
// hard-linked file keep the old content. Writing in place through the link
// instead would not be atomic, and would write wherever the other names
// live, possibly outside the tree.

// writeSteps are the file-system calls replaceFile makes, gathered so that
// a test can make any one of them fail.
type writeSteps struct {
	createTemp func(dir, pattern string) (*os.File, error)
	write      func(f *os.File, data []byte) error
	sync       func(f *os.File) error
	close      func(f *os.File) error
	chmod      func(name string, mode fs.FileMode) error
	chown      func(name string, uid, gid int) error
	rename     func(oldPath, newPath string) error
}

// osWriteSteps are the real calls.
var osWriteSteps = writeSteps{
	createTemp: os.CreateTemp,
	write: func(f *os.File, data []byte) error {
		_, err := f.Write(data)
		return err
	},
	sync:   (*os.File).Sync,
	close:  (*os.File).Close,
	chmod:  os.Chmod,
	chown:  os.Chown,
	rename: os.Rename,
}

// steps is what replaceFile calls; only tests change it.
var steps = osWriteSteps

// writeError is a failed replaceFile: which file, at which step, and why.
// The file is unchanged.
type writeError struct {
	path, step string
	err        error
}

func (e *writeError) Error() string {
	msg := fmt.Sprintf("cannot write %s: %s", printableName(e.path), e.err)
	if e.step != "" {
		msg = fmt.Sprintf("cannot write %s: %s: %s", printableName(e.path), e.step, e.err)
	}
	return msg + " (the file is unchanged)"
}

func (e *writeError) Unwrap() error { return e.err }

// replaceFile replaces the content of the file at path with data,
// atomically, keeping its mode and (where permitted) its owner. tree is the
// folder the file was found in: a link whose target lies outside it is not
// written through.
func replaceFile(path, tree string, data []byte) error {
	fail := func(step string, err error) error {
		return &writeError{path: path, step: step, err: plainError(err)}
	}
	target, err := writeTarget(path, tree)
	if err != nil {
		return fail("", err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return fail("", err)
	}
	if !info.Mode().IsRegular() {
		return fail("", errors.New("not a regular file"))
	}
	// Renaming over a read-only file would succeed where writing it does
	// not: respect the file's own permission as a direct write would.
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return fail("", err)
	}
	f.Close()

	// A hidden name that no walk picks up (not *.json), and short: the
	// original's name may already be as long as a name can be.
	dir := filepath.Dir(target)
	tmp, err := steps.createTemp(dir, ".policyls-*.tmp")
	if err != nil {
		return fail("creating a temporary file", err)
	}
	closed := false
	cleanUp := func() {
		if !closed {
			tmp.Close()
		}
		os.Remove(tmp.Name())
	}
	if err := steps.write(tmp, data); err != nil {
		cleanUp()
		return fail("writing", err)
	}
	if err := steps.sync(tmp); err != nil {
		cleanUp()
		return fail("flushing to disk", err)
	}
	closed = true
	if err := steps.close(tmp); err != nil {
		cleanUp()
		return fail("closing", err)
	}
	if err := steps.chmod(tmp.Name(), info.Mode()&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
		cleanUp()
		return fail("setting the mode", err)
	}
	if uid, gid, ok := fileOwner(info); ok {
		// Only a privileged user may give a file away; others keep the
		// file as theirs, which is what an editor saving it would do.
		if err := steps.chown(tmp.Name(), uid, gid); err != nil && !errors.Is(err, fs.ErrPermission) {
			cleanUp()
			return fail("setting the owner", err)
		}
	}
	if err := steps.rename(tmp.Name(), target); err != nil {
		cleanUp()
		return fail("replacing the file", err)
	}
	syncDir(dir)
	return nil
}

// writeTarget returns the file a write to path replaces: path itself, or
// the file its links lead to, which must lie inside tree.
func writeTarget(path, tree string) (string, error) {
	target, err := realPath(path)
	if err != nil {
		return "", err
	}
	if tree == "" {
		tree = filepath.Dir(path)
	}
	root, err := realPath(tree)
	if err != nil {
		return "", err
	}
	if !within(root, target) {
		return "", fmt.Errorf("it leads to %s, outside %s: not written through", printableName(target), printableName(tree))
	}
	return target, nil
}

// realPath is the absolute path of p with every link resolved.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within reports whether path lies in the folder root or below it; both are
// absolute and free of links.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && !filepath.IsAbs(rel) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// plainError drops the *fs.PathError and *os.LinkError wrappers, whose
// messages repeat (unescaped) paths that the caller names already.
func plainError(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return unwrapPathError(err)
}
