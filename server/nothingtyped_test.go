package server

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/completion"
)

// permissionYAML is sesPolicyYAML with its statements RESOURCE; a
// resource follows the policy.
var permissionYAML = strings.Replace(sesPolicyYAML, "- Effect: Allow\n            Action: ses:SendEmail\n            RESOURCE", "RESOURCE", 1) +
	"  Queue:\n    Type: AWS::SQS::Queue\n"

// trustYAML is yamlTemplate's role with its trust policy's statements
// RESOURCE, the last lines of the template.
var trustYAML = yamlTemplate[:strings.Index(yamlTemplate, "          - Effect: Allow")] + "          RESOURCE\n"

// TestCompletionWhereNothingTyped: at each place of a YAML template's
// policy where nothing is typed yet (after `Key: `, with or without a
// comment after, a new sequence item, a new key line in a statement, in
// Condition and under an operator, an empty flow sequence), completion
// answers what the same place of a JSON policy answers, in YAML: the items
// insert at the cursor, on its line; the first one, accepted, leaves a
// template that parses and whose policy reads it there (a value, or a key
// with its colon).
func TestCompletionWhereNothingTyped(t *testing.T) {
	const stmt = "- Effect: Allow\n            "
	const sid = "- Sid: Send\n            "
	const identityARN = "arn:${AWS.Partition}:ses:${AWS.Region}:${AWS.AccountId}:identity/IdentityName"
	for _, tc := range []struct {
		name, uri, src, typed string
		first                 []string // the labels of the first items
		newText               string   // the first item's text, as plain text
		read                  string   // what the policy reads there once accepted
		has                   string   // the label of an item further down
	}{
		{"Action", "stack.yaml", permissionYAML, stmt + "Action: ‸\n            Resource: \"*\"", []string{"ses:", "a2c:"}, `"ses:"`, "ses:", ""},
		{"Action, a comment after", "stack.yaml", permissionYAML, stmt + "Action: ‸ # which?\n            Resource: \"*\"", []string{"ses:", "a2c:"}, `"ses:"`, "ses:", ""},
		{"Action, last in the policy", "stack.yaml", trustYAML, stmt + "Principal:\n              Service: pinpoint.amazonaws.com\n            Action: ‸", []string{"sts:AssumeRole"}, "sts:AssumeRole", "sts:AssumeRole", ""},
		{"Resource", "stack.yaml", permissionYAML, stmt + "Action: ses:SendEmail\n            Resource: ‸", []string{"!Sub \"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}\""}, "!Sub " + subIdentityARN, identityARN, ""},
		{"Effect", "stack.yaml", permissionYAML, sid + "Effect: ‸\n            Action: ses:SendEmail", []string{"Allow", "Deny"}, "Allow", "Allow", ""},
		{"Effect after a dash", "stack.yaml", permissionYAML, "- Effect: ‸", []string{"Allow", "Deny"}, "Allow", "Allow", ""},
		{"Service", "stack.yaml", trustYAML, stmt + "Principal:\n              Service: ‸\n            Action: sts:AssumeRole", nil, "", "", "pinpoint.amazonaws.com"},
		{"an account condition's value", "stack.yaml", trustYAML, stmt + "Principal:\n              AWS: arn:aws:iam::111122223333:root\n            Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                aws:SourceAccount: ‸", []string{"111122223333"}, `"111122223333"`, "111122223333", ""},
		{"a Bool condition's value, a comment after", "stack.yaml", permissionYAML, stmt + "Action: ses:SendEmail\n            Resource: \"*\"\n            Condition:\n              Bool:\n                aws:SecureTransport: ‸  # must", []string{"true", "false"}, `"true"`, "true", ""},
		{"a first Action item", "stack.yaml", permissionYAML, stmt + "Action:\n              - ‸\n            Resource: \"*\"", []string{"ses:"}, `"ses:"`, "ses:", ""},
		{"another Action item", "stack.yaml", permissionYAML, stmt + "Action:\n              - ses:SendEmail\n              - ‸", []string{"ses:"}, `"ses:"`, "ses:", ""},
		{"a Resource item", "stack.yaml", permissionYAML, stmt + "Action: ses:SendEmail\n            Resource:\n              - ‸", []string{"!Sub \"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}\""}, "!Sub " + subIdentityARN, identityARN, ""},
		{"a new key in a statement", "stack.yaml", permissionYAML, stmt + "‸\n            Resource: \"*\"", []string{"Sid", "Principal", "NotPrincipal", "Action"}, "Sid: ", "Sid", ""},
		{"a new key last in the policy", "stack.yaml", trustYAML, stmt + "Action: sts:AssumeRole\n            ‸", []string{"Sid", "Principal", "Condition"}, "Sid: ", "Sid", ""},
		{"a new statement", "stack.yaml", permissionYAML, stmt + "Action: ses:SendEmail\n            Resource: \"*\"\n          - ‸", []string{"Sid", "Effect", "Action"}, "Sid: ", "Sid", ""},
		{"an operator", "stack.yaml", trustYAML, stmt + "Action: sts:AssumeRole\n            Condition:\n              ‸", []string{"StringEquals", "StringNotEquals"}, "StringEquals: ", "StringEquals", ""},
		{"a condition key", "stack.yaml", trustYAML, stmt + "Action: sts:AssumeRole\n            Condition:\n              StringEquals:\n                ‸", nil, "", "", "aws:SourceAccount"},
		{"an empty flow sequence", "stack.yaml", permissionYAML, stmt + "Action: [‸]", []string{"ses:"}, `"ses:"`, "ses:", ""},
		{"a flow sequence after a comma", "stack.yaml", permissionYAML, stmt + "Action: [ses:SendEmail, ‸]", []string{"ses:"}, `"ses:"`, "ses:", ""},
		{"json template Resource", "stack.json", sesPolicyJSON, `"Resource": ‸`, []string{`{"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${IdentityName}"}`}, `{"Fn::Sub": ` + subIdentityARN + `}`, identityARN, ""},
		{"json template Effect", "stack.json", strings.Replace(sesPolicyJSON, `"Effect": "Allow", `, "", 1), `"Effect": ‸`, []string{"Allow", "Deny"}, `"Allow"`, "Allow", ""},
		{"a policy's first key", "stack.yaml", strings.Replace(permissionYAML, "        Version: \"2012-10-17\"\n        Statement:\n          RESOURCE\n", "        RESOURCE\n", 1), "‸", []string{"Version", "Id", "Statement"}, "Version: ", "Version", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, src, at, list := completeTyped(t, initRich, tc.uri, tc.src, tc.typed)
			if len(list.Items) == 0 {
				t.Fatal("no items")
			}
			cursor := positionAt(t, src, at)
			for _, it := range list.Items {
				if it.TextEdit.Range != (wireRange{Start: cursor, End: cursor}) || len(it.AdditionalTextEdits) > 0 {
					t.Fatalf("%q edits %+v and %+v, want an insertion at the cursor %v", it.Label, it.TextEdit, it.AdditionalTextEdits, cursor)
				}
			}
			if tc.has != "" && !strings.Contains("\n"+itemTexts(list), "\n"+tc.has+" -> ") {
				t.Errorf("no %s among the items", tc.has)
			}
			for i, label := range tc.first {
				if list.Items[i].Label != label {
					t.Errorf("item %d is %q, want %q", i, list.Items[i].Label, label)
				}
			}
			if strings.HasSuffix(tc.uri, ".yaml") {
				// A line broken in another policy's resource, or in the
				// same resource: the same items.
				for _, broken := range []string{
					tc.src + "  Other:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: [unfinished\n",
					strings.Replace(tc.src, "    Properties:\n", "    Properties:\n      Description: [unfinished\n", 1),
				} {
					_, _, _, _, again := completeTyped(t, initRich, tc.uri, broken, tc.typed)
					if got, want := itemTexts(again), itemTexts(list); got != want {
						t.Errorf("with a line broken:\n%s\n%.300s\nwant %.300s", broken, got, want)
					}
				}
			}
			first := list.Items[0]
			if tc.newText == "" {
				return
			}
			if first.Label == "ses:" && (first.TextEdit.NewText != `"ses:$0"` || first.InsertTextFormat != 2) {
				t.Errorf("the service item inserts %q (format %d): the cursor should stay inside the quotes, where the action is completed next", first.TextEdit.NewText, first.InsertTextFormat)
			}
			if got := completion.PlainText(first.TextEdit.NewText); got != tc.newText {
				t.Errorf("the first item inserts %q, want %q", got, tc.newText)
			}
			applied := applyWireEdits(t, src, []wireTextEdit{{Range: first.TextEdit.Range, NewText: completion.PlainText(first.TextEdit.NewText)}})
			checkParses(t, tc.uri, applied)
			if got := readResource(t, tc.uri, applied, at); got != tc.read {
				t.Errorf("the policy reads %q, want %q:\n%s", got, tc.read, applied)
			}
		})
	}
}

