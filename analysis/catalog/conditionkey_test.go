package catalog

import "testing"

func TestConditionKeyLookup(t *testing.T) {
	c := Default()
	tests := []struct {
		name, want string
		typ        KeyType
		global     bool
	}{
		{"aws:SourceIp", "aws:SourceIp", TypeIPAddress, true},
		{"AWS:SOURCEIP", "aws:SourceIp", TypeIPAddress, true},
		{"aws:RequestTag/team", "aws:RequestTag/${TagKey}", TypeString, true},
		{"aws:requesttag/Cost:Center", "aws:RequestTag/${TagKey}", TypeString, true},
		{"aws:PrincipalTag/dept", "aws:PrincipalTag/${TagKey}", TypeString, true},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/${TagKey}", TypeString, true},
		{"aws:TagKeys", "aws:TagKeys", TypeArrayOfString, true},
		{"aws:SourceVpcArn", "aws:SourceVpcArn", TypeARN, true}, // the facts' type wins
		{"ses:FromAddress", "ses:FromAddress", TypeString, false},
		{"ses:recipients", "ses:Recipients", TypeArrayOfString, false},
		{"iam:PassedToService", "iam:PassedToService", TypeString, false},
		{"sts:ExternalId", "sts:ExternalId", TypeString, false},
		{"saml:sub", "saml:sub", TypeString, false},
		{"accounts.google.com:aud", "accounts.google.com:aud", TypeString, false},
		{"s3:prefix", "s3:prefix", TypeString, false},
		{"ec2:ResourceTag/Name", "ec2:ResourceTag/${TagKey}", TypeString, false},
		// The Service Authorization Reference writes some services' tag
		// placeholders as <key>, tag-key or nothing after the slash.
		{"s3:ExistingObjectTag/environment", "s3:ExistingObjectTag/<key>", TypeString, false},
		{"s3:RequestObjectTag/Project", "s3:RequestObjectTag/<key>", TypeString, false},
		{"secretsmanager:ResourceTag/team", "secretsmanager:ResourceTag/tag-key", TypeString, false},
		{"glacier:ResourceTag/LegalHold", "glacier:ResourceTag/", TypeString, false},
		{"token.actions.githubusercontent.com:sub", "token.actions.githubusercontent.com:sub", TypeString, false},
		// The prefix itself is a template here.
		{"agent.acme.buildkite.dev:pipeline_slug", "agent.${Domain}.buildkite.dev:pipeline_slug", TypeString, false},
	}
	for _, tt := range tests {
		k, ok := c.ConditionKey(tt.name)
		if !ok {
			t.Errorf("ConditionKey(%q) not found", tt.name)
			continue
		}
		if k.Name != tt.want || k.Type != tt.typ || k.Global != tt.global {
			t.Errorf("ConditionKey(%q) = %s %s global=%v, want %s %s global=%v", tt.name, k.Name, k.Type, k.Global, tt.want, tt.typ, tt.global)
		}
	}
	for _, name := range []string{"token.actions.githubusercontent.com:sub", "token.actions.githubusercontent.com:aud",
		"oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub", "gitlab.com:aud", "cognito-identity.amazonaws.com:AMR"} {
		k, ok := c.ConditionKey(name)
		if !ok || k.Type == "" {
			t.Errorf("OIDC key %q not found", name)
		}
	}
	if k, _ := c.ConditionKey("oidc.example.com:sub"); k.Category != "oidc" || k.Description == "" {
		t.Errorf("oidc.example.com:sub = %+v", k)
	}
	for _, bad := range []string{"aws:NoSuchKey", "ses:sub", "gitlab.com:nosuch", "*.example.com:sub", "aws:RequestTag/", "aws:RequestTag", "s3:ExistingObjectTag/", "ses:MailFromDomain", "nosuch:key", "", "SourceIp"} {
		if k, ok := c.ConditionKey(bad); ok {
			t.Errorf("ConditionKey(%q) found %s", bad, k.Name)
		}
	}
}

