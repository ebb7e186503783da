package completion

import (
	"strconv"
	"strings"
	"sync"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// Action and NotAction values. Before the colon, service prefixes (only the
// catalogue's index is read); after it, that one service's actions with
// their access level. SES identity policies get only the actions they
// accept, trust policies only the sts actions that fit the principal.

// actions proposes Action or NotAction values.
func (b *builder) actions() {
	c := b.c
	switch c.Kind {
	case policy.KindSESIdentity:
		b.sesIdentityActions()
		return
	case policy.KindTrust:
		b.trustActions(principalsOf(c.Statement), false)
		return
	}
	colon := strings.IndexByte(c.Typed, ':')
	if colon < 0 {
		if ps := principalsOf(c.Statement); ps.Any && !strings.Contains(c.After, ":") {
			// A resource-based statement: what trust and SES identity
			// policies grant comes first.
			b.trustActions(ps, true)
			b.sesSendingActions()
		}
		b.servicePrefixes()
		return
	}
	b.serviceActions(c.Typed[:colon], c.Typed[colon+1:])
}

// servicePrefixes proposes "prefix:" for every service, SES first. With the
// cursor before an existing colon only the prefix is replaced.
func (b *builder) servicePrefixes() {
	c := b.c
	b.incomplete = true
	keepRest := strings.IndexByte(c.After, ':')
	add := func(s *catalog.Service) {
		label := s.Prefix + ":"
		if keepRest >= 0 {
			// `"s|:SendEmail"`: replace `"s` only.
			e := Edit{Start: c.Start, End: c.Offset + keepRest, NewText: `"` + s.Prefix}
			b.add(label, KindService, s.Name, "", e, false, b.quoteOpen(s.Prefix))
			return
		}
		text := `"` + s.Prefix + `:$0"`
		if !b.opts.Snippets && (c.Token == nil || !c.Token.Closed()) {
			// Left open: the action completed next closes it.
			text = `"` + s.Prefix + `:`
		}
		b.addJSON(label, KindService, s.Name, "", text, true, b.quoteOpen(label))
	}
	if ses, ok := b.cat.Service("ses"); ok {
		add(ses)
	}
	for _, s := range b.cat.Services() {
		if s.Prefix != "ses" {
			add(s)
		}
	}
	if keepRest < 0 && !b.listed("*") {
		b.addString("*", KindAction, "every action of every service", "Matches every action of every AWS service. In an `Allow` statement this grants full control over what the resources allow.", "*", false)
	}
}

// quoteOpen is the filter text of an item that starts a string without
// closing it.
func (b *builder) quoteOpen(text string) string {
	if b.c.Token != nil && !b.c.Quoted {
		return text
	}
	return `"` + text
}

// serviceActions proposes the actions of one service after its prefix.
// When a wildcard is typed, or the cursor is in the middle of the name, the
// server filters (the cursor standing for any run of characters) and the
// pattern itself is proposed with what it matches.
func (b *builder) serviceActions(prefix, name string) {
	c := b.c
	svc, ok := b.cat.Service(prefix)
	if !ok {
		if !catalog.HasWildcard(prefix) {
			b.suggestPrefixes(prefix, name)
		}
		return
	}
	filtered := catalog.HasWildcard(name) || catalog.HasWildcard(c.After) || c.After != ""
	pattern := ""
	if filtered {
		b.incomplete = true
		pattern = name + "*" + c.After
	}
	actions := svc.Actions()
	if written := name + c.After; catalog.HasWildcard(written) {
		b.addPattern(svc, written)
	}
	for _, a := range actions {
		if filtered && !catalog.WildcardMatch(pattern, a.Name) {
			continue
		}
		full := svc.Prefix + ":" + a.Name
		if b.listed(full) {
			continue
		}
		it := b.addString(full, KindAction, a.Level.String(), actionSummary(a), full, false)
		if filtered {
			it.FilterText = b.typedFilter()
		}
	}
	if !filtered && !b.listed(svc.Prefix+":*") {
		all := svc.Prefix + ":*"
		b.addString(all, KindAction, "all "+strconv.Itoa(len(actions))+" actions", "Matches every action of "+svc.Name+", including actions AWS adds later.", all, false)
	}
}

// addPattern proposes the wildcard pattern being typed, detailed by how
// many actions it matches.
func (b *builder) addPattern(svc *catalog.Service, pattern string) {
	n := 0
	for _, a := range svc.Actions() {
		if catalog.WildcardMatch(pattern, a.Name) {
			n++
		}
	}
	if n == 0 {
		return
	}
	full := svc.Prefix + ":" + pattern
	it := b.addString(full, KindAction, "matches "+plural(n, "action"), wildcardSummary(b.cat, full, 10), full, false)
	it.FilterText = b.typedFilter()
}

// suggestPrefixes proposes known prefixes close to an unknown one, keeping
// the rest of what is typed.
func (b *builder) suggestPrefixes(prefix, name string) {
	for _, p := range b.cat.SuggestServices(prefix, 3) {
		full := p + ":" + name + b.c.After
		it := b.addString(full, KindService, "did you mean "+p+"?", "", full, false)
		it.FilterText = b.typedFilter()
	}
}

// sesIdentityActions proposes the actions an SES identity policy accepts:
// the sending actions first, then identity management.
func (b *builder) sesIdentityActions() {
	b.sesSendingActions()
	for _, name := range sesActions().management {
		b.addNamedAction(name, roleManagement)
	}
}

// sesSendingActions proposes the four SES sending actions a delegate sender
// may be authorised for.
func (b *builder) sesSendingActions() {
	for _, name := range sesActions().sending {
		b.addNamedAction(name, roleSending)
	}
}

// sesActions splits the actions SES identity policies accept by kind, once.
var sesActions = sync.OnceValue(func() (lists struct{ sending, management []string }) {
	cat := catalog.Default()
	for _, name := range cat.SESIdentityPolicyActions() {
		switch cat.SESIdentityPolicyAction(name) {
		case catalog.SESSendingAuthorization:
			lists.sending = append(lists.sending, name)
		case catalog.SESIdentityManagement:
			lists.management = append(lists.management, name)
		}
	}
	return lists
})

// trustActions proposes the sts actions of a trust policy: the assume
// action that fits the principal (AssumeRole for AWS and service
// principals, AssumeRoleWithSAML, AssumeRoleWithWebIdentity), then the
// session actions. Assume actions for another kind of principal are left
// out; with no principal yet, all are proposed. With onlyAssume, the
// session actions are left out too.
func (b *builder) trustActions(ps principalSummary, onlyAssume bool) {
	known := ps.AWS || ps.Star || len(ps.Service) > 0 || ps.SAML || ps.OIDC
	for _, name := range policy.TrustActions() {
		var fits bool
		switch name {
		case "AssumeRole":
			fits = !known || ps.AWS || ps.Star || len(ps.Service) > 0
		case "AssumeRoleWithSAML":
			fits = !known || ps.SAML
		case "AssumeRoleWithWebIdentity":
			fits = !known || ps.OIDC
		default:
			fits = !onlyAssume
		}
		if fits {
			b.addNamedAction("sts:"+name, roleNone)
		}
	}
}

// sesRole is what an action is for in an SES identity policy, shown after
// its access level.
type sesRole uint8

const (
	roleNone sesRole = iota
	roleSending
	roleManagement
)

// actionDetails holds the detail line of every access level and role,
// written once so that listing actions does not build them again.
var actionDetails = func() (d [catalog.AccessPermissionsManagement + 1][3]string) {
	for level := range d {
		name := catalog.AccessLevel(level).String()
		d[level] = [3]string{name, name + " · sending authorization", name + " · identity management"}
	}
	return d
}()

// addNamedAction proposes one action by its full name, unless the list
// already holds it.
func (b *builder) addNamedAction(full string, role sesRole) {
	if b.listed(full) {
		return
	}
	a, ok := b.cat.Action(full)
	if !ok {
		return
	}
	if full[len(full)-len(a.Name):] != a.Name {
		full = a.FullName() // AWS's spelling
	}
	detail := a.Level.String()
	if int(a.Level) < len(actionDetails) {
		detail = actionDetails[a.Level][role]
	}
	b.addString(full, KindAction, detail, actionSummary(a), full, false)
}

// summaries caches the Markdown beside action and condition key items,
// which never changes for a catalogue entry: the lists of the services a
// user works with are then built without writing any of it again.
var summaries sync.Map // *catalog.Action or *catalog.ConditionKey -> string

// actionSummary is the short Markdown shown beside an action item: our
// description where we have one, and the resource types it acts on.
func actionSummary(a *catalog.Action) string {
	if s, ok := summaries.Load(a); ok {
		return s.(string)
	}
	s := writeActionSummary(a)
	summaries.Store(a, s)
	return s
}

func writeActionSummary(a *catalog.Action) string {
	var sb strings.Builder
	sb.Grow(len(a.Description) + 120)
	if a.Description != "" {
		sb.WriteString(a.Description)
		sb.WriteString("\n\n")
	}
	sb.WriteString("Access level: ")
	sb.WriteString(a.Level.String())
	if len(a.Resources) > 0 {
		sb.WriteString(". Resource types: ")
		for i, r := range a.Resources {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(r.Type.Name)
			if r.Required {
				sb.WriteString(" (required)")
			}
		}
	} else {
		sb.WriteString(`. No resource-level permissions: use "Resource": "*"`)
	}
	sb.WriteByte('.')
	return sb.String()
}

// plural writes a count with a noun, adding an s unless it is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
