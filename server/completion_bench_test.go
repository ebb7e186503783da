package server

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkCompletion4KB measures a whole completion request on the shared
// 4 KB policy, as the client sees it: glsp decoding the params, completion
// from the stored analysis, conversion to LSP items and JSON encoding of
// the answer.
func BenchmarkCompletion4KB(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("..", "analysis", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		b.Fatal(err)
	}
	c := newTestClient(b, initRich)
	const uri = "file:///bench/policy.json"
	c.didOpen(uri, 0, string(src))
	at := strings.Index(string(src), `"Action": ["ses:Sen`) + len(`"Action": ["ses:Sen`)
	line := strings.Count(string(src[:at]), "\n")
	character := at - (strings.LastIndex(string(src[:at]), "\n") + 1) // ASCII: bytes are UTF-16 units
	benchCompletionRequest(b, c, uri, line, character, "")
}

// benchCompletionRequest measures the completion request at line and
// character, decoded by glsp and its answer encoded as JSON, which must
// hold want.
func benchCompletionRequest(b *testing.B, c *testClient, uri string, line, character int, want string) {
	ctx := c.context("textDocument/completion", fmt.Sprintf(`{"textDocument": {"uri": %q}, "position": {"line": %d, "character": %d}}`, uri, line, character))
	b.ReportAllocs()
	for b.Loop() {
		r, _, _, err := c.s.Handle(ctx)
		if err != nil {
			b.Fatal(err)
		}
		out, err := json.Marshal(r)
		if err != nil || !strings.Contains(string(out), want) {
			b.Fatalf("%v: %.200s", err, out)
		}
	}
}

// BenchmarkCompletionNothingTypedYAML measures completion requests in a
// 600 KB YAML template of 100 roles (200 policies), in the last role's
// permission policy: at `Resource: ‸`, where nothing is typed yet and the
// server reads a copy with a placeholder there, and at `Resource: a‸`,
// answered from the stored analysis.
func BenchmarkCompletionNothingTypedYAML(b *testing.B) {
	role := strings.Replace(yamlTemplate, `AWSTemplateFormatVersion: "2010-09-09"`+"\nResources:\n", "", 1)
	role = strings.Replace(role, "Resource: !Sub \"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*\"", "Resource: RESOURCE", 1)
	var src strings.Builder
	src.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
	for i := range 100 {
		r := strings.Replace(role, "PinpointRole:", fmt.Sprintf("PinpointRole%d:", i), 1)
		r = strings.Replace(r, "                  - ses:SendEmial\n", strings.Repeat("                  - ses:SendEmail\n", 150), 1)
		if i < 99 {
			r = strings.Replace(r, "RESOURCE", `"*"`, 1)
		}
		src.WriteString(r)
	}
	for _, typed := range []string{"", "a"} {
		b.Run(fmt.Sprintf("typed=%q", typed), func(b *testing.B) {
			text := strings.Replace(src.String(), "RESOURCE", typed, 1)
			c := newTestClient(b, initRich)
			const uri = "file:///bench/stack.yaml"
			c.didOpen(uri, 0, text)
			at := strings.Index(text, "Resource: "+typed+"\n") + len("Resource: "+typed)
			line := strings.Count(text[:at], "\n")
			character := at - (strings.LastIndex(text[:at], "\n") + 1)
			benchCompletionRequest(b, c, uri, line, character, "identity/")
		})
	}
	b.Logf("template: %d KB", src.Len()>>10)
}