// itemTexts lists the items' labels and texts, one a line.
func itemTexts(list wireList) string {
	var b strings.Builder
	for _, it := range list.Items {
		b.WriteString(it.Label + " -> " + it.TextEdit.NewText + "\n")
	}
	return b.String()
}

// TestPrincipalAsFlowMapping: after `Principal: ` in a YAML template,
// where the JSON items are object skeletons, completion offers them as
// flow mappings on the line ({Service: $1}); accepted, the template parses
// and completion inside the braces offers the service principals, the
// account ARNs under AWS, written so that they parse inside a flow
// mapping; the one accepted is what the policy reads.
func TestPrincipalAsFlowMapping(t *testing.T) {
	const stmt = "- Effect: Allow\n            "
	c, uri, src, at, list := completeTyped(t, initRich, "stack.yaml", trustYAML, stmt+"Principal: ‸\n            Action: sts:AssumeRole")
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if want := "{Service: …} {AWS: …} {Federated: …}"; strings.Join(labels, " ") != want {
		t.Fatalf("items %q, want %s", labels, want)
	}
	first := list.Items[0]
	if first.TextEdit.NewText != "{Service: $1}" || first.InsertTextFormat != 2 {
		t.Fatalf("the first item inserts %q (format %d), want the snippet {Service: $1}", first.TextEdit.NewText, first.InsertTextFormat)
	}
	for _, it := range list.Items {
		checkParses(t, "stack.yaml", applyWireEdits(t, src, []wireTextEdit{{Range: it.TextEdit.Range, NewText: completion.PlainText(it.TextEdit.NewText)}}))
	}
	for _, typ := range []string{"Service", "AWS"} {
		withType := src[:at] + "{" + typ + ": }" + src[at:]
		inside := at + len("{"+typ+": ")
		c.didChange(uri, 2, withType)
		pos := positionAt(t, withType, inside)
		values := c.complete(uri, pos.Line, pos.Character)
		if len(values.Items) == 0 {
			t.Fatalf("{%s: ‸}: no items", typ)
		}
		var pinpoint *wireItem
		for i, it := range values.Items {
			applied := applyWireEdits(t, withType, []wireTextEdit{{Range: it.TextEdit.Range, NewText: completion.PlainText(it.TextEdit.NewText)}})
			checkParses(t, "stack.yaml", applied)
			if it.Label == "pinpoint.amazonaws.com" {
				pinpoint = &values.Items[i]
				if got := readResource(t, "stack.yaml", applied, inside); got != "pinpoint.amazonaws.com" {
					t.Errorf("the policy reads %q, want pinpoint.amazonaws.com:\n%s", got, applied)
				}
			}
		}
		if typ == "Service" && pinpoint == nil {
			t.Errorf("{Service: ‸}: no pinpoint.amazonaws.com among %s", itemTexts(values))
		}
		if typ == "AWS" && !strings.Contains(itemTexts(values), "arn:aws:iam::${Account}:root -> ") {
			t.Errorf("{AWS: ‸}: no account root ARN among %s", itemTexts(values))
		}
	}
}

// TestYAMLItemsInFlowCollections: a value with a bracket or a comma is
// quoted inside a flow collection, where a plain scalar may not hold them,
// and written plain elsewhere.
func TestYAMLItemsInFlowCollections(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"Resource: [x]", `"arn:aws:s3:::b/${aws:username}"`},
		{"Principal: {AWS: x}", `"arn:aws:s3:::b/${aws:username}"`},
		{"Resource: x", `arn:aws:s3:::b/${aws:username}`},
		{"Resource: [a, b] # x", `arn:aws:s3:::b/${aws:username}`},
		{`"Res{": x`, `arn:aws:s3:::b/${aws:username}`}, // a brace in quotes opens nothing
	} {
		at := strings.LastIndex(tc.src, "x")
		list := completion.List{Items: []completion.Item{{Label: "arn", Edit: completion.Edit{Start: at, End: at + 1, NewText: `"arn:aws:s3:::b/${aws:username}"`}}}}
		got := yamlItems(list, []byte(tc.src), false)
		if len(got.Items) != 1 || got.Items[0].Edit.NewText != tc.want {
			t.Errorf("%s: items %+v, want %s", tc.src, got.Items, tc.want)
		}
	}
}
