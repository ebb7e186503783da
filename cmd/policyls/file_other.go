//go:build !unix

package main

import "io/fs"

// fileOwner: files have no numeric owner to keep here.
func fileOwner(fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }

// identify returns the identity of the file at path for spotting a file
// reached twice. Without inode numbers at hand, it is the absolute path with
// links resolved: hard links are not recognised.
func identify(path string, _ fs.FileInfo) any { return cleanAbsolute(path) }

// syncDir: folders cannot be flushed here; the rename is durable when the
// file system says so.
func syncDir(string) {}
