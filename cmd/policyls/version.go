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
