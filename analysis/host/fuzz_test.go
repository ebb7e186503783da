package host

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// FuzzCloudFormation: reading any text as a template (or the resource
// around an offset) never panics, and every policy node, finding and fix
// edit lies inside the source, each node inside its parent.
func FuzzCloudFormation(f *testing.F) {
	paths, _ := filepath.Glob("testdata/templates/*")
	paths = append(paths, "../../examples/pinpoint-email-role.yaml")
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Statement: [{Effect: Allow, Action: !Ref X\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, at := range []int{0, len(src) / 2, len(src)} {
			if file, ok := CloudFormationAround(src, at); ok {
				for _, p := range file.Policies {
					checkNode(t, p.Doc.Root, 0, len(src))
				}
			}
		}
		for _, yaml := range []bool{true, false} {
			file, ok := CloudFormation(src, yaml)
			if !ok {
				continue
			}
			for _, e := range file.Errors {
				if e.Start < 0 || e.Start > e.End || e.End > len(src) {
					t.Fatalf("syntax error range %d-%d of %d", e.Start, e.End, len(src))
				}
			}
			for _, p := range file.Policies {
				checkNode(t, p.Doc.Root, 0, len(src))
			}
			r := Analyze(src, file, policy.Options{})
			for _, d := range r.Diagnostics {
				if d.Start < 0 || d.Start > d.End || d.End > len(src) {
					t.Fatalf("%s range %d-%d of %d", d.Code, d.Start, d.End, len(src))
				}
				for _, fx := range d.Fixes {
					if _, err := policy.ApplyEdits(src, fx.Edits); err != nil {
						t.Fatalf("%s fix %q: %v", d.Code, fx.Title, err)
					}
				}
			}
		}
	})
}

func checkNode(t *testing.T, n *jsonsyntax.Node, lo, hi int) {
	if n == nil {
		return
	}
	if n.Start() < lo || n.Start() > n.End() || n.End() > hi {
		t.Fatalf("%v node %d-%d outside %d-%d", n.Kind(), n.Start(), n.End(), lo, hi)
	}
	if k := n.Key(); k != nil {
		checkNode(t, k, n.Start(), n.End())
	}
	if v := n.Value(); v != nil {
		checkNode(t, v, n.Start(), n.End())
	}
	for _, c := range n.Children() {
		checkNode(t, c, n.Start(), n.End())
	}
}
