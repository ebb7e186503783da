package catalog

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestSESSendEmail(t *testing.T) {
	c := Default()
	a, ok := c.Action("SES:sendemail")
	if !ok || a.FullName() != "ses:SendEmail" {
		t.Fatalf("SES:sendemail = %v, %v", a, ok)
	}
	var types []string
	for _, r := range a.Resources {
		types = append(types, r.Type.Name)
	}
	if want := []string{"configuration-set", "identity", "template"}; !slices.Equal(types, want) {
		t.Errorf("ses:SendEmail resource types %v, want %v", types, want)
	}
	if r, ok := a.Resource("identity"); !ok || !r.Required {
		t.Errorf("identity not required: %+v", r)
	}
	if r, ok := a.Resource("Configuration-Set"); !ok || r.Required {
		t.Errorf("configuration-set: %+v, %v", r, ok)
	}
	for _, k := range []string{"ses:FromAddress", "SES:fromaddress", "ses:Recipients", "ses:FeedbackAddress", "ses:ApiVersion"} {
		if _, ok := a.ConditionKey(k); !ok {
			t.Errorf("ses:SendEmail lacks %s", k)
		}
	}
	if k, _ := a.ConditionKey("ses:Recipients"); k.Type != TypeArrayOfString || !k.MultiValued || k.Description == "" {
		t.Errorf("ses:Recipients = %+v", k)
	}
	if _, ok := a.ConditionKey("ses:NoSuchKey"); ok {
		t.Error("ses:SendEmail accepts ses:NoSuchKey")
	}
}

func TestSESFamilies(t *testing.T) {
	c := Default()
	raw, _ := c.Action("ses:SendRawEmail")
	if !slices.Contains(raw.SESFamilies, SESv1) || !slices.Contains(raw.SESFamilies, SESv2) {
		t.Errorf("ses:SendRawEmail families %v, want v1 and v2", raw.SESFamilies)
	}
	tests := map[string][]SESFamily{
		"ses:VerifyEmailIdentity":    {SESv1},
		"ses:CreateEmailIdentity":    {SESv2, SESPinpointEmail},
		"ses:CreateIngressPoint":     {SESMailManager},
		"ses:SendBulkTemplatedEmail": {SESv1, SESv2},
	}
	for name, want := range tests {
		a, ok := c.Action(name)
		if !ok || !slices.Equal(a.SESFamilies, want) {
			t.Errorf("%s families %v, want %v", name, a.SESFamilies, want)
		}
	}
	if !strings.HasSuffix(raw.ReferenceURL(), "list_amazonsimpleemailservicev2.html") {
		t.Errorf("ses:SendRawEmail page %s", raw.ReferenceURL())
	}
	if a, _ := c.Action("ses:VerifyEmailIdentity"); !strings.HasSuffix(a.ReferenceURL(), "list_amazonses.html") {
		t.Errorf("ses:VerifyEmailIdentity page %s", a.ReferenceURL())
	}
	pages := map[SESFamily]string{
		SESv1:            "Amazon SES|list_amazonses.html",
		SESv2:            "Amazon Simple Email Service v2|list_amazonsimpleemailservicev2.html",
		SESMailManager:   "Amazon Simple Email Service - Mail Manager|list_amazonsimpleemailservice-mailmanager.html",
		SESPinpointEmail: "Amazon Pinpoint Email Service|list_amazonpinpointemailservice.html",
	}
	for f, want := range pages {
		title, page, _ := strings.Cut(want, "|")
		if f.Title() != title || !strings.HasSuffix(f.ReferenceURL(), page) {
			t.Errorf("%s: %q %q", f, f.Title(), f.ReferenceURL())
		}
	}
	if a, _ := c.Action("s3:GetObject"); a.SESFamilies != nil {
		t.Error("s3:GetObject has SES families")
	}
}

