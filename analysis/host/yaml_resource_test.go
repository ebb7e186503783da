package host

import (
	"reflect"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestCloudFormationResourceAt: the resource holding an offset, read
// alone, yields the policies the whole template has there, at the same
// offsets and with the same findings and ARN words; a line of it that does
// not parse is not left out, and an offset in no resource reads nothing.
func TestCloudFormationResourceAt(t *testing.T) {
	src := []byte(removalsTemplate)
	whole, ok := CloudFormation(src, true)
	if !ok || len(whole.Errors) > 0 {
		t.Fatal("the template does not parse")
	}
	all := Analyze(src, whole, policy.Options{})
	at := strings.Index(removalsTemplate, "aws:SecureTransport")
	one, ok := CloudFormationResourceAt(src, at)
	if !ok {
		t.Fatal("no resource read")
	}
	alone := Analyze(src, one, policy.Options{})
	if alone.ARNWords != all.ARNWords {
		t.Errorf("ARN words %+v, want %+v", alone.ARNWords, all.ARNWords)
	}
	want := all.PolicyAt(at)
	got := alone.PolicyAt(at)
	if got == nil || want == nil || got.Location != want.Location || got.Kind != want.Kind {
		t.Fatalf("policy %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(tree(got.Doc.Root), tree(want.Doc.Root)) || got.Doc.Root.Start() != want.Doc.Root.Start() || got.Doc.Root.End() != want.Doc.Root.End() {
		t.Errorf("the policy read alone differs from the whole template's")
	}
	if len(got.Result.Diagnostics) == 0 || !reflect.DeepEqual(got.Result.Diagnostics, want.Result.Diagnostics) {
		t.Errorf("findings %v, want %v", got.Result.Diagnostics, want.Result.Diagnostics)
	}
	for _, p := range alone.Policies {
		if !strings.HasPrefix(p.Location, "Resources.Mfa.") {
			t.Errorf("a policy of another resource: %s", p.Location)
		}
	}

	broken := []byte(strings.Replace(removalsTemplate, "            Action: \"*\"\n", "            Action: [\"*\"\n", 1))
	if _, ok := CloudFormationResourceAt(broken, strings.Index(string(broken), "aws:SecureTransport")); ok {
		t.Error("a resource with a broken line read")
	}
	if _, ok := CloudFormationAround(broken, strings.Index(string(broken), "aws:SecureTransport")); !ok {
		t.Error("CloudFormationAround leaves the broken line out")
	}
	if _, ok := CloudFormationResourceAt(src, 3); ok {
		t.Error("read a resource at the template's first line")
	}
}
