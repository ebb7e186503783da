package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Protocol cases of the security suite (issue 13, items 8 and 11): the
// lifecycle rules LSP states, kept over stdio with the real binary.

// TestExitRacesAnswer: "exit" followed at once by the client's answer to
// the server's own workspace/configuration request used to panic in the
// JSON-RPC reader ("send on closed channel") about one run in two, ending
// with code 2. Every run must end with code 1 (no shutdown) and no panic.
func TestExitRacesAnswer(t *testing.T) {
	runs := 100
	if testing.Short() {
		runs = 10
	}
	for i := range runs {
		s := startServer(t)
		s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{
			"processId": nil, "rootUri": nil,
			"capabilities": map[string]any{"workspace": map[string]any{"configuration": true}},
		}})
		s.response(1)
		s.send(map[string]any{"method": "initialized", "params": map[string]any{}})
		pull := s.await("workspace/configuration", func(m map[string]any) bool { return m["method"] == "workspace/configuration" })
		answer, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": pull["id"], "result": []any{map[string]any{}}})
		s.write(frame(`{"jsonrpc": "2.0", "method": "exit"}`) + frame(string(answer)))
		if code := s.waitExit(); code != 1 {
			t.Fatalf("run %d: exit code %d, want 1; stderr:\n%s", i, code, s.stderr)
		}
		if strings.Contains(s.stderr.String(), "panic") {
			t.Fatalf("run %d: the server panicked:\n%s", i, s.stderr)
		}
	}
}

// TestLifecycleErrors: a request before initialize is answered with
// ServerNotInitialized (-32002) and a notification is dropped; a second
// initialize is an error and changes nothing; a request after shutdown is
// an invalid request.
func TestLifecycleErrors(t *testing.T) {
	s := startServer(t)
	s.send(map[string]any{"id": 1, "method": "textDocument/hover", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///p.json"}, "position": map[string]any{"line": 0, "character": 0},
	}})
	if got := errorCode(s.response(1)); got != float64(-32002) {
		t.Errorf("hover before initialize: error code %v, want -32002", got)
	}
	s.send(map[string]any{"id": 2, "method": "shutdown"})
	if got := errorCode(s.response(2)); got != float64(-32002) {
		t.Errorf("shutdown before initialize: error code %v, want -32002", got)
	}
	// A didOpen before initialize is dropped: no diagnostics now, and none
	// remembered for later.
	s.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///early.json", "languageId": "json", "version": 1, "text": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`},
	}})

	s.send(map[string]any{"id": 3, "method": "initialize", "params": map[string]any{
		"processId": nil, "rootUri": "file:///first", "capabilities": map[string]any{},
	}})
	if resp := s.response(3); resp["error"] != nil {
		t.Fatalf("initialize: %v", resp)
	}
	s.send(map[string]any{"method": "initialized", "params": map[string]any{}})
	s.send(map[string]any{"id": 4, "method": "initialize", "params": map[string]any{
		"processId": nil, "rootUri": "file:///second", "capabilities": map[string]any{},
	}})
	if got := errorCode(s.response(4)); got != float64(-32600) {
		t.Errorf("second initialize: error code %v, want -32600 (invalid request)", got)
	}
	s.send(map[string]any{"id": 5, "method": "textDocument/documentSymbol", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///early.json"},
	}})
	if resp := s.response(5); resp["error"] != nil || len(resp["result"].([]any)) != 0 {
		t.Errorf("the didOpen sent before initialize was kept: documentSymbol answered %v", resp)
	}

	s.send(map[string]any{"id": 6, "method": "shutdown"})
	if resp := s.response(6); resp["error"] != nil {
		t.Fatalf("shutdown: %v", resp)
	}
	s.send(map[string]any{"id": 7, "method": "textDocument/documentSymbol", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///early.json"},
	}})
	if got := errorCode(s.response(7)); got != float64(-32600) {
		t.Errorf("request after shutdown: error code %v, want -32600", got)
	}
	s.send(map[string]any{"method": "exit"})
	if code := s.waitExit(); code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

// TestDocumentVersions: a version outside LSP's integer range (a signed
// 32-bit number) is rejected with an error message to the user and the
// document is left as it was; a negative version is published as received.
func TestDocumentVersions(t *testing.T) {
	s := startServer(t)
	s.initialize()
	const uri = "file:///tmp/v/policy.json"
	open := func(version any, text string) {
		s.write(frame(fmt.Sprintf(`{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": %q, "languageId": "json", "version": %v, "text": %q}}}`, uri, version, text)))
	}
	published := func() map[string]any {
		return s.await("publishDiagnostics", func(m map[string]any) bool { return m["method"] == "textDocument/publishDiagnostics" })["params"].(map[string]any)
	}
	open(-3, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allw", "Action": "ses:SendEmail", "Resource": "*"}]}`)
	if p := published(); p["version"] != float64(-3) {
		t.Errorf("negative version published as %v, want -3", p["version"])
	}
	for _, version := range []string{"2147483648", "-2147483649", "99999999999999999999", "1.5"} {
		s.write(frame(fmt.Sprintf(`{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": %q, "version": %s}, "contentChanges": [{"text": "{}"}]}}`, uri, version)))
		msg := s.await("showMessage", func(m map[string]any) bool { return m["method"] == "window/showMessage" })
		params := msg["params"].(map[string]any)
		if params["type"] != float64(1) || !strings.Contains(params["message"].(string), "version") {
			t.Errorf("version %s: showMessage %v, want an error naming the version", version, params)
		}
	}
	// The rejected changes were not applied: the text still has the bad Effect.
	s.send(map[string]any{"id": 9, "method": "textDocument/documentSymbol", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri},
	}})
	if syms, _ := s.response(9)["result"].([]any); len(syms) == 0 {
		t.Errorf("documentSymbol after rejected changes = %v, want the original statements", syms)
	}
}

// errorCode returns a response's error code, or nil when it has none.
func errorCode(resp map[string]any) any {
	e, _ := resp["error"].(map[string]any)
	if e == nil {
		return nil
	}
	return e["code"]
}
