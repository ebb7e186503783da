package catalog

import (
	"strconv"
	"sync"
	"testing"
)

func TestMemoAnswersOnceAndStaysBounded(t *testing.T) {
	var m memo[int, string]
	calls := 0
	ask := func(arn string) string {
		return m.get(1, arn, func() string { calls++; return "answer for " + arn })
	}
	if got := ask("arn:aws:ses:*:*:identity/a"); got != "answer for arn:aws:ses:*:*:identity/a" || calls != 1 {
		t.Fatalf("first ask: %q after %d calls", got, calls)
	}
	ask("arn:aws:ses:*:*:identity/a")
	if calls != 1 {
		t.Errorf("a repeated question was computed again (%d calls)", calls)
	}
	for i := range 3 * memoLimit {
		ask(strconv.Itoa(i))
	}
	if n := len(m.answers); n > memoLimit {
		t.Errorf("memo holds %d answers, limit %d", n, memoLimit)
	}
}

// The memoised answers are the catalogue's answers, from any goroutine.
func TestARNAnswersRememberedAcrossGoroutines(t *testing.T) {
	c := Default()
	ses, _ := c.Service("ses")
	send, _ := c.Action("ses:SendEmail")
	arn := "arn:aws:ses:us-east-1:123456789012:identity/example.com"
	wantTypes := len(ses.resourceTypesForARN(arn))
	wantRefs := len(send.resourcesForARN(arn))
	if wantTypes == 0 || wantRefs == 0 {
		t.Fatalf("an SES identity ARN should match: %d types, %d refs", wantTypes, wantRefs)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				if n := len(ses.ResourceTypesForARN(arn)); n != wantTypes {
					t.Errorf("ResourceTypesForARN: %d types, want %d", n, wantTypes)
					return
				}
				if n := len(send.ResourcesForARN(arn)); n != wantRefs {
					t.Errorf("ResourcesForARN: %d refs, want %d", n, wantRefs)
					return
				}
				// Remembered: the same answer, not a new one computed again.
				if a, b := ses.ResourceTypesForARN(arn), ses.ResourceTypesForARN(arn); &a[0] != &b[0] {
					t.Error("ResourceTypesForARN computed its answer again")
					return
				}
				if a, b := send.ResourcesForARN(arn), send.ResourcesForARN(arn); &a[0] != &b[0] {
					t.Error("ResourcesForARN computed its answer again")
					return
				}
			}
		})
	}
	wg.Wait()
}
