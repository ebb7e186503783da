package host

import (
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestTerraformARNWords: a module's aws_partition, aws_region and
// aws_caller_identity data sources, by the names it declares them under
// (in the file itself or another of the module, HCL or JSON), become the
// interpolations ARN templates use; one with count or for_each, which
// needs an index, is passed over.
func TestTerraformARNWords(t *testing.T) {
	main := []byte(`data "aws_partition" "each" {
  count = 2
}
data "aws_partition" "this" {}
data "aws_region" "current" {}
data "aws_region" "other" {}

resource "aws_iam_policy" "p" {
  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "ses:SendEmail", Resource = "*"}]})
}
`)
	other := []byte(`{"data": {"aws_caller_identity": {"me": {}}, "aws_region": {"there": {}}}}`)
	m := TerraformUses(main, other)
	m.Data = TerraformData(other)
	f, ok := Terraform(main, &m)
	if !ok {
		t.Fatal("no policy")
	}
	got := Analyze(main, f, policy.Options{}).ARNWords
	want := ARNWords{
		Partition: "${data.aws_partition.this.partition}",
		Region:    "${data.aws_region.current.name}",
		Account:   "${data.aws_caller_identity.me.account_id}",
	}
	if got != want {
		t.Errorf("words %+v, want %+v", got, want)
	}

	f, _ = Terraform(main, nil)
	want.Account = ""
	if got := Analyze(main, f, policy.Options{}).ARNWords; got != want {
		t.Errorf("one file's words %+v, want %+v", got, want)
	}
	if got := TerraformData(main, other); len(got) != 3 || got["aws_partition"] != "this" || got["aws_region"] != "current" {
		t.Errorf("TerraformData %v", got)
	}
}

// TestSubStrings: the quoted template of each !Sub or Fn::Sub read as a
// string is recorded, quotes included, in block and flow YAML and in JSON;
// a single-quoted one up to its closing quote, a doubled quote inside it.
func TestSubStrings(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		syntax    Syntax
		want      []string
		words     ARNWords
	}{
		{"yaml", `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ses:SendEmail
            Resource:
              - !Sub "arn:${AWS::Partition}:ses:*:*:identity/a"
              - Fn::Sub: "arn:${AWS::Partition}:ses:*:*:identity/b"
              - !Sub 'arn:${AWS::Partition}:ses:*:*:identity/c''s'
          - Effect: Allow
            Action: ses:SendEmail
            Resource: [!Sub "arn:${AWS::Partition}:ses:*:*:identity/d", x]
`, YAML, []string{`"arn:${AWS::Partition}:ses:*:*:identity/a"`, `"arn:${AWS::Partition}:ses:*:*:identity/b"`, `'arn:${AWS::Partition}:ses:*:*:identity/c''s'`, `"arn:${AWS::Partition}:ses:*:*:identity/d"`},
			ARNWords{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: "!Sub "}},
		{"json", `{"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": {"Statement": [
  {"Effect": "Allow", "Action": "ses:SendEmail", "Resource": {"Fn::Sub": "arn:${AWS::Partition}:ses:*:*:identity/\"e\""}}]}}}}}`,
			JSON, []string{`"arn:${AWS::Partition}:ses:*:*:identity/\"e\""`},
			ARNWords{Partition: "${AWS::Partition}", Region: "${AWS::Region}", Account: "${AWS::AccountId}", Open: `{"Fn::Sub": `, Close: "}"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := CloudFormation([]byte(tc.src), true)
			if !ok || len(f.Policies) != 1 || f.Syntax != tc.syntax {
				t.Fatalf("ok %v, %d policies", ok, len(f.Policies))
			}
			var got []string
			for _, r := range f.Policies[0].SubStrings {
				got = append(got, tc.src[r[0]:r[1]])
			}
			if len(got) != len(tc.want) {
				t.Fatalf("sub strings %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("sub string %d %q, want %q", i, got[i], tc.want[i])
				}
			}
			r := Analyze([]byte(tc.src), f, policy.Options{})
			if r.ARNWords != tc.words {
				t.Errorf("words %+v, want %+v", r.ARNWords, tc.words)
			}
			p := r.Policies[0]
			at := p.SubStrings[0][0] + 1
			if s, e, ok := p.SubStringAt(at); !ok || s != p.SubStrings[0][0] || e != p.SubStrings[0][1] {
				t.Errorf("SubStringAt(%d) = %d, %d, %v", at, s, e, ok)
			}
			if _, _, ok := p.SubStringAt(p.SubStrings[0][0]); ok {
				t.Error("SubStringAt before the opening quote")
			}
		})
	}
}

// TestTerraformARNWordsSkipOtherRegions: a data source given arguments
// looks up something else than the provider's own partition, region and
// account (aws_region's region or name picks a region, provider another
// configuration's): ARN templates never write it, in HCL or .tf.json.
func TestTerraformARNWordsSkipOtherRegions(t *testing.T) {
	hclFile := []byte(`data "aws_region" "west" {
  region = "us-west-2"
}
data "aws_region" "named" {
  name = "eu-west-1"
}
data "aws_caller_identity" "audit" {
  provider = aws.audit
}
data "aws_region" "current" {
  depends_on = [terraform_data.x]
}
data "aws_caller_identity" "current" {}
`)
	jsonFile := []byte(`{"data": {"aws_region": {"west": {"region": "us-west-2"}, "here": {}}, "aws_caller_identity": {"audit": {"provider": "aws.audit"}, "me": {}}}}`)
	for _, tc := range []struct {
		src             []byte
		region, account string
	}{
		{hclFile, "current", "current"},
		{jsonFile, "here", "me"},
	} {
		got := TerraformData(tc.src)
		if got["aws_region"] != tc.region || got["aws_caller_identity"] != tc.account {
			t.Errorf("%s: data sources %v, want region %q and account %q", tc.src[:12], got, tc.region, tc.account)
		}
	}
}

// TestRegionAttribute: provider 5 has only aws_region's name, provider 6
// adds region and deprecates name; an ARN template names the attribute the
// module already reads, else region when the module asks for provider 6 or
// later, else name, which both read.
func TestRegionAttribute(t *testing.T) {
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{nil, "name"},
		{[]string{`output "r" { value = data.aws_region.current.region }`}, "region"},
		{[]string{`locals { r = data.aws_region.here.name }`, `terraform { required_providers { aws = { source = "hashicorp/aws", version = "~> 6.2" } } }`}, "name"},
		{[]string{"terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 6.0\"\n    }\n  }\n}\n"}, "region"},
		{[]string{"terraform {\n  required_providers {\n    aws = {\n      version = \">= 6.0, < 7.0\"\n      source  = \"hashicorp/aws\"\n    }\n  }\n}\n"}, "region"},
		{[]string{"terraform {\n  required_providers {\n    aws = {\n      source  = \"hashicorp/aws\"\n      version = \"~> 5.80\"\n    }\n  }\n}\n"}, "name"},
		{[]string{`{"terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": ">= 6.1"}}}}`}, "region"},
		// another provider's version says nothing of AWS's
		{[]string{`terraform { required_providers { random = { source = "hashicorp/random", version = "~> 6.0" } } }`}, "name"},
	} {
		var files [][]byte
		for _, f := range tc.files {
			files = append(files, []byte(f))
		}
		if got := regionAttribute(files...); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.files, got, tc.want)
		}
	}
}
