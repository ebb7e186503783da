package server

import (
	"path/filepath"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/policyls/policyls/analysis/eval"
	"github.com/policyls/policyls/internal/boundedfile"
)

// codeLens answers textDocument/codeLens for a policy with policy tests:
// above each statement, what it decides among the tests that name the
// policy ("allows 2 tests, denies 1"). The tests are those of open
// *.policytest.json documents and of such files in the policy's folder and
// the folders directly inside it (a tests/ folder beside the policies).
// The lenses carry no command to run: they are labels.
func (s *Server) codeLens(_ *glsp.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	s.mu.Lock()
	d := s.docs[params.TextDocument.URI]
	open := map[string][]byte{} // path -> text of open test files
	for uri, t := range s.docs {
		if p, ok := pathFromURI(uri); ok && eval.IsTestFile(uri) {
			open[p] = t.src
		}
	}
	s.mu.Unlock()
	lenses := []protocol.CodeLens{}
	if d == nil || d.result.Policy == nil || !d.result.IsPolicy {
		return lenses, nil
	}
	policyPath, ok := pathFromURI(d.uri)
	if !ok {
		return lenses, nil
	}
	tests := testsNaming(policyPath, open)
	if len(tests) == 0 {
		return lenses, nil
	}
	tallies := eval.TallyTests(d.result.Policy, d.result.Kind, tests)
	for i, st := range d.result.Policy.Statements {
		at := st.Node.Start()
		lenses = append(lenses, protocol.CodeLens{
			Range:   rangeFromOffsets(d.index, at, at),
			Command: &protocol.Command{Title: tallies[i].String()},
		})
	}
	return lenses, nil
}

// testsNaming returns the tests, from open test files and those on disk
// near the policy, whose "policy" is policyPath.
func testsNaming(policyPath string, open map[string][]byte) []eval.TestCase {
	dir := filepath.Dir(policyPath)
	candidates := map[string]bool{}
	for p := range open {
		candidates[p] = true
	}
	for _, pattern := range []string{"*.policytest.json", filepath.Join("*", "*.policytest.json")} {
		found, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, p := range found {
			candidates[p] = true
		}
	}
	var tests []eval.TestCase
	for p := range candidates {
		src, ok := open[p]
		if !ok {
			var err error
			if src, err = boundedfile.Read(p, "", maxTestedPolicySize); err != nil {
				continue
			}
		}
		tf := eval.ParseTestFile(src)
		named := filepath.FromSlash(tf.Policy)
		if tf.Policy == "" {
			continue
		}
		if !filepath.IsAbs(named) {
			named = filepath.Join(filepath.Dir(p), named)
		}
		if filepath.Clean(named) == filepath.Clean(policyPath) {
			tests = append(tests, tf.Tests...)
		}
	}
	return tests
}
