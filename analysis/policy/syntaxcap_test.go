package policy

import (
	"strings"
	"testing"
)

// TestTooDeepSurvivesTheSyntaxCap: 100,000 unclosed brackets in a policy
// make more "not closed" errors than are shown, all before the nesting
// error; the too-deep finding must still be reported, with the count of
// what is hidden.
func TestTooDeepSurvivesTheSyntaxCap(t *testing.T) {
	src := []byte(`{"Version": "2012-10-17", "Statement": ` + strings.Repeat("[", 100000))
	res := Analyze(src, Options{})
	var deep, summary int
	for _, d := range res.Diagnostics {
		switch {
		case d.Code == RuleTooDeep:
			deep++
		case d.Code == RuleSyntax && strings.HasSuffix(d.Message, "more syntax errors are not shown"):
			summary++
		}
	}
	if deep != 1 || summary != 1 || len(res.Diagnostics) > maxSyntaxDiagnostics+5 {
		t.Errorf("%d diagnostics, %d too-deep, %d summaries; want one of each", len(res.Diagnostics), deep, summary)
	}
}
