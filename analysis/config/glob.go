package config

import (
	"fmt"
	"path"
	"strings"
)

// Glob is a compiled path pattern. Patterns are slash-separated and matched
// one path segment at a time:
//   - "**" as a whole segment matches any number of segments, including none;
//   - within a segment, "*", "?" and "[...]" work as in path.Match and never
//     cross a "/".
//
// A pattern starting with "/" only matches absolute paths. Any other pattern
// is matched against the whole path as given (relative to the workspace root,
// or absolute for files outside it), so "*.json" matches "a.json" but not
// "dir/a.json"; write "**/*.json" for any depth. A pattern ending in "/"
// names a folder and everything in it ("gen/" is "gen/**"), as in a
// .gitignore.
type Glob struct {
	pattern  string
	segments []string
}

// CompileGlob checks a pattern and prepares it for matching. A leading "./"
// is ignored.
func CompileGlob(pattern string) (Glob, error) {
	clean := strings.TrimPrefix(pattern, "./")
	if clean == "" {
		return Glob{}, fmt.Errorf("empty glob")
	}
	if strings.HasSuffix(clean, "/") {
		clean += "**"
	}
	segments := strings.Split(clean, "/")
	for _, s := range segments {
		if s == "**" {
			continue
		}
		if _, err := path.Match(s, ""); err != nil {
			return Glob{}, fmt.Errorf("glob %q: %w", pattern, err)
		}
	}
	return Glob{pattern: pattern, segments: segments}, nil
}

// String returns the pattern as written.
func (g Glob) String() string {
	return g.pattern
}

// Match reports whether a slash-separated path matches the pattern.
func (g Glob) Match(name string) bool {
	if len(g.segments) == 0 {
		return false
	}
	return matchSegments(g.segments, strings.Split(strings.TrimPrefix(name, "./"), "/"))
}

// matchSegments matches path segments against pattern segments, where "**"
// stands for any run of segments. It is the usual wildcard matcher with
// backtracking to the most recent "**", which is linear for one "**" and
// never worse than quadratic.
func matchSegments(pattern, segments []string) bool {
	p, s := 0, 0
	star, starS := -1, 0 // the last "**" seen and the segment it resumes from
	for s < len(segments) {
		switch {
		case p < len(pattern) && pattern[p] == "**":
			star, starS = p, s
			p++
		case p < len(pattern) && matchSegment(pattern[p], segments[s]):
			p++
			s++
		case star >= 0:
			// Let the last "**" swallow one more segment and retry.
			starS++
			p, s = star+1, starS
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == "**" {
		p++
	}
	return p == len(pattern)
}

// matchSegment matches one path segment. Patterns were checked by
// CompileGlob, so path.Match cannot fail here.
func matchSegment(pattern, segment string) bool {
	ok, _ := path.Match(pattern, segment)
	return ok
}

// MatchesEveryPolicyFile reports whether the pattern matches every JSON file
// at any depth: "**" segments only, optionally ending in "*" or "*.json".
func (g Glob) MatchesEveryPolicyFile() bool {
	for i, s := range g.segments {
		if s == "**" {
			continue
		}
		if i != len(g.segments)-1 || s != "*" && s != "*.json" {
			return false
		}
	}
	return len(g.segments) > 0 && g.segments[0] == "**"
}
