package main

import (
	"testing"
)

// TestLSPCodeActions checks over the real binary that code actions are
// announced and answered: the published diagnostic goes back as the
// client received it, and its quick fix edits the exact UTF-16 range.
func TestLSPCodeActions(t *testing.T) {
	s := startServer(t)
	s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{
			"textDocument": map[string]any{"codeAction": map[string]any{
				"codeActionLiteralSupport": map[string]any{"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "source"}}},
			}},
		},
	}})
	result, _ := s.response(1)["result"].(map[string]any)
	caps, _ := result["capabilities"].(map[string]any)
	provider, _ := caps["codeActionProvider"].(map[string]any)
	if kinds, _ := provider["codeActionKinds"].([]any); len(kinds) != 4 {
		t.Fatalf("codeActionProvider = %v", caps["codeActionProvider"])
	}
	s.send(map[string]any{"method": "initialized", "params": map[string]any{}})

	const uri = "file:///tmp/ses/fix.json"
	// Line 2: `  "Statement": [{"Sid": "送信😀", "Effect": ` is 42 UTF-16 units.
	text := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"送信😀\", \"Effect\": \"allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]\n}\n"
	s.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "json", "version": 1, "text": text},
	}})
	pub := s.await("publishDiagnostics", func(m map[string]any) bool { return m["method"] == "textDocument/publishDiagnostics" })
	var effect map[string]any
	for _, d := range pub["params"].(map[string]any)["diagnostics"].([]any) {
		if d := d.(map[string]any); d["code"] == "POL009" {
			effect = d
		}
	}
	if effect == nil {
		t.Fatalf("no POL009 in %v", pub)
	}
	s.send(map[string]any{"id": 2, "method": "textDocument/codeAction", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        effect["range"],
		"context":      map[string]any{"diagnostics": []any{effect}, "only": []string{"quickfix"}},
	}})
	actions, _ := s.response(2)["result"].([]any)
	if len(actions) != 1 {
		t.Fatalf("codeAction result = %v, want one quick fix", actions)
	}
	a := actions[0].(map[string]any)
	changes, _ := a["edit"].(map[string]any)["changes"].(map[string]any)
	edits, _ := changes[uri].([]any)
	if a["title"] != `Change to "Allow"` || a["isPreferred"] != true || len(edits) != 1 {
		t.Fatalf("action = %v", a)
	}
	e := edits[0].(map[string]any)
	start := e["range"].(map[string]any)["start"].(map[string]any)
	if e["newText"] != `"Allow"` || start["line"] != float64(2) || start["character"] != float64(42) {
		t.Errorf("edit = %v, want \"Allow\" at line 2 character 42", e)
	}

	s.send(map[string]any{"id": 3, "method": "shutdown"})
	s.response(3)
	s.send(map[string]any{"method": "exit"})
	if code := s.waitExit(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}
