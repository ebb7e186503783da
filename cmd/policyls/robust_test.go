package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The robustness suite drives the built binary with what a broken or
// hostile editor, or a file, could send. After every case that leaves the
// connection open, the server must still answer correctly, which here means
// concretely (see probe): hover on "ses:SendEmail" in a fixed policy is
// Markdown that names SendEmail, and completion after `"ses:Sen` offers
// ses:SendEmail with an edit replacing the quoted partial action.

// The probe policy is one line of ASCII, so UTF-16 columns are byte offsets.
const (
	probeURI  = "file:///robust/probe.json"
	probeText = `{"Version": "2012-10-17", "Statement": [{"Sid": "Probe", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, ` +
		`"Action": ["ses:SendEmail", "ses:Sen"], "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com"}]}`
)

// robustSession is an lspSession with request ids, longer waits for bulk
// cases, and the probe document open.
type robustSession struct {
	*lspSession
	t  *testing.T
	id int
}

// startRobust starts the server, initializes it as a Markdown-capable
// editor would and opens the probe document.
func startRobust(t *testing.T) *robustSession {
	t.Helper()
	r := &robustSession{lspSession: startServer(t), t: t, id: 100}
	init := r.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{
		"textDocument": map[string]any{
			"hover":      map[string]any{"contentFormat": []string{"markdown"}},
			"completion": map[string]any{"completionItem": map[string]any{"documentationFormat": []string{"markdown"}}},
		},
	}})
	if init["error"] != nil {
		t.Fatalf("initialize: %v", init)
	}
	r.send(map[string]any{"method": "initialized", "params": map[string]any{}})
	r.open(probeURI, 0, probeText)
	r.published(probeURI, 0)
	return r
}

// use makes the session report to t (a subtest must not fail its
// parent).
func (r *robustSession) use(t *testing.T) {
	r.t, r.lspSession.t = t, t
}

// call sends a request and returns its response (result or error).
func (r *robustSession) call(method string, params any) map[string]any {
	r.t.Helper()
	r.id++
	id := r.id
	r.send(map[string]any{"id": id, "method": method, "params": params})
	return r.awaitWithin(fmt.Sprintf("response to %s", method), 20*time.Second, func(m map[string]any) bool {
		return m["id"] == float64(id) && m["method"] == nil
	})
}

// result returns a request's result, failing on an error response.
func (r *robustSession) result(method string, params any) any {
	r.t.Helper()
	resp := r.call(method, params)
	if resp["error"] != nil {
		r.t.Fatalf("%s %v: error %v", method, params, resp["error"])
	}
	return resp["result"]
}

func (r *robustSession) open(uri string, version int, text string) {
	r.t.Helper()
	r.send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "json", "version": version, "text": text},
	}})
}

// published waits for the diagnostics of uri at version and returns them;
// they must be an array, never null.
func (r *robustSession) published(uri string, version int) []any {
	r.t.Helper()
	m := r.awaitWithin(fmt.Sprintf("diagnostics of %s version %d", uri, version), 20*time.Second, func(m map[string]any) bool {
		p, _ := m["params"].(map[string]any)
		return m["method"] == "textDocument/publishDiagnostics" && p["uri"] == uri && p["version"] == float64(version)
	})
	diags, ok := m["params"].(map[string]any)["diagnostics"].([]any)
	if !ok {
		r.t.Fatalf("diagnostics of %s version %d are not an array: %v", uri, version, m)
	}
	return diags
}

