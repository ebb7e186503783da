package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// A unified diff, as `diff -u` and `git diff` write it, for `check --diff`.
// Lines are compared whole, line break included, so a changed line ending
// shows as a changed line. The edit script is Myers' greedy O(ND)
// algorithm on what remains after the common first and last lines are set
// aside; fixes change a few lines, so D stays small. Past maxEditDistance
// (two files with little in common) the remaining lines are shown as
// removed and added wholesale, which is still a correct diff.

// diffContext is how many unchanged lines surround each change.
const diffContext = 3

// maxEditDistance bounds the Myers search: its trace holds D² integers.
const maxEditDistance = 2000

// diffOp is one line of an edit script: ' ' kept, '-' removed, '+' added.
type diffOp struct {
	kind byte
	line string // with its line break, if it has one
}

// unifiedDiff returns the diff that turns old into new, headed
// "--- a/name" and "+++ b/name" (quoted and escaped when the name holds
// control characters: printableName), or "" when they are equal.
func unifiedDiff(name string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	ops := diffLines(splitLines(string(old)), splitLines(string(new)))
	var b strings.Builder
	// A name that needs escaping is quoted whole, prefix included, as git
	// writes it: "--- \"a/x\\ny.json\"".
	name = filepath.ToSlash(name)
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", printableName("a/"+name), printableName("b/"+name))
	writeHunks(&b, ops)
	return b.String()
}

// splitLines splits text after each "\n"; the last line may have none.
func splitLines(text string) []string {
	var lines []string
	for line := range strings.Lines(text) {
		lines = append(lines, line)
	}
	return lines
}

// diffLines returns an edit script turning a into b.
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]diffOp, 0, len(a)+len(b)-pre-suf)
	for _, l := range a[:pre] {
		ops = append(ops, diffOp{' ', l})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, diffOp{' ', l})
	}
	return ops
}

// myers returns a shortest edit script turning a into b, or, when that
// needs more than maxEditDistance removals and additions, every line of a
// removed and every line of b added.
func myers(a, b []string) []diffOp {
	n, m := len(a), len(b)
	limit := min(n+m, maxEditDistance)
	off := limit + 1
	v := make([]int, 2*limit+3) // v[off+k]: furthest x on diagonal k
	// trace[d] holds v for diagonals -d..d as it was before step d.
	var trace [][]int
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1] // down: add b[y]
			} else {
				x = v[off+k-1] + 1 // right: remove a[x]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, a, b, d)
			}
		}
	}
	ops := make([]diffOp, 0, n+m)
	for _, l := range a {
		ops = append(ops, diffOp{'-', l})
	}
	for _, l := range b {
		ops = append(ops, diffOp{'+', l})
	}
	return ops
}

// backtrack walks the trace back from the end of both texts, reached at
// step d, and returns the edit script in order.
func backtrack(trace [][]int, a, b []string, d int) []diffOp {
	x, y := len(a), len(b)
	var rev []diffOp
	for ; d > 0; d-- {
		prev := trace[d] // v before step d, diagonals -d..d
		at := func(k int) int { return prev[k+d] }
		k := x - y
		prevK := k - 1
		if k == -d || k != d && at(k-1) < at(k+1) {
			prevK = k + 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			rev = append(rev, diffOp{' ', a[x-1]})
			x--
			y--
		}
		if x == prevX {
			rev = append(rev, diffOp{'+', b[y-1]})
			y--
		} else {
			rev = append(rev, diffOp{'-', a[x-1]})
			x--
		}
	}
	for ; x > 0; x-- {
		rev = append(rev, diffOp{' ', a[x-1]})
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// writeHunks writes the changes of an edit script as hunks with
// diffContext lines of context; changes at most twice that many lines
// apart share a hunk.
func writeHunks(b *strings.Builder, ops []diffOp) {
	// aLine[i] and bLine[i] count the old and new lines before ops[i].
	aLine := make([]int, len(ops)+1)
	bLine := make([]int, len(ops)+1)
	for i, op := range ops {
		aLine[i+1], bLine[i+1] = aLine[i], bLine[i]
		if op.kind != '+' {
			aLine[i+1]++
		}
		if op.kind != '-' {
			bLine[i+1]++
		}
	}
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-diffContext)
		last := i // the last change of the hunk
		for j := i + 1; j < len(ops) && j-last-1 <= 2*diffContext; j++ {
			if ops[j].kind != ' ' {
				last = j
			}
		}
		end := min(len(ops), last+1+diffContext)
		fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(aLine[start], aLine[end]-aLine[start]), hunkRange(bLine[start], bLine[end]-bLine[start]))
		for _, op := range ops[start:end] {
			b.WriteByte(op.kind)
			b.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") {
				b.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
}

// hunkRange writes a hunk's line range as diff does: "start,count" with a
// 1-based start, the count left out when it is 1, and for an empty range
// the number of the line before it.
func hunkRange(before, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", before)
	case 1:
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, count)
}
