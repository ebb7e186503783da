package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// A figure is one measured quantity, with its target when issue 8 sets
// one.
type figure struct {
	name   string
	unit   string
	target float64 // 0: none
	values []float64
}

// results holds the figures in the order they are reported.
type results struct {
	figures []*figure
	byName  map[string]*figure
}

func (r *results) add(name, unit string, target, value float64) {
	if r.byName == nil {
		r.byName = map[string]*figure{}
	}
	f := r.byName[name]
	if f == nil {
		f = &figure{name: name, unit: unit, target: target}
		r.byName[name] = f
		r.figures = append(r.figures, f)
	}
	f.values = append(f.values, value)
}

// write prints the table: median, min and max over the runs, the target
// and whether the median meets it (every target is an upper bound, except
// throughputs, whose unit ends in "/s").
func (r *results) write(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "figure\tmedian\tmin\tmax\ttarget\tmet")
	for _, f := range r.figures {
		s := slices.Clone(f.values)
		slices.Sort(s)
		med := s[len(s)/2]
		if len(s)%2 == 0 {
			med = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
		target, met := "", ""
		if f.target > 0 {
			target = "≤ " + format(f.target, f.unit)
			ok := med <= f.target
			if strings.HasSuffix(f.unit, "/s") {
				target, ok = "≥ "+format(f.target, f.unit), med >= f.target
			}
			met = map[bool]string{true: "yes", false: "NO"}[ok]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.name, format(med, f.unit), format(s[0], f.unit), format(s[len(s)-1], f.unit), target, met)
	}
	tw.Flush()
}

func format(v float64, unit string) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	default:
		return fmt.Sprintf("%.2f %s", v, unit)
	}
}

// percentile returns the nearest-rank q-quantile of durations, in ms.
func percentile(d []time.Duration, q float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	i := max(int(math.Ceil(q*float64(len(s))))-1, 0)
	return float64(s[i]) / float64(time.Millisecond)
}

const mb = 1 << 20