// writeAll writes frames from a goroutine, so the test can read the
// server's answers meanwhile (the pipes would otherwise fill both ways).
func (r *robustSession) writeAll(frames func(write func(msg map[string]any) error) error) <-chan error {
	done := make(chan error, 1)
	go func() {
		done <- frames(func(msg map[string]any) error {
			msg["jsonrpc"] = "2.0"
			body, err := json.Marshal(msg)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(r.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
			return err
		})
	}()
	return done
}

// probe checks that the server still answers hover and completion
// correctly on the probe document.
func (r *robustSession) probe(after string) {
	r.t.Helper()
	at := func(needle string, end bool) map[string]any {
		i := strings.Index(probeText, needle)
		if end {
			i += len(needle)
		} else {
			i += 3
		}
		return map[string]any{"textDocument": map[string]any{"uri": probeURI}, "position": map[string]any{"line": 0, "character": i}}
	}
	hover, _ := r.result("textDocument/hover", at(`"ses:SendEmail"`, false)).(map[string]any)
	contents, _ := hover["contents"].(map[string]any)
	if value, _ := contents["value"].(string); contents["kind"] != "markdown" || !strings.Contains(value, "SendEmail") {
		r.t.Errorf("after %s: hover on ses:SendEmail = %v, want Markdown naming SendEmail", after, hover)
	}
	list, _ := r.result("textDocument/completion", at(`"ses:Sen`, true)).(map[string]any)
	items, _ := list["items"].([]any)
	found := false
	for _, it := range items {
		it, _ := it.(map[string]any)
		edit, _ := it["textEdit"].(map[string]any)
		if it["label"] == "ses:SendEmail" && edit["newText"] == `"ses:SendEmail"` {
			found = true
		}
	}
	if !found {
		r.t.Errorf("after %s: completion after \"ses:Sen has no ses:SendEmail among %d items", after, len(items))
	}
}

// memoryPeak returns the server's peak resident set (VmHWM) in bytes, or
// 0 where /proc is not available.
func (r *robustSession) memoryPeak() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// stop shuts the server down cleanly: exit code 0.
func (r *robustSession) stop() {
	r.t.Helper()
	r.call("shutdown", nil)
	r.send(map[string]any{"method": "exit"})
	if code := r.waitExit(); code != 0 {
		r.t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

func codes(diags []any) []string {
	var out []string
	for _, d := range diags {
		if d, ok := d.(map[string]any); ok {
			out = append(out, fmt.Sprint(d["code"]))
		}
	}
	return out
}

func pos(line, character any) map[string]any {
	return map[string]any{"line": line, "character": character}
}

// TestRobustDocuments sends documents an editor may hold: invalid JSON,
// every truncation of a real policy, a huge policy, deep nesting, lone
// surrogates and invalid UTF-8. Each one gets a diagnostics array, and the
// server keeps answering.
func TestRobustDocuments(t *testing.T) {
	r := startRobust(t)
	r.probe("start")

	t.Run("invalid JSON", func(t *testing.T) {
		r.use(t)
		docs := []string{
			"", "{", "}", "[", "]]]]", "{{{{", "null", "123", `"text"`, "\x00\x01\x02", "\ufeff{}",
			`{"Statement": [`, `{"a":}`, `{"Version": "2012-10-17" "Statement": []}`,
			`{"Version": "2012-10-17", "Statement": [{"Effect": Allow, "Action": "ses:SendEmail",}]}`,
			`/* comment */ {"Version": "2012-10-17", "Statement": []} // more`,
			`{"Version": "2012-10-17", "Statement": [{"Sid": "unterminated` + "\n" + `}]}`,
		}
		for i, doc := range docs {
			uri := fmt.Sprintf("file:///robust/invalid-%d.json", i)
			r.open(uri, 1, doc)
			r.published(uri, 1)
			for _, p := range []map[string]any{pos(0, 0), pos(0, len(doc)/2), pos(0, len(doc))} {
				params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}
				r.result("textDocument/hover", params)
				r.result("textDocument/completion", params)
			}
		}
		// A policy-shaped document reports its syntax errors.
		uri := "file:///robust/invalid-14.json"
		r.send(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": docs[14]}},
		}})
		if got := strings.Join(codes(r.published(uri, 2)), " "); !strings.Contains(got, "JSON") {
			t.Errorf("syntax errors of %q: codes %s, want JSON0xx", docs[14], got)
		}
		r.probe("invalid JSON documents")
	})

	t.Run("truncated at every byte", func(t *testing.T) {
		r.use(t)
		src, err := os.ReadFile(filepath.Join("..", "..", "analysis", "testdata", "ses-identity-4kb.json"))
		if err != nil {
			t.Fatal(err)
		}
		const uri = "file:///robust/truncated.json"
		r.open(uri, 0, "")
		r.published(uri, 0)
		// Every prefix as a new version, each followed by a completion at
		// its end, all sent in one burst.
		first := r.id + 1
		r.id += len(src) + 1
		sent := r.writeAll(func(write func(map[string]any) error) error {
			for n := 0; n <= len(src); n++ {
				text := string(src[:n])
				if err := write(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
					"textDocument": map[string]any{"uri": uri, "version": n + 1}, "contentChanges": []any{map[string]any{"text": text}},
				}}); err != nil {
					return err
				}
				line := strings.Count(text, "\n")
				if err := write(map[string]any{"id": first + n, "method": "textDocument/completion", "params": map[string]any{
					"textDocument": map[string]any{"uri": uri}, "position": pos(line, len(text)-strings.LastIndex(text, "\n")-1),
				}}); err != nil {
					return err
				}
			}
			return nil
		})
		versions, answers := 0, 0
		r.awaitWithin("every truncation's diagnostics and completion", 60*time.Second, func(m map[string]any) bool {
			if p, _ := m["params"].(map[string]any); m["method"] == "textDocument/publishDiagnostics" && p["uri"] == uri {
				if _, ok := p["diagnostics"].([]any); !ok {
					t.Fatalf("diagnostics not an array: %v", p)
				}
				if p["version"] != float64(versions+1) {
					t.Fatalf("diagnostics of version %v, want %d", p["version"], versions+1)
				}
				versions++
			}
			if id, ok := m["id"].(float64); ok && m["method"] == nil && int(id) >= first {
				if m["error"] != nil {
					t.Fatalf("completion %v: error %v", id, m["error"])
				}
				answers++
			}
			return versions == len(src)+1 && answers == len(src)+1
		})
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
		r.probe("every truncation of the 4 KB policy")
	})

	t.Run("5 MB policy", func(t *testing.T) {
		r.use(t)
		var b strings.Builder
		b.WriteString(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [`)
		for b.Len() < 5<<20 {
			b.WriteString(`"ses:SendEmail", `)
		}
		b.WriteString(`"ses:SendRawEmail"]}]}`)
		const uri = "file:///robust/huge.json"
		begin := time.Now()
		r.open(uri, 1, b.String())
		got := codes(r.published(uri, 1))
		took := time.Since(begin)
		if took > 5*time.Second {
			t.Errorf("a 5 MB document took %v", took)
		}
		t.Logf("5 MB policy: diagnostics after %v, peak RSS %d MB", took.Round(time.Millisecond), r.memoryPeak()>>20)
		if strings.Join(got, " ") != "JSON006" {
			t.Errorf("5 MB policy: codes %v, want only JSON006 (too large)", got)
		}
		if peak := r.memoryPeak(); peak > 200<<20 {
			t.Errorf("peak RSS %d MB after a 5 MB document, want at most 200 MB", peak>>20)
		}
		for _, p := range []map[string]any{pos(0, 100), pos(0, 4<<20)} {
			params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}
			r.result("textDocument/hover", params)
			r.result("textDocument/completion", params)
		}
		r.send(map[string]any{"method": "textDocument/didClose", "params": map[string]any{"textDocument": map[string]any{"uri": uri}}})
		r.probe("a 5 MB document")
	})

	t.Run("100,000 nested arrays", func(t *testing.T) {
		r.use(t)
		deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
		for name, tt := range map[string]struct {
			text, want string
		}{
			// A policy whose Resource nests 100,000 arrays: too deep.
			"in a policy": {`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": ` + deep + `}]}`, "JSON005"},
			// Unclosed, in a policy.
			"unclosed in a policy": {`{"Version": "2012-10-17", "Statement": ` + strings.Repeat("[", 100000), "JSON005"},
			// Bare nesting does not look like a policy: no diagnostics
			// (ARCHITECTURE.md, "silence on what is not a policy"), but
			// still a quick answer.
			"bare": {deep, ""},
		} {
			uri := "file:///robust/deep-" + strings.ReplaceAll(name, " ", "-") + ".json"
			begin := time.Now()
			r.open(uri, 1, tt.text)
			got := codes(r.published(uri, 1))
			took := time.Since(begin)
			if took > 2*time.Second {
				t.Errorf("%s: took %v", name, took)
			}
			t.Logf("%s (%d KB): %d diagnostics (%s) after %v", name, len(tt.text)>>10, len(got), strings.Join(slices.Compact(slices.Sorted(slices.Values(got))), " "), took.Round(time.Millisecond))
			if tt.want == "" && len(got) != 0 || tt.want != "" && !strings.Contains(strings.Join(got, " "), tt.want) {
				t.Errorf("%s: codes %v, want %q", name, got, tt.want)
			}
			middle := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(0, len(tt.text)/2)}
			r.result("textDocument/hover", middle)
			r.result("textDocument/completion", middle)
		}
		r.probe("100,000 nested arrays")
	})

	t.Run("lone surrogates and invalid UTF-8", func(t *testing.T) {
		r.use(t)
		policy := func(sid string) string {
			return `{"Version": "2012-10-17", "Statement": [{"Sid": "` + sid + `", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "ses:SendEmail", "Resource": "*"}]}`
		}
		// In the document: escapes naming lone surrogates, seen by our
		// parser.
		for i, sid := range []string{`\ud800`, `\udfff`, `\ud83d\u0041`, `a\ud83d`, `\ud83d\ude00\ude00`} {
			uri := fmt.Sprintf("file:///robust/escape-%d.json", i)
			r.open(uri, 1, policy(sid))
			r.published(uri, 1)
		}
		// On the wire: the JSON-RPC string itself holds a lone surrogate
		// escape, or raw bytes that are not UTF-8 (a lone continuation
		// byte, 0xFF, a surrogate encoded as UTF-8, a truncated sequence).
		// The frame is written by hand, since encoding/json would repair
		// it.
		for i, sid := range []string{`\\ud800`, `\ud800`, `\udc00x`, "\x80", "\xff\xfe", "\xed\xa0\x80", "\xe6\x97", "日本\xf0\x9f"} {
			uri := fmt.Sprintf("file:///robust/wire-%d.json", i)
			text, _ := json.Marshal(policy("SID"))
			body := `{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "` + uri +
				`", "languageId": "json", "version": 1, "text": ` + strings.Replace(string(text), "SID", sid, 1) + `}}}`
			r.write(frame(body))
			r.published(uri, 1)
			// Hover and completion at every UTF-16 column of the Sid,
			// some of them inside a surrogate pair.
			for c := 45; c < 60; c++ {
				params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(0, c)}
				r.result("textDocument/hover", params)
				r.result("textDocument/completion", params)
			}
		}
		// Emoji and Japanese, with positions inside surrogate pairs.
		const uri = "file:///robust/emoji.json"
		text := "{\"Version\": \"2012-10-17\",\r\n\"Statement\": [{\"Sid\": \"送信😀😀\", \"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]}"
		r.open(uri, 1, text)
		r.published(uri, 1)
		for c := range 40 {
			params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos(1, c)}
			r.result("textDocument/hover", params)
			r.result("textDocument/completion", params)
		}
		r.probe("lone surrogates and invalid UTF-8")
	})
	r.use(t)
	r.stop()
}

