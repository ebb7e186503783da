package eval

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// A policy summary, like the IAM console's: for each statement, per
// service, the actions by access level, the resources, the principals and
// the conditions. SES identity policies are also told in SES's words: who
// may send as the identity, from which addresses, to which recipients.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html

// Summary is what a policy grants and denies.
type Summary struct {
	Kind       policy.Kind
	Statements []StatementSummary
	// Identity is, for an SES identity policy, the identity ARN it names.
	Identity string
}

// StatementSummary is one statement.
type StatementSummary struct {
	Index int
	Sid   string
	Start int // byte offset of the statement
	// Effect is "Allow" or "Deny" (anything else is summarised as written).
	Effect string
	// Services lists the actions by service; nil with NotAction.
	Services []ServiceActions
	// NotActions: the statement covers every action except these.
	NotActions []string
	// AllActions: an Action value is "*" (every action of every service).
	AllActions bool
	// Unknown holds Action values that name no known action.
	Unknown      []string
	Resources    []string
	NotResource  bool
	Principals   []string // "AWS 111122223333", "Service ses.amazonaws.com", "everyone"
	NotPrincipal bool
	Conditions   []string // "ses:FromAddress StringLike marketing+*@example.com"
	// conds keeps the conditions by key, for the SES wording.
	conds []condition
}

type condition struct {
	key, op string
	values  []string
}

// ServiceActions is the actions of one service a statement names.
type ServiceActions struct {
	Prefix, Name string
	Levels       []LevelActions
}

// LevelActions is the actions of one access level.
type LevelActions struct {
	Level   string // "List", "Read", "Write", "Tagging", "Permissions management"
	Actions []string
	Total   int // actions of the service at this level
}

// Summarize builds the summary of a policy.
func Summarize(p *policy.Policy, kind policy.Kind, cat *catalog.Catalog) Summary {
	sum := Summary{Kind: kind}
	if p == nil {
		return sum
	}
	if kind == policy.KindSESIdentity {
		sum.Identity = SESIdentityARN(p)
	}
	for _, s := range p.Statements {
		sum.Statements = append(sum.Statements, summarizeStatement(s, cat))
	}
	return sum
}

func summarizeStatement(s *policy.Statement, cat *catalog.Catalog) StatementSummary {
	st := StatementSummary{Index: s.Index, Start: s.Node.Start()}
	if v := s.Sid.Value(); v != nil && v.Kind() == jsonsyntax.String {
		st.Sid = v.Text()
	}
	if v := s.Effect.Value(); v != nil {
		st.Effect = v.Text()
	}
	if s.NotAction != nil {
		st.NotActions = texts(policy.Strings(s.NotAction))
	} else {
		actions := texts(policy.Strings(s.Action))
		for _, a := range actions {
			st.AllActions = st.AllActions || strings.Trim(a, "*") == "" || strings.Trim(a, "*") == ":"
		}
		if !st.AllActions { // listing every action AWS has would say less
			st.Services, st.Unknown = servicesOf(actions, cat)
		}
	}
	if s.NotResource != nil {
		st.NotResource = true
		st.Resources = texts(policy.Strings(s.NotResource))
	} else {
		st.Resources = texts(policy.Strings(s.Resource))
	}
	el := s.Principal
	if el == nil && s.NotPrincipal != nil {
		el, st.NotPrincipal = s.NotPrincipal, true
	}
	if v := el.Value(); v != nil {
		if v.Kind() == jsonsyntax.String && v.Text() == "*" {
			st.Principals = []string{"everyone (\"*\")"}
		} else if v.Kind() == jsonsyntax.Object {
			for _, prop := range v.Children() {
				typ := prop.Key().Text()
				for _, n := range policy.Strings(&policy.Element{Property: prop}) {
					st.Principals = append(st.Principals, describePrincipal(typ, n.Text()))
				}
			}
		}
	}
	if v := s.Condition.Value(); v != nil && v.Kind() == jsonsyntax.Object {
		for _, opProp := range v.Children() {
			keys := opProp.Value()
			if keys == nil || keys.Kind() != jsonsyntax.Object {
				continue
			}
			for _, keyProp := range keys.Children() {
				c := condition{key: keyProp.Key().Text(), op: opProp.Key().Text()}
				if kv := keyProp.Value(); kv != nil {
					for _, n := range kv.Values() {
						c.values = append(c.values, n.Text())
					}
				}
				st.conds = append(st.conds, c)
				st.Conditions = append(st.Conditions, c.String())
			}
		}
	}
	return st
}

