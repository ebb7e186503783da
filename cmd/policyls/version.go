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
	if len(args) > 0 {
		fmt.Fprintf(stderr, "policyls version: unexpected argument %q\n\n%s", args[0], usage)
		return exitUsage
	}
	fmt.Fprintf(stdout, "policyls %s\n", moduleVersion())
	date := "unknown date"
	if d := catalog.DatasetDate(); !d.IsZero() {
		date = d.Format("2006-01-02")
	}
	fmt.Fprintf(stdout, "catalog dataset %s (%s)\n", catalog.DatasetVersion(), date)
	return exitOK
}

// moduleVersion returns the version of the policyls module this binary was
// built from ("v0.3.0" from go install), or "devel" for a local build.
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}
