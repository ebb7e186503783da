package completion

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// render prints an outline one symbol per line, indented by depth, with the
// source text of the selection range and the first and last bytes of the
// full range, so tests read like the outline an editor shows.
func render(src string, syms []Symbol, depth int, b *strings.Builder) {
	for _, s := range syms {
		full := src[s.Start:s.End]
		fmt.Fprintf(b, "%s%s | %s | sel %s | %s…%s\n", strings.Repeat("  ", depth), s.Name, s.Detail,
			src[s.SelectionStart:s.SelectionEnd], full[:1], full[len(full)-1:])
		if s.SelectionStart < s.Start || s.SelectionEnd > s.End {
			fmt.Fprintf(b, "%s!! selection outside range\n", strings.Repeat("  ", depth))
		}
		render(src, s.Children, depth+1, b)
	}
}

func TestOutline(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			name: "sids, effects and first actions",
			src: `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Send", "Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*"},
  {"Effect": "Deny", "NotAction": "ses:*", "Resource": "*"},
  {"Sid": "", "Action": "ses:GetAccount"},
  {"Sid": "送信😀", "Effect": "Allow"}
]}`,
			want: `Version | 2012-10-17 | sel "Version" | "…"
Statement |  | sel "Statement" | "…]
  Send | Allow ses:SendEmail | sel "Send" | {…}
    Action | ses:SendEmail +1 | sel "Action" | "…]
    Resource | * | sel "Resource" | "…"
  Statement 2 | Deny NotAction ses:* | sel { | {…}
    NotAction | ses:* | sel "NotAction" | "…"
    Resource | * | sel "Resource" | "…"
  Statement 3 | ses:GetAccount | sel { | {…}
    Action | ses:GetAccount | sel "Action" | "…"
  送信😀 | Allow | sel "送信😀" | {…}
`,
		},
		{
			name: "lone statement object, Id after Statement",
			src:  `{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "pinpoint.amazonaws.com"}}, "Id": "Trust"}`,
			want: `Statement |  | sel "Statement" | "…}
  Statement 1 | Allow sts:AssumeRole | sel { | {…}
    Action | sts:AssumeRole | sel "Action" | "…"
    Principal | Service pinpoint.amazonaws.com | sel "Principal" | "…}
Id | Trust | sel "Id" | "…"
`,
		},
		{
			name: "statement children: principals, resources and conditions",
			src: `{"Statement": [{"Sid": "S", "Effect": "Allow",
  "Principal": {"AWS": ["111122223333", "arn:aws:iam::444455556666:root"], "Service": "ses.amazonaws.com"},
  "Action": ["ses:SendEmail"], "NotResource": ["arn:aws:ses:us-east-1:123456789012:identity/a", "arn:aws:ses:us-east-1:123456789012:identity/b"],
  "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012", "aws:SourceArn": "x"}, "Bool": {"aws:SecureTransport": "true"}},
  "NotPrincipal": "*"}]}`,
			want: `Statement |  | sel "Statement" | "…]
  S | Allow ses:SendEmail | sel "S" | {…}
    Principal | AWS 111122223333 +2 | sel "Principal" | "…}
    Action | ses:SendEmail | sel "Action" | "…]
    NotResource | arn:aws:ses:us-east-1:123456789012:identity/a +1 | sel "NotResource" | "…]
    Condition | StringEquals aws:SourceAccount +2 | sel "Condition" | "…}
    NotPrincipal | * | sel "NotPrincipal" | "…"
`,
		},
		{
			name: "statement being typed",
			src:  `{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect":`,
			want: `Version | 2012-10-17 | sel "Version" | "…"
Statement |  | sel "Statement" | "…:
  A |  | sel "A" | {…:
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := policy.Analyze([]byte(tt.src), policy.Options{})
			var b strings.Builder
			render(tt.src, Outline(res), 0, &b)
			if got := b.String(); got != tt.want {
				t.Errorf("outline:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestOutlineNotPolicy(t *testing.T) {
	for _, src := range []string{"", `{"name": "pkg", "version": "1.0.0"}`, "[1, 2]"} {
		got := Outline(policy.Analyze([]byte(src), policy.Options{}))
		if got == nil || len(got) != 0 {
			t.Errorf("Outline(%q) = %#v, want an empty, non-nil slice", src, got)
		}
	}
	if got := Outline(nil); got == nil || len(got) != 0 {
		t.Errorf("Outline(nil) = %#v", got)
	}
}
