package main

import (
	"strings"
	"testing"
)

// TestCheckPastedPolicies: a policy pasted with a comment line before it or
// shell lines around it is still checked (its syntax errors and the rest),
// and so is a bare statement, while other JSON behind a comment stays silent.
func TestCheckPastedPolicies(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"commented.json": "# reporting role\n" + iamPolicy + "\n",
		"heredoc.json":   "cat <<EOF > policy.json\n" + iamPolicy + "\nEOF\n",
		"package.json":   "# generated\n" + packageJSON + "\n",
		"statement.json": `{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}`,
	})
	stdout, stderr, code := runBinary(t, dir, "check", ".")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (stderr %q)", code, exitFindings, stderr)
	}
	for _, want := range []string{
		"commented.json:1:1: error: comments are not allowed in policy JSON [JSON003]",
		"heredoc.json:1:1: error: unexpected content before the document; a policy starts with '{' [JSON001]",
		"heredoc.json:3:1: error: unexpected content after the end of the document [JSON001]",
		"statement.json:1:1: info: this is one statement, not a policy",
		`statement.json:1:31: error: "GetObjekt" is not an action of Amazon S3`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("missing %q in\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "package.json") {
		t.Errorf("package.json behind a comment was reported:\n%s", stdout)
	}
	if !strings.Contains(stderr, "4 files checked (3 policies)") {
		t.Errorf("summary %q, want 3 policies of 4 files", stderr)
	}
}
