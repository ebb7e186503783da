package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tliron/glsp"
)

func TestCapabilities(t *testing.T) {
	c := newUninitializedClient(t)
	result := c.request("initialize", initParams)
	var got struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
		ServerInfo   struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"serverInfo"`
	}
	if err := json.Unmarshal([]byte(result), &got); err != nil {
		t.Fatal(err)
	}
	if got.ServerInfo.Name != "policyls" || got.ServerInfo.Version != "test" {
		t.Errorf("serverInfo = %+v", got.ServerInfo)
	}
	if sync := string(got.Capabilities["textDocumentSync"]); sync != `{"openClose":true,"change":1,"save":true}` {
		t.Errorf("textDocumentSync = %s, want full sync with open/close and save", sync)
	}
	if sym := string(got.Capabilities["documentSymbolProvider"]); sym != "true" {
		t.Errorf("documentSymbolProvider = %s", sym)
	}
	if comp := string(got.Capabilities["completionProvider"]); comp != `{"triggerCharacters":["\"",":"]}` {
		t.Errorf("completionProvider = %s", comp)
	}
	if hover := string(got.Capabilities["hoverProvider"]); hover != "true" {
		t.Errorf("hoverProvider = %s", hover)
	}
	// A client without code action literals may only be told "true".
	if ca := string(got.Capabilities["codeActionProvider"]); ca != "true" {
		t.Errorf("codeActionProvider = %s", ca)
	}
	if f := string(got.Capabilities["documentFormattingProvider"]); f != "true" {
		t.Errorf("documentFormattingProvider = %s", f)
	}
	if len(got.Capabilities) != 6 {
		t.Errorf("capabilities = %s, want only text sync, document symbols, completion, hover, code actions and formatting", result)
	}

	c = newUninitializedClient(t)
	result = c.request("initialize", `{"processId": null, "rootUri": null, "capabilities": {"textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}}}}`)
	if err := json.Unmarshal([]byte(result), &got); err != nil {
		t.Fatal(err)
	}
	if ca := string(got.Capabilities["codeActionProvider"]); ca != `{"codeActionKinds":["quickfix","refactor.rewrite","source","source.fixAll.policyls"],"resolveProvider":false}` {
		t.Errorf("codeActionProvider with literal support = %s", ca)
	}
}

func TestShutdownDecidesExitCode(t *testing.T) {
	c := newTestClient(t, initParams)
	if code := c.s.ExitCode(); code != 1 {
		t.Errorf("ExitCode before shutdown = %d, want 1", code)
	}
	if got := c.request("shutdown", ""); got != "null" {
		t.Errorf("shutdown result = %s, want null", got)
	}
	// glsp answers "exit" itself once shut down; it must not fail.
	c.s.Handle(c.context("exit", ""))
	if code := c.s.ExitCode(); code != 0 {
		t.Errorf("ExitCode after shutdown = %d, want 0", code)
	}
}

func TestNoOpNotifications(t *testing.T) {
	c := newTestClient(t, initParams)
	c.notify("$/setTrace", `{"value": "verbose"}`)
	c.notify("$/cancelRequest", `{"id": 7}`)
	c.notify("$/cancelRequest", `{"id": "abc"}`)
	if notes := c.takeNotes(); len(notes) != 0 {
		t.Errorf("no-op notifications sent %+v", notes)
	}
}

func TestUnservedMethod(t *testing.T) {
	c := newTestClient(t, initParams)
	if _, err := c.tryRequest("textDocument/definition", `{"textDocument": {"uri": "file:///x.json"}, "position": {"line": 0, "character": 0}}`); err == nil || !strings.Contains(err.Error(), "method not found") {
		t.Errorf("definition: err = %v, want method not found", err)
	}
}

func TestPanicIsAnsweredAndServingGoesOn(t *testing.T) {
	c := newTestClient(t, initParams)
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, cleanPolicy)
	c.takeNotes()

	panics := 0
	c.s.beforeHandle = func(ctx *glsp.Context) {
		if ctx.Method == "textDocument/documentSymbol" && panics == 0 {
			panics++
			panic("injected failure")
		}
	}
	params := `{"textDocument": {"uri": "` + uri + `"}}`
	if _, err := c.tryRequest("textDocument/documentSymbol", params); err == nil || !strings.Contains(err.Error(), "internal error") {
		t.Fatalf("panicking request: err = %v, want an internal error", err)
	}
	if got := c.request("textDocument/documentSymbol", params); !strings.Contains(got, `"Send"`) {
		t.Errorf("request after the panic = %s, want the outline", got)
	}
	// A panicking notification is swallowed too, and the document store is
	// intact afterwards.
	c.s.beforeHandle = func(ctx *glsp.Context) {
		if ctx.Method == "textDocument/didChange" {
			panic("injected failure in a notification")
		}
	}
	if _, err := c.tryRequest("textDocument/didChange", `{"textDocument": {"uri": "`+uri+`", "version": 2}, "contentChanges": [{"text": "{}"}]}`); err == nil {
		t.Error("panicking notification reported no error")
	}
	c.s.beforeHandle = nil
	c.didChange(uri, 3, badEffect)
	if pubs := c.published(); len(pubs) != 1 || *pubs[0].Version != 3 {
		t.Errorf("didChange after the panic published %+v", pubs)
	}
}

func TestPathFromURI(t *testing.T) {
	tests := []struct {
		uri, want string
		ok        bool
	}{
		{"file:///home/me/policies/trust.json", "/home/me/policies/trust.json", true},
		{"file:///home/me/caf%C3%A9%20x/p.json", "/home/me/café x/p.json", true},
		{"file://localhost/etc/p.json", "/etc/p.json", true},
		{"file:///work/", "/work", true},
		{"file:///", "/", true},
		{"untitled:Untitled-1", "", false},
		{"file://server/share/p.json", "", false},
		{"::", "", false},
	}
	for _, tt := range tests {
		got, ok := pathFromURI(tt.uri)
		if got != tt.want || ok != tt.ok {
			t.Errorf("pathFromURI(%q) = %q, %v; want %q, %v", tt.uri, got, ok, tt.want, tt.ok)
		}
	}
}
