package config

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/policyls/policyls/analysis/catalog"
	"github.com/policyls/policyls/analysis/policy"
)

// regionShape is what any AWS region code looks like ("us-east-1",
// "us-gov-west-1", "eusc-de-east-1"); catalogue regions are accepted even if
// they did not fit.
var regionShape = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+)+-[0-9]+$`)

// readARNSettings validates partition, region and accountId. Each invalid
// one is left out with a warning; the others still apply.
func (c *Config) readARNSettings(s *settings) {
	cat := catalog.Default()
	if p, ok := c.stringSetting("partition", s.Partition); ok {
		if _, known := cat.Partition(p); known {
			c.Partition = p
		} else {
			c.warn("partition %q is not a known AWS partition (want one of %s); ignored", p, partitionIDs(cat))
		}
	}
	if r, ok := c.stringSetting("region", s.Region); ok {
		home, known := cat.PartitionOfRegion(r)
		switch {
		case !known && !regionShape.MatchString(r):
			c.warn("region %q is not an AWS region code such as \"us-east-1\"; ignored", r)
		case known && c.Partition != "" && home.ID != c.Partition:
			c.warn("region %q belongs to partition %q, not %q; ignored", r, home.ID, c.Partition)
		default:
			c.Region = r
		}
	}
	if a, ok := c.stringSetting("accountId", s.AccountID); ok {
		if policy.IsAccountID(a) {
			c.AccountID = a
		} else {
			c.warn("accountId %q is not a 12-digit AWS account ID; ignored", a)
		}
	}
}

// stringSetting decodes one optional string setting. Absent, null and ""
// are "not set"; any other JSON type is a warning.
func (c *Config) stringSetting(name string, raw json.RawMessage) (string, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		c.warn("%s must be a string, not %s; ignored", name, raw)
		return "", false
	}
	v = strings.TrimSpace(v)
	return v, v != ""
}

func (c *Config) warn(format string, args ...any) {
	c.Warnings = append(c.Warnings, fmt.Sprintf(format, args...))
}

func partitionIDs(cat *catalog.Catalog) string {
	var ids []string
	for _, p := range cat.Partitions() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, ", ")
}
