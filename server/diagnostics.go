package server

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/analysis/text"
	"github.com/policyls/policyls/internal/boundedfile"
)

// source names policyls as the origin of its diagnostics.
const source = "policyls"

// update analyses a new version of a document and stores it. s.mu must be
// held. Each version costs one line index and one analysis.
func (s *Server) update(uri protocol.DocumentUri, language string, version protocol.Integer, src []byte) *document {
	d := &document{
		uri:      uri,
		language: language,
		version:  version,
		src:      src,
		index:    text.NewIndex(src),
	}
	d.result, d.template = analyze(uri, language, src, s.optionsFor(uri))
	keepLastGoodFindings(s.docs[uri], d)
	if eval.IsTestFile(uri) {
		d.tests = s.runTests(d)
	}
	s.docs[uri] = d
	if isSettingsFile(uri) {
		if p, ok := pathFromURI(uri); ok {
			if s.settings.open == nil {
				s.settings.open = map[string]*document{}
			}
			s.settings.open[p] = d
		}
	}
	return d
}

// testCode is the code of the diagnostics policy test files get.
const testCode = "policy-test"

// runTests runs the tests of an open *.policytest.json document against
// the policy it names: the open document when the editor has it, else the
// file on disk. s.mu must be held.
func (s *Server) runTests(d *document) []eval.TestProblem {
	tf := eval.ParseTestFile(d.src)
	return tf.Check(func(rel string, kind policy.Kind) (*policy.Result, error) {
		dir, ok := pathFromURI(d.uri)
		if !ok && !filepath.IsAbs(rel) {
			return nil, errors.New("the test file has no folder to find " + rel + " in")
		}
		p := filepath.FromSlash(rel)
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(dir), p)
		}
		uri := fileURIFromPath(p)
		if open := s.docs[uri]; open != nil && kind == "" {
			return open.result, nil
		}
		src, err := boundedfile.Read(p, "", maxTestedPolicySize)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s", rel)
		}
		opts := s.optionsFor(uri)
		if kind != "" {
			opts.Kind = kind
		}
		return policy.Analyze(src, opts), nil
	})
}

// maxTestedPolicySize caps what is read of a policy or test file from disk:
// regular files only (boundedfile), never a pipe or device a repository put
// in a policy's place.
const maxTestedPolicySize = 1 << 20

// rerunTests re-runs the tests of every open test file, after a policy
// they may name changed. s.mu must be held.
func (s *Server) rerunTests(ctx *glsp.Context) {
	for _, d := range s.docs {
		if eval.IsTestFile(d.uri) {
			d.tests = s.runTests(d)
			s.publish(ctx, d)
		}
	}
}

// kindFor returns the kind forced by settings for a document, or "" to let
// the analysis infer it. s.mu must be held.
func (s *Server) kindFor(uri protocol.DocumentUri) policy.Kind {
	return s.optionsFor(uri).Kind
}

// publish sends a document's diagnostics, tagged with its version: a
// settings file's own (settingsDiagnostics) or the analysis's, and a policy
// test file's failing tests. The list is
// empty, never null, when the document is clean. s.mu must be held.
func (s *Server) publish(ctx *glsp.Context, d *document) {
	version := d.version
	diags := diagnosticsFromResult(d.index, d.result)
	if isSettingsFile(d.uri) {
		diags = s.settingsDiagnostics(d)
	}
	ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, publishDiagnosticsParams{
		URI:         d.uri,
		Version:     &version,
		Diagnostics: append(diags, testDiagnostics(d.index, d.tests)...),
	})
}

// publishDiagnosticsParams is glsp's PublishDiagnosticsParams with the
// version LSP specifies, a signed integer: glsp's is unsigned, which would
// publish a negative version the client sent as another number.
type publishDiagnosticsParams struct {
	URI         protocol.DocumentUri  `json:"uri"`
	Version     *protocol.Integer     `json:"version,omitempty"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
}

// diagnosticData is the data attached to every diagnostic. glsp loses the
// diagnostic code when a client sends diagnostics back (in codeAction
// params), so the rule ID travels here as well.
type diagnosticData struct {
	Rule string `json:"rule"`
}

// diagnosticsFromResult converts analysis findings into LSP diagnostics.
func diagnosticsFromResult(ix *text.Index, res *policy.Result) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(res.Diagnostics))
	for _, d := range res.Diagnostics {
		out = append(out, diagnosticFromFinding(ix, d))
	}
	return out
}

// testDiagnostics reports a test file's problems and failing tests as
// errors.
func testDiagnostics(ix *text.Index, tests []eval.TestProblem) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, p := range tests {
		out = append(out, diagnosticFromFinding(ix, policy.Diagnostic{
			Code: testCode, Severity: policy.SeverityError, Start: p.Start, End: p.End, Message: p.Message,
		}))
	}
	return out
}

// diagnosticFromFinding converts one finding into an LSP diagnostic.
func diagnosticFromFinding(ix *text.Index, d policy.Diagnostic) protocol.Diagnostic {
	// policy.Severity uses LSP's numbering.
	severity := protocol.DiagnosticSeverity(d.Severity)
	src := source
	return protocol.Diagnostic{
		Range:    rangeFromOffsets(ix, d.Start, d.End),
		Severity: &severity,
		Code:     &protocol.IntegerOrString{Value: d.Code},
		Source:   &src,
		Message:  d.Message,
		Data:     diagnosticData{Rule: d.Code},
	}
}
