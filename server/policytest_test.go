package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A *.policytest.json file gets an error diagnostic on each failing test,
// re-run when the policy it names changes in the editor.
func TestPolicyTestDiagnostics(t *testing.T) {
	dir := t.TempDir()
	policyText := `{"Version": "2012-10-17", "Statement": [{"Sid": "Send", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`
	if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(policyText), 0o644); err != nil {
		t.Fatal(err)
	}
	testURI := fileURIFromPath(filepath.Join(dir, "p.policytest.json"))
	policyURI := fileURIFromPath(filepath.Join(dir, "p.json"))
	c := newTestClient(t, initParams)
	c.didOpen(testURI, 1, `{"policy": "p.json", "tests": [
  {"name": "send", "action": "ses:SendEmail", "expect": "allow"},
  {"name": "raw", "action": "ses:SendRawEmail", "expect": "allow"}
]}`)
	pub := c.published()
	if len(pub) != 1 {
		t.Fatalf("published %d times", len(pub))
	}
	diags := pub[0].diagnostics(t)
	if len(diags) != 1 || diags[0].Code != "policy-test" || diags[0].Severity != 1 || diags[0].Range.String() != "2:2-2:66" ||
		!strings.HasPrefix(diags[0].Message, `policy test "raw" fails: expected allow, got implicit-deny`) {
		t.Fatalf("diagnostics %+v", diags)
	}

	// The policy opened and widened in the editor: the test passes.
	c.didOpen(policyURI, 1, strings.Replace(policyText, `"ses:SendEmail"`, `"ses:Send*"`, 1))
	for _, p := range c.published() {
		if p.URI == testURI {
			if d := p.diagnostics(t); len(d) != 0 {
				t.Errorf("after widening: %+v", d)
			}
			return
		}
	}
	t.Error("the test file was not re-published after its policy changed")
}
