package server

import (
	"encoding/json"
	"fmt"
	"testing"
)

// formatDocument sends textDocument/formatting and returns the edits.
func (c *testClient) formatDocument(uri, options string) []wireTextEdit {
	c.t.Helper()
	raw := c.request("textDocument/formatting", fmt.Sprintf(`{"textDocument": {"uri": %q}, "options": %s}`, uri, options))
	var edits []wireTextEdit
	if err := json.Unmarshal([]byte(raw), &edits); err != nil || edits == nil {
		c.t.Fatalf("formatting result %s: want an array (%v)", raw, err)
	}
	return edits
}

// Formatting a policy over the wire: the editor's tab size and final
// newline preference are honoured, columns after non-ASCII text are UTF-16,
// and a second request finds nothing to do.
func TestFormattingOverTheWire(t *testing.T) {
	const uri = "file:///work/p.json"
	const src = `{"Version":"2012-10-17","Statement":[{"Sid":"送信😀","Effect":"Allow","Action":"ses:SendEmail","Resource":"*"}]}`
	c := newTestClient(t, initWith("/work", "", false))
	c.didOpen(uri, 1, src)
	c.published()
	got := applyWireEdits(t, src, c.formatDocument(uri, `{"tabSize": 4, "insertSpaces": true, "insertFinalNewline": true}`))
	want := "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Sid\": \"送信😀\",\n            \"Effect\": \"Allow\",\n            \"Action\": \"ses:SendEmail\",\n            \"Resource\": \"*\"\n        }\n    ]\n}\n"
	if got != want {
		t.Fatalf("formatted:\n%s\nwant:\n%s", got, want)
	}
	c.didChange(uri, 2, got)
	c.published()
	if edits := c.formatDocument(uri, `{"tabSize": 4, "insertSpaces": true}`); len(edits) != 0 {
		t.Errorf("formatting a formatted policy: %+v", edits)
	}
}

// No edits for what policyls should not reflow: other JSON, a broken
// policy, a document the server never saw.
func TestFormattingLeavesOtherDocumentsAlone(t *testing.T) {
	c := newTestClient(t, initWith("/work", "", false))
	c.didOpen("file:///work/package.json", 1, `{"name":"x","version":"1.0.0"}`)
	c.didOpen("file:///work/broken.json", 1, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}`)
	c.published()
	for _, uri := range []string{"file:///work/package.json", "file:///work/broken.json", "file:///work/unknown.json"} {
		if edits := c.formatDocument(uri, `{"tabSize": 2, "insertSpaces": true}`); len(edits) != 0 {
			t.Errorf("%s: %+v", uri, edits)
		}
	}
}
