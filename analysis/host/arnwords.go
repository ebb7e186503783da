package host

import (
	"bytes"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// ARNWords are a host's own expressions for an ARN's partition, region and
// account, written inside a string the host evaluates, and how a
// double-quoted string becomes one: what ARN templates are offered with in
// a host file. Empty words: the host has none (a Terraform module that
// declares no such data source).
type ARNWords struct {
	Partition, Region, Account string
	// Open and Close wrap a double-quoted string into a value the host
	// evaluates (`!Sub "..."`, `{"Fn::Sub": "..."}`); both empty when the
	// host evaluates every string (Terraform).
	Open, Close string
}

// cloudFormationWords: the pseudo parameters, in a YAML or JSON template.
func cloudFormationWords(syntax Syntax) ARNWords {
	w := ARNWords{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: "!Sub "}
	if syntax == JSON {
		w.Open, w.Close = `{"Fn::Sub": `, "}"
	}
	return w
}

// arnDataSources are the Terraform data sources an ARN's fields come from,
// and the attribute of each that holds the field (Terraform AWS provider
// documentation; aws_region's name attribute is deprecated for region
// since provider 6.0).
var arnDataSources = [...]struct{ typ, attribute string }{
	{"aws_partition", "partition"},
	{"aws_region", "region"},
	{"aws_caller_identity", "account_id"},
}

// declaresARNData is the cheap look before parsing a module's file for the
// data sources of arnDataSources.
func declaresARNData(src []byte) bool {
	for _, d := range arnDataSources {
		if bytes.Contains(src, []byte(d.typ)) {
			return true
		}
	}
	return false
}

// addData records a data source of the module by type and name: the first
// one of each type, unless it has count or for_each (then a reference
// needs an index the completion cannot choose).
func (m *TerraformModule) addData(typ, name string, repeated bool) {
	for _, d := range arnDataSources {
		if d.typ != typ {
			continue
		}
		if m.Data == nil {
			m.Data = map[string]string{}
		}
		if _, seen := m.Data[typ]; !seen && !repeated {
			m.Data[typ] = name
		}
	}
}

// scanData records the data sources an HCL file declares.
func (m *TerraformModule) scanData(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		if b.Type == "data" && len(b.Labels) == 2 {
			_, count := b.Body.Attributes["count"]
			_, forEach := b.Body.Attributes["for_each"]
			m.addData(b.Labels[0], b.Labels[1], count || forEach)
		}
	}
}

// scanJSONData records the data sources a .tf.json file declares.
func (m *TerraformModule) scanJSONData(root *jsonsyntax.Node) {
	for _, body := range bodies(valueOf(root, "data")) {
		for _, typ := range body.Children() {
			for _, named := range bodies(typ.Value()) {
				for _, d := range named.Children() {
					for _, db := range bodies(d.Value()) {
						m.addData(typ.Key().Text(), d.Key().Text(), db.Member("count") != nil || db.Member("for_each") != nil)
					}
				}
			}
		}
	}
}

// arnWords are the module's data sources as Terraform interpolations.
func (m *TerraformModule) arnWords() ARNWords {
	var w ARNWords
	for i, d := range arnDataSources {
		name, ok := m.Data[d.typ]
		if !ok {
			continue
		}
		expr := "${data." + d.typ + "." + name + "." + d.attribute + "}"
		switch i {
		case 0:
			w.Partition = expr
		case 1:
			w.Region = expr
		case 2:
			w.Account = expr
		}
	}
	return w
}

// SubStringAt returns the double-quoted template string of the Fn::Sub
// value holding offset (quotes included), if there is one.
func (f *Found) SubStringAt(offset int) (start, end int, ok bool) {
	for _, r := range f.SubStrings {
		if r[0] < offset && offset < r[1] {
			return r[0], r[1], true
		}
	}
	return 0, 0, false
}
