package config

import (
	"regexp"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// regionShape is what any AWS region code looks like ("us-east-1",
// "us-gov-west-1", "eusc-de-east-1"); catalogue regions are accepted even if
// they did not fit.
var regionShape = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)

// readARNSettings validates partition, region and accountId (their value
// nodes, nil when absent). Each invalid one is left out with a problem;
// the others still apply.
func (c *Config) readARNSettings(partition, region, account *jsonsyntax.Node) {
	cat := catalog.Default()
	if p := c.stringSetting("partition", partition); p != "" {
		if _, known := cat.Partition(p); known {
			c.Partition = p
		} else {
			c.problem(partition, "", "partition %q is not a known AWS partition (want one of %s); ignored", p, partitionIDs(cat))
		}
	}
	if r := c.stringSetting("region", region); r != "" {
		home, known := cat.PartitionOfRegion(r)
		switch {
		case !known && !regionShape.MatchString(r):
			c.problem(region, "", "region %q is not an AWS region code such as \"us-east-1\"; ignored", r)
		case known && c.Partition != "" && home.ID != c.Partition:
			c.problem(region, "", "region %q belongs to partition %q, not %q; ignored", r, home.ID, c.Partition)
		default:
			c.Region = r
		}
	}
	if a := c.stringSetting("accountId", account); a != "" {
		if policy.IsAccountID(a) {
			c.AccountID = a
		} else {
			c.problem(account, "", "accountId %q is not a 12-digit AWS account ID; ignored", a)
		}
	}
}

// stringSetting reads one optional string setting. Absent, null and ""
// are "not set"; any other JSON type is a problem.
func (c *Config) stringSetting(name string, v *jsonsyntax.Node) string {
	return strings.TrimSpace(c.wantString(v, name))
}

func partitionIDs(cat *catalog.Catalog) string {
	var ids []string
	for _, p := range cat.Partitions() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}
