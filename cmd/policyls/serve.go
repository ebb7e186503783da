package main

import (
	"fmt"
	"io"
	"os"

	"github.com/policyls/policyls/server"
)

// runServe runs the language server on stdin and stdout until the client
// exits, and returns the LSP exit code: 0 after shutdown, 1 otherwise.
func runServe(args []string, stderr io.Writer) int {
	fs := newFlagSet("serve")
	fs.Bool("stdio", true, "serve on stdin and stdout (the only transport)")
	logFile := fs.String("log-file", "", "append logs to `PATH` instead of stderr")
	catalogDir := fs.String("catalog", "", "`directory` of AWS service reference files to add to the catalogue")
	if err := fs.Parse(args); err != nil {
		// Help goes to stderr: stdout is the protocol stream.
		return usageError(stderr, stderr, "serve", err)
	}
	if fs.NArg() > 0 {
		return usageError(stderr, stderr, "serve", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}

	if err := loadCatalogOverlay(*catalogDir); err != nil {
		fmt.Fprintf(stderr, "policyls: %v\n", err)
		return exitUsage
	}

	logTo := stderr
	var file *os.File
	if *logFile != "" {
		var err error
		file, err = os.OpenFile(*logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			fmt.Fprintf(stderr, "policyls: cannot open log file: %v\n", err)
			return exitUsage
		}
		logTo = file
		// Libraries below glsp (jsonrpc2) log to whatever os.Stderr is when
		// the connection starts; point it at the log file too.
		os.Stderr = file
	}

	s := server.New(server.Options{Version: moduleVersion(), Log: logTo})
	err := s.RunStdio()
	if err != nil {
		fmt.Fprintf(logTo, "policyls: %v\n", err)
	}
	if file != nil {
		// The logger writes straight through; make it durable before exit.
		// Only regular files can be synced (not /dev/null or a pipe).
		if info, err := file.Stat(); err == nil && info.Mode().IsRegular() {
			if err := file.Sync(); err != nil {
				fmt.Fprintf(stderr, "policyls: log file: %v\n", err)
			}
		}
		file.Close()
	}
	return s.ExitCode()
}
