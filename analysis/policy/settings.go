package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// RuleSetting changes one rule: Off silences it; a non-zero Severity
// replaces its severity (for every finding of the rule, whatever the rule
// chose for it).
type RuleSetting struct {
	Off      bool
	Severity Severity
}

// ParseRuleSetting reads a setting as written in configuration: "off", or a
// severity name ("error", "warning", "info", "hint").
func ParseRuleSetting(s string) (RuleSetting, bool) {
	if s == "off" || s == "none" {
		return RuleSetting{Off: true}, true
	}
	sev, ok := ParseSeverity(s)
	return RuleSetting{Severity: sev}, ok
}

// Suppression silences one rule at one place: the JSON Pointer Path (as
// "/Statement/0/Action/1") and everything below it. An empty Path is the
// whole document; Rule "*" is every rule. Location, when set, names one
// policy embedded in a host file (host.Analyze keeps such a suppression,
// Location cleared, for that policy only): it never applies here.
type Suppression struct {
	Rule     string
	Location string
	Path     string
}

// PathOf returns the JSON Pointer of the value or key a finding points at,
// the form a Suppression names.
func PathOf(doc *jsonsyntax.Document, d Diagnostic) string {
	n := doc.NodeAt(d.Start)
	if n == nil {
		return ""
	}
	// A finding on a key names the property; NodeAt returns the key node.
	for n.Parent() != nil && n.End() < d.End {
		n = n.Parent()
	}
	return n.Path().String()
}

// applySettings drops suppressed and disabled findings and applies severity
// overrides. It runs after every rule, so rules that look at earlier
// findings see them as the rules reported them.
func applySettings(res *Result, opts Options) {
	if len(opts.Rules) == 0 && len(opts.Suppressions) == 0 {
		return
	}
	kept := res.Diagnostics[:0]
	for _, d := range res.Diagnostics {
		if setting, ok := opts.Rules[d.Code]; ok {
			if setting.Off {
				continue
			}
			if setting.Severity != 0 {
				d.Severity = setting.Severity
			}
		}
		if suppressed(res.Doc, d, opts.Suppressions) {
			continue
		}
		kept = append(kept, d)
	}
	res.Diagnostics = kept
}

func suppressed(doc *jsonsyntax.Document, d Diagnostic, list []Suppression) bool {
	if len(list) == 0 {
		return false
	}
	path := PathOf(doc, d)
	for _, s := range list {
		if s.Rule != d.Code && s.Rule != "*" || s.Location != "" {
			continue
		}
		if s.Path == "" || path == s.Path || strings.HasPrefix(path, s.Path+"/") {
			return true
		}
	}
	return false
}
