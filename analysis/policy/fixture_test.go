package policy

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/text"
)

// Fixture files live in testdata/rules. Each holds sections:
//
//	-- options --   optional; "kind: trust" forces a kind
//	-- input --     the policy, with «…» around every expected finding's range
//	-- want --      the kind, then one line per finding, in document order:
//	                line:col-line:col CODE severity: message
//
// Lines and columns are 1-based, columns in UTF-16 code units, so a fixture
// with Japanese or emoji before a finding proves the conversion. The markers
// are removed before analysis; the n-th marker pair must equal the n-th
// finding's byte range. Run `go test ./analysis/policy -update` to rewrite
// the want sections after an intended change of messages (ranges are never
// rewritten: they come from the markers).
//
// The file name starts with the rule ID it is about, then "fires" or "quiet",
// and TestEveryRuleHasFixtures holds each rule to at least one of each.

var (
	update = flag.Bool("update", false, "rewrite the want sections of fixtures")
	// remark rewrites the «» markers from the findings' actual ranges. Only
	// for adopting a new rule's findings in old fixtures: review the diff.
	remark = flag.Bool("remark", false, "rewrite the range markers of fixtures from the actual findings (review the diff!)")
)

const (
	openMark  = "«"
	closeMark = "»"
)

type fixture struct {
	path    string
	options string
	input   string // with markers
	want    string
	fix     string // fix fixtures: "RULE title"
	output  string // fix fixtures: the document after the fix
	// preferred (fix fixtures, optional): "no", "yes" or "safe" (preferred
	// and safe), how FixAll and `check --fix` treat the fix.
	preferred string
	sections  []string // section order as found, for rewriting
}

func readFixture(t *testing.T, path string) fixture {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{path: path}
	var name string
	var body strings.Builder
	flush := func() {
		switch name {
		case "options":
			f.options = body.String()
		case "input":
			f.input = strings.TrimSuffix(body.String(), "\n")
		case "want":
			f.want = body.String()
		case "fix":
			f.fix = strings.TrimSpace(body.String())
		case "output":
			f.output = strings.TrimSuffix(body.String(), "\n")
		case "preferred":
			f.preferred = strings.TrimSpace(body.String())
		case "":
		default:
			t.Fatalf("%s: unknown section %q", path, name)
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			f.sections = append(f.sections, name)
			continue
		}
		body.WriteString(line)
	}
	flush()
	return f
}

// stripMarkers removes «» markers and returns the clean source and the
// marked ranges in order of their opening marker.
func stripMarkers(t *testing.T, marked string) (string, [][2]int) {
	t.Helper()
	var out strings.Builder
	var ranges [][2]int
	var open []int
	for i := 0; i < len(marked); {
		switch {
		case strings.HasPrefix(marked[i:], openMark):
			open = append(open, len(ranges))
			ranges = append(ranges, [2]int{out.Len(), -1})
			i += len(openMark)
		case strings.HasPrefix(marked[i:], closeMark):
			if len(open) == 0 {
				t.Fatalf("unbalanced %s at byte %d", closeMark, i)
			}
			ranges[open[len(open)-1]][1] = out.Len()
			open = open[:len(open)-1]
			i += len(closeMark)
		default:
			out.WriteByte(marked[i])
			i++
		}
	}
	if len(open) > 0 {
		t.Fatalf("unclosed %s", openMark)
	}
	return out.String(), ranges
}

// parseOptions reads an options section: "kind: trust", "partition: aws",
// "region: us-east-1", "accountId: 123456789012", "identity: example.com"
// (the SES identity a host attaches the policy to), one per line.
func parseOptions(t *testing.T, text string) Options {
	t.Helper()
	var opts Options
	for _, line := range strings.Split(text, "\n") {
		name, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		switch name {
		case "kind":
			kind, valid := ParseKind(value)
			if !valid {
				t.Fatalf("bad kind %q", value)
			}
			opts.Kind = kind
		case "partition":
			opts.Partition = value
		case "region":
			opts.Region = value
		case "accountId":
			opts.AccountID = value
		case "identity":
			opts.Identity = value
		default:
			t.Fatalf("unknown option %q", name)
		}
	}
	return opts
}

