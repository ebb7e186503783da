package main

// The shapes written under analysis/catalog/data. Short JSON names keep the
// files small; the runtime package reads them with jsonparser, so the two
// sides agree on these names only (see analysis/catalog/decode.go).

// indexFile is data/index.json: the list of services and the dataset's
// identity. It is small so that the first lookup stays cheap.
type indexFile struct {
	Format   int                 `json:"format"`
	Dataset  datasetInfo         `json:"dataset"`
	Counts   counts              `json:"counts"`
	Services []indexService      `json:"services"`
	KeyHome  map[string][]string `json:"keyHome"`
}

type datasetInfo struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	UpdatedAt string `json:"updatedAt"`
	License   string `json:"license"`
	Copyright string `json:"copyright"`
}

type counts struct {
	Services      int `json:"services"`
	Actions       int `json:"actions"`
	ConditionKeys int `json:"conditionKeys"`
	ResourceTypes int `json:"resourceTypes"`
}

// indexService names one service. Slug is the last part of its Service
// Authorization Reference address (list_<slug>.html).
type indexService struct {
	Prefix string `json:"p"`
	Name   string `json:"n"`
	Slug   string `json:"u"`
}

// serviceFile is data/services/<prefix>.json.gz. Its name and page live
// in the index only.
type serviceFile struct {
	Prefix    string        `json:"p"`
	Keys      []keyOut      `json:"k,omitempty"`
	Resources []resourceOut `json:"r,omitempty"`
	Actions   []actionOut   `json:"a"`
}

type keyOut struct {
	Name        string `json:"n"`
	Type        string `json:"t"`
	Multi       bool   `json:"m,omitempty"`
	Category    string `json:"c,omitempty"`
	Description string `json:"s,omitempty"`
}

type resourceOut struct {
	Name    string   `json:"n"`
	Formats []string `json:"f"`
	Keys    []string `json:"k,omitempty"`
}

type actionOut struct {
	Name        string           `json:"n"`
	Level       string           `json:"l"`
	Resources   []actionResource `json:"r,omitempty"`
	Keys        []string         `json:"k,omitempty"`
	Dependent   []string         `json:"d,omitempty"`
	Families    []string         `json:"f,omitempty"`
	Description string           `json:"s,omitempty"`
}

type actionResource struct {
	Name      string   `json:"n"`
	Required  bool     `json:"q,omitempty"`
	Keys      []string `json:"k,omitempty"`
	Dependent []string `json:"d,omitempty"`
}

// factsFile is data/facts.json: everything that is not per service.
type factsFile struct {
	GlobalKeys        []keyOut            `json:"globalKeys"`
	TypeFamilies      map[string][]string `json:"typeFamilies"`
	Operators         []operatorOut       `json:"operators"`
	Partitions        []partitionOut      `json:"partitions"`
	ServicePrincipals []principalOut      `json:"servicePrincipals"`
	// PrincipalSource names the AWS managed policies package the list of
	// service principals was completed from, with its version.
	PrincipalSource string        `json:"principalSource"`
	SES             sesFacts      `json:"ses"`
	Pinpoint        pinpointFacts `json:"pinpoint"`
}

type operatorOut struct {
	Name            string `json:"n"`
	Family          string `json:"family"`
	ValueType       string `json:"valueType"`
	Negated         bool   `json:"negated,omitempty"`
	IgnoreCase      bool   `json:"ignoreCase,omitempty"`
	Wildcards       bool   `json:"wildcards,omitempty"`
	IfExists        bool   `json:"ifExists,omitempty"`
	SetQualifier    bool   `json:"setQualifier,omitempty"`
	PolicyVariables bool   `json:"policyVariables,omitempty"`
	Description     string `json:"s,omitempty"`
}

type partitionOut struct {
	ID            string      `json:"id"`
	Name          string      `json:"n"`
	DNSSuffix     string      `json:"dns"`
	RegionPattern string      `json:"regionPattern"`
	Regions       []regionOut `json:"regions"`
	SESRegions    []string    `json:"sesRegions,omitempty"`
}

type regionOut struct {
	Code string `json:"c"`
	Name string `json:"n"`
}

type principalOut struct {
	Name        string `json:"n"`
	Description string `json:"s,omitempty"`
}

type sesFacts struct {
	ManagementActions []string    `json:"managementActions"`
	SendingActions    []string    `json:"sendingActions"`
	IdentityKeys      []string    `json:"identityPolicyKeys"`
	Families          []familyOut `json:"families"`
}

type familyOut struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Slug  string `json:"u"`
}

type pinpointFacts struct {
	ServicePrincipal string `json:"servicePrincipal"`
	PermissionPolicy string `json:"permissionPolicy"`
	TrustPolicy      string `json:"trustPolicy"`
}
