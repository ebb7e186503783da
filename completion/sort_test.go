package completion

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// checkRefactoring applies a refactoring offered at the first byte of at
// and checks the title, the text after it, and that it is not offered
// again on that text.
func checkRefactoring(t *testing.T, refactor func(*policy.Result, int) (Sorted, bool), name, src, at, title, want string) {
	t.Helper()
	r, ok := refactor(policy.Analyze([]byte(src), policy.Options{}), strings.Index(src, at)+1)
	if !ok || r.Title != title {
		t.Errorf("%s: offered %v, title %q; want %q", name, ok, r.Title, title)
		return
	}
	got := applyInsertion(t, src, Insertion{Title: r.Title, Edits: r.Edits})
	if got != want {
		t.Errorf("%s: got\n%s\nwant\n%s", name, got, want)
	}
	if _, again := refactor(policy.Analyze([]byte(got), policy.Options{}), strings.Index(got, at)+1); again {
		t.Errorf("%s: still offered afterwards", name)
	}
}

func TestSortEntries(t *testing.T) {
	tests := []struct {
		name, src, at, title, want string
	}{
		{
			name:  "actions ignoring case, layout kept",
			src:   "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\n  \"ses:SendRawEmail\",\n  \"SES:GetSendQuota\",\n  \"ses:SendEmail\"\n], \"Resource\": \"*\"}]}",
			at:    `"Action"`,
			title: "Sort actions",
			want:  "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\n  \"SES:GetSendQuota\",\n  \"ses:SendEmail\",\n  \"ses:SendRawEmail\"\n], \"Resource\": \"*\"}]}",
		},
		{
			name:  "repeated actions in another case go, the first spelling stays",
			src:   `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail", "SES:sendemail"], "Resource": "*"}]}`,
			at:    `SendRawEmail`,
			title: "Sort actions and remove repeats",
			want:  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*"}]}`,
		},
		{
			name:  "resources are case-sensitive",
			src:   `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": ["arn:aws:ses:us-east-1:123456789012:identity/b.com", "arn:aws:ses:us-east-1:123456789012:identity/B.com", "arn:aws:ses:us-east-1:123456789012:identity/b.com"]}]}`,
			at:    `"Resource"`,
			title: "Sort resources and remove repeats",
			want:  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": ["arn:aws:ses:us-east-1:123456789012:identity/B.com", "arn:aws:ses:us-east-1:123456789012:identity/b.com"]}]}`,
		},
	}
	for _, tt := range tests {
		checkRefactoring(t, SortEntries, tt.name, tt.src, tt.at, tt.title, tt.want)
	}
}

// Not offered where there is nothing to do or nothing certain to do.
func TestSortEntriesNotOffered(t *testing.T) {
	for _, tt := range []struct{ name, src, at string }{
		{"already sorted", `{"Statement": [{"Action": ["ses:SendEmail", "ses:SendRawEmail"]}]}`, `"Action"`},
		{"a single string", `{"Statement": [{"Action": "ses:SendEmail"}]}`, `"Action"`},
		{"a list being typed", `{"Statement": [{"Action": ["ses:SendRaw", "ses:Send`, `"Action"`},
		{"a number in the list", `{"Statement": [{"Action": ["ses:b", 1, "ses:a"]}]}`, `"Action"`},
		{"cursor on another element", `{"Statement": [{"Effect": "Allow", "Action": ["ses:b", "ses:a"]}]}`, `"Effect"`},
		{"not a policy", `{"name": ["b", "a"]}`, `"name"`},
	} {
		res := policy.Analyze([]byte(tt.src), policy.Options{})
		if s, ok := SortEntries(res, strings.Index(tt.src, tt.at)+1); ok {
			t.Errorf("%s: offered %q", tt.name, s.Title)
		}
	}
}

func TestOrderElements(t *testing.T) {
	tests := []struct {
		name, src, at, title, want string
	}{
		{
			name:  "a statement on one line",
			src:   `{"Version": "2012-10-17", "Statement": [{"Resource": "*", "Action": "ses:SendEmail", "Effect": "Allow", "Sid": "Send"}]}`,
			at:    `"Action"`,
			title: "Order the statement's elements as AWS does",
			want:  `{"Version": "2012-10-17", "Statement": [{"Sid": "Send", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`,
		},
		{
			name:  "the policy, multi-line members keep their indentation",
			src:   "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"ses:SendEmail\",\n      \"Resource\": \"*\"\n    }\n  ],\n  \"Version\": \"2012-10-17\"\n}\n",
			at:    `"Version"`,
			title: "Order the policy's elements as AWS does",
			want:  "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"ses:SendEmail\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
		},
		{
			name:  "members AWS does not define go last, in their order",
			src:   `{"Version": "2012-10-17", "Statement": [{"Comment": "x", "Effect": "Allow", "Zz": 1, "Sid": "A", "Action": "ses:SendEmail", "Resource": "*"}]}`,
			at:    `"Zz"`,
			title: "Order the statement's elements as AWS does",
			want:  `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*", "Comment": "x", "Zz": 1}]}`,
		},
	}
	for _, tt := range tests {
		checkRefactoring(t, OrderElements, tt.name, tt.src, tt.at, tt.title, tt.want)
	}
	for _, src := range []string{
		`{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Resource": "*", "Effect": "Allow", "Action"}]}`,
		`{"Version": "2012-10-17", "Statement": [{"Resource": "*", "Effect": "Allow"`,
	} {
		if s, ok := OrderElements(policy.Analyze([]byte(src), policy.Options{}), strings.Index(src, `"Effect"`)+1); ok {
			t.Errorf("%s: offered %q", src, s.Title)
		}
	}
}
