package policy

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// trustActions are the sts actions a role trust policy may grant.
var trustActions = []string{"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "TagSession", "SetSourceIdentity", "SetContext"}

// checkActions checks every Action or NotAction entry against the catalogue:
// the shape service:Name, a known prefix, a known action or a pattern that
// matches something, the spelling AWS uses, and entries made redundant by a
// wildcard in the same list. Then the kind-specific action rules.
func (a *analyzer) checkActions(s *Statement) {
	cat := catalog.Default()
	for _, el := range []*Element{s.Action, s.NotAction} {
		entries := Strings(el)
		for _, entry := range entries {
			if !entry.Closed() {
				continue // reported as a syntax error; the text is unreliable
			}
			a.checkActionEntry(cat, entry)
		}
		a.checkRedundantActions(entries)
	}
	switch a.kind {
	case KindSESIdentity:
		a.checkSESIdentityActions(cat, s)
	case KindTrust:
		a.checkTrustActions(s)
	}
}

func (a *analyzer) checkActionEntry(cat *catalog.Catalog, entry *jsonsyntax.Node) {
	name := entry.Text()
	if name == "*" {
		return
	}
	prefix, action, ok := strings.Cut(name, ":")
	if !ok || prefix == "" || action == "" || strings.ContainsAny(name, " \t") {
		a.report(RuleActionShape, entry.Start(), entry.End(), "action "+quote(name)+` must be written "service:ActionName", e.g. "ses:SendEmail", or be "*"`)
		return
	}
	if catalog.HasWildcard(prefix) {
		a.report(RuleActionServiceWildcard, entry.Start(), entry.End(), "action "+quote(name)+" has a wildcard in the service prefix, so it can match actions of services you did not mean; name the service")
		if len(cat.MatchActions(name)) == 0 {
			a.report(RuleActionNoMatch, entry.Start(), entry.End(), "action pattern "+quote(name)+" matches no action of any service"+catalogueAge())
		}
		return
	}
	svc, known := cat.Service(prefix)
	if !known {
		msg := "unknown service prefix " + quote(prefix) + " in action " + quote(name)
		candidates := a.suggest(func() []string { return suggestActionPrefixes(cat, prefix, action) })
		if len(candidates) > 0 {
			msg += ": did you mean " + quoteList(candidates) + "?"
		} else {
			msg += catalogueAge()
		}
		a.report(RuleActionUnknownService, entry.Start(), entry.End(), msg)
		a.attach(renames(entry, candidates, preferredActionRename(cat, name, candidates))...)
		return
	}
	if catalog.HasWildcard(action) {
		if len(cat.MatchActions(name)) == 0 {
			a.report(RuleActionNoMatch, entry.Start(), entry.End(), "action pattern "+quote(name)+" matches no "+svc.Name+" action"+catalogueAge())
		}
		return
	}
	act, found := cat.Action(name)
	if !found {
		msg := quote(action) + " is not an action of " + svc.Name + " (" + svc.Prefix + ")"
		sug := a.suggest(func() []string { return cat.SuggestActions(name, 3) })
		if len(sug) > 0 {
			msg += ": did you mean " + quoteList(sug) + "?"
		} else {
			msg += catalogueAge()
		}
		a.report(RuleActionUnknown, entry.Start(), entry.End(), msg)
		a.attach(renames(entry, sug, preferredActionRename(cat, name, sug))...)
		return
	}
	if canonical := act.FullName(); canonical != name {
		a.report(RuleActionCase, entry.Start(), entry.End(), "AWS spells this action "+quote(canonical)+"; action names are case-insensitive, so "+quote(name)+" works, but the usual spelling is easier to search for")
		a.attach(replacements(entry, []string{canonical})...)
	}
}

// suggestActionPrefixes returns "p:action" for the known prefixes p close
// to an unknown one, best first, keeping only those that have the action.
func suggestActionPrefixes(cat *catalog.Catalog, prefix, action string) []string {
	var candidates []string
	for _, p := range cat.SuggestServices(prefix, 3) {
		if catalog.HasWildcard(action) || len(cat.MatchActions(p+":"+action)) > 0 {
			candidates = append(candidates, p+":"+action)
		}
	}
	return candidates
}

// checkRedundantActions hints at entries already covered by a wildcard
// entry of the same list ("ses:SendEmail" beside "ses:Send*") and at entries
// listed twice. Cost is entries × wildcard entries, not entries squared.
func (a *analyzer) checkRedundantActions(entries []*jsonsyntax.Node) {
	if len(entries) < 2 {
		return
	}
	var wildcards []int
	for i, e := range entries {
		if catalog.HasWildcard(e.Text()) {
			wildcards = append(wildcards, i)
		}
	}
	// Short lists (nearly all) compare directly; long ones use a set.
	var seen map[string]bool
	if len(entries) > 16 {
		seen = make(map[string]bool, len(entries))
	}
	for i, e := range entries {
		if isDuplicate(entries, i, seen) {
			a.report(RuleActionRedundant, e.Start(), e.End(), quote(e.Text())+" is listed twice")
			continue
		}
		for _, j := range wildcards {
			w := entries[j]
			if i == j || strings.EqualFold(w.Text(), e.Text()) {
				continue
			}
			// Of two patterns covering each other, only the later is flagged.
			if catalog.HasWildcard(e.Text()) && catalog.WildcardMatch(e.Text(), w.Text()) && j > i {
				continue
			}
			if catalog.WildcardMatch(w.Text(), e.Text()) {
				a.report(RuleActionRedundant, e.Start(), e.End(), quote(e.Text())+" is already covered by "+quote(w.Text())+" in this list")
				break
			}
		}
	}
}

// isDuplicate reports whether entries[i] repeats an earlier entry, ignoring
// case; seen (nil for short lists) remembers the entries so far.
func isDuplicate(entries []*jsonsyntax.Node, i int, seen map[string]bool) bool {
	if seen == nil {
		for _, earlier := range entries[:i] {
			if strings.EqualFold(earlier.Text(), entries[i].Text()) {
				return true
			}
		}
		return false
	}
	lower := strings.ToLower(entries[i].Text())
	dup := seen[lower]
	seen[lower] = true
	return dup
}

// checkSESIdentityActions: an SES identity policy accepts only the sending
// and identity-management actions SES documents for it.
func (a *analyzer) checkSESIdentityActions(cat *catalog.Catalog, s *Statement) {
	for _, entry := range Strings(s.Action) {
		name := entry.Text()
		if !entry.Closed() || name == "*" || !hasPrefixFold(name, "ses:") {
			if entry.Closed() && name != "*" && strings.Contains(name, ":") {
				a.report(RuleSESAction, entry.Start(), entry.End(), quote(name)+" is not an SES action; an SES identity policy can only grant SES sending and identity-management actions")
			}
			continue
		}
		if catalog.HasWildcard(name) {
			// SES accepts a wildcard that also covers actions an identity
			// policy cannot grant: Amazon Pinpoint's developer guide grants
			// "ses:*" to pinpoint.amazonaws.com this way. Only the actions
			// on the identity take effect, so the pattern is wrong only
			// when it reaches none of them.
			matched, accepted := 0, false
			example := ""
			for act := range cat.ActionsMatching(name) {
				matched++
				if cat.SESIdentityPolicyAction(act.FullName()) != catalog.NotSESIdentityAction {
					accepted = true
					break
				}
				if example == "" {
					example = act.FullName()
				}
			}
			if matched > 0 && !accepted {
				a.reportAs(RuleSESAction, SeverityWarning, entry.Start(), entry.End(), quote(name)+" matches no action an SES identity policy can grant (it matches "+quote(example)+" and the like), so it grants nothing here; name sending or identity-management actions")
			}
			continue
		}
		if _, known := cat.Action(name); known && cat.SESIdentityPolicyAction(name) == catalog.NotSESIdentityAction {
			a.report(RuleSESAction, entry.Start(), entry.End(), quote(name)+" cannot be granted in an SES identity policy; it accepts sending actions (ses:SendEmail, ses:SendRawEmail, ses:SendTemplatedEmail, ses:SendBulkTemplatedEmail) and identity-management actions")
		}
	}
}

// checkTrustActions: a role trust policy grants sts actions that start a
// session, nothing else.
func (a *analyzer) checkTrustActions(s *Statement) {
	for _, entry := range Strings(s.Action) {
		name := entry.Text()
		if !entry.Closed() || name == "*" {
			continue
		}
		prefix, action, _ := strings.Cut(name, ":")
		if strings.EqualFold(prefix, "sts") {
			ok := catalog.HasWildcard(action)
			for _, t := range trustActions {
				ok = ok || strings.EqualFold(action, t)
			}
			if ok {
				continue
			}
		}
		a.report(RuleTrustAction, entry.Start(), entry.End(), quote(name)+" does not belong in a trust policy; it grants sts:AssumeRole (or AssumeRoleWithSAML, AssumeRoleWithWebIdentity, TagSession, SetSourceIdentity, SetContext). Put other permissions in the role's permission policy")
	}
}

// catalogueAge tells how old the catalogue is, for findings that a newer
// AWS release could explain.
func catalogueAge() string {
	return " (the catalogue is from " + catalog.DatasetDate().Format("2006-01-02") + "; if the action is newer, refresh it or use --catalog)"
}

func quoteList(items []string) string {
	var b strings.Builder
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			b.WriteString(" or ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(quote(it))
	}
	return b.String()
}
