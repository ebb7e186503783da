package policy

import "testing"

// TestWellFormedPrincipalSuggestionNotPreferred: a well-formed principal
// missing from the list may be real (cloudwatch.amazonaws.com was once
// "fixed" to cloudsearch.amazonaws.com), so its did-you-mean is offered but
// never applied by --fix; nor is a malformed one's, which names another
// principal, unless only the case differs.
func TestWellFormedPrincipalSuggestionNotPreferred(t *testing.T) {
	for _, tc := range []struct {
		principal string
		severity  Severity
		preferred bool
	}{
		{"cloudwatc.amazonaws.com", SeverityInfo, false},
		{"pinpoint.amazon.com", SeverityError, false},
		{"Pinpoint.amazonaws.com", SeverityInfo, true},
	} {
		src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "` + tc.principal +
			`"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}`
		var found bool
		for _, d := range Analyze([]byte(src), Options{}).Diagnostics {
			if d.Code != RuleServicePrincipal {
				continue
			}
			found = true
			if d.Severity != tc.severity {
				t.Errorf("%s: severity %s, want %s", tc.principal, d.Severity, tc.severity)
			}
			if len(d.Fixes) == 0 {
				t.Fatalf("%s: no suggestion offered", tc.principal)
			}
			if d.Fixes[0].Preferred != tc.preferred {
				t.Errorf("%s: first fix preferred=%v, want %v", tc.principal, d.Fixes[0].Preferred, tc.preferred)
			}
		}
		if !found {
			t.Errorf("%s: no PRN002", tc.principal)
		}
	}
}
