package policy

import (
	"fmt"
	"strings"
	"testing"
)

// TestSuggestionBudget: only the first maxSuggestions unknown names get a
// did-you-mean; every one is still reported.
func TestSuggestionBudget(t *testing.T) {
	var acts []string
	for i := range maxSuggestions + 20 {
		acts = append(acts, fmt.Sprintf(`"ses:SendEmial%d"`, i))
	}
	src := `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": [` + strings.Join(acts, ",") + `], "Resource": "*"}}`
	unknown, suggested := 0, 0
	for _, d := range Analyze([]byte(src), Options{}).Diagnostics {
		if d.Code == RuleActionUnknown {
			unknown++
			if strings.Contains(d.Message, "did you mean") {
				suggested++
			}
		}
	}
	if unknown != maxSuggestions+20 || suggested != maxSuggestions {
		t.Errorf("%d unknown actions reported, %d with a suggestion; want %d and %d", unknown, suggested, maxSuggestions+20, maxSuggestions)
	}
}