func (c condition) String() string {
	return c.key + " " + c.op + " " + strings.Join(c.values, " or ")
}

func texts(nodes []*jsonsyntax.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.Text()
	}
	return out
}

// describePrincipal says who a Principal value names.
func describePrincipal(typ, v string) string {
	if typ != "AWS" {
		return typ + " " + v
	}
	switch {
	case v == "*":
		return "every AWS principal (\"AWS\": \"*\")"
	case isAccountID(v):
		return "account " + v + " (any principal it allows)"
	}
	if f := splitARN(v); len(f) == 6 && f[2] == "iam" && f[5] == "root" {
		return "account " + f[4] + " (any principal it allows)"
	}
	return v
}

// servicesOf expands Action values into the catalogue's actions, grouped
// by service and access level.
func servicesOf(values []string, cat *catalog.Catalog) ([]ServiceActions, []string) {
	seen := map[*catalog.Action]bool{}
	byService := map[string][]*catalog.Action{}
	var unknown []string
	for _, v := range values {
		found := false
		for a := range cat.ActionsMatching(v) {
			found = true
			if !seen[a] {
				seen[a] = true
				p := a.Service().Prefix
				byService[p] = append(byService[p], a)
			}
		}
		if !found {
			unknown = append(unknown, v)
		}
	}
	prefixes := make([]string, 0, len(byService))
	for p := range byService {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	var out []ServiceActions
	for _, p := range prefixes {
		svc, _ := cat.Service(p)
		sa := ServiceActions{Prefix: p, Name: svc.Name}
		totals := map[catalog.AccessLevel]int{}
		for _, a := range svc.Actions() {
			totals[a.Level]++
		}
		levels := map[catalog.AccessLevel][]string{}
		for _, a := range byService[p] {
			levels[a.Level] = append(levels[a.Level], a.Name)
		}
		for l := catalog.AccessList; l <= catalog.AccessPermissionsManagement; l++ {
			if names := levels[l]; len(names) > 0 {
				sort.Strings(names)
				sa.Levels = append(sa.Levels, LevelActions{Level: l.String(), Actions: names, Total: totals[l]})
			}
		}
		if names := levels[catalog.AccessUnknown]; len(names) > 0 {
			sort.Strings(names)
			sa.Levels = append(sa.Levels, LevelActions{Level: "Unknown level", Actions: names, Total: totals[catalog.AccessUnknown]})
		}
		out = append(out, sa)
	}
	return out, unknown
}

// Text renders the summary for a terminal. line gives a statement's
// 1-based line from its byte offset.
func (s Summary) Text(line func(offset int) int) string {
	return s.render(line, false)
}

// Markdown renders the summary for an editor's hover.
func (s Summary) Markdown(line func(offset int) int) string {
	return s.render(line, true)
}

func (s Summary) render(line func(int) int, md bool) string {
	var b strings.Builder
	code := func(x string) string {
		if md {
			return "`" + x + "`"
		}
		return x
	}
	bullet, sub := "  ", "    "
	if md {
		bullet, sub = "- ", "  - "
	}
	heading := func(x string) {
		if md {
			b.WriteString("**" + x + "**\n\n")
		} else {
			b.WriteString(x + "\n")
		}
	}
	if len(s.Statements) == 0 {
		heading("The policy has no statements: it grants nothing.")
		return b.String()
	}
	if s.Kind == policy.KindSESIdentity {
		s.renderSES(&b, line, md, code, bullet, sub)
	}
	for i, st := range s.Statements {
		if i > 0 || s.Kind == policy.KindSESIdentity {
			b.WriteString("\n")
		}
		heading(fmt.Sprintf("%s — %s (line %d)", effectWord(st.Effect), st.name(), line(st.Start)))
		if st.NotActions != nil {
			b.WriteString(bullet + "every action except " + codes(st.NotActions, code) + "\n")
		}
		if st.AllActions {
			b.WriteString(bullet + "every action of every service (" + code("*") + ")\n")
		}
		for _, svc := range st.Services {
			b.WriteString(bullet + svc.Name + " (" + code(svc.Prefix) + ")\n")
			for _, l := range svc.Levels {
				scope := fmt.Sprintf("%d of %d", len(l.Actions), l.Total)
				if len(l.Actions) == l.Total {
					scope = fmt.Sprintf("all %d", l.Total)
				}
				names := l.Actions
				more := ""
				if len(names) > 8 {
					names, more = names[:8], fmt.Sprintf(", and %d more", len(l.Actions)-8)
				}
				fmt.Fprintf(&b, "%s%s (%s): %s%s\n", sub, l.Level, scope, strings.Join(names, ", "), more)
			}
		}
		if len(st.Unknown) > 0 {
			b.WriteString(bullet + "actions the catalogue does not know: " + codes(st.Unknown, code) + "\n")
		}
		switch {
		case st.NotResource:
			b.WriteString(bullet + "resources: every resource except " + codes(st.Resources, code) + "\n")
		case len(st.Resources) > 0:
			b.WriteString(bullet + "resources: " + codes(st.Resources, code) + "\n")
		}
		switch {
		case st.NotPrincipal:
			b.WriteString(bullet + "principals: everyone except " + strings.Join(st.Principals, ", ") + "\n")
		case len(st.Principals) > 0:
			b.WriteString(bullet + "principals: " + strings.Join(st.Principals, ", ") + "\n")
		}
		if len(st.Conditions) == 0 {
			b.WriteString(bullet + "conditions: none\n")
		} else {
			b.WriteString(bullet + "conditions (all must hold): " + codes(st.Conditions, code) + "\n")
		}
	}
	return b.String()
}

func codes(list []string, code func(string) string) string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = code(x)
	}
	return strings.Join(out, "; ")
}

