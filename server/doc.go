// Package server is the policyls language server: the LSP side of policyls.
//
// It is the only package that imports glsp and commonlog. Everything it
// serves is computed by analysis (diagnostics and their fixes) and
// completion (outline, completion, hover, templates) as plain data over
// byte offsets; this package keeps the open documents, converts offsets to
// LSP positions through analysis/text (mapper.go is the one place that
// does), and turns results into protocol structures. It never writes a
// file: code actions, including those that edit .policyls.json, are
// workspace edits the client applies.
//
// Facts about glsp v0.2.2 this package is built around:
//   - messages are handled one at a time, in arrival order, on the reading
//     goroutine, so a request sent to the client from inside a handler can
//     never see its answer: such requests go out from a goroutine;
//   - a panic in a handler would kill the process, so every message goes
//     through Server.Handle, which recovers;
//   - glsp's own connection loop cannot answer with LSP's lifecycle errors
//     and races on "exit" (transport.go), so the JSON-RPC connection is
//     ours, over the same jsonrpc2 and the same glsp handler; after "exit"
//     it reads nothing more and RunStdio returns; the exit code (ExitCode)
//     depends on whether "shutdown" came first.
package server
