package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// client is policyls running as a language server over pipes, driven the
// way an editor drives it. Frames are read on a goroutine, stamped with the
// time their last byte arrived, and delivered on messages.
type client struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	messages chan message
	readErr  error // why stdout ended; valid once messages is closed
	done     chan struct{}
	nextID   int
}

// message is one JSON-RPC message from the server. Params and Result stay
// raw so the reader does not spend time decoding what nobody looks at.
type message struct {
	ID     *int            `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  json.RawMessage `json:"error"`
	at     time.Time       // when the frame had arrived
}

// start spawns the server. Its stderr (the log) is dropped.
func start(binary string) (*client, error) {
	cmd := exec.Command(binary)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &client{cmd: cmd, stdin: stdin, messages: make(chan message, 4096), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer close(c.messages)
		r := bufio.NewReaderSize(stdout, 1<<16)
		for {
			m, err := readFrame(r)
			if err != nil {
				c.readErr = err
				return
			}
			c.messages <- m
		}
	}()
	return c, nil
}

// readFrame reads one LSP frame and stamps it.
func readFrame(r *bufio.Reader) (message, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return message{}, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil {
				return message{}, fmt.Errorf("bad Content-Length %q", value)
			}
		}
	}
	if length < 0 {
		return message{}, errors.New("frame without Content-Length")
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return message{}, err
	}
	at := time.Now()
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return message{}, fmt.Errorf("frame body: %w", err)
	}
	m.at = at
	return m, nil
}

// send writes one message as a single frame and returns when it was
// written.
func (c *client) send(msg map[string]any) (time.Time, error) {
	msg["jsonrpc"] = "2.0"
	body, err := json.Marshal(msg)
	if err != nil {
		return time.Time{}, err
	}
	frame := make([]byte, 0, len(body)+32)
	frame = fmt.Appendf(frame, "Content-Length: %d\r\n\r\n", len(body))
	frame = append(frame, body...)
	sent := time.Now()
	_, err = c.stdin.Write(frame)
	return sent, err
}

// request sends a request and returns its id.
func (c *client) request(method string, params any) (int, time.Time, error) {
	c.nextID++
	sent, err := c.send(map[string]any{"id": c.nextID, "method": method, "params": params})
	return c.nextID, sent, err
}

func (c *client) notify(method string, params any) (time.Time, error) {
	return c.send(map[string]any{"method": method, "params": params})
}

// await returns the first message match accepts, skipping others.
func (c *client) await(what string, match func(*message) bool) (message, error) {
	timeout := time.After(30 * time.Second)
	for {
		select {
		case m, ok := <-c.messages:
			if !ok {
				return message{}, fmt.Errorf("waiting for %s: server output ended: %v", what, c.readErr)
			}
			if match(&m) {
				return m, nil
			}
		case <-timeout:
			return message{}, fmt.Errorf("timed out waiting for %s", what)
		}
	}
}

// response waits for the response to request id.
func (c *client) response(id int) (message, error) {
	m, err := c.await(fmt.Sprintf("response %d", id), func(m *message) bool { return m.ID != nil && *m.ID == id && m.Method == "" })
	if err == nil && len(m.Error) > 0 && string(m.Error) != "null" {
		err = fmt.Errorf("response %d: error %s", id, m.Error)
	}
	return m, err
}

// published is the part of publishDiagnostics params the benchmark reads.
type published struct {
	URI         string            `json:"uri"`
	Version     *int              `json:"version"`
	Diagnostics []json.RawMessage `json:"diagnostics"`
}

// awaitPublished waits for the diagnostics of uri at version.
func (c *client) awaitPublished(uri string, version int) (message, error) {
	return c.await(fmt.Sprintf("diagnostics for %s version %d", uri, version), func(m *message) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p published
		return json.Unmarshal(m.Params, &p) == nil && p.URI == uri && p.Version != nil && *p.Version == version
	})
}

// initialize performs the handshake with the capabilities of a typical
// editor (Markdown, snippets).
func (c *client) initialize() error {
	id, _, err := c.request("initialize", map[string]any{
		"processId": os.Getpid(), "rootUri": nil,
		"capabilities": map[string]any{"textDocument": map[string]any{
			"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true, "documentationFormat": []string{"markdown", "plaintext"}}},
			"hover":      map[string]any{"contentFormat": []string{"markdown", "plaintext"}},
		}},
	})
	if err != nil {
		return err
	}
	if _, err := c.response(id); err != nil {
		return err
	}
	_, err = c.notify("initialized", map[string]any{})
	return err
}

// stop shuts the server down and waits for it to exit with code 0.
func (c *client) stop() error {
	id, _, err := c.request("shutdown", nil)
	if err == nil {
		_, err = c.response(id)
	}
	if err == nil {
		_, err = c.notify("exit", nil)
	}
	if err != nil {
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
		return err
	}
	for range c.messages {
	}
	if err := c.cmd.Wait(); err != nil {
		return fmt.Errorf("server exit: %w", err)
	}
	return nil
}

// memory returns the server's peak resident set (VmHWM) and current one
// (VmRSS) in bytes, from /proc. Elsewhere it returns zeros.
func (c *client) memory() (peak, now int64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmHWM":
			peak = kb << 10
		case "VmRSS":
			now = kb << 10
		}
	}
	return peak, now
}
