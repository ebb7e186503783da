//go:build unix

package main

import (
	"io/fs"
	"os"
	"syscall"
)

// fileOwner returns the user and group that own the file described by info.
func fileOwner(info fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}

// fileIdentity is what makes a file the same file however it is reached:
// its device and inode.
type fileIdentity struct {
	dev, ino uint64
}

// identify returns the identity of the file at path (following links) for
// spotting a file reached twice.
func identify(path string, info fs.FileInfo) any {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return fileIdentity{dev: uint64(st.Dev), ino: st.Ino}
	}
	return cleanAbsolute(path)
}

// syncDir flushes a folder's entries to disk, so a rename in it survives a
// crash. It is best effort: the rename has happened either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
