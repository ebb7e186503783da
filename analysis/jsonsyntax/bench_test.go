package jsonsyntax

import (
	"strings"
	"testing"
)

// policy4KB builds a realistic policy of about 4 KB (the SES identity policy
// limit) out of repeated statements.
func policy4KB() []byte {
	stmt := `    {
      "Sid": "AllowSend%d",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::123456789012:role/Sender"]},
      "Action": ["ses:SendEmail", "ses:SendRawEmail", "ses:SendTemplatedEmail"],
      "Resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
      "Condition": {"ForAllValues:StringLike": {"ses:Recipients": ["*@example.com"]}}
    }`
	var parts []string
	for len(strings.Join(parts, ",\n")) < 3800 {
		parts = append(parts, strings.Replace(stmt, "%d", string(rune('A'+len(parts))), 1))
	}
	return []byte("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + strings.Join(parts, ",\n") + "\n  ]\n}\n")
}

func BenchmarkParse4KB(b *testing.B) {
	src := policy4KB()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(src)
	}
}
