package server

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml/parser"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/completion"
)

// TestCompletionInSingleQuotes: inside a single-quoted YAML scalar (a
// value, a sequence item, a !Sub template, a condition key, closed or not
// yet), completion answers what the same place double-quoted answers: the
// same items over the same range, written single-quoted (snippets where
// the double-quoted items are snippets); each item, accepted, leaves a
// template that go-yaml parses and whose policy reads the same value there
// as the double-quoted item gives.
func TestCompletionInSingleQuotes(t *testing.T) {
	const stmt = "- Effect: Allow\n            "
	for _, tc := range []struct{ name, src, typed string }{
		{"Resource, a host's ARN", sesPolicyYAML, "Resource: 'a‸'"},
		{"Action", permissionYAML, stmt + "Action: 'ses:Se‸'\n            Resource: \"*\""},
		{"an Action item", permissionYAML, stmt + "Action:\n              - 'ses:Se‸'\n            Resource: \"*\""},
		{"a service prefix", permissionYAML, stmt + "Action: 'se‸'\n            Resource: \"*\""},
		{"in a flow sequence", permissionYAML, stmt + "Action: ['ses:SendEmail', 'ses:Se‸']\n            Resource: \"*\""},
		{"inside !Sub", sesPolicyYAML, "Resource: !Sub 'arn:${AWS::Partition}:s‸'"},
		{"inside !Sub, an ARN template", sesPolicyYAML, "Resource: !Sub 'a‸'"},
		{"a condition key", trustYAML, stmt + "Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                'aws:Sou‸': '111122223333'"},
		{"an operator", trustYAML, stmt + "Action: sts:AssumeRole\n            Condition:\n              'StringEq‸':\n                aws:SourceAccount: '111122223333'"},
		{"Effect", permissionYAML, "- Effect: 'Al‸'\n            Action: ses:SendEmail"},
		{"not closed: Action", permissionYAML, stmt + "Action: 'ses:Se‸\n            Resource: \"*\""},
		{"not closed: Resource", sesPolicyYAML, "Resource: 'arn‸"},
		{"not closed: an Action item", permissionYAML, stmt + "Action:\n              - 'ses:Se‸\n            Resource: \"*\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, text, at, single := completeTyped(t, initRich, "stack.yaml", tc.src, tc.typed)
			_, _, twinText, _, double := completeTyped(t, initRich, "stack.yaml", tc.src, strings.ReplaceAll(tc.typed, "'", `"`))
			if len(double.Items) == 0 {
				t.Fatal("the double-quoted form has no items to compare with")
			}
			if len(single.Items) != len(double.Items) {
				t.Fatalf("%d items, the double-quoted form has %d: %v", len(single.Items), len(double.Items), itemLabels(single.Items))
			}
			tokenStart := strings.LastIndexByte(text[:at], '\'')
			for i, it := range single.Items {
				twin := double.Items[i]
				if it.Label != twin.Label || it.TextEdit.Range != twin.TextEdit.Range || it.InsertTextFormat != twin.InsertTextFormat {
					t.Fatalf("item %d: %q %v format %d, double-quoted %q %v format %d", i, it.Label, it.TextEdit.Range, it.InsertTextFormat, twin.Label, twin.TextEdit.Range, twin.InsertTextFormat)
				}
				// Items that write inside the string (an ARN's fields in a
				// !Sub) have no quotes of their own.
				if strings.Contains(it.TextEdit.NewText, `"`) || strings.Contains(twin.TextEdit.NewText, `"`) != strings.Contains(it.TextEdit.NewText, "'") {
					t.Errorf("%q: text %q is not single-quoted", it.Label, it.TextEdit.NewText)
				}
				applied := applyWireEdits(t, text, []wireTextEdit{{Range: it.TextEdit.Range, NewText: completion.PlainText(it.TextEdit.NewText)}})
				twinApplied := applyWireEdits(t, twinText, []wireTextEdit{{Range: twin.TextEdit.Range, NewText: completion.PlainText(twin.TextEdit.NewText)}})
				if got, want := readScalar(t, applied, tokenStart+1), readScalar(t, twinApplied, tokenStart+1); got != want {
					t.Errorf("%q: the policy reads %q, double-quoted %q\n%s", it.Label, got, want, applied)
				}
			}
		})
	}
}

// readScalar parses a template with go-yaml and the host front end and
// returns the text its policy reads at offset.
func readScalar(t *testing.T, src string, offset int) string {
	t.Helper()
	if _, err := parser.ParseBytes([]byte(src), 0); err != nil {
		t.Fatalf("does not parse: %v\n%s", err, src)
	}
	tmpl, ok := host.CloudFormation([]byte(src), true)
	if !ok || len(tmpl.Errors) > 0 {
		t.Fatalf("no template: %v\n%s", tmpl.Errors, src)
	}
	p := host.Analyze([]byte(src), tmpl, policy.Options{}).PolicyAt(offset)
	if p == nil {
		t.Fatalf("no policy at %d\n%s", offset, src)
	}
	n := p.Doc.NodeAt(offset)
	if n == nil {
		t.Fatalf("nothing at %d\n%s", offset, src)
	}
	return n.Text()
}

// TestSingleQuotedHostText: the host's ARN templates keep their text inside
// single quotes; a string with a quote or an escape of its own is not
// offered in that form.
func TestSingleQuotedHostText(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`!Sub "arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${1:IdentityName}"`, `!Sub 'arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${1:IdentityName}'`, true},
		{`"arn:${AWS::Partition}:s3:::b"`, `'arn:${AWS::Partition}:s3:::b'`, true},
		{`"it's"`, "", false},
		{`"a\"b"`, "", false},
		{`"a\nb"`, "", false},
		{`!Sub`, "", false},
	} {
		got, ok := singleQuotedHostText(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("singleQuotedHostText(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// itemLabels lists the labels of items, for failure messages.
func itemLabels(items []wireItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Label
	}
	return out
}