func TestSESIdentityPolicyActions(t *testing.T) {
	c := Default()
	actions := c.SESIdentityPolicyActions()
	if len(actions) != 25 {
		t.Fatalf("%d identity-policy actions, want 25", len(actions))
	}
	for _, name := range actions {
		if _, ok := c.Action(name); !ok {
			t.Errorf("identity-policy action %s is not in the catalogue", name)
		}
		if c.SESIdentityPolicyAction(name) == NotSESIdentityAction {
			t.Errorf("%s not accepted", name)
		}
	}
	kinds := map[string]SESIdentityActionKind{
		"ses:SendEmail":                      SESSendingAuthorization,
		"SES:SENDRAWEMAIL":                   SESSendingAuthorization,
		"ses:SendBulkTemplatedEmail":         SESSendingAuthorization,
		"ses:PutEmailIdentityDkimAttributes": SESIdentityManagement,
		"ses:SendBulkEmail":                  NotSESIdentityAction,
		"ses:CreateConfigurationSet":         NotSESIdentityAction,
		"s3:GetObject":                       NotSESIdentityAction,
	}
	for name, want := range kinds {
		if got := c.SESIdentityPolicyAction(name); got != want {
			t.Errorf("SESIdentityPolicyAction(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSESIdentityPolicyKeys(t *testing.T) {
	c := Default()
	accepted := []string{
		"aws:CurrentTime", "aws:EpochTime", "aws:SecureTransport", "aws:SourceIp",
		"aws:SourceVpc", "aws:SourceVpce", "aws:UserAgent", "aws:VpcSourceIp",
		"aws:SourceAccount", "aws:SourceArn", "aws:PrincipalOrgID",
		"ses:FromAddress", "ses:FromDisplayName", "ses:Recipients", "ses:FeedbackAddress",
		"AWS:sourceip", "SES:FROMADDRESS",
	}
	for _, k := range accepted {
		if !c.AcceptedBySESIdentityPolicy(k) {
			t.Errorf("%s rejected", k)
		}
	}
	for _, k := range []string{"aws:RequestedRegion", "s3:prefix", "ses:ApiVersion", "aws:PrincipalTag/team", ""} {
		if c.AcceptedBySESIdentityPolicy(k) {
			t.Errorf("%s accepted", k)
		}
	}
	if n := len(c.SESIdentityPolicyConditionKeys()); n != 15 {
		t.Errorf("%d identity-policy keys, want 15", n)
	}
}

func TestPinpointTemplates(t *testing.T) {
	c := Default()
	if c.PinpointServicePrincipal() != "pinpoint.amazonaws.com" {
		t.Errorf("principal %q", c.PinpointServicePrincipal())
	}
	type statement struct {
		Sid       string
		Effect    string
		Action    any
		Resource  any
		Principal map[string]string
		Condition map[string]map[string]string
	}
	var perm, trust struct {
		Version   string
		Statement []statement
	}
	if err := json.Unmarshal([]byte(c.PinpointPermissionPolicyTemplate()), &perm); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(c.PinpointTrustPolicyTemplate()), &trust); err != nil {
		t.Fatal(err)
	}
	if perm.Version != "2012-10-17" || perm.Statement[0].Sid != "PinpointUsesSESForEmailSends" {
		t.Errorf("permission policy %+v", perm)
	}
	st := trust.Statement[0]
	if st.Principal["Service"] != "pinpoint.amazonaws.com" || st.Action != "sts:AssumeRole" ||
		st.Condition["StringEquals"]["aws:SourceAccount"] == "" {
		t.Errorf("trust policy %+v", st)
	}
	// Key order is kept from the facts: Version before Statement.
	if !strings.HasPrefix(c.PinpointTrustPolicyTemplate(), "{\n  \"Version\"") {
		t.Errorf("trust template starts %q", c.PinpointTrustPolicyTemplate()[:20])
	}
}

// Lookups by AWS's spelling take a shortcut; every spelling must still find
// the same action.
func TestActionLookupIgnoresCaseForEverySpelling(t *testing.T) {
	ses, _ := Default().Service("ses")
	for _, a := range ses.Actions() {
		for _, name := range []string{a.Name, strings.ToLower(a.Name), strings.ToUpper(a.Name)} {
			if got, ok := ses.Action(name); !ok || got != a {
				t.Errorf("Action(%q) = %v, %v; want %s", name, got, ok, a.FullName())
			}
		}
	}
}
