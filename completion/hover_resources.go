package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// arn documents a Resource or NotResource value: the resource types it
// matches with their formats, its partition, region and account, and which
// of the statement's actions act on it.
func (h *hoverer) arn() string {
	text := h.text
	if text == "*" {
		return "**`*`** · every resource\n\nRequired for actions without resource-level permissions; for the others it covers every resource they act on."
	}
	var m markdown
	f := strings.SplitN(text, ":", 6)
	if !strings.HasPrefix(text, "arn:") || len(f) < 6 {
		m.para("**", code(text), "**")
		m.para("A resource is named by an ARN, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, or by `*`.")
		return m.String()
	}
	partition, service, region, account := f[1], f[2], f[3], f[4]
	svc, known := h.cat.Service(service)
	if !known {
		m.para("**", code(text), "** · ARN of an unknown service ", code(service))
		return m.String()
	}
	m.para("**", code(text), "** · ARN of ", svc.Name)
	if types := svc.ResourceTypesForARN(text); len(types) > 0 {
		m.list("Resource type:")
		for _, t := range types {
			m.item(code(t.Name), ": ", code(strings.Join(t.ARNFormats, " or ")))
		}
	} else {
		m.para("It matches none of the resource types of ", svc.Name, ".")
	}
	m.list("Fields:")
	m.item("partition ", h.partitionNote(partition))
	m.item("region ", h.regionNote(partition, region, service))
	switch {
	case account == "":
		m.item("no account")
	case catalog.HasWildcard(account):
		m.item("account ", code(account), ": any matching account")
	case accountIn(account) == account:
		m.item("account ", code(account))
	default:
		m.item("account ", code(account), ": not a 12-digit account ID")
	}
	if acts := h.actionsOnARN(text); len(acts) > 0 {
		m.para("Acted on by ", codeList(acts), " in this statement.")
	}
	if h.c.Kind == policy.KindSESIdentity {
		e, _ := findElement(statementElements, "Resource")
		m.para(e.Notes[policy.KindSESIdentity])
	}
	return m.String()
}

// partitionNote names an ARN's partition.
func (h *hoverer) partitionNote(id string) string {
	if p, ok := h.cat.Partition(id); ok {
		return code(id) + ": " + p.Name
	}
	if catalog.HasWildcard(id) {
		return code(id) + ": any matching partition"
	}
	return code(id) + ": not a known partition"
}

// regionNote names an ARN's region, saying whether SES serves it for an
// SES ARN.
func (h *hoverer) regionNote(partition, region, service string) string {
	switch {
	case region == "":
		return "(none)"
	case catalog.HasWildcard(region) || strings.Contains(region, "${"):
		return code(region) + ": any matching region"
	}
	home, ok := h.cat.PartitionOfRegion(region)
	if !ok {
		return code(region) + ": not a region the catalogue knows"
	}
	note := code(region) + ": "
	for _, r := range home.Regions {
		if r.Code == region {
			note += r.Name
		}
	}
	if home.ID != partition && !catalog.HasWildcard(partition) {
		note += ", which belongs to partition " + code(home.ID)
	}
	if strings.EqualFold(service, "ses") && !home.HasSES(region) {
		note += "; SES has no endpoint there"
	}
	return note
}

// actionsOnARN lists the statement's actions with a resource type the ARN
// could name.
func (h *hoverer) actionsOnARN(arn string) []string {
	var out []string
	b := builder{c: h.c, cat: h.cat}
	b.eachStatementAction(func(a *catalog.Action) {
		if len(out) < maxListed && len(a.ResourcesForARN(arn)) > 0 && !contains(out, a.FullName()) {
			out = append(out, a.FullName())
		}
	})
	return out
}