func TestConditionKeyFacts(t *testing.T) {
	c := Default()
	k, _ := c.GlobalConditionKey("aws:PrincipalOrgPaths")
	if !k.MultiValued || k.Type != TypeArrayOfString || k.Category != "principal" || k.Description == "" {
		t.Errorf("aws:PrincipalOrgPaths = %+v", k)
	}
	k, _ = c.GlobalConditionKey("aws:SourceAccount")
	if k.MultiValued || k.Prefix() != "aws" || k.Templated() {
		t.Errorf("aws:SourceAccount = %+v", k)
	}
	n := 0
	for _, k := range c.GlobalConditionKeys() {
		if !k.Global || k.Type == "" {
			t.Errorf("global key %+v", k)
		}
		n++
	}
	if n < 60 {
		t.Errorf("only %d global keys", n)
	}
	if k, _ := c.ConditionKey("sts:TransitiveTagKeys"); !k.MultiValued || k.Description == "" {
		t.Errorf("sts:TransitiveTagKeys = %+v", k)
	}
	fams := TypeARN.OperatorFamilies()
	if len(fams) != 2 || fams[0] != FamilyARN || fams[1] != FamilyString {
		t.Errorf("ARN families %v", fams)
	}
	if f := TypeArrayOfString.OperatorFamilies(); len(f) != 1 || f[0] != FamilyString {
		t.Errorf("ArrayOfString families %v", f)
	}
	if !TypeArrayOfARN.IsArray() || TypeArrayOfARN.Element() != TypeARN || TypeBool.IsArray() {
		t.Error("KeyType helpers")
	}
}

func TestActionConditionKeys(t *testing.T) {
	c := Default()
	tag, _ := c.Action("ses:TagResource")
	for _, k := range []string{"aws:RequestTag/env", "aws:TagKeys", "aws:ResourceTag/owner"} {
		if _, ok := tag.ConditionKey(k); !ok {
			t.Errorf("ses:TagResource lacks %s", k)
		}
	}
	get, _ := c.Action("ses:GetEmailIdentity")
	// aws:ResourceTag comes from the identity resource type.
	if _, ok := get.ConditionKey("aws:ResourceTag/x"); !ok {
		t.Error("ses:GetEmailIdentity lacks aws:ResourceTag/x")
	}
	if _, ok := get.ConditionKey("ses:FromAddress"); ok {
		t.Error("ses:GetEmailIdentity accepts ses:FromAddress")
	}
	all := get.AllConditionKeys()
	seen := map[*ConditionKey]bool{}
	for _, k := range all {
		if seen[k] {
			t.Errorf("AllConditionKeys repeats %s", k.Name)
		}
		seen[k] = true
	}
	if len(all) == 0 {
		t.Error("no keys")
	}
}

func TestMatchPieces(t *testing.T) {
	tests := []struct {
		tmpl, name string
		want       bool
	}{
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/a", true},
		{"aws:RequestTag/${TagKey}", "AWS:requesttag/a/b:c", true},
		{"aws:RequestTag/${TagKey}", "aws:RequestTag/", false},
		{"codebuild:secondarySources/${id}.auth.type", "codebuild:secondarySources/src1.auth.type", true},
		{"codebuild:secondarySources/${id}.auth.type", "codebuild:secondarySources/.auth.type", false},
		{"x:${A}-${B}", "x:a-b", true},
		{"x:${A}-${B}", "x:-b", false},
		{"x:${A}-${B}", "x:a-", false},
		{"x:${A}-${B}", "x:a-b-c", true},
	}
	for _, tt := range tests {
		if got := matchPieces(templatePieces(tt.tmpl), tt.name); got != tt.want {
			t.Errorf("match(%q, %q) = %v", tt.tmpl, tt.name, got)
		}
	}
}
