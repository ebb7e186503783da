package catalog

import (
	"regexp"
	"sort"
)

// Partition is an AWS partition (aws, aws-cn, aws-us-gov, ...).
type Partition struct {
	// ID is the partition as written in ARNs ("aws-us-gov").
	ID string
	// Name is its title ("AWS GovCloud (US)").
	Name string
	// DNSSuffix is the domain its endpoints use ("amazonaws.com").
	DNSSuffix string
	// Regions are the partition's known regions, sorted by code.
	Regions []Region
	// SESRegions are the regions with an SES endpoint, sorted.
	SESRegions []string

	regionPattern *regexp.Regexp
}

// Region is one AWS region.
type Region struct {
	Code string // "eu-west-1"
	Name string // "Europe (Ireland)"
}

func newPartition(p partitionJSON) *Partition {
	part := &Partition{ID: p.ID, Name: p.Name, DNSSuffix: p.DNSSuffix, SESRegions: p.SESRegions}
	for _, r := range p.Regions {
		part.Regions = append(part.Regions, Region{Code: r.Code, Name: r.Name})
	}
	if p.RegionPattern != "" {
		// The pattern comes from AWS's endpoint data and is tested; a bad
		// one only loses the fallback in RegionLooksValid.
		part.regionPattern, _ = regexp.Compile(p.RegionPattern)
	}
	return part
}

// HasRegion reports whether code is one of the partition's known regions.
func (p *Partition) HasRegion(code string) bool {
	i := sort.Search(len(p.Regions), func(i int) bool { return p.Regions[i].Code >= code })
	return i < len(p.Regions) && p.Regions[i].Code == code
}

// RegionLooksValid reports whether code is a known region of the
// partition or has the shape of one (AWS opens regions more often than
// the catalogue is refreshed).
func (p *Partition) RegionLooksValid(code string) bool {
	return p.HasRegion(code) || p.regionPattern != nil && p.regionPattern.MatchString(code)
}

// HasSES reports whether SES has an endpoint in the region.
func (p *Partition) HasSES(code string) bool {
	for _, r := range p.SESRegions {
		if r == code {
			return true
		}
	}
	return false
}

// Partitions returns the known partitions, sorted by ID.
func (c *Catalog) Partitions() []*Partition { return facts().partitions }

// Partition returns the partition with the given ID ("aws").
func (c *Catalog) Partition(id string) (*Partition, bool) {
	for _, p := range facts().partitions {
		if p.ID == id {
			return p, true
		}
	}
	return nil, false
}

// PartitionOfRegion returns the partition a known region belongs to.
func (c *Catalog) PartitionOfRegion(code string) (*Partition, bool) {
	p, ok := facts().regionHome[code]
	return p, ok
}
