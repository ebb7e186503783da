package completion

import (
	"cmp"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// Resource and NotResource values: ARN templates for the resource types of
// the statement's actions (ses:SendEmail: identity, configuration-set,
// template), and inside a partly typed ARN the next field: partitions,
// regions of that partition, accounts, resource type paths.

// resources proposes Resource or NotResource values.
func (b *builder) resources() {
	c := b.c
	if c.Kind == policy.KindTrust {
		return // trust policies take no Resource
	}
	if len(c.Typed) >= 4 && strings.EqualFold(c.Typed[:4], "arn:") {
		b.arnField()
		return
	}
	b.arnTemplates()
	if c.Kind != policy.KindSESIdentity && !b.listed("*") {
		b.addString("*", KindReference, "every resource", `Every resource. Required for actions without resource-level permissions.`, "*", false)
	}
}

// resourceUse is a resource type some action of the statement acts on.
type resourceUse struct {
	typ      *catalog.ResourceType
	required bool
	actions  []string // the actions using it, at most a few
}

// maxResourceTypes bounds the templates proposed for one statement (a
// statement granting ec2:* would otherwise list hundreds).
const maxResourceTypes = 40

// statementResourceTypes lists the resource types the statement's actions
// act on, required ones of each action first, without repeats. In an SES
// identity policy only the SES identity type applies.
func (b *builder) statementResourceTypes() []resourceUse {
	if b.c.Kind == policy.KindSESIdentity {
		if ses, ok := b.cat.Service("ses"); ok {
			if t, ok := ses.ResourceType("identity"); ok {
				return []resourceUse{{typ: t, required: true}}
			}
		}
		return nil
	}
	var uses []resourceUse
	add := func(a *catalog.Action, r catalog.ResourceRef) {
		for i := range uses {
			if uses[i].typ == r.Type {
				uses[i].required = uses[i].required || r.Required
				if len(uses[i].actions) < 3 {
					uses[i].actions = append(uses[i].actions, a.FullName())
				}
				return
			}
		}
		if len(uses) < maxResourceTypes {
			uses = append(uses, resourceUse{typ: r.Type, required: r.Required, actions: []string{a.FullName()}})
		}
	}
	b.eachStatementAction(func(a *catalog.Action) {
		for _, want := range [...]bool{true, false} {
			for _, r := range a.Resources {
				if r.Required == want {
					add(a, r)
				}
			}
		}
	})
	return uses
}

// arnTemplates proposes one ARN per format of each resource type the
// statement's actions act on, filled from the settings; in a host file
// that names the partition, region or account itself, those forms first.
func (b *builder) arnTemplates() {
	uses := b.statementResourceTypes()
	b.hostARNTemplates(uses)
	for _, u := range uses {
		for _, format := range u.typ.ARNFormats {
			snippet, _ := placeholders(format, 1, b.arnFill)
			label := filled(format, b.arnFill)
			b.addString(label, KindReference, u.detail(), resourceTypeDoc(u.typ.Service(), u.typ, format, u.actions), snippet, true)
		}
	}
}

// detail is the line beside an ARN template of the resource type.
func (u resourceUse) detail() string {
	detail := u.typ.Service().Prefix + " " + u.typ.Name
	if u.required {
		detail += " (required)"
	}
	return detail
}

// hostARNTemplates proposes the ARN templates with the host's expressions
// for the partition, region and account (Options.Host), as a string the
// host evaluates: wrapped by Host.Open and Host.Close, unless the cursor
// is already in such a string. A format none of whose fields the host
// names gets no host form.
func (b *builder) hostARNTemplates(uses []resourceUse) {
	h := b.opts.Host
	if h == nil || h.Partition == "" && h.Region == "" && h.Account == "" {
		return
	}
	open, close := h.Open, h.Close
	if h.StringEnd > h.StringStart && b.c.Start == h.StringStart {
		open, close = "", ""
	}
	for _, u := range uses {
		for _, format := range u.typ.ARNFormats {
			named := false
			fill := func(name string) (string, bool) {
				if w := h.word(name); w != "" {
					named = true
					return w, true
				}
				return b.arnFill(name)
			}
			snippet, _ := placeholders(format, 1, fill)
			if !named {
				continue
			}
			content := filled(format, fill)
			it := b.addJSON(open+`"`+content+`"`+close, KindReference, u.detail(), resourceTypeDoc(u.typ.Service(), u.typ, format, u.actions),
				open+`"`+snippet+`"`+close, true, b.filterQuoted(content))
			it.HostSyntax = true
		}
	}
}

// resourceTypeDoc is the Markdown beside an ARN template.
func resourceTypeDoc(svc *catalog.Service, t *catalog.ResourceType, format string, actions []string) string {
	var sb strings.Builder
	sb.Grow(128 + len(format))
	sb.WriteString("ARN of a resource of type **")
	sb.WriteString(t.Name)
	sb.WriteString("** (")
	sb.WriteString(svc.Name)
	sb.WriteString(").\n\nFormat: ")
	sb.WriteString(code(format))
	if len(actions) > 0 {
		sb.WriteString("\n\nActed on by ")
		for i, a := range actions {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(code(a))
		}
		sb.WriteByte('.')
	}
	return sb.String()
}

// arnFill fills ARN placeholders from the settings: the partition (or the
// one the region setting belongs to), the region and the account. An unset
// partition becomes a placeholder defaulting to "aws"; the others keep
// their names. Our templates spell them ${partition}, ${region} and
// ${accountId}; AWS's formats ${Partition}, ${Region} and ${Account}.
func (b *builder) arnFill(name string) (string, bool) {
	switch {
	case strings.EqualFold(name, "Partition"):
		if p := b.partition(); p != "" {
			return p, true
		}
		return "aws", false
	case strings.EqualFold(name, "Region"):
		if b.opts.Region != "" {
			return b.opts.Region, true
		}
	case strings.EqualFold(name, "Account"), strings.EqualFold(name, "AccountId"):
		if b.opts.AccountID != "" {
			return b.opts.AccountID, true
		}
	case name == "delegateAccountId":
		// Another account than the user's: no setting knows it. The
		// documentation's placeholder makes policyls's RES004 warning
		// say what to put there.
		return "account-id", false
	}
	return "", false
}

// partition returns the partition from the settings, or the partition of
// the region setting, or "".
func (b *builder) partition() string {
	if b.opts.Partition != "" {
		return b.opts.Partition
	}
	if b.opts.Region != "" {
		if p, ok := b.cat.PartitionOfRegion(b.opts.Region); ok {
			return p.ID
		}
	}
	return ""
}

// arnField proposes the field of a partly typed ARN the cursor is in. Each
// item replaces that field only (the range starts after the previous
// colon) and adds the colon that ends it when there is none yet.
func (b *builder) arnField() {
	c := b.c
	b.incomplete = true
	// Colons inside ${...} (a policy variable, ${AWS::Region} in a Sub
	// string) split no field.
	typed, after := maskVariables(c.Typed), maskVariables(c.After)
	k := strings.Count(typed, ":")
	if k > 5 {
		k = 5 // the resource part may hold colons
	}
	contentStart := c.Offset - len(typed)
	fieldStart := contentStart + nthColon(typed, k) + 1
	fieldEnd := c.Offset + len(after)
	colonNext := false
	if k < 5 {
		if i := strings.IndexByte(after, ':'); i >= 0 {
			fieldEnd, colonNext = c.Offset+i, true
		}
	}
	fields := strings.SplitN(typed+after, ":", 6)
	field := func(i int) string {
		if i < len(fields) {
			return fields[i]
		}
		return ""
	}
	f := arnFieldItems{b: b, start: fieldStart, end: fieldEnd, colon: !colonNext && k < 5, host: b.hostString()}
	switch k {
	case 1:
		f.hostWord(f.host.Partition, "the partition the host deploys to")
		f.partitions()
	case 2:
		f.services()
	case 3:
		if with, _ := f.fieldUse(field(2), 3); with {
			f.hostWord(f.host.Region, "the region the host deploys to")
		}
		f.regions(field(1), field(2))
	case 4:
		if with, _ := f.fieldUse(field(2), 4); with {
			f.hostWord(f.host.Account, "the account the host deploys to")
		}
		f.accounts(field(2))
	case 5:
		f.resourcePaths(field(2), field(3) == "", field(4) == "")
	}
}

// maskVariables returns s with the colons inside each ${...} replaced, its
// length kept.
func maskVariables(s string) string {
	i := strings.Index(s, "${")
	if i < 0 {
		return s
	}
	b := []byte(s)
	depth := 0
	for ; i < len(b); i++ {
		switch {
		case b[i] == '$' && i+1 < len(b) && b[i+1] == '{':
			depth++
			i++
		case b[i] == '}' && depth > 0:
			depth--
		case b[i] == ':' && depth > 0:
			b[i] = '.'
		}
	}
	return string(b)
}

// hostString returns the host's words when the string at the cursor is
// one the host evaluates (a Sub string, or any string of a host that
// evaluates them all), else an empty Host.
func (b *builder) hostString() Host {
	h := b.opts.Host
	if h == nil {
		return Host{}
	}
	inSub := h.StringEnd > h.StringStart && b.c.Start == h.StringStart
	if inSub || h.Open == "" && h.Close == "" {
		return *h
	}
	return Host{}
}

// nthColon returns the index of the n-th colon of s (n >= 1).
func nthColon(s string, n int) int {
	i := -1
	for ; n > 0; n-- {
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			return len(s)
		}
		i += j + 1
	}
	return i
}

