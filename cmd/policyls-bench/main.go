// Command policyls-bench measures policyls end to end, the way an editor and
// a CI job see it: it spawns the built binary and talks LSP to it over
// stdio, then runs "policyls check" over a generated tree of files.
//
//	go run ./cmd/policyls-bench                 # builds cmd/policyls first
//	go run ./cmd/policyls-bench -binary ./policyls -runs 3
//
// It prints one table: each figure's median over the runs (with the
// smallest and largest value) beside the target from issue 8. The
// figures, the commands and the machine they were measured on are in
// BENCHMARKS.md.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// config is what one invocation measures, and how much of it.
type config struct {
	binary   string // the policyls executable
	repo     string // the module root, for the input policies
	runs     int    // how many times each session measurement is repeated
	starts   int    // spawns timed per run
	edits    int    // didChange notifications timed per run
	requests int    // completion and hover requests timed per run
	docs     int    // documents opened per run
	files    int    // files in the tree given to check
	// pace, when positive, spaces timed edits and requests this far apart
	// (a pause before each), as a person typing does; 0 sends each as soon as
	// the previous one is answered, the worst case.
	pace time.Duration
	// slow, when positive, makes every timed edit or request slower than
	// it print a line on stderr, to find where outliers come from.
	slow time.Duration
}

func main() {
	var cfg config
	flag.StringVar(&cfg.binary, "binary", "", "policyls `executable` to measure (default: build ./cmd/policyls into a temporary folder)")
	flag.IntVar(&cfg.runs, "runs", 3, "repeat every measurement this many `times` and report the median")
	flag.IntVar(&cfg.starts, "starts", 20, "spawns to time per run")
	flag.IntVar(&cfg.edits, "edits", 500, "didChange notifications to time per run")
	flag.IntVar(&cfg.requests, "requests", 200, "completion and hover requests to time per run")
	flag.IntVar(&cfg.docs, "docs", 1000, "documents to open per run")
	flag.IntVar(&cfg.files, "files", 10000, "files for policyls check")
	flag.DurationVar(&cfg.pace, "pace", 0, "space timed edits and requests `duration` apart (default: back to back)")
	flag.DurationVar(&cfg.slow, "show-slow", 0, "print every timed edit or request slower than `duration` on stderr")
	flag.Parse()
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "policyls-bench: %v\n", err)
		os.Exit(1)
	}
}

// run builds the binary when none is given, measures, and writes the table.
func run(cfg config, out io.Writer) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	cfg.repo = root
	if cfg.binary == "" {
		dir, err := os.MkdirTemp("", "policyls-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.binary = filepath.Join(dir, "policyls")
		build := exec.Command("go", "build", "-o", cfg.binary, "./cmd/policyls")
		build.Dir, build.Stderr = root, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building policyls: %w", err)
		}
	}
	res, err := measure(cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "policyls-bench: %d run(s), GOMAXPROCS %d, %s/%s\n\n", cfg.runs, runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH)
	res.write(out)
	return nil
}

// moduleRoot is the folder of the go.mod of the current module.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run policyls-bench inside the policyls module")
	}
	return filepath.Dir(mod), nil
}
