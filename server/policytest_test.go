package server

import (
	"encoding/json"
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

// A client that shows code lenses gets, above each statement, what it
// decides among the tests naming the policy (here from tests/ on disk).
func TestPolicyTestCodeLens(t *testing.T) {
	dir := t.TempDir()
	policyText := "{\"Version\": \"2012-10-17\", \"Statement\": [\n" +
		"  {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n" +
		"  {\"Effect\": \"Deny\", \"Action\": \"s3:Delete*\", \"Resource\": \"*\"},\n" +
		"  {\"Effect\": \"Allow\", \"Action\": \"ec2:*\", \"Resource\": \"*\"}\n]}"
	if err := os.MkdirAll(filepath.Join(dir, "tests"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"p.json": policyText,
		"tests/p.policytest.json": `{"policy": "../p.json", "tests": [
  {"action": "s3:GetObject", "expect": "allow"}, {"action": "s3:PutObject", "expect": "allow"},
  {"action": "s3:DeleteObject", "expect": "deny"}]}`,
		"tests/other.policytest.json": `{"policy": "other.json", "tests": [{"action": "s3:GetObject", "expect": "allow"}]}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := newTestClient(t, `{"processId": null, "rootUri": null, "capabilities": {"textDocument": {"codeLens": {}}}}`)
	uri := fileURIFromPath(filepath.Join(dir, "p.json"))
	c.didOpen(uri, 1, policyText)
	c.published()
	var lenses []struct {
		Range   wireRange
		Command struct{ Title, Command string }
	}
	if err := json.Unmarshal([]byte(c.request("textDocument/codeLens", `{"textDocument": {"uri": `+quoteJSON(uri)+`}}`)), &lenses); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range lenses {
		got = append(got, l.Range.String()+" "+l.Command.Title)
	}
	want := []string{"1:2-1:2 allows 2 tests", "2:2-2:2 denies 1 test", "3:2-3:2 decides no test"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lenses\n got %v\nwant %v", got, want)
	}
}

func TestCodeLensOnlyForClientsThatShowThem(t *testing.T) {
	for init, want := range map[string]string{
		`{"processId": null, "rootUri": null, "capabilities": {}}`:                                 "",
		`{"processId": null, "rootUri": null, "capabilities": {"textDocument": {"codeLens": {}}}}`: `{"resolveProvider":false}`,
	} {
		c := newUninitializedClient(t)
		var got struct {
			Capabilities map[string]json.RawMessage `json:"capabilities"`
		}
		if err := json.Unmarshal([]byte(c.request("initialize", init)), &got); err != nil {
			t.Fatal(err)
		}
		if string(got.Capabilities["codeLensProvider"]) != want {
			t.Errorf("%s: codeLensProvider %s, want %q", init, got.Capabilities["codeLensProvider"], want)
		}
	}
}
