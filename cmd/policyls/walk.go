package main

import (
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/host"
)

// walked is what the command-line paths expand to.
type walked struct {
	files []string // display paths, sorted, each file once
	// trees maps each file to the tree it was found in: the directory named
	// on the command line, or the folder of a file named there. A write to
	// the file never leaves that tree (replaceFile).
	trees map[string]string
	errs  []error
}

// walkCandidate is a file found, before repeats are removed.
type walkCandidate struct {
	path, tree string
	link       bool // reached through a symbolic link
	id         any  // identify's answer: equal for the same file
}

// collectFiles expands the command-line paths into the files to check, each
// file once however many ways it is reached (a link and its target, hard
// links, "d//a.json", a path given twice), and prints on stderr the links it
// skips. A path named on the command line is checked whatever its name and
// followed if it is a link. Inside a directory, files ending in .json (any
// case) are checked, and links followed only to files inside the directory
// named: a link leading out of it is reported and skipped, since a cloned
// repository may point anywhere on the machine. Links to directories are not
// followed: inside the tree, their files are reached anyway; outside, they
// are reported and skipped. That also rules out cycles. rules leave out
// folders and files below a directory named (ignore.go), never a path named.
func collectFiles(paths []string, rules *walkRules, stderr io.Writer) walked {
	var found []walkCandidate
	var errs []error
	rules.stderr = stderr
	add := func(path, tree string, link bool) {
		info, err := os.Stat(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", printableName(path), unwrapPathError(err)))
			return
		}
		found = append(found, walkCandidate{path: displayPath(path), tree: tree, link: link, id: identify(path, info)})
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", printableName(p), unwrapPathError(err)))
			continue
		}
		if !info.IsDir() {
			add(p, filepath.Dir(p), isLink(p))
			continue
		}
		root, err := realPath(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("cannot read %s: %w", printableName(p), unwrapPathError(err)))
			continue
		}
		// A trailing separator makes WalkDir enter a directory named
		// through a link; the paths it reports keep the name as given.
		start := p
		if isLink(p) {
			start = p + string(filepath.Separator)
		}
		tree := rules.forTree(start, root)
		err = filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("cannot read %s: %w", printableName(path), unwrapPathError(err)))
				return nil // keep walking what can be read
			}
			if path == start {
				return nil
			}
			switch {
			case d.IsDir():
				if tree.skip(path, true) {
					return filepath.SkipDir
				}
			case d.Type()&fs.ModeSymlink != 0:
				if tree.skip(path, false) {
					return nil
				}
				target, err := realPath(path)
				if err != nil {
					return nil // a dangling link names nothing to check
				}
				if !within(root, target) {
					fmt.Fprintf(stderr, "policyls: skipping symlink %s -> %s: outside %s\n", printableName(displayPath(path)), printableName(target), printableName(p))
					return nil
				}
				if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && isCheckedName(path) {
					add(path, p, true)
				}
			case d.Type().IsRegular() && isCheckedName(path) && !tree.skip(path, false):
				add(path, p, false)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("walking %s: %w", printableName(p), err))
		}
	}
	return walked{files: nil, trees: map[string]string{}, errs: errs}.keepOnce(found)
}

// keepOnce adds each file found once: of the paths reaching the same file,
// one that is not a link, else the first in sorted order.
func (w walked) keepOnce(found []walkCandidate) walked {
	slices.SortStableFunc(found, func(a, b walkCandidate) int {
		if a.link != b.link {
			if a.link {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.path, b.path)
	})
	seen := map[any]bool{}
	for _, c := range found {
		if seen[c.id] {
			continue
		}
		seen[c.id] = true
		w.files = append(w.files, c.path)
		w.trees[c.path] = c.tree
	}
	slices.Sort(w.files)
	return w
}

// isCheckedName: policies are .json files; CloudFormation templates are
// .json, .yaml, .yml or .template files (their content decides); Terraform
// files are .tf.
func isCheckedName(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".json") || mayBeYAMLName(path) || host.IsTerraformName(path)
}

// mayBeYAMLName: a file that may hold a YAML template.
func mayBeYAMLName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".template":
		return true
	}
	return false
}

func isLink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// cleanAbsolute is path made absolute with its links resolved, or just
// cleaned when that fails.
func cleanAbsolute(path string) string {
	if real, err := realPath(path); err == nil {
		return real
	}
	abs, _ := filepath.Abs(path)
	return abs
}