// TestRobustRequests covers requests that do not fit the documents:
// positions far out of range, unopened documents, unknown methods, and
// thousands of changes sent without waiting.
func TestRobustRequests(t *testing.T) {
	r := startRobust(t)
	const uri = "file:///robust/policy.json"
	text := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"送信😀\", \"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}]\n}\n"
	r.open(uri, 1, text)
	r.published(uri, 1)
	codeActions := serves(t, "codeActionProvider")

	t.Run("positions far out of range", func(t *testing.T) {
		r.use(t)
		// Every position-taking request. Numbers that fit LSP's uinteger
		// (up to 2^32-1 as glsp decodes it) get an answer; negative and
		// larger ones get an invalid-params error. Neither may crash.
		methods := []string{"textDocument/hover", "textDocument/completion"}
		if codeActions {
			methods = append(methods, "textDocument/codeAction")
		}
		valid := []map[string]any{pos(2147483647, 2147483647), pos(4294967295, 0), pos(0, 4294967295), pos(2, 4294967295), pos(1000000, 3)}
		invalid := []map[string]any{pos(-1, 0), pos(0, -1), pos(1e20, 0), pos(4294967296, 0), pos("1", 0), pos(0.5, 0)}
		for _, method := range methods {
			for _, p := range append(valid, invalid...) {
				params := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}
				if method == "textDocument/codeAction" {
					params = map[string]any{"textDocument": map[string]any{"uri": uri}, "range": map[string]any{"start": pos(0, 0), "end": p}, "context": map[string]any{"diagnostics": []any{}}}
				}
				resp := r.call(method, params)
				e, _ := resp["error"].(map[string]any)
				if isValid := !containsPosition(invalid, p); isValid && e != nil || !isValid && (e == nil || e["code"] != float64(-32602)) {
					t.Errorf("%s at %v: %v", method, p, resp)
				}
			}
		}
		// A ranged change far out of range appends at the end.
		r.send(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": 2},
			"contentChanges": []any{map[string]any{"range": map[string]any{"start": pos(4294967295, 4294967295), "end": pos(2147483647, 0)}, "text": " "}},
		}})
		r.published(uri, 2)
		if got := r.result("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}); got == nil {
			t.Errorf("documentSymbol after a far-off change = null")
		}
		r.probe("positions far out of range")
	})

	t.Run("unopened documents", func(t *testing.T) {
		r.use(t)
		other := map[string]any{"uri": "file:///robust/never-opened.json"}
		at := map[string]any{"textDocument": other, "position": pos(0, 0)}
		if got := r.result("textDocument/hover", at); got != nil {
			t.Errorf("hover on an unopened document = %v, want null", got)
		}
		if got, _ := r.result("textDocument/completion", at).(map[string]any); got == nil || len(got["items"].([]any)) != 0 {
			t.Errorf("completion on an unopened document = %v, want an empty list", got)
		}
		if got, _ := r.result("textDocument/documentSymbol", map[string]any{"textDocument": other}).([]any); got == nil || len(got) != 0 {
			t.Errorf("documentSymbol on an unopened document = %v, want []", got)
		}
		if codeActions {
			resp := r.call("textDocument/codeAction", map[string]any{"textDocument": other, "range": map[string]any{"start": pos(0, 0), "end": pos(0, 0)}, "context": map[string]any{"diagnostics": []any{}}})
			if resp["error"] != nil {
				t.Errorf("codeAction on an unopened document: %v", resp)
			}
		}
		r.send(map[string]any{"method": "textDocument/didClose", "params": map[string]any{"textDocument": other}})
		r.awaitWithin("diagnostics cleared for the unopened document", 10*time.Second, func(m map[string]any) bool {
			p, _ := m["params"].(map[string]any)
			return m["method"] == "textDocument/publishDiagnostics" && p["uri"] == other["uri"]
		})
		r.probe("requests for unopened documents")
	})

	t.Run("unknown methods", func(t *testing.T) {
		r.use(t)
		for _, method := range []string{"policyls/nope", "textDocument/semanticTokens/full", "textDocument/inlayHint", ""} {
			resp := r.call(method, map[string]any{})
			if e, _ := resp["error"].(map[string]any); e == nil || e["code"] != float64(-32601) {
				t.Errorf("%q answered %v, want error -32601 (MethodNotFound)", method, resp)
			}
		}
		// Unknown notifications are dropped without an answer.
		r.send(map[string]any{"method": "$/policyls/unknown", "params": map[string]any{}})
		r.send(map[string]any{"method": "policyls/unknownNotification"})
		r.probe("unknown methods")
	})

	t.Run("10,000 rapid changes", func(t *testing.T) {
		r.use(t)
		const uri, n = "file:///robust/rapid.json", 10000
		textOf := func(v int) string {
			effect := []string{"Allow", "Allw", "Deny", "deny"}[v%4]
			return fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [{"Sid": "S%d", "Effect": %q, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["ses:SendEmail", "ses:Send%d"], "Resource": "*"}]}`, v, effect, v)
		}
		r.open(uri, 0, textOf(0))
		r.published(uri, 0)
		sent := r.writeAll(func(write func(map[string]any) error) error {
			for v := 1; v <= n; v++ {
				if err := write(map[string]any{"method": "textDocument/didChange", "params": map[string]any{
					"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{map[string]any{"text": textOf(v)}},
				}}); err != nil {
					return err
				}
			}
			return nil
		})
		last := 0
		final := r.awaitWithin("the last version's diagnostics", 90*time.Second, func(m map[string]any) bool {
			p, _ := m["params"].(map[string]any)
			if m["method"] != "textDocument/publishDiagnostics" || p["uri"] != uri {
				return false
			}
			v := int(p["version"].(float64))
			if v <= last {
				t.Fatalf("diagnostics of version %d after version %d", v, last)
			}
			last = v
			return v == n
		})
		if err := <-sent; err != nil {
			t.Fatal(err)
		}
		// The same text opened afresh is the reference.
		r.open("file:///robust/rapid-reference.json", 1, textOf(n))
		want, _ := json.Marshal(r.published("file:///robust/rapid-reference.json", 1))
		got, _ := json.Marshal(final["params"].(map[string]any)["diagnostics"])
		if !bytes.Equal(got, want) || len(want) < 10 {
			t.Errorf("after %d changes the diagnostics are\n%s\nwant those of the final text\n%s", n, got, want)
		}
		r.probe("10,000 rapid changes")
	})
	r.use(t)
	r.stop()
}

// serves reports whether the initialize result announces a capability, so
// the suite covers code actions once the server has them.
func serves(t *testing.T, capability string) bool {
	t.Helper()
	s := startServer(t)
	s.send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}})
	result, _ := s.response(1)["result"].(map[string]any)
	caps, _ := result["capabilities"].(map[string]any)
	_ = s.cmd.Process.Kill()
	v, ok := caps[capability]
	return ok && v != false && v != nil
}

func containsPosition(list []map[string]any, p map[string]any) bool {
	for _, q := range list {
		if fmt.Sprint(q) == fmt.Sprint(p) {
			return true
		}
	}
	return false
}

// TestRobustExitCodes: 0 after shutdown however the connection then ends,
// 1 otherwise.
func TestRobustExitCodes(t *testing.T) {
	for name, tt := range map[string]struct {
		steps func(r *robustSession)
		want  int
	}{
		"shutdown, exit": {func(r *robustSession) {
			r.call("shutdown", nil)
			r.send(map[string]any{"method": "exit"})
		}, 0},
		"shutdown twice, exit": {func(r *robustSession) {
			r.call("shutdown", nil)
			r.call("shutdown", nil)
			r.send(map[string]any{"method": "exit"})
		}, 0},
		"shutdown, stdin closed": {func(r *robustSession) {
			r.call("shutdown", nil)
			r.stdin.Close()
		}, 0},
		"exit without shutdown": {func(r *robustSession) { r.send(map[string]any{"method": "exit"}) }, 1},
		"stdin closed":          {func(r *robustSession) { r.stdin.Close() }, 1},
	} {
		t.Run(name, func(t *testing.T) {
			r := startRobust(t)
			r.probe("start")
			tt.steps(r)
			if code := r.waitExit(); code != tt.want {
				t.Errorf("exit code %d, want %d", code, tt.want)
			}
		})
	}
	t.Run("exit before initialize", func(t *testing.T) {
		s := startServer(t)
		s.send(map[string]any{"method": "exit"})
		if code := s.waitExit(); code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
	})
}

// TestRobustFraming: a broken frame ends the session (exit code 1, stdout
// still only whole frames) within seconds and without burning CPU; an
// unfinished frame leaves the server waiting idle until stdin closes.
func TestRobustFraming(t *testing.T) {
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(i*7919 + i>>8)
	}
	for name, raw := range map[string]string{
		"bad length":                   "Content-Length: many\r\n\r\n{}",
		"body not JSON":                "Content-Length: 5\r\n\r\nhello",
		"bare LF headers":              "Content-Length: 2\n\n{}\rxx",
		"no length":                    "Content-Type: application/json\r\n\r\n",
		"length beyond 32 bits":        "Content-Length: 99999999999\r\n\r\n{}",
		"zero length":                  "Content-Length: 0\r\n\r\n",
		"negative length":              "Content-Length: -5\r\n\r\n{}",
		"length shorter than the body": "Content-Length: 10\r\n\r\n" + `{"jsonrpc": "2.0", "id": 5, "method": "shutdown"}`,
		"not JSON-RPC":                 "Content-Length: 17\r\n\r\n" + `{"jsonrpc":"2.0"}`,
		"empty batch":                  "Content-Length: 2\r\n\r\n[]",
		"header without colon":         "garbage\r\n\r\n",
		"64 KB of binary garbage":      string(garbage),
		"garbage after a good message": frame(`{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"textDocument": {"uri": "`+probeURI+`"}, "position": {"line": 0, "character": 0}}}`) + "\x00\x01\x02\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			r := startRobust(t)
			r.probe("start")
			r.write(raw)
			begin := time.Now()
			if code := r.waitExit(); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if took := time.Since(begin); took > 5*time.Second {
				t.Errorf("took %v to exit", took)
			}
			if cpu := r.cmd.ProcessState.UserTime() + r.cmd.ProcessState.SystemTime(); cpu > time.Second {
				t.Errorf("used %v of CPU", cpu)
			}
		})
	}
	t.Run("unfinished frame", func(t *testing.T) {
		r := startRobust(t)
		r.probe("start")
		r.write("Content-Length: 1000\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": 9, ")
		before := cpuTime(r.cmd.Process.Pid)
		time.Sleep(time.Second)
		if spent := cpuTime(r.cmd.Process.Pid) - before; spent > 200*time.Millisecond {
			t.Errorf("waiting for the rest of a frame used %v of CPU in one second", spent)
		}
		r.stdin.Close()
		if code := r.waitExit(); code != 1 {
			t.Errorf("exit code %d, want 1", code)
		}
	})
}

// frame wraps a JSON-RPC body in an LSP frame.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// cpuTime returns the user and system time a process has used so far, from
// /proc/PID/stat (in clock ticks of 10 ms), or 0 without /proc.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses.
	fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
