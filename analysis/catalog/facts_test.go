package catalog

import "testing"

func TestPartitions(t *testing.T) {
	c := Default()
	if n := len(c.Partitions()); n != 8 {
		t.Errorf("%d partitions, want 8", n)
	}
	aws, ok := c.Partition("aws")
	if !ok || aws.Name != "AWS Standard" || aws.DNSSuffix != "amazonaws.com" {
		t.Fatalf("aws = %+v", aws)
	}
	for _, r := range []string{"us-east-1", "eu-west-1", "ap-southeast-7", "mx-central-1"} {
		if !aws.HasRegion(r) {
			t.Errorf("aws lacks %s", r)
		}
	}
	for _, r := range []string{"cn-north-1", "us-gov-west-1", "us-east-9", ""} {
		if aws.HasRegion(r) {
			t.Errorf("aws has %s", r)
		}
	}
	if !aws.RegionLooksValid("us-east-9") || aws.RegionLooksValid("moon-1") {
		t.Error("RegionLooksValid")
	}
	if !aws.HasSES("eu-west-1") || aws.HasSES("ap-east-1") {
		t.Error("HasSES")
	}
	gov, _ := c.Partition("aws-us-gov")
	if !gov.HasRegion("us-gov-west-1") {
		t.Error("aws-us-gov lacks us-gov-west-1")
	}
	if p, ok := c.PartitionOfRegion("cn-northwest-1"); !ok || p.ID != "aws-cn" {
		t.Errorf("PartitionOfRegion(cn-northwest-1) = %v", p)
	}
	if _, ok := c.PartitionOfRegion("nowhere-1"); ok {
		t.Error("nowhere-1 has a partition")
	}
	if _, ok := c.Partition("azure"); ok {
		t.Error("azure is a partition")
	}
}

func TestServicePrincipals(t *testing.T) {
	c := Default()
	for _, p := range []string{"pinpoint.amazonaws.com", "ses.amazonaws.com", "lambda.amazonaws.com", "sms-voice.amazonaws.com"} {
		if !c.IsKnownServicePrincipal(p) {
			t.Errorf("%s unknown", p)
		}
	}
	if c.IsKnownServicePrincipal("pinpoint.amazonaws.co") {
		t.Error("typo known")
	}
	var described int
	for _, p := range c.ServicePrincipals() {
		if p.Description != "" {
			described++
		}
	}
	if len(c.ServicePrincipals()) < 200 || described < 5 {
		t.Errorf("%d principals, %d described", len(c.ServicePrincipals()), described)
	}
}
