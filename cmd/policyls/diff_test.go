package main

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// applyUnifiedDiff applies a diff written by unifiedDiff to old, checking
// strictly as it goes: headers, hunk line counts, context and removed lines
// equal to the old text. It is an independent reader of the format.
func applyUnifiedDiff(t *testing.T, old, diff string) string {
	t.Helper()
	lines := splitLines(diff)
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- a/") || !strings.HasPrefix(lines[1], "+++ b/") {
		t.Fatalf("bad headers in\n%s", diff)
	}
	header := regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n$`)
	src := splitLines(old)
	var out []string
	at := 0 // next line of src to copy
	i := 2
	for i < len(lines) {
		m := header.FindStringSubmatch(lines[i])
		if m == nil {
			t.Fatalf("line %q is not a hunk header in\n%s", lines[i], diff)
		}
		count := func(s string) int {
			if s == "" {
				return 1
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		aStart, aLen, bLen := count(m[1]), count(m[2]), count(m[4])
		if aLen > 0 {
			aStart-- // 1-based; an empty range names the line before
		}
		if aStart < at {
			t.Fatalf("hunk %q overlaps the previous one", lines[i])
		}
		out = append(out, src[at:aStart]...)
		at = aStart
		i++
		gotA, gotB := 0, 0
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			i++
			if l == "\\ No newline at end of file\n" {
				continue
			}
			text := l[1:]
			if i < len(lines) && lines[i] == "\\ No newline at end of file\n" {
				text = strings.TrimSuffix(text, "\n")
			}
			switch l[0] {
			case ' ', '-':
				if at >= len(src) || src[at] != text {
					t.Fatalf("line %d of the old text is not %q", at+1, text)
				}
				at++
				gotA++
				if l[0] == ' ' {
					out = append(out, text)
					gotB++
				}
			case '+':
				out = append(out, text)
				gotB++
			default:
				t.Fatalf("bad diff line %q", l)
			}
		}
		if gotA != aLen || gotB != bLen {
			t.Fatalf("hunk %q has %d old and %d new lines", m[0], gotA, gotB)
		}
	}
	out = append(out, src[at:]...)
	return strings.Join(out, "")
}

func TestUnifiedDiffGolden(t *testing.T) {
	tests := []struct{ name, old, new, want string }{
		{"equal", "a\n", "a\n", ""},
		{"one line", "a\nb\nc\n", "a\nB\nc\n", "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"insert first", "a\n", "x\na\n", "@@ -1 +1,2 @@\n+x\n a\n"},
		{"into empty", "", "a\nb\n", "@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"delete all", "a\n", "", "@@ -1 +0,0 @@\n-a\n"},
		{"append after line 5", "1\n2\n3\n4\n5\n", "1\n2\n3\n4\n5\n6\n", "@@ -3,3 +3,4 @@\n 3\n 4\n 5\n+6\n"},
		{
			"no newline at end",
			"{\n}", "{\n  \"a\": 1\n}",
			"@@ -1,2 +1,3 @@\n {\n+  \"a\": 1\n }\n\\ No newline at end of file\n",
		},
		{
			"newline added at end",
			"a\nb", "a\nb\n",
			"@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
		},
		{
			"two hunks",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "x\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ny\n",
			"@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+y\n",
		},
		{
			"six lines apart: one hunk",
			"1\n2\n3\n4\n5\n6\n7\n8\n", "x\n2\n3\n4\n5\n6\n7\ny\n",
			"@@ -1,8 +1,8 @@\n-1\n+x\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+y\n",
		},
		{"CRLF", "a\r\nb\r\n", "a\r\nB\r\n", "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n"},
	}
	for _, tt := range tests {
		got := unifiedDiff(filepath.Join("dir", "p.json"), []byte(tt.old), []byte(tt.new))
		want := ""
		if tt.want != "" {
			want = "--- a/dir/p.json\n+++ b/dir/p.json\n" + tt.want
		}
		if got != want {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, got, want)
			continue
		}
		if got != "" {
			if applied := applyUnifiedDiff(t, tt.old, got); applied != tt.new {
				t.Errorf("%s: applying the diff gives %q", tt.name, applied)
			}
		}
	}
}

// TestUnifiedDiffRandom diffs random edits of random texts: the diff must
// apply and be minimal in the number of changed lines (checked against a
// simple LCS).
func TestUnifiedDiffRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "{\n", "}\n", "  \"x\": 1,\n", "d"}
	text := func(n int) []string {
		var lines []string
		for range n {
			lines = append(lines, words[r.IntN(len(words)-1)])
		}
		return lines
	}
	for range 500 {
		old := text(r.IntN(30))
		var next []string
		for _, l := range old {
			switch r.IntN(6) {
			case 0: // drop
			case 1:
				next = append(next, words[r.IntN(len(words)-1)], l)
			case 2:
				next = append(next, words[r.IntN(len(words)-1)])
			default:
				next = append(next, l)
			}
		}
		if r.IntN(4) == 0 {
			next = append(next, "d") // no line break at the end
		}
		a, b := strings.Join(old, ""), strings.Join(next, "")
		diff := unifiedDiff("p.json", []byte(a), []byte(b))
		if a == b {
			if diff != "" {
				t.Fatalf("diff of equal texts: %q", diff)
			}
			continue
		}
		if got := applyUnifiedDiff(t, a, diff); got != b {
			t.Fatalf("diff of %q and %q applies to %q:\n%s", a, b, got, diff)
		}
		changed := strings.Count(diff, "\n-") + strings.Count(diff, "\n+") - 1 // "+++ b/p.json"
		if want := len(splitLines(a)) + len(splitLines(b)) - 2*lcs(splitLines(a), splitLines(b)); changed != want {
			t.Fatalf("diff of %q and %q changes %d lines, the minimum is %d:\n%s", a, b, changed, want, diff)
		}
	}
}

func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	for i := range a {
		cur := make([]int, len(b)+1)
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev = cur
	}
	return prev[len(b)]
}

// Texts with nothing in common beyond the edit distance bound still get a
// correct diff.
func TestUnifiedDiffFarApart(t *testing.T) {
	var a, b strings.Builder
	for i := range maxEditDistance {
		fmt.Fprintf(&a, "old %d\n", i)
		fmt.Fprintf(&b, "new %d\n", i)
	}
	diff := unifiedDiff("p.json", []byte(a.String()), []byte(b.String()))
	if got := applyUnifiedDiff(t, a.String(), diff); got != b.String() {
		t.Fatal("the fallback diff does not apply")
	}
}

// When patch(1) is installed, it must accept the diff too.
func TestUnifiedDiffWithPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("patch is not installed")
	}
	old := "{\n  \"Statement\": [\n    {\"Effect\": \"allow\",}\n  ]\n}"
	new := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\"}\n  ]\n}\n"
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": old})
	cmd := exec.Command(patch, "-p1", "--quiet")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(unifiedDiff("p.json", []byte(old), []byte(new)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if got := readFile(t, filepath.Join(dir, "p.json")); got != new {
		t.Errorf("patched file:\n%q\nwant\n%q", got, new)
	}
}
