package completion

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// Fixture files hold a half-typed policy with a cursor marker and what
// completion or hover must answer there. Sections start with a line
// "-- name --"; a section's text runs to the next such line, without its
// last line break.
//
// Completion fixtures (testdata/complete/*.txt):
//
//	-- options --   one per line: snippets, kind KIND, partition P, region R, account A
//	-- input --     the document, with ‸ at the cursor
//	-- has --       labels that must be proposed, one per line
//	-- lacks --     labels that must not be
//	-- first --     labels the answer must start with, in order
//	-- apply L --   the document after accepting the item labelled L
//	-- count --     how many items at most (a number)
//
// Hover fixtures (testdata/hover/*.txt): options and input as above, then
//
//	-- range --     the source text the hover covers
//	-- want --      the Markdown (rewritten by go test -update)
//	-- none --      (empty) when there must be no hover

var update = flag.Bool("update", false, "rewrite the want sections of hover fixtures")

// cursorMark marks the cursor in fixture inputs.
const cursorMark = "‸"

type fixture struct {
	file     string
	preamble string // comment lines before the first section
	sections map[string]string
	order    []string // section names in file order
}

func readFixture(t *testing.T, file string) fixture {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{file: file, sections: map[string]string{}}
	var name string
	var body []string
	flush := func() {
		if name != "" {
			f.sections[name] = strings.Join(body, "\n")
			f.order = append(f.order, name)
		}
	}
	for _, line := range strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n") {
		trimmed := strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) >= 6 {
			flush()
			name, body = strings.TrimSpace(trimmed[3:len(trimmed)-3]), nil
			continue
		}
		if name != "" {
			body = append(body, trimmed)
		} else {
			f.preamble += line
		}
	}
	flush()
	if _, ok := f.sections["input"]; !ok {
		t.Fatalf("%s: no input section", file)
	}
	return f
}

// input returns the document without the cursor marker, and the cursor's
// byte offset.
func (f fixture) input(t *testing.T) (string, int) {
	t.Helper()
	in := f.sections["input"]
	at := strings.Index(in, cursorMark)
	if at < 0 || strings.Count(in, cursorMark) != 1 {
		t.Fatalf("%s: the input needs exactly one %s", f.file, cursorMark)
	}
	return in[:at] + in[at+len(cursorMark):], at
}

// options reads the options section.
func (f fixture) options(t *testing.T) (Options, policy.Options) {
	t.Helper()
	var o Options
	var po policy.Options
	for _, line := range strings.Split(f.sections["options"], "\n") {
		key, value, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch key {
		case "":
		case "snippets":
			o.Snippets = true
		case "kind":
			k, ok := policy.ParseKind(value)
			if !ok {
				t.Fatalf("%s: unknown kind %q", f.file, value)
			}
			po.Kind, o.KindForced = k, true
		case "partition":
			o.Partition = value
		case "region":
			o.Region = value
		case "account":
			o.AccountID = value
		default:
			t.Fatalf("%s: unknown option %q", f.file, key)
		}
	}
	return o, po
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func fixtureFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in testdata/%s: %v", dir, err)
	}
	sort.Strings(files)
	return files
}

// eachFixture runs check on every fixture of a folder, as a subtest, with
// the fixture's document (marker removed), cursor and options.
func eachFixture(t *testing.T, dir string, check func(t *testing.T, f fixture, src string, offset int, opts Options, popts policy.Options)) {
	for _, file := range fixtureFiles(t, dir) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			f := readFixture(t, file)
			src, offset := f.input(t)
			opts, popts := f.options(t)
			check(t, f, src, offset, opts, popts)
		})
	}
}

func TestCompleteFixtures(t *testing.T) {
	eachFixture(t, "complete", func(t *testing.T, f fixture, src string, offset int, opts Options, popts policy.Options) {
		res := policy.Analyze([]byte(src), popts)
		list := Complete(res, offset, opts)
		checkItems(t, src, offset, list.Items, opts.Snippets)
		labels := make([]string, len(list.Items))
		byLabel := map[string]Item{}
		for i, it := range list.Items {
			labels[i] = it.Label
			if _, dup := byLabel[it.Label]; !dup {
				byLabel[it.Label] = it
			}
		}
		for _, want := range lines(f.sections["has"]) {
			it, ok := byLabel[want]
			if !ok {
				t.Errorf("missing %q; got %s", want, brief(labels))
				continue
			}
			checkVisible(t, src, offset, it)
		}
		for _, unwanted := range lines(f.sections["lacks"]) {
			if _, ok := byLabel[unwanted]; ok {
				t.Errorf("unexpected %q", unwanted)
			}
		}
		if first := lines(f.sections["first"]); len(first) > 0 {
			if len(labels) < len(first) || !slices.Equal(labels[:len(first)], first) {
				t.Errorf("answer starts %s, want %q", brief(labels[:min(len(labels), len(first)+2)]), first)
			}
		}
		if n, ok := f.sections["count"]; ok {
			max, err := strconv.Atoi(strings.TrimSpace(n))
			if err != nil {
				t.Fatalf("count: %v", err)
			}
			if len(labels) > max {
				t.Errorf("%d items, want at most %d: %s", len(labels), max, brief(labels))
			}
		}
		if _, ok := f.sections["none"]; ok && len(labels) > 0 {
			t.Errorf("want no items, got %s", brief(labels))
		}
		for _, name := range f.order {
			label, ok := strings.CutPrefix(name, "apply ")
			if !ok {
				continue
			}
			it, found := byLabel[label]
			if !found {
				t.Errorf("apply: no item %q", label)
				continue
			}
			if got, want := applyItem(src, it), f.sections[name]; got != want {
				t.Errorf("after accepting %q:\n%s\nwant:\n%s", label, got, want)
			}
		}
	})
}