// measure runs every measurement cfg.runs times.
func measure(cfg config) (*results, error) {
	src, err := os.ReadFile(filepath.Join(cfg.repo, "analysis", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		return nil, err
	}
	tree, err := os.MkdirTemp("", "policyls-bench-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tree)
	n, size, err := writeCheckTree(cfg.repo, tree, cfg.files)
	if err != nil {
		return nil, err
	}
	r := &results{}
	for range cfg.runs {
		if err := measureStart(cfg, r); err != nil {
			return nil, err
		}
		if err := measureSession(cfg, src, r); err != nil {
			return nil, err
		}
		for _, roles := range []int{1, 100} {
			if err := measureTemplateTyping(cfg, roles, r); err != nil {
				return nil, err
			}
		}
		if err := measureCheck(cfg, tree, n, size, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// measureStart times spawn → initialize response.
func measureStart(cfg config, r *results) error {
	var d []time.Duration
	for range cfg.starts {
		begin := time.Now()
		c, err := start(cfg.binary)
		if err != nil {
			return err
		}
		id, _, err := c.request("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
		if err != nil {
			return err
		}
		m, err := c.response(id)
		if err != nil {
			return err
		}
		d = append(d, m.at.Sub(begin))
		if err := c.stop(); err != nil {
			return err
		}
	}
	r.add("start → initialize response p50", "ms", 20, percentile(d, 0.5))
	r.add("start → initialize response max", "ms", 0, percentile(d, 1))
	return nil
}

// typingSpots are where the typing simulation types a word and deletes it
// again: in a Sid (stays clean), in an action name (an unknown action with
// a did-you-mean while the word is there) and in a Resource ARN.
var typingSpots = []string{`"Sid": "AllowSendA`, `["ses:SendEmail`, `identity/example.com`}

// measureSession runs one editor session: typing, completion and hover in
// the 4 KB policy, then opening cfg.docs more documents.
func measureSession(cfg config, src []byte, r *results) error {
	c, err := start(cfg.binary)
	if err != nil {
		return err
	}
	defer func() { _ = c.cmd.Process.Kill() }()
	if err := c.initialize(); err != nil {
		return err
	}
	const uri = "file:///bench/ses-identity-4kb.json"
	if err := openAndAwait(c, uri, "json", src); err != nil {
		return err
	}

	// Typing: each edit inserts or deletes one letter, and the full text
	// goes out (the server asks for full sync); the latency is until the
	// diagnostics of that version arrive.
	text := slices.Clone(src)
	var typing []time.Duration
	const word = "abcdefghij"
	for v := 1; v <= cfg.edits; v++ {
		step := (v - 1) % (2 * len(word))
		spot := typingSpots[(v-1)/(2*len(word))%len(typingSpots)]
		at := bytes.Index(src, []byte(spot)) + len(spot)
		text = typeOrErase(text, at, step, word)
		cfg.wait()
		took, err := changeAndAwait(c, uri, v, text)
		if err != nil {
			return err
		}
		typing = append(typing, took)
		cfg.reportSlow(took, "didChange version %d (%q at %q)", v, word[:min(step+1, 2*len(word)-step)], spot)
	}
	r.add("typing: didChange → diagnostics p50", "ms", 0, percentile(typing, 0.5))
	r.add("typing: didChange → diagnostics p90", "ms", 0, percentile(typing, 0.9))
	r.add("typing: didChange → diagnostics p99", "ms", 2, percentile(typing, 0.99))
	r.add("typing: didChange → diagnostics max", "ms", 0, percentile(typing, 1))

	// Completion in `"ses:Sen|` and hover on the same action, on the
	// original text.
	v := cfg.edits + 1
	if _, err := c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": v}, "contentChanges": []any{map[string]any{"text": string(src)}}}); err != nil {
		return err
	}
	if _, err := c.awaitPublished(uri, v); err != nil {
		return err
	}
	pos := position(src, bytes.Index(src, []byte(`"Action": ["ses:Sen`))+len(`"Action": ["ses:Sen`))
	for _, q := range []struct{ method, want, name string }{
		{"textDocument/completion", `"label":"ses:SendEmail"`, "completion"},
		{"textDocument/hover", "SendEmail", "hover"},
	} {
		var d []time.Duration
		for range cfg.requests {
			cfg.wait()
			id, sent, err := c.request(q.method, map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos})
			if err != nil {
				return err
			}
			m, err := c.response(id)
			if err != nil {
				return err
			}
			if !strings.Contains(string(m.Result), q.want) {
				return fmt.Errorf("%s answered %.300s, want it to contain %s", q.method, m.Result, q.want)
			}
			d = append(d, m.at.Sub(sent))
			cfg.reportSlow(m.at.Sub(sent), "%s request %d of %d", q.name, len(d), cfg.requests)
		}
		target := 0.0
		if q.name == "completion" {
			target = 2
		}
		r.add(q.name+" p50", "ms", 0, percentile(d, 0.5))
		r.add(q.name+" p99", "ms", target, percentile(d, 0.99))
	}
	// The floor: a request the server answers without work (an unknown
	// method, answered with MethodNotFound). Its tail is the machine's
	// (scheduling, pipes), not policyls's.
	var floor []time.Duration
	for range cfg.requests {
		cfg.wait()
		id, sent, err := c.request("policyls/ping", map[string]any{})
		if err != nil {
			return err
		}
		m, err := c.await("the ping's answer", func(m *message) bool { return m.ID != nil && *m.ID == id && m.Method == "" })
		if err != nil {
			return err
		}
		floor = append(floor, m.at.Sub(sent))
	}
	r.add("floor: unknown method round trip p50", "ms", 0, percentile(floor, 0.5))
	r.add("floor: unknown method round trip p99", "ms", 0, percentile(floor, 0.99))

	peak, _ := c.memory()
	r.add("peak RSS, one document", "MB", 30, float64(peak)/mb)

	// Opening documents: every didOpen is written at once, as an editor
	// restoring a session would; the clock stops at the last diagnostics.
	begin := time.Now()
	errc := make(chan error, 1)
	go func() {
		for i := range cfg.docs {
			doc := bytes.Replace(src, []byte("AllowSendA"), fmt.Appendf(nil, "AllowSend%05d", i), 1)
			if _, err := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
				"uri": fmt.Sprintf("file:///bench/docs/%05d.json", i), "languageId": "json", "version": 1, "text": string(doc),
			}}); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	seen := 0
	var last time.Time
	for seen < cfg.docs {
		m, err := c.await("diagnostics of the opened documents", func(m *message) bool {
			return m.Method == "textDocument/publishDiagnostics" && bytes.Contains(m.Params, []byte("file:///bench/docs/"))
		})
		if err != nil {
			return err
		}
		seen++
		last = m.at
	}
	if err := <-errc; err != nil {
		return err
	}
	r.add(fmt.Sprintf("opening %d documents", cfg.docs), "docs/s", 0, float64(cfg.docs)/last.Sub(begin).Seconds())
	peak, _ = c.memory()
	r.add(fmt.Sprintf("peak RSS after %d documents", cfg.docs), "MB", 80, float64(peak)/mb)
	return c.stop()
}

// wait sleeps between timed messages when cfg.pace asks for it.
func (cfg config) wait() {
	if cfg.pace > 0 {
		time.Sleep(cfg.pace)
	}
}

// reportSlow prints a line about a sample slower than cfg.slow.
func (cfg config) reportSlow(d time.Duration, format string, args ...any) {
	if cfg.slow > 0 && d > cfg.slow {
		fmt.Fprintf(os.Stderr, "slow: %v: %s\n", d.Round(time.Microsecond), fmt.Sprintf(format, args...))
	}
}

// position returns the LSP position (UTF-16 columns) of a byte offset.
func position(src []byte, offset int) map[string]int {
	line := bytes.Count(src[:offset], []byte("\n"))
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	units := 0
	for rest := src[start:offset]; len(rest) > 0; {
		r, size := utf8.DecodeRune(rest)
		units += max(len(utf16.Encode([]rune{r})), 1)
		rest = rest[size:]
	}
	return map[string]int{"line": line, "character": units}
}

// measureCheck times "policyls check" over the generated tree, with the
// report thrown away, and records how much CPU it used per second of wall
// time (2.0 is both cores busy throughout).
func measureCheck(cfg config, tree string, files int, size int64, r *results) error {
	cmd := newCheckCommand(cfg.binary, tree)
	begin := time.Now()
	err := cmd.Run()
	wall := time.Since(begin)
	if code := cmd.ProcessState.ExitCode(); err != nil && code != 1 {
		return fmt.Errorf("policyls check: %w", err)
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	r.add(fmt.Sprintf("check %d files (%.1f MB): wall", files, float64(size)/mb), "s", 2, wall.Seconds())
	r.add("check: CPU time / wall time", "cores", 0, cpu.Seconds()/wall.Seconds())
	if peak := maxRSS(cmd.ProcessState); peak > 0 {
		r.add("check: peak RSS", "MB", 0, float64(peak)/mb)
	}
	return nil
}

// pinpointTemplate is examples/pinpoint-email-role.yaml with its role
// repeated roles times under numbered logical IDs (two policies each).
func pinpointTemplate(repo string, roles int) ([]byte, error) {
	src, err := os.ReadFile(filepath.Join(repo, "examples", "pinpoint-email-role.yaml"))
	if err != nil {
		return nil, err
	}
	at := bytes.Index(src, []byte("  PinpointEmailRole:"))
	if at < 0 {
		return nil, fmt.Errorf("examples/pinpoint-email-role.yaml: no PinpointEmailRole")
	}
	head, role := src[:at], src[at:]
	out := slices.Clone(head)
	for i := range roles {
		out = append(out, bytes.Replace(role, []byte("PinpointEmailRole:"), fmt.Appendf(nil, "PinpointEmailRole%d:", i), 1)...)
	}
	return out, nil
}

// measureTemplateTyping times didChange → diagnostics while typing a word
// after the last role's ses:SendEmail in a YAML template of roles roles
// (an unknown action while the word is there), cfg.edits/5 edits.
func measureTemplateTyping(cfg config, roles int, r *results) error {
	src, err := pinpointTemplate(cfg.repo, roles)
	if err != nil {
		return err
	}
	c, err := start(cfg.binary)
	if err != nil {
		return err
	}
	defer func() { _ = c.cmd.Process.Kill() }()
	if err := c.initialize(); err != nil {
		return err
	}
	const uri = "file:///bench/stack.yaml"
	if err := openAndAwait(c, uri, "yaml", src); err != nil {
		return err
	}
	at := bytes.LastIndex(src, []byte("ses:SendEmail")) + len("ses:SendEmail")
	text := slices.Clone(src)
	const word = "abcdefghij"
	var typing []time.Duration
	for v := 1; v <= max(cfg.edits/5, 5); v++ {
		step := (v - 1) % (2 * len(word))
		text = typeOrErase(text, at, step, word)
		cfg.wait()
		took, err := changeAndAwait(c, uri, v, text)
		if err != nil {
			return err
		}
		typing = append(typing, took)
	}
	name := fmt.Sprintf("YAML template typing (%d KB, %d policies): didChange → diagnostics", (len(src)+1023)>>10, 2*roles)
	r.add(name+" p50", "ms", 0, percentile(typing, 0.5))
	r.add(name+" p99", "ms", 0, percentile(typing, 0.99))
	return c.stop()
}

// typeOrErase is one keystroke of typing word at at and erasing it again:
// steps 0 to len(word)-1 type its letters, the next len(word) steps
// delete them from the end.
func typeOrErase(text []byte, at, step int, word string) []byte {
	if step < len(word) {
		return slices.Insert(text, at+step, word[step])
	}
	k := 2*len(word) - step // letters still there
	return slices.Delete(text, at+k-1, at+k)
}

// changeAndAwait sends version v of a document's whole text and returns
// how long its diagnostics took to arrive.
func changeAndAwait(c *client, uri string, v int, text []byte) (time.Duration, error) {
	sent, err := c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": v},
		"contentChanges": []any{map[string]any{"text": string(text)}},
	})
	if err != nil {
		return 0, err
	}
	m, err := c.awaitPublished(uri, v)
	if err != nil {
		return 0, err
	}
	return m.at.Sub(sent), nil
}

// openAndAwait opens a document at version 0 and waits for its first
// diagnostics.
func openAndAwait(c *client, uri, languageID string, src []byte) error {
	if _, err := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": languageID, "version": 0, "text": string(src)}}); err != nil {
		return err
	}
	_, err := c.awaitPublished(uri, 0)
	return err
}
