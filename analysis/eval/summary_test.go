package eval

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

func summarize(t *testing.T, src string) Summary {
	t.Helper()
	r := policy.Analyze([]byte(src), policy.Options{})
	return Summarize(r.Policy, r.Kind, catalog.Default())
}

func lineOne(int) int { return 1 }

// The console's summary groups actions by service and access level, which
// the catalogue knows for each action.
func TestSummaryLevels(t *testing.T) {
	s := summarize(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
	  "Action":["ses:SendEmail","ses:GetEmailIdentity","ses:PutEmailIdentityDkimAttributes","ses:TagResource","sts:AssumeRole","nope:Nothing"],"Resource":"*"}]}`)
	st := s.Statements[0]
	var got []string
	for _, svc := range st.Services {
		for _, l := range svc.Levels {
			got = append(got, svc.Prefix+" "+l.Level+" "+strings.Join(l.Actions, ","))
			if l.Total < len(l.Actions) {
				t.Errorf("%s %s: total %d below %d", svc.Prefix, l.Level, l.Total, len(l.Actions))
			}
		}
	}
	want := []string{"ses Read GetEmailIdentity", "ses Write PutEmailIdentityDkimAttributes,SendEmail", "ses Tagging TagResource", "sts Write AssumeRole"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("levels\n got %v\nwant %v", got, want)
	}
	if len(st.Unknown) != 1 || st.Unknown[0] != "nope:Nothing" {
		t.Errorf("unknown %v", st.Unknown)
	}
}

func TestSummaryNotElementsAndConditions(t *testing.T) {
	s := summarize(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},
	  "NotAction":"s3:Get*","NotResource":"arn:aws:s3:::public/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	text := s.Text(lineOne)
	for _, want := range []string{
		"Denies — statement #1 (line 1)",
		"every action except s3:Get*",
		"resources: every resource except arn:aws:s3:::public/*",
		"principals: everyone except account 111122223333 (any principal it allows)",
		"conditions (all must hold): aws:SecureTransport Bool false",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
}

// SES identity policies are told as sending authorization: who may send,
// from which addresses, to which recipients, under which conditions.
func TestSummarySESWords(t *testing.T) {
	s := summarize(t, `{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",
	  "Principal":{"AWS":"444455556666"},"Action":["ses:SendEmail","ses:GetEmailIdentity"],
	  "Resource":"arn:aws:ses:us-east-1:123456789012:identity/example.com",
	  "Condition":{"StringLike":{"ses:FromAddress":"news@example.com"},"ForAllValues:StringLike":{"ses:Recipients":["*@example.org"]},"StringEquals":{"aws:SourceAccount":"444455556666"}}}]}`)
	if s.Kind != policy.KindSESIdentity || s.Identity != "arn:aws:ses:us-east-1:123456789012:identity/example.com" {
		t.Fatalf("kind %s identity %q", s.Kind, s.Identity)
	}
	text := s.Text(lineOne)
	for _, want := range []string{
		"Who may use arn:aws:ses:us-east-1:123456789012:identity/example.com:",
		`statement "Partner" (line 1): account 444455556666 (any principal it allows) may send as this identity with ses:SendEmail, and manage it with ses:GetEmailIdentity`,
		"From address StringLike news@example.com; recipients ForAllValues:StringLike *@example.org",
		"only when aws:SourceAccount StringEquals 444455556666",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
}

func TestSummaryStar(t *testing.T) {
	s := summarize(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*:*","s3:GetObject"],"Resource":"*"}]}`)
	if st := s.Statements[0]; !st.AllActions || st.Services != nil {
		t.Errorf("%+v", st)
	}
	if text := s.Text(lineOne); !strings.Contains(text, "  every action of every service (*)\n") {
		t.Errorf("%s", text)
	}
}
