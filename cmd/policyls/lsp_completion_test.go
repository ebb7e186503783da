package main

import (
	"strings"
	"testing"
)

// TestLSPCompletionAndHover checks over the real binary that completion and
// hover answer, with positions counted in UTF-16 after an emoji.
func TestLSPCompletionAndHover(t *testing.T) {
	s := startServer(t)
	s.initialize()
	const uri = "file:///tmp/ses/complete.json"
	// Line 1 holds "😀" (two UTF-16 units) before the action being typed.
	text := "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Sid\": \"A😀\", \"Effect\": \"Allow\", \"Action\": \"ses:Sen\"}]}\n"
	s.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "json", "version": 1, "text": text},
	}})
	// `"ses:Sen` starts at UTF-16 character 59 of line 1 (61 bytes in); the
	// cursor is after "Sen", at character 67.
	s.send(map[string]any{"id": 2, "method": "textDocument/completion", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 1, "character": 67},
	}})
	result, _ := s.response(2)["result"].(map[string]any)
	items, _ := result["items"].([]any)
	var send map[string]any
	for _, it := range items {
		if it := it.(map[string]any); it["label"] == "ses:SendEmail" {
			send = it
		}
	}
	if send == nil {
		t.Fatalf("no ses:SendEmail in %d items: %v", len(items), result)
	}
	edit := send["textEdit"].(map[string]any)
	start := edit["range"].(map[string]any)["start"].(map[string]any)
	if edit["newText"] != `"ses:SendEmail"` || start["line"] != float64(1) || start["character"] != float64(59) {
		t.Errorf("textEdit = %v, want \"ses:SendEmail\" from line 1 character 59", edit)
	}

	s.send(map[string]any{"id": 3, "method": "textDocument/hover", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 1, "character": 31},
	}})
	hover, _ := s.response(3)["result"].(map[string]any)
	contents, _ := hover["contents"].(map[string]any)
	if value, _ := contents["value"].(string); !strings.Contains(value, "Effect") {
		t.Errorf("hover on the Effect key = %v", hover)
	}

	s.send(map[string]any{"id": 4, "method": "shutdown"})
	s.response(4)
	s.send(map[string]any{"method": "exit"})
	if code := s.waitExit(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
}
