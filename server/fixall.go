package server

import (
	"bytes"
	"unicode/utf8"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
)

// fixAllEdit returns the single edit of the fix-all action: what
// policy.FixAll changes, as the one range between the unchanged start and
// end of the document. It reports false when there is nothing to fix. res
// is the stored analysis of src: without a preferred fix in it, FixAll
// (which analyses again) is not run at all, as editors ask for code
// actions whenever the cursor moves.
func fixAllEdit(d *document, opts policy.Options) (policy.Edit, bool) {
	src := d.src
	if !hasPreferredFix(d.result) {
		return policy.Edit{}, false
	}
	var fixed []byte
	var n int
	if d.template != nil && d.terraform() {
		fixed, n, _ = host.TerraformFixes(src, terraformModule(d.uri, src), opts, policy.FixPreferred)
	} else if d.template != nil {
		// A template's fixes, in its own syntax (server/template.go).
		fixed, n, _ = host.Fixes(src, mayBeYAML(d.uri), opts, policy.FixPreferred)
	} else {
		fixed, n = policy.FixAll(src, opts)
	}
	if n == 0 || bytes.Equal(fixed, src) {
		return policy.Edit{}, false
	}
	return minimalEdit(src, fixed), true
}

// minimalEdit returns the edit that turns old into new by replacing only
// what lies between their common prefix and common suffix. Both cuts fall
// on character boundaries of both texts, and never between "\r" and "\n",
// so the range maps exactly to editor positions and the new text is valid
// UTF-8.
func minimalEdit(old, new []byte) policy.Edit {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	for p > 0 && !(boundary(old, p) && boundary(new, p)) {
		p--
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	for s > 0 && !(boundary(old, len(old)-s) && boundary(new, len(new)-s)) {
		s--
	}
	return policy.Edit{Start: p, End: len(old) - s, NewText: string(new[p : len(new)-s])}
}

// boundary reports whether offset i of b starts a character and does not
// split a "\r\n" line break.
func boundary(b []byte, i int) bool {
	if i <= 0 || i >= len(b) {
		return true
	}
	return utf8.RuneStart(b[i]) && !(b[i-1] == '\r' && b[i] == '\n')
}

// hasPreferredFix reports whether any finding has a preferred fix.
func hasPreferredFix(res *policy.Result) bool {
	for _, d := range res.Diagnostics {
		for _, f := range d.Fixes {
			if f.Preferred {
				return true
			}
		}
	}
	return false
}