// arnFieldItems adds the items of one ARN field.
type arnFieldItems struct {
	b          *builder
	start, end int
	colon      bool // end the field with a colon
	// host holds the host's words when the ARN is in a string the host
	// evaluates: its items are then written for inside that string.
	host Host
}

// hostWord proposes the host's expression for the field, when it has one.
func (f arnFieldItems) hostWord(word, detail string) {
	if word != "" {
		f.add(word, detail, "", word, false, "")
	}
}

// fieldUse is fieldUse for a service named in the ARN, or true for one
// not known.
func (f arnFieldItems) fieldUse(service string, i int) (with, without bool) {
	if svc, known := f.b.cat.Service(service); known {
		return fieldUse(svc, i)
	}
	return true, false
}

// add proposes text for the field. filter is what the typed field text is
// matched against ("" for the label).
func (f arnFieldItems) add(label, detail, doc, text string, isSnippet bool, filter string) {
	if f.colon {
		text += ":"
	}
	if filter == "" {
		filter = label
	}
	it := f.b.add(label, KindReference, detail, doc, Edit{Start: f.start, End: f.end, NewText: text}, isSnippet, filter)
	it.HostSyntax = f.host != (Host{})
}

func (f arnFieldItems) partitions() {
	first := f.b.partition()
	for _, p := range orderFirst(f.b.cat.Partitions(), func(p *catalog.Partition) bool { return p.ID == first }) {
		f.add(p.ID, p.Name, "", p.ID, false, "")
	}
}

