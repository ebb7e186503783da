package policy

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/text"
)

// The regression suite: real-world-style policies in testdata/regression,
// each with the findings a careful AWS reviewer would sign (see the README
// there). TestRegressionSuite compares them with what Analyze reports and
// prints precision and recall. Where the code and the reviewer disagree
// today, known-deviations.txt says so line by line; the test fails when a
// deviation appears that the list does not hold (a regression) and when a
// listed one is gone (progress: rewrite the list with -update-regression).

var updateRegression = flag.Bool("update-regression", false, "rewrite testdata/regression/known-deviations.txt from the current findings")

const (
	regressionDir      = "testdata/regression"
	deviationsFileName = "known-deviations.txt"
)

// ruleIDsAssigned are rule IDs the regression expectations may use before
// their rules exist (issue 12's misses). Once a rule is registered, its ID
// here is redundant and harmless.
var ruleIDsAssigned = []string{"POL015", "CND013", "CND014", "PRN003", "PRN004", "SES011"}

// expectedFinding is one line of a regression file's want section:
// "LINE RULE[ SEVERITY]: reason".
type expectedFinding struct {
	line     int
	rule     string
	severity Severity // 0: any severity but hint
	reason   string
}

type actualFinding struct {
	line     int
	rule     string
	severity Severity
}

// regressionDeviation is one disagreement between the reviewer and the code.
type regressionDeviation struct {
	file     string
	line     int
	rule     string
	falsePos bool     // reported but not expected; else expected but missed
	severity Severity // the finding's severity (false positive) or the expected one (0: any)
}

func (d regressionDeviation) String() string {
	kind := "miss"
	if d.falsePos {
		kind = "fp"
	}
	s := fmt.Sprintf("%-4s %s:%d %s", kind, d.file, d.line, d.rule)
	if d.severity != 0 {
		s += " " + d.severity.String()
	}
	return s
}

// outcomeCounts counts one rule's (or the whole suite's) outcomes.
type outcomeCounts struct{ expected, found, truePos, falsePos, misses int }

func (t outcomeCounts) precision() float64 { return shareOf(t.truePos, t.truePos+t.falsePos) }
func (t outcomeCounts) recall() float64    { return shareOf(t.truePos, t.truePos+t.misses) }

func shareOf(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func parseExpectations(t *testing.T, path, want string, lines int) []expectedFinding {
	t.Helper()
	var out []expectedFinding
	for i, raw := range strings.Split(want, "\n") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		head, reason, ok := strings.Cut(raw, ":")
		fields := strings.Fields(head)
		if !ok || strings.TrimSpace(reason) == "" || len(fields) < 2 || len(fields) > 3 {
			t.Fatalf("%s: want line %d %q is not \"LINE RULE[ SEVERITY]: reason\"", path, i+1, raw)
		}
		line, err := strconv.Atoi(fields[0])
		if err != nil || line < 1 || line > lines {
			t.Fatalf("%s: want line %d: %q is not a line of the document (1-%d)", path, i+1, fields[0], lines)
		}
		if _, known := RuleByID(fields[1]); !known && !slices.Contains(ruleIDsAssigned, fields[1]) {
			t.Fatalf("%s: want line %d: unknown rule %s", path, i+1, fields[1])
		}
		e := expectedFinding{line: line, rule: fields[1], reason: strings.TrimSpace(reason)}
		if len(fields) == 3 {
			sev, ok := ParseSeverity(fields[2])
			if !ok {
				t.Fatalf("%s: want line %d: bad severity %q", path, i+1, fields[2])
			}
			e.severity = sev
		}
		out = append(out, e)
	}
	return out
}

