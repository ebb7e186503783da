package policy

import (
	"slices"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// checkDependentActions hints at actions that only succeed together with
// another action (ses:CreateRuleSet needs iam:PassRole) when no Allow
// statement of the policy grants that other action.
func (a *analyzer) checkDependentActions(cat *catalog.Catalog, p *Policy) {
	if a.kind != KindIAMIdentity {
		return
	}
	var granted []string
	for _, s := range p.Statements {
		if effectIs(s, "Allow") {
			for _, e := range Strings(s.Action) {
				granted = append(granted, e.Text())
			}
		}
	}
	isGranted := func(action string) bool {
		for _, g := range granted {
			if catalog.WildcardMatch(g, action) {
				return true
			}
		}
		return false
	}
	for _, s := range p.Statements {
		if !effectIs(s, "Allow") {
			continue
		}
		for _, e := range Strings(s.Action) {
			act, ok := cat.Action(e.Text())
			if !ok || !e.Closed() {
				continue
			}
			var missing []string
			for _, dep := range dependentActions(act) {
				if !isGranted(dep) && !slices.Contains(missing, dep) {
					missing = append(missing, dep)
				}
			}
			if len(missing) > 0 {
				a.report(RuleDependentAction, e.Start(), e.End(), quote(act.FullName())+" also needs "+quoteList(missing)+", which this policy does not grant")
			}
		}
	}
}

// dependentActions returns what the action needs, on any resource type.
func dependentActions(act *catalog.Action) []string {
	deps := act.DependentActions
	for _, r := range act.Resources {
		deps = append(deps[:len(deps):len(deps)], r.DependentActions...)
	}
	return deps
}

// checkAPIVersion: SES v1, SES v2, Mail Manager and the legacy Pinpoint Email
// API share the ses: prefix. A statement limited with ses:ApiVersion to one
// API version never matches actions that exist only in the other.
func (a *analyzer) checkAPIVersion(cat *catalog.Catalog, s *Statement) {
	versions := map[string]catalog.SESFamily{"1": catalog.SESv1, "2": catalog.SESv2}
	for _, key := range testsKey(cat, s, []string{"ses:ApiVersion"}) {
		for _, v := range conditionValues(key.Value()) {
			family, ok := versions[strings.TrimSpace(v.Text())]
			if !ok {
				continue
			}
			for _, e := range Strings(s.Action) {
				act, known := cat.Action(e.Text())
				if !known || len(act.SESFamilies) == 0 || slices.Contains(act.SESFamilies, family) || conditionHasOtherVersion(key, v) {
					continue
				}
				a.report(RuleSESAPIVersion, e.Start(), e.End(), quote(act.FullName())+" is not part of SES API v"+v.Text()+" (AWS documents it for "+familyTitles(act.SESFamilies)+"), so the ses:ApiVersion condition never lets it through")
			}
		}
	}
}

// conditionHasOtherVersion reports whether the key's values list more than
// one version, in which case an action of either one passes.
func conditionHasOtherVersion(key, v *jsonsyntax.Node) bool {
	for _, other := range conditionValues(key.Value()) {
		if other != v && other.Text() != v.Text() {
			return true
		}
	}
	return false
}

func familyTitles(fams []catalog.SESFamily) string {
	var names []string
	for _, f := range fams {
		names = append(names, f.Title()+" ("+string(f)+")")
	}
	return strings.Join(names, ", ")
}
