package completion

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestHostARNTemplates: with Options.Host, ARN templates come first in the
// host's words, wrapped by Open and Close (unwrapped in the host's own
// string at StringStart), marked HostSyntax, over the token typed; fields
// the host does not name are filled as for a policy file; a format none of
// whose fields the host names has no host form.
func TestHostARNTemplates(t *testing.T) {
	const doc = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ACTION", "Resource": "arn‸"}]}`
	sub := Host{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: `{"Fn::Sub": `, Close: "}"}
	for _, tc := range []struct {
		name, action string
		host         Host
		inString     bool // the token is the host's string
		opts         Options
		want         string // the first item's text, "" for no host form first
	}{
		{"wrapped", "ses:SendBounce", sub, false, Options{},
			`{"Fn::Sub": "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/IdentityName"}`},
		{"in the host's string", "ses:SendBounce", sub, true, Options{},
			`"arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/IdentityName"`},
		{"some words, settings for the rest", "ses:SendBounce", Host{Account: "${data.aws_caller_identity.current.account_id}"}, false, Options{Partition: "aws-cn", Region: "cn-north-1"},
			`"arn:aws-cn:ses:cn-north-1:${data.aws_caller_identity.current.account_id}:identity/IdentityName"`},
		{"no field named", "iam:PassRole", Host{Region: "${AWS::Region}"}, false, Options{}, ""},
		{"no words", "ses:SendBounce", Host{Open: "!Sub "}, false, Options{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(doc, "ACTION", tc.action, 1)
			offset := strings.Index(in, cursorMark)
			src := in[:offset] + in[offset+len(cursorMark):]
			token := strings.LastIndex(src[:offset], `"`)
			h := tc.host
			if tc.inString {
				h.StringStart, h.StringEnd = token, offset+1
			}
			opts := tc.opts
			opts.Host = &h
			items := Complete(policy.Analyze([]byte(src), policy.Options{}), offset, opts).Items
			checkItems(t, src, offset, items, false)
			if len(items) == 0 {
				t.Fatal("no items")
			}
			first := items[0]
			if tc.want == "" {
				for _, it := range items {
					if it.HostSyntax || strings.Contains(it.Edit.NewText, "${") {
						t.Errorf("host form %q", it.Edit.NewText)
					}
				}
				return
			}
			// The label keeps the placeholder's name, as the literal forms do.
			label := strings.Replace(tc.want, "/IdentityName", "/${IdentityName}", 1)
			if first.Edit.NewText != tc.want || !first.HostSyntax || first.Label != label {
				t.Errorf("first item %q (label %q, host syntax %v), want %q", first.Edit.NewText, first.Label, first.HostSyntax, tc.want)
			}
			if first.Edit.Start != token || first.Edit.End != offset+1 {
				t.Errorf("edit [%d,%d), want the token [%d,%d)", first.Edit.Start, first.Edit.End, token, offset+1)
			}
			if first.FilterText != strings.TrimSuffix(strings.TrimPrefix(label, sub.Open), sub.Close) {
				t.Errorf("filter %q does not start like the token", first.FilterText)
			}
			literal := false
			for _, it := range items[1:] {
				literal = literal || !it.HostSyntax && strings.HasPrefix(it.Edit.NewText, `"arn:`)
			}
			if !literal {
				t.Error("no literal form after the host's")
			}
		})
	}
}

// TestHostARNFields: in a string the host evaluates (its Sub string, or
// any string of a host without wrapping), a partly typed ARN's partition,
// region and account fields offer the host's word first, colons inside
// ${...} splitting no field; its items are written for inside that string
// (HostSyntax). A service whose ARNs have no region gets no region word;
// a string the host does not evaluate gets none.
func TestHostARNFields(t *testing.T) {
	sub := Host{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: "!Sub "}
	terraform := Host{Partition: "${data.aws_partition.p.partition}"}
	for _, tc := range []struct {
		name, action, typed string
		host                Host
		inSub               bool
		first               string // the first item's text, "" for no host word
	}{
		{"partition", "ses:SendEmail", "arn:", sub, true, "${AWS::Partition}:"},
		{"region", "ses:SendEmail", "arn:${AWS::Partition}:ses:", sub, true, "${AWS::Region}:"},
		{"account", "ses:SendEmail", "arn:${AWS::Partition}:ses:${AWS::Region}:", sub, true, "${AWS::AccountId}:"},
		{"no region in IAM ARNs", "iam:PassRole", "arn:${AWS::Partition}:iam:", sub, true, ""},
		{"not in the Sub string", "ses:SendEmail", "arn:", sub, false, ""},
		{"every string evaluated", "ses:SendEmail", "arn:", terraform, false, "${data.aws_partition.p.partition}:"},
		{"a word the host lacks", "ses:SendEmail", "arn:aws:ses:", terraform, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "` + tc.action + `", "Resource": "` + tc.typed + `"}]}`
			offset := strings.LastIndex(src, `"}]}`)
			token := strings.LastIndex(src[:offset], `"`)
			h := tc.host
			if tc.inSub {
				h.StringStart, h.StringEnd = token, offset+1
			}
			items := Complete(policy.Analyze([]byte(src), policy.Options{}), offset, Options{Host: &h}).Items
			if len(items) == 0 {
				t.Fatal("no items")
			}
			hostSyntax := tc.inSub || tc.host.Open == ""
			for _, it := range items {
				if it.HostSyntax != hostSyntax {
					t.Errorf("%q: HostSyntax %v, want %v", it.Label, it.HostSyntax, hostSyntax)
				}
				if it.Edit.Start != offset || it.Edit.End != offset {
					t.Errorf("%q: edit [%d,%d), want the field at %d", it.Label, it.Edit.Start, it.Edit.End, offset)
				}
			}
			if tc.first == "" {
				for _, it := range items {
					if strings.Contains(it.Edit.NewText, "${") {
						t.Errorf("host word %q", it.Edit.NewText)
					}
				}
				return
			}
			if items[0].Edit.NewText != tc.first {
				t.Errorf("first item %q, want %q", items[0].Edit.NewText, tc.first)
			}
			if len(items) < 2 || strings.Contains(items[1].Edit.NewText, "${") {
				t.Errorf("no literal values after the host's word")
			}
		})
	}
}