// compareFindings matches expectations with findings on rule and line (and
// severity where the expectation names one). It reports which expectations
// were met and which findings are unexpected. Unexpected hints are left out:
// they are suggestions nobody is asked to act on.
func compareFindings(want []expectedFinding, got []actualFinding) (met []bool, unexpected []actualFinding) {
	met = make([]bool, len(want))
	used := make([]bool, len(got))
	for w, e := range want {
		for i, g := range got {
			if used[i] || g.rule != e.rule || g.line != e.line || (e.severity != 0 && g.severity != e.severity) {
				continue
			}
			used[i], met[w] = true, true
			break
		}
	}
	for i, g := range got {
		if !used[i] && g.severity != SeverityHint {
			unexpected = append(unexpected, g)
		}
	}
	return met, unexpected
}

func TestRegressionSuite(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(regressionDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	paths = slices.DeleteFunc(paths, func(p string) bool { return filepath.Base(p) == deviationsFileName })
	if len(paths) < 60 {
		t.Fatalf("the regression suite holds %d documents; issue 12 asks for at least 60", len(paths))
	}

	total := outcomeCounts{}
	perRule := map[string]*outcomeCounts{}
	ruleCounts := func(id string) *outcomeCounts {
		if perRule[id] == nil {
			perRule[id] = &outcomeCounts{}
		}
		return perRule[id]
	}
	var devs []regressionDeviation
	for _, path := range paths {
		name := filepath.Base(path)
		f := readFixture(t, path)
		header, _, _ := strings.Cut(readRegressionFile(t, path), "-- ")
		if !strings.Contains(header, "Source: https://") {
			t.Errorf("%s: the header must cite the AWS page its pattern comes from (Source: https://...)", name)
		}
		if !slices.Contains(f.sections, "input") || !slices.Contains(f.sections, "want") {
			t.Fatalf("%s: needs an input and a want section", name)
		}
		src := f.input
		want := parseExpectations(t, name, f.want, strings.Count(src, "\n")+1)

		res := Analyze([]byte(src), parseOptions(t, f.options))
		ix := text.NewIndex([]byte(src))
		var got []actualFinding
		for _, d := range res.Diagnostics {
			line, _ := ix.LineColumn(d.Start)
			got = append(got, actualFinding{line: line, rule: d.Code, severity: d.Severity})
		}
		met, unexpected := compareFindings(want, got)
		for i, e := range want {
			total.expected++
			ruleCounts(e.rule).expected++
			if met[i] {
				total.found++
				total.truePos++
				ruleCounts(e.rule).found++
				ruleCounts(e.rule).truePos++
				continue
			}
			total.misses++
			ruleCounts(e.rule).misses++
			devs = append(devs, regressionDeviation{file: name, line: e.line, rule: e.rule, severity: e.severity})
		}
		for _, g := range unexpected {
			total.found++
			total.falsePos++
			ruleCounts(g.rule).found++
			ruleCounts(g.rule).falsePos++
			devs = append(devs, regressionDeviation{file: name, line: g.line, rule: g.rule, falsePos: true, severity: g.severity})
		}
	}
	t.Log(regressionSummary(len(paths), total, perRule))

	current := make([]string, 0, len(devs))
	for _, d := range devs {
		current = append(current, d.String())
	}
	slices.Sort(current)
	listPath := filepath.Join(regressionDir, deviationsFileName)
	if *updateRegression {
		writeDeviations(t, listPath, current)
		return
	}
	listed := readDeviations(t, listPath)
	appeared, gone := multisetDiff(current, listed), multisetDiff(listed, current)
	for _, d := range appeared {
		t.Errorf("new deviation (a regression, or a new document's debt: fix the code or run with -update-regression): %s", d)
	}
	for _, d := range gone {
		t.Errorf("listed deviation no longer occurs (progress: run go test ./analysis/policy -run TestRegressionSuite -update-regression): %s", d)
	}
}

func regressionSummary(docs int, total outcomeCounts, perRule map[string]*outcomeCounts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "regression suite: %d documents\n", docs)
	row := func(name string, t outcomeCounts) {
		fmt.Fprintf(&b, "%-9s expected %3d  found %3d  TP %3d  FP %3d  missed %3d  precision %5.1f%%  recall %5.1f%%\n",
			name, t.expected, t.found, t.truePos, t.falsePos, t.misses, 100*t.precision(), 100*t.recall())
	}
	row("overall", total)
	ids := make([]string, 0, len(perRule))
	for id := range perRule {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		row(id, *perRule[id])
	}
	return b.String()
}

func readRegressionFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const deviationsHeader = `# Where policyls and the regression suite's reviewer disagree today: "fp" is a
# finding the reviewer would not sign, "miss" one the reviewer expects and the
# code does not report. Generated by
#   go test ./analysis/policy -run TestRegressionSuite -update-regression
# Never edit the documents' expectations to shrink this list; fix the code.
`

func readDeviations(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(readRegressionFile(t, path), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Join(strings.Fields(line), " "))
	}
	return out
}

func writeDeviations(t *testing.T, path string, devs []string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(deviationsHeader)
	for _, d := range devs {
		b.WriteString(d + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// multisetDiff returns the entries of a not matched one for one in b.
func multisetDiff(a, b []string) []string {
	count := map[string]int{}
	for _, s := range b {
		count[strings.Join(strings.Fields(s), " ")]++
	}
	var out []string
	for _, s := range a {
		key := strings.Join(strings.Fields(s), " ")
		if count[key] > 0 {
			count[key]--
			continue
		}
		out = append(out, s)
	}
	return out
}

// TestRegressionMatching holds the suite's bookkeeping to its rules: rule and
// line must agree, a named severity must agree, unexpected hints do not
// count, an expected hint does, and repeated findings match one for one.
func TestRegressionMatching(t *testing.T) {
	want := []expectedFinding{
		{line: 3, rule: "ACT002"},
		{line: 5, rule: "SEC004", severity: SeverityInfo},
		{line: 7, rule: "PRN003"},
		{line: 7, rule: "PRN003"},
		{line: 9, rule: "SES008", severity: SeverityHint},
	}
	got := []actualFinding{
		{line: 3, rule: "ACT002", severity: SeverityError},   // met
		{line: 5, rule: "SEC004", severity: SeverityWarning}, // wrong severity: a false positive, and a miss
		{line: 7, rule: "PRN003", severity: SeverityWarning}, // meets one of the two
		{line: 8, rule: "ACT005", severity: SeverityHint},    // unexpected hint: ignored
		{line: 9, rule: "SES008", severity: SeverityHint},    // expected hint: met
		{line: 4, rule: "ACT002", severity: SeverityError},   // right rule, wrong line
	}
	met, unexpected := compareFindings(want, got)
	if wantMet := []bool{true, false, true, false, true}; !slices.Equal(met, wantMet) {
		t.Errorf("met = %v, want %v", met, wantMet)
	}
	wantUnexpected := []actualFinding{{line: 5, rule: "SEC004", severity: SeverityWarning}, {line: 4, rule: "ACT002", severity: SeverityError}}
	if !slices.Equal(unexpected, wantUnexpected) {
		t.Errorf("unexpected = %v, want %v", unexpected, wantUnexpected)
	}
}

func TestRegressionDeviationList(t *testing.T) {
	current := []string{"fp   a.txt:3 ACT005 info", "miss b.txt:7 PRN003 warning", "miss b.txt:7 PRN003 warning"}
	listed := []string{"fp a.txt:3 ACT005 info", "miss b.txt:7 PRN003 warning", "miss c.txt:1 POL015"}
	if got, want := multisetDiff(current, listed), []string{"miss b.txt:7 PRN003 warning"}; !slices.Equal(got, want) {
		t.Errorf("appeared = %q, want %q", got, want)
	}
	if got, want := multisetDiff(listed, current), []string{"miss c.txt:1 POL015"}; !slices.Equal(got, want) {
		t.Errorf("gone = %q, want %q", got, want)
	}
	d := regressionDeviation{file: "a.txt", line: 3, rule: "ACT005", falsePos: true, severity: SeverityInfo}
	if got := strings.Join(strings.Fields(d.String()), " "); got != "fp a.txt:3 ACT005 info" {
		t.Errorf("deviation renders as %q", got)
	}
}