// render formats an analysis result the way want sections are written.
func render(src string, res *Result) string {
	ix := text.NewIndex([]byte(src))
	var b strings.Builder
	fmt.Fprintf(&b, "kind %s\n", res.Kind)
	for _, d := range res.Diagnostics {
		sl, sc := ix.LineColumn(d.Start)
		el, ec := ix.LineColumn(d.End)
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s: %s\n", sl, sc, el, ec, d.Code, d.Severity, d.Message)
	}
	return b.String()
}

// check analyses one fixture and compares ranges and rendered findings.
func check(t *testing.T, f fixture) {
	t.Helper()
	src, ranges := stripMarkers(t, f.input)
	res := Analyze([]byte(src), parseOptions(t, f.options))
	got := render(src, res)

	var gotRanges [][2]int
	for _, d := range res.Diagnostics {
		gotRanges = append(gotRanges, [2]int{d.Start, d.End})
	}
	sortedMarks := slices.Clone(ranges)
	slices.SortStableFunc(sortedMarks, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	if !slices.Equal(gotRanges, sortedMarks) {
		if *remark {
			f.input = addMarkers(src, gotRanges)
		} else {
			t.Errorf("ranges: got %v, markers say %v\n%s", gotRanges, sortedMarks, got)
		}
	}
	if *update || *remark {
		rewriteWant(t, f, got)
		return
	}
	if got != f.want {
		t.Errorf("findings:\n--- got ---\n%s--- want ---\n%s", got, f.want)
	}
}

// addMarkers puts «» around each range of src. Ranges are sorted by start;
// equal ranges are marked once per finding.
func addMarkers(src string, ranges [][2]int) string {
	var b strings.Builder
	for i := 0; i <= len(src); i++ {
		for j := len(ranges) - 1; j >= 0; j-- { // close inner (later) ranges first
			if r := ranges[j]; r[1] == i && r[0] != i {
				b.WriteString(closeMark)
			}
		}
		for _, r := range ranges {
			if r[0] == i {
				b.WriteString(openMark)
				if r[1] == i {
					b.WriteString(closeMark)
				}
			}
		}
		if i < len(src) {
			b.WriteByte(src[i])
		}
	}
	return b.String()
}

func rewriteWant(t *testing.T, f fixture, want string) {
	var b strings.Builder
	if f.options != "" {
		b.WriteString("-- options --\n" + f.options)
	}
	b.WriteString("-- input --\n" + f.input + "\n")
	b.WriteString("-- want --\n" + want)
	if err := os.WriteFile(f.path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fixturePaths(t *testing.T) []string {
	paths, err := filepath.Glob("testdata/rules/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return paths
}

func TestRuleFixtures(t *testing.T) {
	for _, path := range fixturePaths(t) {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			check(t, readFixture(t, path))
		})
	}
}

// TestEveryRuleHasFixtures holds every rule to a fixture where it fires and
// one where it stays quiet on a near miss.
func TestEveryRuleHasFixtures(t *testing.T) {
	fires, quiet := map[string]bool{}, map[string]bool{}
	for _, path := range fixturePaths(t) {
		base := filepath.Base(path)
		id, rest, _ := strings.Cut(base, "-")
		f := readFixture(t, path)
		mentioned := strings.Contains(f.want, " "+id+" ")
		switch {
		case strings.HasPrefix(rest, "fires"):
			if !mentioned {
				t.Errorf("%s is named as firing %s, but its want section does not list it", base, id)
			}
			fires[id] = true
		case strings.HasPrefix(rest, "quiet"):
			if mentioned {
				t.Errorf("%s is named as quiet for %s, but its want section lists it", base, id)
			}
			quiet[id] = true
		default:
			t.Errorf("%s: name must be ID-fires-… or ID-quiet-…", base)
		}
	}
	for _, r := range Rules() {
		if !fires[r.ID] {
			t.Errorf("rule %s has no firing fixture", r.ID)
		}
		if !quiet[r.ID] {
			t.Errorf("rule %s has no quiet fixture", r.ID)
		}
	}
}
