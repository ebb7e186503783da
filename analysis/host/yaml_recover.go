package host

import (
	"bytes"
	"slices"
)

// maxDroppedLines bounds the lines CloudFormationAround leaves out of a
// resource before it gives up: one keystroke breaks a line or two.
const maxDroppedLines = 4

// CloudFormationAround reads a YAML template that does not parse from only
// the lines of the top-level Resources entry holding offset (with the
// Resources line and an AWSTemplateFormatVersion line), so a line broken
// in another resource, above or below, is out of the way. When the
// resource itself does not parse, the line go-yaml stops at is left out
// (or, when a line above it leaves a quote or bracket open, that one), a
// few times, never offset's own line: a half-typed line elsewhere in the
// same policy does not stop completion. The policies found keep src's
// offsets; false when offset is in no resource or the lines still do not
// parse.
func CloudFormationAround(src []byte, offset int) (*File, bool) {
	return cloudFormationEntry(src, offset, maxDroppedLines)
}

// CloudFormationResourceAt reads a YAML template from only the lines of the
// top-level Resources entry holding offset (with the Resources line and an
// AWSTemplateFormatVersion line), as written: no line is left out. A
// resource's structure is its own lines', so its policies read the same as
// in the whole template, at a cost that does not grow with the template.
// False when offset is in no resource or those lines do not parse.
func CloudFormationResourceAt(src []byte, offset int) (*File, bool) {
	return cloudFormationEntry(src, offset, 0)
}

// cloudFormationEntry reads the Resources entry holding offset, leaving out
// at most drops lines that stop it from parsing.
func cloudFormationEntry(src []byte, offset, drops int) (*File, bool) {
	if offset < 0 || offset > len(src) || len(src) > MaxTemplateSize {
		return nil, false
	}
	starts := lineStarts(src)
	lineEnd := func(i int) int {
		if i+1 < len(starts) {
			return starts[i+1] - 1
		}
		return len(src)
	}
	// indent is the number of spaces starting line i, or -1 for a line
	// that has no say in the structure (blank, a comment) or starts with
	// a tab (itself a break).
	indent := func(i int) int {
		line := src[starts[i]:lineEnd(i)]
		rest := bytes.TrimLeft(line, " ")
		trimmed := bytes.TrimSpace(rest)
		if len(trimmed) == 0 || trimmed[0] == '#' || rest[0] == '\t' {
			return -1
		}
		return len(line) - len(rest)
	}
	cursor := max(0, slices.IndexFunc(starts, func(s int) bool { return s > offset })-1)
	if starts[len(starts)-1] <= offset {
		cursor = len(starts) - 1
	}
	keep := []int{}
	resources, entry := -1, -1
	for i := 0; i <= cursor; i++ {
		switch n := indent(i); {
		case n == 0:
			text := src[starts[i]:lineEnd(i)]
			resources, entry = -1, -1
			if bytes.HasPrefix(text, []byte("Resources:")) && len(bytes.TrimSpace(text)) == len("Resources:") {
				resources = i
			} else if bytes.HasPrefix(text, []byte("AWSTemplateFormatVersion:")) {
				keep = append(keep[:0], i)
			}
		case n > 0 && resources >= 0 && (entry < 0 || n <= indent(entry)):
			entry = i
		}
	}
	if resources < 0 || entry < 0 || cursor == entry {
		return nil, false
	}
	end := cursor + 1
	for end < len(starts) && (indent(end) < 0 || indent(end) > indent(entry)) {
		end++
	}
	keep = append(keep, resources)
	for i := entry; i < end; i++ {
		keep = append(keep, i)
	}
	for range drops + 1 {
		text := make([]byte, 0, starts[min(end, len(starts)-1)]-starts[entry]+64)
		at := make([]int, 0, len(keep))
		for _, i := range keep {
			at = append(at, starts[i])
			text = append(text, src[starts[i]:min(lineEnd(i)+1, len(src))]...)
			if i == len(starts)-1 || lineEnd(i) == len(src) {
				text = append(text, '\n')
			}
		}
		root, c, serr := parseYAMLOf(text, src, at)
		if serr == nil {
			if root == nil || !isTemplate(root) {
				return nil, false
			}
			f := &File{Syntax: YAML, words: cloudFormationWords(YAML)}
			c.policies(f, root)
			return f, len(f.Policies) > 0
		}
		broken := slices.Index(keep, max(0, slices.IndexFunc(starts, func(s int) bool { return s > serr.Start })-1))
		if serr.Start >= starts[len(starts)-1] {
			broken = slices.Index(keep, len(starts)-1)
		}
		for j := broken - 1; j > 0 && keep[j] > entry; j-- {
			if open, _ := ClosedLine(src, starts[keep[j]]); open != nil && keep[j] != cursor {
				broken = j // this line left a quote or bracket open
				break
			}
		}
		if broken < 0 || keep[broken] == cursor || keep[broken] <= entry {
			return nil, false
		}
		keep = slices.Delete(keep, broken, broken+1)
	}
	return nil, false
}
