package server

import (
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// analyze is the one analysis of a document's text: the policies of a
// CloudFormation template (JSON or YAML), or the document as a policy. A
// YAML file that is no template gets nothing: policyls runs beside YAML
// servers and publishes nothing for their files.
func analyze(uri protocol.DocumentUri, src []byte, opts policy.Options) (*policy.Result, *host.Result) {
	lower := strings.ToLower(uri)
	if tmpl, ok := host.CloudFormation(src, mayBeYAML(uri)); ok {
		hr := host.Analyze(src, tmpl, opts)
		// The template as a whole is no policy: formatting, outline and
		// document-wide actions stay away; its findings (with fixes in
		// the template's syntax) are the policies'.
		return &policy.Result{Doc: &jsonsyntax.Document{}, Kind: policy.KindUnknown, Diagnostics: hr.Diagnostics}, hr
	}
	if strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") {
		return &policy.Result{Doc: &jsonsyntax.Document{}, Kind: policy.KindUnknown, Diagnostics: []policy.Diagnostic{}}, nil
	}
	return policy.Analyze(src, opts), nil
}

// resultAt is the analysis that answers a request at offset: the
// document's own, or in a template the policy holding offset (nil when the
// offset is in no policy, or, for completion, in a YAML one: completion
// writes JSON).
func (d *document) resultAt(offset int, forEdits bool) *policy.Result {
	if d.template == nil {
		return d.result
	}
	p := d.template.PolicyAt(offset)
	if p == nil || forEdits && p.Syntax != host.JSON {
		return nil
	}
	return p.Result
}

// mayBeYAML: a document that may be a YAML template; a .json file is only
// ever read as JSON.
func mayBeYAML(uri protocol.DocumentUri) bool {
	return !strings.HasSuffix(strings.ToLower(uri), ".json")
}
