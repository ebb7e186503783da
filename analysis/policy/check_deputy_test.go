package policy

import (
	"slices"
	"strings"
	"testing"
)

// TestDeputyServicesAreServicePrincipals keeps the confused deputy list
// well formed: lookups lowercase the principal, so every name must be
// lowercase. (The catalogue's principal list is not complete enough to
// check membership: scheduler, bedrock and logging.s3 are missing there.)
func TestDeputyServicesAreServicePrincipals(t *testing.T) {
	for name, d := range deputyServices {
		if name != strings.ToLower(name) || !looksLikeServicePrincipal(name) {
			t.Errorf("%q: not a lowercase service principal", name)
		}
		if !d.trust && !d.resource {
			t.Errorf("%q: listed for neither trust nor resource policies", name)
		}
	}
}

// TestDeputyFixesPreferred: the fix adding aws:SourceAccount is preferred
// only in a trust policy with a configured account; an account guessed from
// the document, AWS's example account and any resource policy are offered
// for the user to choose. The fix of TRUST005 lets a provider's users in,
// so it is never preferred either.
func TestDeputyFixesPreferred(t *testing.T) {
	trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`
	trustWithARN := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com", "AWS": "arn:aws:iam::444455556666:role/admin"}, "Action": "sts:AssumeRole"}]}`
	bucket := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}]}`
	oidc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRole"}]}`
	configured := Options{AccountID: "123456789012"}
	tests := []struct {
		name, src string
		opts      Options
		rule      string
		preferred bool
	}{
		{"trust, configured account", trust, configured, RuleConfusedDeputy, true},
		{"trust, example account", trust, Options{}, RuleConfusedDeputy, false},
		{"trust, account from the document", trustWithARN, Options{}, RuleConfusedDeputy, false},
		{"resource policy, configured account", bucket, configured, RuleServiceNoSource, false},
		{"resource policy, example account", bucket, Options{}, RuleServiceNoSource, false},
		{"federated principal with the wrong action", oidc, configured, RuleTrustMismatch, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fixes []Fix
			for _, d := range Analyze([]byte(tt.src), tt.opts).Diagnostics {
				if d.Code == tt.rule {
					fixes = append(fixes, d.Fixes...)
				}
			}
			if len(fixes) != 1 {
				t.Fatalf("%d fixes for %s, want 1: %+v", len(fixes), tt.rule, fixes)
			}
			if fixes[0].Preferred != tt.preferred {
				t.Errorf("%q: preferred = %v, want %v", fixes[0].Title, fixes[0].Preferred, tt.preferred)
			}
		})
	}
	if out, _ := FixAll([]byte(trust), Options{}); strings.Contains(string(out), exampleAccount) {
		t.Errorf("FixAll put AWS's example account into the policy:\n%s", out)
	}
}

// TestRefererRenameOnlyForAccounts: renaming aws:Referer to
// aws:SourceAccount keeps the values, so it is offered only when they are
// account IDs.
func TestRefererRenameOnlyForAccounts(t *testing.T) {
	for _, tt := range []struct {
		value  string
		rename bool
	}{
		{`"111122223333"`, true},
		{`["111122223333", "444455556666"]`, true},
		{`"https://example.com/*"`, false},
	} {
		src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ses.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*", "Condition": {"StringLike": {"aws:Referer": ` + tt.value + `}}}]}`
		var titles []string
		for _, d := range Analyze([]byte(src), Options{}).Diagnostics {
			if d.Code == RuleRefererOnly {
				for _, f := range d.Fixes {
					titles = append(titles, f.Title)
				}
			}
		}
		renamed := slices.Contains(titles, "Replace aws:Referer with aws:SourceAccount")
		if renamed != tt.rename || len(titles) == 0 {
			t.Errorf("aws:Referer %s: fixes %q, want rename %v", tt.value, titles, tt.rename)
		}
	}
}