// checkItems checks the invariants every answer keeps: edits in bounds,
// a main edit on one line that holds the cursor, additional edits apart
// from it, no snippet syntax without snippet support.
func checkItems(t *testing.T, src string, offset int, items []Item, snippets bool) {
	t.Helper()
	for _, it := range items {
		e := it.Edit
		// One range for the whole response: Neovim's and Vim's completion
		// start every item at one column (editors/nvim's omnifunc takes the
		// first item's).
		if first := items[0].Edit; e.Start != first.Start || e.End != first.End {
			t.Errorf("%q: edit [%d,%d) differs from the first item's [%d,%d)", it.Label, e.Start, e.End, first.Start, first.End)
		}
		if e.Start < 0 || e.Start > e.End || e.End > len(src) {
			t.Errorf("%q: edit [%d,%d) out of bounds (len %d)", it.Label, e.Start, e.End, len(src))
			continue
		}
		if offset < e.Start || offset > e.End {
			t.Errorf("%q: edit [%d,%d) does not hold the cursor %d", it.Label, e.Start, e.End, offset)
		}
		if strings.ContainsAny(src[e.Start:e.End], "\r\n") {
			t.Errorf("%q: edit range %q spans lines", it.Label, src[e.Start:e.End])
		}
		for _, a := range it.AdditionalEdits {
			if a.Start < 0 || a.Start > a.End || a.End > len(src) || a.End >= e.Start && a.Start <= e.End {
				t.Errorf("%q: additional edit [%d,%d) out of bounds or touching the main edit [%d,%d)", it.Label, a.Start, a.End, e.Start, e.End)
			}
		}
		if it.Snippet && !snippets {
			t.Errorf("%q: snippet without snippet support", it.Label)
		}
		if it.Label == "" || it.SortText == "" {
			t.Errorf("item without label or sort text: %+v", it)
		}
	}
}

// checkVisible checks that an editor filtering by prefix (ignoring case)
// on the text between the edit's start and the cursor keeps the item.
func checkVisible(t *testing.T, src string, offset int, it Item) {
	t.Helper()
	typed := src[it.Edit.Start:offset]
	filter := it.FilterText
	if filter == "" {
		filter = it.Label
	}
	if !strings.HasPrefix(strings.ToLower(filter), strings.ToLower(typed)) {
		t.Errorf("%q: an editor would hide it: typed %q is not a prefix of filter text %q", it.Label, typed, filter)
	}
}

// applyItem returns src after accepting an item: its additional edits and
// its main edit, applied from the end so offsets stay valid.
func applyItem(src string, it Item) string {
	edits := append([]Edit{it.Edit}, it.AdditionalEdits...)
	sort.Slice(edits, func(i, j int) bool { return edits[i].Start > edits[j].Start })
	for _, e := range edits {
		src = src[:e.Start] + e.NewText + src[e.End:]
	}
	return src
}

func brief(labels []string) string {
	if len(labels) > 12 {
		return strings.Join(labels[:12], ", ") + ", … (" + strconv.Itoa(len(labels)) + ")"
	}
	return "[" + strings.Join(labels, ", ") + "]"
}

func TestHoverFixtures(t *testing.T) {
	eachFixture(t, "hover", func(t *testing.T, f fixture, src string, offset int, _ Options, popts policy.Options) {
		h, ok := HoverAt(policy.Analyze([]byte(src), popts), offset)
		if _, none := f.sections["none"]; none {
			if ok {
				t.Errorf("want no hover, got %q", h.Markdown)
			}
			return
		}
		if !ok {
			t.Fatal("no hover")
		}
		if want := f.sections["range"]; src[h.Start:h.End] != want {
			t.Errorf("hover covers %q, want %q", src[h.Start:h.End], want)
		}
		if *update {
			f.sections["want"] = h.Markdown
			writeFixture(t, f)
			return
		}
		if h.Markdown != f.sections["want"] {
			t.Errorf("hover:\n%s\nwant:\n%s", h.Markdown, f.sections["want"])
		}
	})
}

// writeFixture writes a fixture back, sections in their order, "want"
// last if it is new.
func writeFixture(t *testing.T, f fixture) {
	t.Helper()
	if !slices.Contains(f.order, "want") {
		f.order = append(f.order, "want")
	}
	var sb strings.Builder
	sb.WriteString(f.preamble)
	for _, name := range f.order {
		sb.WriteString("-- " + name + " --\n")
		sb.WriteString(f.sections[name])
		sb.WriteString("\n")
	}
	if err := os.WriteFile(f.file, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
