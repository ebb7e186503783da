package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/policyls/policyls/analysis/catalog"
)

// runVersion prints the module version and the version and date of the
// catalogue dataset embedded in the binary.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version")
	if err := fs.Parse(args); err != nil {
		return usageError(stdout, stderr, "version", err)
	}
	if fs.NArg() > 0 {
		return usageError(stdout, stderr, "version", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	fmt.Fprintf(stdout, "policyls %s\n", moduleVersion())
	if info, ok := debug.ReadBuildInfo(); ok {
		if line := vcsLine(info.Settings); line != "" {
			fmt.Fprintln(stdout, line)
		}
	}
	date := "unknown date"
	if d := catalog.DatasetDate(); !d.IsZero() {
		date = d.Format("2006-01-02")
	}
	fmt.Fprintf(stdout, "catalog dataset %s (%s)\n", catalog.DatasetVersion(), date)
	return exitOK
}

// releaseVersion is set by release builds (make release) with
// -ldflags "-X main.releaseVersion=v0.3.0".
var releaseVersion string

// moduleVersion returns the version this binary was released as, else the
// version of the policyls module it was built from ("v0.3.0" from go
// install), else "devel" for a local build.
func moduleVersion() string {
	if releaseVersion != "" {
		return releaseVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}

// vcsLine describes the commit a binary was built from, from the build
// settings Go records when it builds inside a repository ("built from git
// d78c9bcc6a77 of 2026-12-06T02:08:22Z, with local changes"), or "" when
// there are none (go install of a released version, -buildvcs=false).
func vcsLine(settings []debug.BuildSetting) string {
	var system, revision, at string
	modified := false
	for _, s := range settings {
		switch s.Key {
		case "vcs":
			system = s.Value
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return ""
	}
	line := fmt.Sprintf("built from %s %.12s", system, revision)
	if at != "" {
		line += " of " + at
	}
	if modified {
		line += ", with local changes"
	}
	return line
}
