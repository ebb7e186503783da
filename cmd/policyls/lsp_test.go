package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lspSession is policyls running as a language server over pipes. Every
// byte it writes to stdout must be part of a well-formed LSP frame; frames
// are parsed on a goroutine and delivered on messages.
type lspSession struct {
	t        testing.TB
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	messages chan map[string]any
	readErr  chan error // the reason stdout ended: io.EOF when cleanly closed
	stderr   *strings.Builder
	done     chan struct{}
	exitCode int
}

func startServer(t testing.TB, args ...string) *lspSession {
	t.Helper()
	cmd := exec.Command(binary, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &lspSession{
		t: t, cmd: cmd, stdin: stdin,
		messages: make(chan map[string]any, 100),
		readErr:  make(chan error, 1),
		stderr:   &strings.Builder{},
		done:     make(chan struct{}),
	}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait closes stdout as soon as the process has exited, so it must not
	// run before the reader has seen the end of stdout, or the last frames
	// would be lost.
	stdoutRead := make(chan struct{})
	go func() {
		defer close(stdoutRead)
		r := bufio.NewReader(stdout)
		for {
			msg, err := readFrame(r)
			if err != nil {
				s.readErr <- err
				close(s.messages)
				return
			}
			s.messages <- msg
		}
	}()
	go func() {
		<-stdoutRead
		err := cmd.Wait()
		s.exitCode = cmd.ProcessState.ExitCode()
		_ = err
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			go func() {
				for range s.messages { // unblock the reader
				}
			}()
			<-s.done
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", s.stderr)
		}
	})
	return s
}

// readFrame reads one LSP frame strictly: headers ending in \r\n, a
// Content-Length, an empty line, and exactly that many bytes of JSON-RPC.
func readFrame(r *bufio.Reader) (map[string]any, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" && length == -1 {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading header: %q: %w", line, err)
		}
		if !strings.HasSuffix(line, "\r\n") {
			return nil, fmt.Errorf("header line %q does not end in CRLF", line)
		}
		line = strings.TrimSuffix(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ": ")
		if !ok {
			return nil, fmt.Errorf("malformed header %q", line)
		}
		if strings.EqualFold(name, "Content-Length") {
			n, err := strconv.Atoi(value)
			if err != nil {
				return nil, fmt.Errorf("bad Content-Length %q", value)
			}
			length = n
		}
	}
	if length < 0 {
		return nil, errors.New("frame without Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("reading body: %w", err)
	}
	var msg map[string]any
	if err := json.Unmarshal(body, &msg); err != nil {
		return nil, fmt.Errorf("frame body is not JSON: %q: %w", body, err)
	}
	if msg["jsonrpc"] != "2.0" {
		return nil, fmt.Errorf("frame body is not JSON-RPC 2.0: %s", body)
	}
	return msg, nil
}

func (s *lspSession) send(msg map[string]any) {
	s.t.Helper()
	msg["jsonrpc"] = "2.0"
	body, err := json.Marshal(msg)
	if err != nil {
		s.t.Fatal(err)
	}
	s.write(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

func (s *lspSession) write(raw string) {
	s.t.Helper()
	if _, err := io.WriteString(s.stdin, raw); err != nil {
		s.t.Fatalf("writing to the server: %v", err)
	}
}

// await returns the next message for which match is true, failing after a
// timeout; other messages are skipped.
func (s *lspSession) await(what string, match func(map[string]any) bool) map[string]any {
	s.t.Helper()
	return s.awaitWithin(what, 10*time.Second, match)
}

// awaitWithin is await with a time limit, for bulk cases.
func (s *lspSession) awaitWithin(what string, limit time.Duration, match func(map[string]any) bool) map[string]any {
	s.t.Helper()
	timeout := time.After(limit)
	for {
		select {
		case msg, ok := <-s.messages:
			if !ok {
				s.t.Fatalf("waiting for %s: stdout ended: %v", what, <-s.readErr)
			}
			if match(msg) {
				return msg
			}
		case <-timeout:
			s.t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
	}
}

func (s *lspSession) response(id int) map[string]any {
	s.t.Helper()
	return s.await(fmt.Sprintf("response %d", id), func(m map[string]any) bool {
		return m["id"] == float64(id) && m["method"] == nil
	})
}

// waitExit waits for the process to end and checks that stdout ended
// cleanly, with nothing but frames on it.
func (s *lspSession) waitExit() int {
	s.t.Helper()
	timeout := time.After(10 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-s.messages:
		case <-timeout:
			s.t.Fatal("the server did not exit")
		}
	}
	select {
	case <-s.done:
	case <-timeout:
		s.t.Fatal("the server did not exit")
	}
	if err := <-s.readErr; err != io.EOF {
		s.t.Errorf("stdout: %v", err)
	}
	return s.exitCode
}

func (s *lspSession) initialize() {
	s.t.Helper()
	s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{
			"textDocument": map[string]any{"documentSymbol": map[string]any{"hierarchicalDocumentSymbolSupport": true}},
		},
	}})
	result, _ := s.response(1)["result"].(map[string]any)
	if caps, _ := result["capabilities"].(map[string]any); caps["documentSymbolProvider"] != true {
		s.t.Fatalf("initialize result = %v", result)
	}
	s.send(map[string]any{"method": "initialized", "params": map[string]any{}})
}