func effectWord(effect string) string {
	switch effect {
	case "Allow":
		return "Allows"
	case "Deny":
		return "Denies"
	}
	return "Effect " + strconv.Quote(effect) + " (neither Allow nor Deny)"
}

func (st StatementSummary) name() string {
	return StatementResult{Sid: st.Sid, Index: st.Index}.Name()
}

// renderSES tells an SES identity policy in SES's words.
func (s Summary) renderSES(b *strings.Builder, line func(int) int, md bool, code func(string) string, bullet, sub string) {
	identity := s.Identity
	if identity == "" {
		identity = "the identity"
	} else {
		identity = code(identity)
	}
	if md {
		fmt.Fprintf(b, "**Who may use %s**\n\n", identity)
	} else {
		fmt.Fprintf(b, "Who may use %s:\n", identity)
	}
	cat := catalog.Default()
	for _, st := range s.Statements {
		var sending, managing []string
		for _, svc := range st.Services {
			for _, l := range svc.Levels {
				for _, a := range l.Actions {
					full := svc.Prefix + ":" + a
					switch cat.SESIdentityPolicyAction(full) {
					case catalog.SESSendingAuthorization:
						sending = append(sending, full)
					case catalog.SESIdentityManagement:
						managing = append(managing, full)
					}
				}
			}
		}
		who := "no one (the statement names no principal)"
		if len(st.Principals) > 0 {
			who = strings.Join(st.Principals, ", ")
			if st.NotPrincipal {
				who = "everyone except " + who
			}
		}
		verb := "may"
		if st.Effect == "Deny" {
			verb = "may not"
		}
		fmt.Fprintf(b, "%s%s (line %d): %s %s", bullet, st.name(), line(st.Start), who, verb)
		var what []string
		if len(sending) > 0 {
			what = append(what, "send as this identity with "+codes(sending, code))
		}
		if len(managing) > 0 {
			what = append(what, "manage it with "+codes(managing, code))
		}
		if st.NotActions != nil {
			what = append(what, "use every action except "+codes(st.NotActions, code))
		}
		if st.AllActions {
			what = append(what, "use every action ("+code("*")+")")
		}
		if len(what) == 0 {
			what = append(what, "use no SES identity action")
		}
		b.WriteString(" " + strings.Join(what, ", and ") + "\n")
		from, to, other := "any From address", "any recipients", []string{}
		for _, c := range st.conds {
			switch strings.ToLower(c.key) {
			case "ses:fromaddress":
				from = "From address " + code(c.op+" "+strings.Join(c.values, " or "))
			case "ses:recipients":
				to = "recipients " + code(c.op+" "+strings.Join(c.values, " or "))
			default:
				other = append(other, code(c.String()))
			}
		}
		if len(sending) > 0 || st.NotActions != nil || st.AllActions {
			fmt.Fprintf(b, "%s%s; %s\n", sub, from, to)
		}
		if len(other) > 0 {
			fmt.Fprintf(b, "%sonly when %s\n", sub, strings.Join(other, " and "))
		}
	}
}