func (f arnFieldItems) services() {
	seen := map[string]bool{}
	for _, u := range f.b.statementResourceTypes() {
		svc := u.typ.Service()
		if !seen[svc.Prefix] {
			seen[svc.Prefix] = true
			f.add(svc.Prefix, svc.Name, "", svc.Prefix, false, "")
		}
	}
	if f.b.c.Kind == policy.KindSESIdentity {
		return
	}
	for _, svc := range f.b.cat.Services() {
		if !seen[svc.Prefix] {
			f.add(svc.Prefix, svc.Name, "", svc.Prefix, false, "")
		}
	}
}

func (f arnFieldItems) regions(partition, service string) {
	with, without := f.fieldUse(service, 3)
	if without {
		f.add("(no region)", service+" ARNs without a region", "", "", false, "")
	}
	if !with {
		return
	}
	p, ok := f.b.cat.Partition(partition)
	if !ok {
		p, ok = f.b.cat.Partition(cmp.Or(f.b.partition(), "aws"))
	}
	if !ok {
		return
	}
	ses := strings.EqualFold(service, "ses")
	for _, r := range orderFirst(p.Regions, func(r catalog.Region) bool { return r.Code == f.b.opts.Region }) {
		detail := r.Name
		if ses && !p.HasSES(r.Code) {
			detail += " · no SES endpoint"
		}
		f.add(r.Code, detail, "", r.Code, false, "")
	}
	f.add("*", "any region", "", "*", false, "")
}

