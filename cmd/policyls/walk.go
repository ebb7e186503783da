package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// skippedDirs are version-control folders, never searched for policies.
var skippedDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// collectFiles expands the command-line paths into the files to check,
// sorted and without repeats. A path named on the command line is checked
// whatever its name and followed if it is a link. Inside a directory, files
// ending in .json (any case) are checked and links to files followed, but
// links to directories are not: such a link either points inside the tree,
// whose files are reached anyway, or outside it, where the user did not ask
// us to look. That also rules out cycles.
func collectFiles(paths []string) (files []string, errs []error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", p, unwrapPathError(err)))
			continue
		}
		if !info.IsDir() {
			files = append(files, displayPath(p))
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err)))
				return nil // keep walking what can be read
			}
			switch {
			case d.IsDir():
				if path != p && skippedDirs[d.Name()] {
					return filepath.SkipDir
				}
			case !strings.EqualFold(filepath.Ext(path), ".json"):
			case d.Type().IsRegular():
				files = append(files, displayPath(path))
			case d.Type()&fs.ModeSymlink != 0:
				// Follow links to regular files only.
				if target, err := os.Stat(path); err == nil && target.Mode().IsRegular() {
					files = append(files, displayPath(path))
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("walking %s: %w", p, err))
		}
	}
	slices.Sort(files)
	return slices.Compact(files), errs
}