func TestLSPLifecycle(t *testing.T) {
	s := startServer(t)
	s.initialize()
	const uri = "file:///tmp/ses/policy.json"
	text := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"送信😀\", \"Effect\": \"Allw\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]\n}\n"
	s.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "json", "version": 0, "text": text},
	}})
	pub := s.await("publishDiagnostics", func(m map[string]any) bool { return m["method"] == "textDocument/publishDiagnostics" })
	params := pub["params"].(map[string]any)
	if params["uri"] != uri || params["version"] != float64(0) {
		t.Errorf("publishDiagnostics params = %v, want version 0 for %s", params, uri)
	}
	var effect map[string]any
	for _, d := range params["diagnostics"].([]any) {
		if d := d.(map[string]any); d["code"] == "POL009" {
			effect = d
		}
	}
	if effect == nil {
		t.Fatalf("no POL009 in %v", params["diagnostics"])
	}
	// Line 2: `  "Statement": [{"Sid": "送信😀", "Effect": ` is 42 UTF-16 units
	// (58 bytes).
	start := effect["range"].(map[string]any)["start"].(map[string]any)
	if start["line"] != float64(2) || start["character"] != float64(42) {
		t.Errorf("POL009 starts at %v, want line 2 character 42", start)
	}

	s.send(map[string]any{"id": 2, "method": "textDocument/documentSymbol", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri},
	}})
	if syms, _ := s.response(2)["result"].([]any); len(syms) != 2 {
		t.Errorf("documentSymbol result = %v", syms)
	}

	s.send(map[string]any{"id": 3, "method": "shutdown"})
	if resp := s.response(3); resp["error"] != nil {
		t.Errorf("shutdown answered %v", resp)
	}
	s.send(map[string]any{"method": "exit"})
	if code := s.waitExit(); code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

// TestEndWithoutShutdown covers the ways a session can end without a
// shutdown request; each must exit with code 1. The three command lines
// that serve LSP are exercised on the way.
func TestEndWithoutShutdown(t *testing.T) {
	for name, tt := range map[string]struct {
		args []string
		end  func(s *lspSession)
	}{
		"exit notification": {[]string{"--stdio"}, func(s *lspSession) { s.send(map[string]any{"method": "exit"}) }},
		"stdin closed":      {[]string{"serve"}, func(s *lspSession) { s.stdin.Close() }},
	} {
		t.Run(name, func(t *testing.T) {
			s := startServer(t, tt.args...)
			s.initialize()
			tt.end(s)
			if code := s.waitExit(); code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
		})
	}
}

func TestLogFile(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "policyls.log")
	s := startServer(t, "--log-file", logFile)
	s.initialize()
	// Invalid params make jsonrpc2 log an error: it must land in the file.
	s.send(map[string]any{"method": "textDocument/didOpen", "params": "not an object"})
	s.send(map[string]any{"id": 9, "method": "shutdown"})
	s.response(9)
	s.send(map[string]any{"method": "exit"})
	if code := s.waitExit(); code != 0 {
		t.Errorf("exit code = %d", code)
	}
	if s.stderr.Len() != 0 {
		t.Errorf("stderr = %q, want everything in the log file", s.stderr)
	}
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serving LSP", "didOpen", "shutdown requested: true"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("log file lacks %q:\n%s", want, data)
		}
	}
}

// A log file that cannot be synced (/dev/null) is not an error to report.
func TestLogFileDevNull(t *testing.T) {
	s := startServer(t, "--log-file", os.DevNull)
	s.initialize()
	s.send(map[string]any{"id": 9, "method": "shutdown"})
	s.response(9)
	s.send(map[string]any{"method": "exit"})
	if code := s.waitExit(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if got := s.stderr.String(); got != "" {
		t.Errorf("stderr %q, want nothing", got)
	}
}
