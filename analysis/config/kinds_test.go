package config

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestOrganizationsKinds: settings globs accept the rcp and scp kinds, and
// the error for an unknown kind lists them.
func TestOrganizationsKinds(t *testing.T) {
	c, err := Parse([]byte(`{"kinds": [{"glob": "org/rcp/*.json", "kind": "rcp"}, {"glob": "org/scp/*.json", "kind": "scp"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.KindFor("org/rcp/perimeter.json"); got != policy.KindRCP {
		t.Errorf("rcp file: %q", got)
	}
	if got := c.KindFor("org/scp/guardrails.json"); got != policy.KindSCP {
		t.Errorf("scp file: %q", got)
	}
	c, err = Parse([]byte(`{"kinds": [{"glob": "*.json", "kind": "service-control"}]}`))
	if err != nil || len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Message, "rcp, scp") {
		t.Errorf("problems %+v (%v), want one listing rcp, scp", c.Problems, err)
	}
}
