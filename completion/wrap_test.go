package completion

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

func TestWrapStatement(t *testing.T) {
	tests := []struct {
		name, src, at, want string
	}{
		{
			name: "one line",
			src:  `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}}`,
			at:   `"Statement"`,
			want: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`,
		},
		{
			name: "lines, cursor inside the statement",
			src:  "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n\n    \"Action\": \"ses:SendEmail\",\n    \"Resource\": \"*\"\n  }\n}\n",
			at:   `"Action"`,
			want: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n\n      \"Action\": \"ses:SendEmail\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
		},
		{
			name: "tabs and CRLF",
			src:  "{\r\n\t\"Statement\": {\r\n\t\t\"Effect\": \"Allow\"\r\n\t}\r\n}",
			at:   `"Statement"`,
			want: "{\r\n\t\"Statement\": [\r\n\t\t{\r\n\t\t\t\"Effect\": \"Allow\"\r\n\t\t}\r\n\t]\r\n}",
		},
	}
	for _, tt := range tests {
		res := policy.Analyze([]byte(tt.src), policy.Options{})
		edits, ok := WrapStatement(res, strings.Index(tt.src, tt.at)+1)
		if !ok {
			t.Errorf("%s: not offered", tt.name)
			continue
		}
		got := applyInsertion(t, tt.src, Insertion{Title: tt.name, Edits: edits})
		if got != tt.want {
			t.Errorf("%s: got\n%q\nwant\n%q", tt.name, got, tt.want)
		}
		after := policy.Analyze([]byte(got), policy.Options{})
		if len(after.Policy.Statements) != 1 || after.Policy.Statement.Value().Kind().String() != "array" {
			t.Errorf("%s: not an array of one statement after wrapping", tt.name)
		}
	}
}

func TestWrapStatementNotOffered(t *testing.T) {
	for _, tt := range []struct{ src, at string }{
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}`, `"Effect"`},
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow"}}`, `"Version"`},
		{`{"Version": "2012-10-17", "Statement": {"Effect": "Allow"`, `"Effect"`},
		{`{"name": "x"}`, `"name"`},
	} {
		res := policy.Analyze([]byte(tt.src), policy.Options{})
		if _, ok := WrapStatement(res, strings.Index(tt.src, tt.at)+1); ok {
			t.Errorf("%s: offered at %s", tt.src, tt.at)
		}
	}
	if _, ok := WrapStatement(nil, 0); ok {
		t.Error("offered on nil")
	}
}
