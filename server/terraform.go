package server

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/completion"
	"github.com/policyls/policyls/internal/boundedfile"
)

// isTerraform: a document named *.tf or *.tf.json, or one the client has
// in its terraform language (an untitled one names no file type).
func isTerraform(uri protocol.DocumentUri, language string) bool {
	return host.IsTerraformName(uri) || language == "terraform"
}

// terraform reports whether the document is a Terraform file.
func (d *document) terraform() bool { return isTerraform(d.uri, d.language) }

// analyzeTerraform is analyze for a .tf document: the findings of its
// policies, in the file's offsets. A file without policies gets nothing:
// policyls runs beside terraform-ls and publishes nothing for its files.
func analyzeTerraform(uri protocol.DocumentUri, src []byte, opts policy.Options) (*policy.Result, *host.Result) {
	empty := &policy.Result{Doc: &jsonsyntax.Document{}, Kind: policy.KindUnknown, Diagnostics: []policy.Diagnostic{}}
	f, ok := host.Terraform(src, terraformModule(uri, src))
	if !ok {
		return empty, nil
	}
	hr := host.Analyze(src, f, opts)
	empty.Diagnostics = hr.Diagnostics
	return empty, hr
}

// insertTerraform is a source action's edit in a .tf file (HCL syntax;
// not .tf.json): the Pinpoint role or identity policy appended, without
// the data sources the module already declares.
func insertTerraform(d *document, insert func(src []byte, module ...[]byte) (policy.Edit, bool)) (policy.Edit, bool) {
	lower := strings.ToLower(d.uri)
	if !strings.HasSuffix(lower, ".tf") {
		return policy.Edit{}, false
	}
	return insert(d.src, moduleFiles(d.uri)...)
}

// moduleFiles are the other .tf and .tf.json files of a document's folder
// on disk.
func moduleFiles(uri protocol.DocumentUri) [][]byte {
	path, ok := pathFromURI(uri)
	if !ok {
		return nil
	}
	paths, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tf"))
	jsonPaths, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tf.json"))
	var files [][]byte
	for _, p := range append(paths, jsonPaths...) {
		if p == path {
			continue
		}
		if other, err := boundedfile.Read(p, "", host.MaxTemplateSize); err == nil {
			files = append(files, other)
		}
	}
	return files
}

// terraformModule is how the document and the other .tf files of its
// folder on disk (its module) use their policy document data sources, and
// the data sources ARN templates name that the other files declare.
func terraformModule(uri protocol.DocumentUri, src []byte) *host.TerraformModule {
	others := moduleFiles(uri)
	m := host.TerraformUses(append([][]byte{src}, others...)...)
	m.Data = host.TerraformData(others...)
	return &m
}

// completeInTerraform answers completion inside a Terraform policy: JSON
// in a heredoc as JSON; in HCL, only items that replace a whole quoted
// string by a string, written as an HCL string, and the ARN templates
// completion wrote with the module's data sources
// ("arn:${data.aws_partition.current.partition}:..."), which are HCL
// strings already. opts.Host is the file's (hostOptions).
func completeInTerraform(d *document, p *host.Found, res *policy.Result, offset int, opts completion.Options) completion.List {
	if p.Syntax == host.JSONInHeredoc {
		return completion.Complete(res, offset, opts)
	}
	list := completion.Complete(res, offset, opts)
	items := list.Items[:0]
	for _, it := range list.Items {
		e := it.Edit
		text := strings.TrimSuffix(e.NewText, ",")
		if e.Start < 0 || e.End > len(d.src) || e.Start > e.End || bytes.ContainsAny(d.src[e.Start:e.End], "\n\r") {
			continue
		}
		old := d.src[e.Start:e.End]
		if it.HostSyntax {
			// A quoted string replaced whole, or an ARN's field inside one.
			if len(old) > 0 && old[0] == '"' || !bytes.ContainsRune(old, '"') {
				it.Edit.NewText = strings.TrimLeft(text, " ")
				it.AdditionalEdits = nil
				items = append(items, it)
			}
			continue
		}
		if len(old) == 0 || old[0] != '"' {
			continue
		}
		if it.Snippet {
			text, it.Snippet = completion.PlainText(text), false
		}
		var value string
		if json.Unmarshal([]byte(text), &value) != nil {
			// A key's item ("StringEquals": {...}): in HCL the key is a
			// string of its own (a condition block's test, a principals
			// block's type, an object item's key), replaced by the name.
			if text, value = leadingKey(text); text == "" {
				continue
			}
		}
		if ed, ok := host.HCLString(d.src, policy.Edit{Start: e.Start, End: e.End, NewText: text}); ok {
			it.Edit.NewText = ed.NewText
			it.FilterText = `"` + value
			it.AdditionalEdits = nil
			items = append(items, it)
		}
	}
	list.Items = items
	return list
}

// leadingKey returns the JSON string a key's item starts with, as written
// and decoded, when a colon follows it; "" otherwise.
func leadingKey(text string) (written, value string) {
	dec := json.NewDecoder(strings.NewReader(text))
	tok, err := dec.Token()
	key, isString := tok.(string)
	if err != nil || !isString {
		return "", ""
	}
	end := int(dec.InputOffset())
	if !strings.HasPrefix(strings.TrimLeft(text[end:], " "), ":") {
		return "", ""
	}
	return text[:end], key
}

// completeBrokenTerraform answers completion in a .tf file that does not
// parse because the string at the cursor is not closed yet
// (actions = ["ses:Se): the file is read again with the string closed at
// the cursor (and, if need be, the list or object around it), and the
// items' ranges end at the cursor, so choosing one closes the string.
func completeBrokenTerraform(d *document, offset int, opts completion.Options, settings policy.Options) (completion.List, bool) {
	if d.template == nil || !d.terraform() || d.template.PolicyAt(offset) != nil || offset > len(d.src) {
		return completion.List{}, false
	}
	for _, closer := range []string{`"`, `"]`, `"}`, `"])`, `"})`} {
		src := make([]byte, 0, len(d.src)+len(closer))
		src = append(append(append(src, d.src[:offset]...), closer...), d.src[offset:]...)
		f, ok := host.Terraform(src, terraformModule(d.uri, src))
		if !ok || len(f.Errors) > 0 {
			continue
		}
		hr := host.Analyze(src, f, settings)
		p := hr.PolicyAt(offset)
		if p == nil || p.Syntax != host.HCL {
			continue
		}
		opts.Host = hostOptions(hr, p, offset)
		return editsUpTo(completeInTerraform(&document{uri: d.uri, src: src}, p, p.Result, offset, opts), offset), true
	}
	return completion.List{}, false
}
