package catalog

import (
	"encoding/json"
	"fmt"
	"sync"
)

// factSet holds data/facts.json: what is not per service. It is the same
// for every Catalog (overlays do not change it), so it is loaded once per
// process, on first use.
type factSet struct {
	globalKeys   keyTable
	typeFamilies map[KeyType][]OperatorFamily

	operators     []*Operator
	operatorNames map[string]*Operator // lowercase base name

	partitions []*Partition
	regionHome map[string]*Partition

	principals   []ServicePrincipal
	principalSet map[string]bool

	sesActions    []string
	sesActionKind map[string]SESIdentityActionKind // lowercase full name
	sesKeys       []string
	sesKeySet     map[string]bool // lowercase
	sesFamilies   map[SESFamily]familyInfo

	pinpoint pinpointFile
}

type familyInfo struct{ title, slug string }

// The JSON shapes of data/facts.json (see gen/model.go).
type (
	factsFileJSON struct {
		GlobalKeys        []keyJSON           `json:"globalKeys"`
		TypeFamilies      map[string][]string `json:"typeFamilies"`
		Operators         []operatorJSON      `json:"operators"`
		Partitions        []partitionJSON     `json:"partitions"`
		ServicePrincipals []struct {
			Name        string `json:"n"`
			Description string `json:"s"`
		} `json:"servicePrincipals"`
		SES struct {
			Management []string `json:"managementActions"`
			Sending    []string `json:"sendingActions"`
			Keys       []string `json:"identityPolicyKeys"`
			Families   []struct {
				ID    string `json:"id"`
				Title string `json:"title"`
				Slug  string `json:"u"`
			} `json:"families"`
		} `json:"ses"`
		Pinpoint pinpointFile `json:"pinpoint"`
	}
	keyJSON struct {
		Name        string `json:"n"`
		Type        string `json:"t"`
		Multi       bool   `json:"m"`
		Category    string `json:"c"`
		Description string `json:"s"`
	}
	operatorJSON struct {
		Name            string `json:"n"`
		Family          string `json:"family"`
		ValueType       string `json:"valueType"`
		Negated         bool   `json:"negated"`
		IgnoreCase      bool   `json:"ignoreCase"`
		Wildcards       bool   `json:"wildcards"`
		IfExists        bool   `json:"ifExists"`
		SetQualifier    bool   `json:"setQualifier"`
		PolicyVariables bool   `json:"policyVariables"`
		Description     string `json:"s"`
	}
	partitionJSON struct {
		ID            string `json:"id"`
		Name          string `json:"n"`
		DNSSuffix     string `json:"dns"`
		RegionPattern string `json:"regionPattern"`
		Regions       []struct {
			Code string `json:"c"`
			Name string `json:"n"`
		} `json:"regions"`
		SESRegions []string `json:"sesRegions"`
	}
	pinpointFile struct {
		ServicePrincipal string `json:"servicePrincipal"`
		PermissionPolicy string `json:"permissionPolicy"`
		TrustPolicy      string `json:"trustPolicy"`
	}
)

var (
	factsOnce sync.Once
	theFacts  *factSet
)

// facts returns the shared fact set, loading it on first use. The file is
// generated and embedded, so a failure is a broken build and panics.
func facts() *factSet {
	factsOnce.Do(func() {
		f, err := loadFacts()
		if err != nil {
			panic(fmt.Sprintf("catalog: embedded facts: %v", err))
		}
		theFacts = f
	})
	return theFacts
}

func loadFacts() (*factSet, error) {
	raw, err := readEmbedded("facts.json")
	if err != nil {
		return nil, err
	}
	var in factsFileJSON
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, err
	}
	f := &factSet{
		typeFamilies:  map[KeyType][]OperatorFamily{},
		operatorNames: map[string]*Operator{},
		regionHome:    map[string]*Partition{},
		principalSet:  map[string]bool{},
		sesActionKind: map[string]SESIdentityActionKind{},
		sesKeySet:     map[string]bool{},
		sesFamilies:   map[SESFamily]familyInfo{},
		pinpoint:      in.Pinpoint,
	}
	for _, k := range in.GlobalKeys {
		ck := newConditionKey(k.Name, KeyType(k.Type), k.Multi)
		ck.Global, ck.Category, ck.Description = true, k.Category, k.Description
		f.globalKeys.add(ck)
	}
	for t, fams := range in.TypeFamilies {
		for _, fam := range fams {
			f.typeFamilies[KeyType(t)] = append(f.typeFamilies[KeyType(t)], OperatorFamily(fam))
		}
	}
	for _, o := range in.Operators {
		op := &Operator{
			Name: o.Name, Family: OperatorFamily(o.Family), ValueType: KeyType(o.ValueType),
			Negated: o.Negated, IgnoreCase: o.IgnoreCase, Wildcards: o.Wildcards,
			IfExistsAllowed: o.IfExists, QualifierAllowed: o.SetQualifier,
			PolicyVariables: o.PolicyVariables, Description: o.Description,
		}
		f.operators = append(f.operators, op)
		f.operatorNames[lower(o.Name)] = op
	}
	for _, p := range in.Partitions {
		part := newPartition(p)
		f.partitions = append(f.partitions, part)
		for _, r := range part.Regions {
			f.regionHome[r.Code] = part
		}
	}
	for _, p := range in.ServicePrincipals {
		f.principals = append(f.principals, ServicePrincipal{Name: p.Name, Description: p.Description})
		f.principalSet[p.Name] = true
	}
	for _, a := range in.SES.Management {
		f.sesActions = append(f.sesActions, a)
		f.sesActionKind[lower(a)] = SESIdentityManagement
	}
	for _, a := range in.SES.Sending {
		f.sesActions = append(f.sesActions, a)
		f.sesActionKind[lower(a)] = SESSendingAuthorization
	}
	f.sesKeys = in.SES.Keys
	for _, k := range in.SES.Keys {
		f.sesKeySet[lower(k)] = true
	}
	for _, fam := range in.SES.Families {
		f.sesFamilies[SESFamily(fam.ID)] = familyInfo{title: fam.Title, slug: fam.Slug}
	}
	return f, nil
}
