package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const yamlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SenderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: {Service: pinpoint.amazonaws.com}
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:SourceAccount: !Ref AWS::AccountId
      Policies:
        - PolicyName: Send
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ses:SendEmial
                Resource: !Sub "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/*"
`

// TestCheckTemplates: check reads YAML and JSON CloudFormation templates
// (content decides, whatever the extension), reports findings at the
// template's line and column with the policy's place, and leaves other
// YAML alone.
func TestCheckTemplates(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"stack.yaml":                yamlTemplate,
		"stack.template":            strings.Replace(yamlTemplate, "SendEmial", "SendEmail", 1),
		"cdk.out/App.template.json": `{"Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b/*"}}]}}}}}`,
		".github/workflows/ci.yml":  "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
		"workflows/deploy.yml":      "on: push\nResources: AWS::S3::Bucket\n",
		"k8s.yaml":                  "apiVersion: v1\nkind: ConfigMap\ndata:\n  Resources: AWS::IAM::Role\n",
		"policy.json":               cleanSES,
	})
	code, stdout, stderr := runCmd("check", "--format", "json", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	rep := decodeReport(t, stdout)
	found := map[string]string{}
	for _, f := range rep.Files {
		rel, _ := filepath.Rel(dir, f.Path)
		var ds []string
		for _, d := range f.Diagnostics {
			if d.Severity == "error" || d.Severity == "warning" {
				ds = append(ds, d.Code+"@"+strconv.Itoa(d.Range.Start.Line)+":"+strconv.Itoa(d.Range.Start.Column)+" "+d.Location)
			}
		}
		found[filepath.ToSlash(rel)] = f.Kind + " " + strings.Join(ds, ", ")
	}
	want := map[string]string{
		"stack.yaml":                "cloudformation ACT002@21:25 Resources.SenderRole.Properties.Policies[0].PolicyDocument",
		"stack.template":            "cloudformation ",
		"cdk.out/App.template.json": "cloudformation ACT002@1:153 Resources.P.Properties.PolicyDocument",
		"k8s.yaml":                  "unknown ",
		"workflows/deploy.yml":      "unknown ",
		"policy.json":               "ses-identity ",
	}
	for name, w := range want {
		if found[name] != w {
			t.Errorf("%s: got %q, want %q", name, found[name], w)
		}
	}
	if _, ok := found[".github/workflows/ci.yml"]; ok {
		t.Errorf("a hidden folder was walked: %v", found)
	}

	// The text format names the template's line and column.
	_, stdout, _ = runCmd("check", filepath.Join(dir, "stack.yaml"))
	if !strings.Contains(stdout, "stack.yaml:21:25: error:") {
		t.Errorf("text output: %s", stdout)
	}
	// SARIF names the logical resource and property.
	_, stdout, _ = runCmd("check", "--format", "sarif", filepath.Join(dir, "stack.yaml"))
	if !strings.Contains(stdout, `"fullyQualifiedName": "Resources.SenderRole.Properties.Policies[0].PolicyDocument"`) {
		t.Errorf("SARIF output: %s", stdout)
	}
}

// TestCheckExampleTemplate: the Pinpoint email role template of examples/
// has no error or warning.
func TestCheckExampleTemplate(t *testing.T) {
	path := filepath.Join("..", "..", "examples", "pinpoint-email-role.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd("check", path)
	if code != exitOK {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
}

// TestFixTemplates: --fix=all fixes a template's policies in its own
// syntax (a plain YAML scalar stays plain), and never touches YAML that is
// no template, even when a line of it holds a policy.
func TestFixTemplates(t *testing.T) {
	k8s := "apiVersion: v1\nkind: ConfigMap\ndata:\n  policy.json: |\n    {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}\n"
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"stack.yaml": yamlTemplate,
		"k8s.yaml":   k8s,
	})
	code, _, stderr := runCmd("check", "--fix=all", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "stack.yaml"))
	if want := strings.Replace(yamlTemplate, "Action: ses:SendEmial", "Action: ses:SendEmail", 1); string(got) != want {
		t.Errorf("fixed template:\n%s", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "k8s.yaml")); string(got) != k8s {
		t.Errorf("k8s.yaml changed:\n%s", got)
	}
}

// TestFmtLeavesYAMLAlone: fmt formats policy files only; YAML, template or
// not, is neither listed nor rewritten.
func TestFmtLeavesYAMLAlone(t *testing.T) {
	k8s := "apiVersion: v1\ndata:\n  p: |\n    {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}\n"
	dir := writeFiles(t, t.TempDir(), map[string]string{"k8s.yaml": k8s, "stack.yaml": yamlTemplate})
	code, stdout, stderr := runCmd("fmt", "--write", dir)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "k8s.yaml")); string(got) != k8s {
		t.Errorf("k8s.yaml rewritten:\n%s", got)
	}
}

// TestCheckSAMTemplateSARIF: an unknown SAM policy template is HOST001 in
// SARIF, whose result points at a HOST001 rule of the driver.
func TestCheckSAMTemplateSARIF(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"sam.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - SESCrudPolcy:\n            IdentityName: example.com\n",
	})
	code, stdout, stderr := runCmd("check", "--format", "sarif", filepath.Join(dir, "sam.yaml"))
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("SARIF %v: %s", err, stdout)
	}
	run := log.Runs[0]
	r := run.Results[0]
	if r.RuleID != "HOST001" || run.Tool.Driver.Rules[r.RuleIndex].ID != "HOST001" || !strings.HasSuffix(run.Tool.Driver.Rules[r.RuleIndex].HelpURI, "README.md#host001") {
		t.Errorf("result %+v, rule %+v", r, run.Tool.Driver.Rules[r.RuleIndex])
	}
}

// TestCheckHonoursLocatedSuppressions: a suppression naming an embedded
// policy's location (as the JSON output names it) and a path inside it
// silences that finding in a template and in a Terraform file; one naming
// another policy does not.
func TestCheckHonoursLocatedSuppressions(t *testing.T) {
	const tf = `resource "aws_iam_policy" "send" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmial", Resource = "*" }] })
}
`
	for _, tc := range []struct {
		settings string
		want     int
	}{
		{`{"suppressions": [{"file": "stack.yaml", "location": "Resources.SenderRole.Properties.Policies[0].PolicyDocument", "path": "/Statement/0/Action", "rule": "ACT002"},
			{"file": "main.tf", "location": "aws_iam_policy.send.policy", "path": "/Statement", "rule": "*"}]}`, 0},
		{`{"suppressions": [{"file": "stack.yaml", "location": "Resources.SenderRole.Properties.AssumeRolePolicyDocument", "rule": "ACT002"},
			{"file": "main.tf", "location": "aws_iam_policy.other.policy", "rule": "*"}]}`, 2},
	} {
		dir := writeFiles(t, t.TempDir(), map[string]string{"stack.yaml": yamlTemplate, "main.tf": tf, ".policyls.json": tc.settings})
		_, stdout, stderr := runCmd("check", "--format", "json", dir)
		typos := 0
		for _, f := range decodeReport(t, stdout).Files {
			for _, d := range f.Diagnostics {
				if d.Code == "ACT002" {
					typos++
				}
			}
		}
		if typos != tc.want {
			t.Errorf("%s: %d ACT002, want %d (stderr %s)", tc.settings, typos, tc.want, stderr)
		}
	}
}
