package config

import (
	"strings"
	"testing"
)

func TestARNSettings(t *testing.T) {
	c, err := Parse([]byte(`{"policyls": {"partition": "aws", "region": "eu-west-1", "accountId": "123456789012"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Partition != "aws" || c.Region != "eu-west-1" || c.AccountID != "123456789012" || len(c.Problems) != 0 {
		t.Errorf("Parse = %+v", c)
	}
}

func TestARNSettingsInvalidAreIgnored(t *testing.T) {
	tests := []struct {
		input                      string
		partition, region, account string
		warning                    string
	}{
		{`{"accountId": "12345"}`, "", "", "", `accountId "12345" is not a 12-digit`},
		{`{"accountId": "1234567890ab"}`, "", "", "", "12-digit"},
		{`{"accountId": 123456789012, "region": "us-east-1"}`, "", "us-east-1", "", "accountId must be a string"},
		{`{"partition": "amazon", "accountId": "123456789012"}`, "", "", "123456789012", `partition "amazon" is not a known AWS partition`},
		{`{"region": "Ireland"}`, "", "", "", `region "Ireland" is not an AWS region code`},
		{`{"partition": "aws-cn", "region": "eu-west-1"}`, "aws-cn", "", "", `belongs to partition "aws"`},
		{`{"partition": ["aws"]}`, "", "", "", "partition must be a string"},
	}
	for _, tt := range tests {
		c, err := Parse([]byte(tt.input))
		if err != nil {
			t.Errorf("Parse(%s): %v; an invalid ARN setting must not fail the settings", tt.input, err)
			continue
		}
		if c.Partition != tt.partition || c.Region != tt.region || c.AccountID != tt.account {
			t.Errorf("Parse(%s) = %q %q %q, want %q %q %q", tt.input, c.Partition, c.Region, c.AccountID, tt.partition, tt.region, tt.account)
		}
		if len(c.Problems) != 1 || !strings.Contains(c.Problems[0].Message, tt.warning) {
			t.Errorf("Parse(%s) problems = %+v, want one mentioning %q", tt.input, c.Problems, tt.warning)
		}
	}
}

func TestARNSettingsUnsetAndNewRegions(t *testing.T) {
	for _, input := range []string{`{"partition": null, "region": "", "accountId": "  "}`, `{}`} {
		c, err := Parse([]byte(input))
		if err != nil || c.Partition != "" || c.Region != "" || c.AccountID != "" || len(c.Problems) != 0 {
			t.Errorf("Parse(%s) = %+v, %v; want nothing set and no warning", input, c, err)
		}
	}
	// A region newer than the catalogue is accepted on its shape.
	if c, _ := Parse([]byte(`{"region": "xx-north-9"}`)); c.Region != "xx-north-9" || len(c.Problems) != 0 {
		t.Errorf("new region: %+v", c)
	}
}

func TestMergeARNSettings(t *testing.T) {
	editor, _ := Parse([]byte(`{"region": "eu-west-1"}`))
	file, _ := Parse([]byte(`{"region": "us-east-1", "accountId": "111122223333", "partition": "aws"}`))
	got := editor.Merge(file)
	if got.Region != "eu-west-1" || got.AccountID != "111122223333" || got.Partition != "aws" {
		t.Errorf("Merge = %+v, want the editor's region and the file's account and partition", got)
	}
}
