package host

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strconv"

	"github.com/hashicorp/hcl/v2"
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
// documentation; aws_region's is chosen per module: regionAttribute).
var arnDataSources = [...]struct{ typ, attribute string }{
	{"aws_partition", "partition"},
	{"aws_region", ""},
	{"aws_caller_identity", "account_id"},
}

// regionAttribute is the attribute of the aws_region data source that
// names the region in a module: provider 6.0 added "region" and deprecated
// "name", which provider 5 alone has. The module decides: the attribute
// its files already read (data.aws_region.X.region or .name), else
// "region" when its required_providers ask for the AWS provider 6 or
// later, else "name", which both versions read.
func regionAttribute(files ...[]byte) string {
	for _, src := range files {
		if !bytes.Contains(src, []byte("data.aws_region.")) {
			continue // the cheap look first: regular expressions cost
		}
		for _, m := range regionReference.FindAllSubmatch(src, -1) {
			return string(m[1])
		}
	}
	for _, src := range files {
		if !bytes.Contains(src, []byte(`"hashicorp/aws"`)) {
			continue
		}
		for _, m := range awsProviderVersion.FindAllSubmatch(src, -1) {
			if major, err := strconv.Atoi(string(m[1]) + string(m[2])); err == nil && major >= 6 {
				return "region"
			}
		}
	}
	return "name"
}

var (
	regionReference = regexp.MustCompile(`data\.aws_region\.[A-Za-z_][A-Za-z0-9_-]*\.(region|name)\b`)
	// the lowest version a constraint of the hashicorp/aws source allows:
	// source and version in either order, in HCL or JSON syntax
	awsProviderVersion = regexp.MustCompile(`(?s)"hashicorp/aws"[^}]*?"?version"?\s*[=:]\s*"\s*(?:>=|~>|=|>)?\s*v?(\d+)|"?version"?\s*[=:]\s*"\s*(?:>=|~>|=|>)?\s*v?(\d+)[^}]*?"hashicorp/aws"`)
)

// declaresARNData is the cheap look before parsing a module's file for the
// data sources of arnDataSources: their type quoted, as a declaration
// writes it in HCL and JSON (a reference, data.aws_partition.x, is not).
func declaresARNData(src []byte) bool {
	for _, q := range quotedARNData {
		if bytes.Contains(src, q) {
			return true
		}
	}
	return false
}

var quotedARNData = func() [][]byte {
	out := make([][]byte, len(arnDataSources))
	for i, d := range arnDataSources {
		out[i] = []byte(`"` + d.typ + `"`)
	}
	return out
}()

// TerraformData names the aws_partition, aws_region and
// aws_caller_identity data sources that files of a module declare, by type:
// the first of each type without arguments but depends_on (count or
// for_each: a reference needs an index completion cannot choose; aws_region's
// region or name, a provider: another region or account than the
// provider's own). Only files that declare one are parsed.
func TerraformData(files ...[]byte) map[string]string {
	data := map[string]string{}
	for _, src := range files {
		if !declaresARNData(src) {
			continue
		}
		var found map[string]string
		if firstNonSpace(src) == '{' {
			doc := jsonsyntax.Parse(src)
			if doc.Root == nil || doc.Root.Kind() != jsonsyntax.Object {
				continue
			}
			found = jsonDataSources(doc.Root)
		} else {
			f, _ := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
			body, ok := f.Body.(*hclsyntax.Body)
			if !ok {
				continue
			}
			found = dataSources(body)
		}
		for typ, name := range found {
			if _, seen := data[typ]; !seen {
				data[typ] = name
			}
		}
	}
	return data
}

// addDataSource records a data source by type and name in data when it is
// one of arnDataSources, the first of its type, and not looking up
// something else (other: it has arguments).
func addDataSource(data map[string]string, typ, name string, other bool) {
	for _, d := range arnDataSources {
		if _, seen := data[typ]; d.typ == typ && !seen && !other {
			data[typ] = name
		}
	}
}

// dataSources are the data sources of arnDataSources an HCL file declares.
func dataSources(body *hclsyntax.Body) map[string]string {
	data := map[string]string{}
	for _, b := range body.Blocks {
		if b.Type == "data" && len(b.Labels) == 2 {
			_, dependsOn := b.Body.Attributes["depends_on"]
			other := len(b.Body.Attributes) > 1 || len(b.Body.Attributes) == 1 && !dependsOn
			addDataSource(data, b.Labels[0], b.Labels[1], other)
		}
	}
	return data
}

// jsonDataSources are the data sources of arnDataSources a .tf.json file
// declares.
func jsonDataSources(root *jsonsyntax.Node) map[string]string {
	data := map[string]string{}
	for _, body := range bodies(valueOf(root, "data")) {
		for _, typ := range body.Children() {
			for _, named := range bodies(typ.Value()) {
				for _, d := range named.Children() {
					for _, db := range bodies(d.Value()) {
						other := slices.ContainsFunc(db.Children(), func(a *jsonsyntax.Node) bool { return a.Key().Text() != "depends_on" })
						addDataSource(data, typ.Key().Text(), d.Key().Text(), other)
					}
				}
			}
		}
	}
	return data
}

// arnWords are the data sources as Terraform interpolations: the file's
// own declarations, else the module's other files'.
func arnWords(own, module map[string]string, regionAttribute string) ARNWords {
	var words [len(arnDataSources)]string
	for i, d := range arnDataSources {
		name, ok := own[d.typ]
		if !ok {
			name, ok = module[d.typ]
		}
		attribute := d.attribute
		if attribute == "" {
			attribute = cmp.Or(regionAttribute, "name")
		}
		if ok {
			words[i] = "${data." + d.typ + "." + name + "." + attribute + "}"
		}
	}
	return ARNWords{Partition: words[0], Region: words[1], Account: words[2]}
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
