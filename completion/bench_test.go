package completion

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// The benchmarks run on the shared 4 KB SES identity policy, analysed once
// as the server does per document version; they measure the request alone.

func load4KB(b *testing.B) (string, *policy.Result) {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "analysis", "testdata", "ses-identity-4kb.json"))
	if err != nil {
		b.Fatal(err)
	}
	return string(data), policy.Analyze(data, policy.Options{})
}

// at returns the offset just after the first occurrence of needle.
func at(b *testing.B, src, needle string) int {
	b.Helper()
	i := strings.Index(src, needle)
	if i < 0 {
		b.Fatalf("%q not in the benchmark policy", needle)
	}
	return i + len(needle)
}

func BenchmarkComplete4KB(b *testing.B) {
	src, res := load4KB(b)
	// A CloudFormation template's words: ARN templates in both forms.
	sub := &Host{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: "!Sub "}
	for _, bc := range []struct {
		name, needle string
		host         *Host
	}{
		{"action", `"Action": ["ses:Sen`, nil},
		{"conditionKey", `{"ses:Reci`, nil},
		{"arnTemplate", `"Resource": "a`, nil},
		{"arnTemplateHost", `"Resource": "a`, sub},
	} {
		b.Run(bc.name, func(b *testing.B) {
			offset := at(b, src, bc.needle)
			opts := Options{Snippets: true, Partition: "aws", Region: "us-east-1", AccountID: "123456789012", Host: bc.host}
			if n := len(Complete(res, offset, opts).Items); n == 0 {
				b.Fatal("no items")
			}
			b.ReportAllocs()
			for b.Loop() {
				Complete(res, offset, opts)
			}
		})
	}
}

func BenchmarkHover4KB(b *testing.B) {
	src, res := load4KB(b)
	offset := at(b, src, `"Action": ["ses:Sen`)
	if _, ok := HoverAt(res, offset); !ok {
		b.Fatal("no hover")
	}
	b.ReportAllocs()
	for b.Loop() {
		HoverAt(res, offset)
	}
}
