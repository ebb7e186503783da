package completion

import (
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// maxListed is how many matches a wildcard hover lists.
const maxListed = 10

// pinpointNote tells about the end of support of Pinpoint's engagement
// features wherever a hover is about Pinpoint.
const pinpointNote = "Amazon Pinpoint's engagement features (campaigns, journeys) reached end of support on " + catalog.PinpointEngagementEndOfSupport + "; policies for them still work."

// action documents an Action or NotAction value: one action, a pattern, or
// "*". A pattern with a wildcard in the service prefix is described by the
// prefixes it matches, so that hovering it never decodes the catalogue.
func (h *hoverer) action() string {
	name := h.text
	if name == "*" {
		st := h.cat.Stats()
		return "**`*`** · every action\n\nMatches every action of every service: " + thousands(st.Actions) + " actions of " + thousands(st.Services) + " services in the catalogue, and any AWS adds later."
	}
	prefix, rest, ok := strings.Cut(name, ":")
	if !ok || prefix == "" || rest == "" {
		return "**" + code(name) + "**\n\nAn action is written `service:ActionName`, for example `ses:SendEmail`."
	}
	if catalog.HasWildcard(prefix) {
		return h.prefixPattern(prefix)
	}
	svc, ok := h.cat.Service(prefix)
	if !ok {
		var m markdown
		m.para("**", code(name), "** · unknown service prefix ", code(prefix))
		if sug := h.cat.SuggestServices(prefix, 3); len(sug) > 0 {
			m.para("Known prefixes close to it: ", codeList(sug), ".")
		}
		return m.String()
	}
	if catalog.HasWildcard(rest) {
		return wildcardSummary(h.cat, name, maxListed)
	}
	a, ok := svc.Action(rest)
	if !ok {
		var m markdown
		m.para("**", code(name), "** · not an action of ", svc.Name)
		if sug := svc.SuggestActions(rest, 3); len(sug) > 0 {
			for i := range sug {
				sug[i] = svc.Prefix + ":" + sug[i]
			}
			m.para("Did you mean ", codeList(sug), "?")
		}
		return m.String()
	}
	return actionDoc(h.cat, a, name, h.c.Kind)
}

// actionDoc is the full documentation of one action.
func actionDoc(cat *catalog.Catalog, a *catalog.Action, written string, kind policy.Kind) string {
	svc := a.Service()
	var m markdown
	m.para("**", code(a.FullName()), "** · action of ", svc.Name, " · ", a.Level.String())
	if written != a.FullName() {
		m.para("AWS spells it ", code(a.FullName()), "; action names ignore case, so this works as written.")
	}
	if a.Description != "" {
		m.para(a.Description)
	}
	if len(a.Resources) == 0 {
		m.para("No resource-level permissions: a statement granting it needs `\"Resource\": \"*\"`.")
	} else {
		m.list("Resource types (a statement naming ARNs must name one of each required type):")
		for _, r := range a.Resources {
			req := ""
			if r.Required {
				req = " (required)"
			}
			m.item(code(r.Type.Name), req, ": ", code(strings.Join(r.Type.ARNFormats, " or ")))
		}
	}
	if keys := a.AllConditionKeys(); len(keys) > 0 {
		names := make([]string, 0, min(len(keys), 12))
		for _, k := range keys[:min(len(keys), 12)] {
			names = append(names, k.Name)
		}
		more := ""
		if len(keys) > 12 {
			more = " and " + strconv.Itoa(len(keys)-12) + " more"
		}
		m.para("Condition keys besides the AWS-wide ones: ", codeList(names), more, ".")
	}
	if len(a.DependentActions) > 0 {
		m.para("Also needs: ", codeList(a.DependentActions), ".")
	}
	if len(a.SESFamilies) > 0 {
		titles := make([]string, len(a.SESFamilies))
		for i, f := range a.SESFamilies {
			titles[i] = f.Title()
		}
		m.para("SES APIs listing it: ", strings.Join(titles, "; "), ".")
		switch cat.SESIdentityPolicyAction(a.FullName()) {
		case catalog.SESSendingAuthorization:
			m.para("SES identity policies accept it: a sending action a delegate sender can be authorised for.")
		case catalog.SESIdentityManagement:
			m.para("SES identity policies accept it: it manages the identity.")
		default:
			if kind == policy.KindSESIdentity {
				m.para("SES identity policies do not accept it.")
			}
		}
	}
	if svc.Prefix == "mobiletargeting" {
		m.para(pinpointNote)
	}
	if url := a.ReferenceURL(); url != "" {
		m.para("[AWS reference for ", svc.Name, "](", url, ")")
	}
	return m.String()
}

// wildcardSummary documents an action pattern within one service: how many
// actions it matches and the first n of them.
func wildcardSummary(cat *catalog.Catalog, pattern string, n int) string {
	var names []string
	levels := map[string]string{}
	total := 0
	var svcName string
	for a := range cat.ActionsMatching(pattern) {
		total++
		if svcName == "" {
			svcName = a.Service().Name
		}
		if len(names) < n {
			names = append(names, a.FullName())
			levels[a.FullName()] = a.Level.String()
		}
	}
	var m markdown
	if total == 0 {
		m.para("**", code(pattern), "** · pattern matching no action")
		return m.String()
	}
	m.para("**", code(pattern), "** · pattern matching ", plural(total, "action"), " of ", svcName)
	for _, name := range names {
		m.item(code(name), " · ", levels[name])
	}
	if total > len(names) {
		m.item("… and ", strconv.Itoa(total-len(names)), " more")
	}
	return m.String()
}

// prefixPattern documents an action whose service prefix holds a wildcard,
// naming the services it can reach by their prefixes alone.
func (h *hoverer) prefixPattern(prefix string) string {
	var matched []string
	for _, s := range h.cat.Services() {
		if catalog.WildcardMatch(prefix, s.Prefix) {
			matched = append(matched, s.Prefix)
		}
	}
	var m markdown
	m.para("**", code(h.text), "** · wildcard in the service prefix")
	m.para("The prefix pattern ", code(prefix), " matches ", plural(len(matched), "service"), ": ", codeList(matched[:min(len(matched), maxListed)]))
	if len(matched) > maxListed {
		m.sb.WriteString(" and " + strconv.Itoa(len(matched)-maxListed) + " more")
	}
	m.sb.WriteString(". Name the service so the grant cannot reach services you did not mean.")
	return m.String()
}

// codeList writes names as comma-separated code spans.
func codeList(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = code(n)
	}
	return strings.Join(parts, ", ")
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