func (f arnFieldItems) accounts(service string) {
	b := f.b
	with, without := f.fieldUse(service, 4)
	if without {
		f.add("(no account)", service+" ARNs without an account", "", "", false, "")
	}
	if !with {
		return
	}
	if b.opts.AccountID != "" {
		f.add(b.opts.AccountID, "account from settings", "", b.opts.AccountID, false, "")
	}
	for _, acct := range documentAccounts(b.c.Result.Doc.Root, b.c.Token, 5) {
		if acct != b.opts.AccountID {
			f.add(acct, "account named in this policy", "", acct, false, "")
		}
	}
	f.add("*", "any account", "", "*", false, "")
}

// resourcePaths proposes the resource part of the service's ARN formats
// that fit what is typed: the service field as written, and a region and
// an account present or absent as they are in the ARN.
func (f arnFieldItems) resourcePaths(service string, noRegion, noAccount bool) {
	b := f.b
	svc, ok := b.cat.Service(service)
	if !ok {
		return
	}
	var first []*catalog.ResourceType
	for _, u := range b.statementResourceTypes() {
		if u.typ.Service() == svc {
			first = append(first, u.typ)
		}
	}
	add := func(t *catalog.ResourceType) {
		for _, format := range t.ARNFormats {
			parts := strings.SplitN(format, ":", 6)
			if len(parts) < 6 || !strings.EqualFold(parts[2], service) || (parts[3] == "") != noRegion || (parts[4] == "") != noAccount {
				continue
			}
			tail := parts[5]
			snippet, _ := placeholders(tail, 1, nil)
			literal := tail
			if i := strings.Index(tail, "${"); i >= 0 {
				literal = tail[:i]
			}
			f.add(tail, t.Name, resourceTypeDoc(svc, t, format, nil), snippet, true, cmp.Or(literal, tail))
		}
	}
	for _, t := range first {
		add(t)
	}
	for _, t := range svc.ResourceTypes() {
		if !containsType(first, t) {
			add(t)
		}
	}
}

// fieldUse reports whether the service's ARN formats fill field i (3 for
// the region, 4 for the account), and whether some leave it empty.
func fieldUse(svc *catalog.Service, i int) (with, without bool) {
	for _, t := range svc.ResourceTypes() {
		for _, format := range t.ARNFormats {
			parts := strings.SplitN(format, ":", 6)
			if len(parts) < 6 {
				continue
			}
			if parts[i] == "" {
				without = true
			} else {
				with = true
			}
		}
	}
	return with, without
}

func containsType(list []*catalog.ResourceType, t *catalog.ResourceType) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

// orderFirst returns list with the elements for which first is true moved
// to the front, keeping the order otherwise.
func orderFirst[T any](list []T, first func(T) bool) []T {
	out := make([]T, 0, len(list))
	for _, x := range list {
		if first(x) {
			out = append(out, x)
		}
	}
	for _, x := range list {
		if !first(x) {
			out = append(out, x)
		}
	}
	return out
}
