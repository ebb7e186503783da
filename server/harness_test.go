package server

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/tliron/glsp"
)

// testClient drives a Server the way glsp does: raw JSON params go into
// Handle, and everything the server sends is encoded to JSON, as it would be
// on the wire.
type testClient struct {
	t testing.TB
	s *Server

	mu    sync.Mutex
	notes []sentMessage // notifications from the server, in order
	calls []sentMessage // requests from the server to the client
	// answer, when set, answers the server's requests by method.
	answer map[string]string
	// beforeAnswer, when set, runs before a request to the client is
	// answered, on the server's goroutine: it stands for messages that cross
	// the answer on the wire.
	beforeAnswer func(method string)
}

// sentMessage is one message from the server, with its params as JSON.
type sentMessage struct {
	Method string
	Params string
}

// newTestClient starts a session: initialize with the given params (JSON),
// then initialized. Logs go to the test log.
func newTestClient(t testing.TB, initParams string) *testClient {
	t.Helper()
	c := newUninitializedClient(t)
	c.request("initialize", initParams)
	c.notify("initialized", `{}`)
	c.s.background.Wait()
	return c
}

func newUninitializedClient(t testing.TB) *testClient {
	c := &testClient{t: t, answer: map[string]string{}}
	c.s = New(Options{Version: "test", Log: testLogWriter{t}})
	return c
}

// testLogWriter sends server logs to t.Log.
type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = testLogWriter{}

func (c *testClient) context(method, params string) *glsp.Context {
	ctx := &glsp.Context{
		Method: method,
		Notify: func(method string, params any) {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.notes = append(c.notes, sentMessage{method, mustJSON(c.t, params)})
		},
		Call: func(method string, params any, result any) {
			c.mu.Lock()
			c.calls = append(c.calls, sentMessage{method, mustJSON(c.t, params)})
			answer, ok := c.answer[method]
			before := c.beforeAnswer
			c.mu.Unlock()
			if before != nil {
				before(method)
			}
			if ok {
				if err := json.Unmarshal([]byte(answer), result); err != nil {
					c.t.Errorf("decoding canned answer to %s: %v", method, err)
				}
			}
		},
	}
	if params != "" {
		ctx.Params = json.RawMessage(params)
	}
	return ctx
}

// request sends a request and returns its result encoded as JSON, failing
// the test on an error.
func (c *testClient) request(method, params string) string {
	c.t.Helper()
	result, err := c.tryRequest(method, params)
	if err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
	return result
}

// tryRequest sends a request and returns its JSON result or its error, as
// glsp would report them, once the server's background work is done.
func (c *testClient) tryRequest(method, params string) (string, error) {
	r, validMethod, validParams, err := c.s.Handle(c.context(method, params))
	// Work the message started off the request path (re-analysis after a
	// settings change, requests to the client) is done before the test
	// looks at what was sent.
	c.s.background.Wait()
	switch {
	case !validMethod:
		return "", fmt.Errorf("method not found: %s", method)
	case !validParams:
		return "", fmt.Errorf("invalid params: %v", err)
	case err != nil:
		return "", err
	}
	return mustJSON(c.t, r), nil
}

// notify sends a notification, failing the test on an error.
func (c *testClient) notify(method, params string) {
	c.t.Helper()
	if _, err := c.tryRequest(method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// takeNotes returns and forgets the notifications sent so far.
func (c *testClient) takeNotes() []sentMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	notes := c.notes
	c.notes = nil
	return notes
}

// publishedParams is publishDiagnostics params as they appear on the wire.
type publishedParams struct {
	URI         string           `json:"uri"`
	Version     *int             `json:"version"`
	Diagnostics *json.RawMessage `json:"diagnostics"`
}

// published returns, in order, the publishDiagnostics notifications sent
// since the last call, and fails if anything else was sent.
func (c *testClient) published() []publishedParams {
	c.t.Helper()
	var out []publishedParams
	for _, n := range c.takeNotes() {
		if n.Method != "textDocument/publishDiagnostics" {
			c.t.Fatalf("unexpected notification %s %s", n.Method, n.Params)
		}
		var p publishedParams
		if err := json.Unmarshal([]byte(n.Params), &p); err != nil {
			c.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// wireDiagnostic is a diagnostic as it appears on the wire.
type wireDiagnostic struct {
	Range    wireRange       `json:"range"`
	Severity int             `json:"severity"`
	Code     string          `json:"code"`
	Source   string          `json:"source"`
	Message  string          `json:"message"`
	Data     json.RawMessage `json:"data"`
}

type wireRange struct {
	Start wirePosition `json:"start"`
	End   wirePosition `json:"end"`
}

type wirePosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

func (r wireRange) String() string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
}

// diagnostics decodes published diagnostics, failing on null.
func (p publishedParams) diagnostics(t *testing.T) []wireDiagnostic {
	t.Helper()
	if p.Diagnostics == nil || string(*p.Diagnostics) == "null" {
		t.Fatalf("diagnostics for %s are null, want an array", p.URI)
	}
	var out []wireDiagnostic
	if err := json.Unmarshal(*p.Diagnostics, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustJSON(t testing.TB, v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	return string(data)
}

// quoteJSON returns s as a JSON string literal.
func quoteJSON(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// didOpen sends didOpen for a JSON document.
func (c *testClient) didOpen(uri string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", fmt.Sprintf(`{"textDocument": {"uri": %q, "languageId": "json", "version": %d, "text": %s}}`, uri, version, quoteJSON(text)))
}

// didChange sends a full-text didChange.
func (c *testClient) didChange(uri string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", fmt.Sprintf(`{"textDocument": {"uri": %q, "version": %d}, "contentChanges": [{"text": %s}]}`, uri, version, quoteJSON(text)))
}
