package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const terraformRole = `resource "aws_iam_role" "sender" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "send" {
  role = aws_iam_role.sender.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "ses:SendEmial"
      Resource = "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${var.domain}"
    }]
  })
}
`

// The trust document is in another file of the module: its kind (trust)
// comes from terraformRole's use of it.
const terraformTrust = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ses.amazonaws.com"]
    }
  }
}
`

// TestCheckTerraform: check reads .tf files, reports findings at the .tf
// file's line and column with the resource address and attribute, takes a
// policy document's kind from its use in another file of the module, and
// says nothing about .tf files without policies.
func TestCheckTerraform(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"role.tf":       terraformRole,
		"trust.tf":      terraformTrust,
		"variables.tf":  "variable \"region\" {}\nvariable \"domain\" {}\n",
		"queue.tf.json": `{"resource": {"aws_sqs_queue_policy": {"q": {"policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"sns.amazonaws.com\"}, \"Action\": \"sqs:SendMesage\", \"Resource\": \"${aws_sqs_queue.q.arn}\"}]}"}}}}`,
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
		found[rel] = f.Kind + " " + strings.Join(ds, ", ")
	}
	want := map[string]string{
		"role.tf":       "terraform ACT002@11:18 aws_iam_role_policy.send.policy",
		"trust.tf":      "terraform TRUST007@6:22 data.aws_iam_policy_document.trust",
		"variables.tf":  "unknown ",
		"queue.tf.json": "terraform PRN003@1:156 aws_sqs_queue_policy.q.policy, ACT002@1:192 aws_sqs_queue_policy.q.policy",
	}
	for name, w := range want {
		if found[name] != w {
			t.Errorf("%s: %q, want %q", name, found[name], w)
		}
	}
}

// TestFixTerraform: --fix=all fixes a .tf file's policy in HCL, and the
// Pinpoint example in Terraform checks clean.
func TestFixTerraform(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"role.tf": terraformRole})
	if code, _, stderr := runCmd("check", "--fix=all", dir); code == exitUsage {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "role.tf"))
	if want := strings.Replace(terraformRole, `"ses:SendEmial"`, `"ses:SendEmail"`, 1); string(got) != want {
		t.Errorf("fixed file:\n%s", got)
	}
	if code, stdout, stderr := runCmd("check", filepath.Join("..", "..", "examples", "pinpoint-email-role.tf")); code != exitOK {
		t.Errorf("example: exit %d: %s%s", code, stdout, stderr)
	}
}

// TestFixTerraformMembers: --fix=all adds Version to a jsonencode policy
// and removes an identity policy's Principal, in a .tf file (HCL items, a
// principals block's lines) and a .tf.json file (the block's JSON member);
// both files parse and check clean afterwards.
func TestFixTerraformMembers(t *testing.T) {
	const tf = `resource "aws_iam_policy" "send" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "ses:SendEmail", Resource = "*" }] })
}

resource "aws_iam_policy" "from_document" {
  policy = data.aws_iam_policy_document.send.json
}

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`
	const tfJSON = `{"resource": {"aws_iam_role_policy": {"p": {"policy": "${data.aws_iam_policy_document.other.json}"}}}, "data": {"aws_iam_policy_document": {"other": {"statement": {"actions": ["ses:SendEmail"], "resources": ["*"], "principals": {"type": "AWS", "identifiers": ["*"]}}}}}}`
	dir := writeFiles(t, t.TempDir(), map[string]string{"main.tf": tf, "other.tf.json": tfJSON})
	if code, _, stderr := runCmd("check", "--fix=all", dir); code == exitUsage {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	want := `resource "aws_iam_policy" "send" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ses:SendEmail", Resource = "*" }] })
}

resource "aws_iam_policy" "from_document" {
  policy = data.aws_iam_policy_document.send.json
}

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
  }
}
`
	if string(got) != want {
		t.Errorf("main.tf:\n%s", got)
	}
	got, _ = os.ReadFile(filepath.Join(dir, "other.tf.json"))
	if want := `{"resource": {"aws_iam_role_policy": {"p": {"policy": "${data.aws_iam_policy_document.other.json}"}}}, "data": {"aws_iam_policy_document": {"other": {"statement": {"actions": ["ses:SendEmail"], "resources": ["*"]}}}}}`; string(got) != want {
		t.Errorf("other.tf.json:\n%s", got)
	}
	if code, stdout, stderr := runCmd("check", dir); code != exitOK {
		t.Errorf("after the fixes: exit %d: %s%s", code, stdout, stderr)
	}
}

// TestCheckTerraformSARIF: SARIF names each Terraform finding's resource
// address and attribute (or the policy document data source) as its
// logical location, beside the .tf file's line and column.
func TestCheckTerraformSARIF(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"role.tf":  terraformRole,
		"trust.tf": terraformTrust,
	})
	code, stdout, stderr := runCmd("check", "--format", "sarif", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           struct{ StartLine int }
					} `json:"physicalLocation"`
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
					} `json:"logicalLocations"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF output: %v\n%s", err, stdout)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		for _, l := range r.Locations {
			if len(l.LogicalLocations) != 1 {
				t.Errorf("%s: logical locations %+v", r.RuleID, l.LogicalLocations)
				continue
			}
			got = append(got, fmt.Sprintf("%s %s:%d %s", r.RuleID, path.Base(l.PhysicalLocation.ArtifactLocation.URI), l.PhysicalLocation.Region.StartLine, l.LogicalLocations[0].FullyQualifiedName))
		}
	}
	sort.Strings(got)
	want := []string{
		"ACT002 role.tf:11 aws_iam_role_policy.send.policy",
		"TRUST007 trust.tf:6 data.aws_iam_policy_document.trust",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("SARIF results %q lack %q", got, w)
		}
	}
}

// TestCheckTerraformDocumentOfTwoKinds: a policy document used as two kinds
// is checked as each; every finding's location names the use it was found
// in, so that location, copied into a suppression, silences that finding
// and not the other use's.
func TestCheckTerraformDocumentOfTwoKinds(t *testing.T) {
	const module = `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["ses:SendEmial"]
    resources = ["arn:aws:ses:us-east-1:123456789012:identity/example.com"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
resource "aws_ses_identity_policy" "a" {
  identity = "example.com"
  name     = "a"
  policy   = data.aws_iam_policy_document.d.json
}
resource "aws_iam_policy" "c" {
  name   = "c"
  policy = data.aws_iam_policy_document.d.json
}
`
	dir := writeFiles(t, t.TempDir(), map[string]string{"main.tf": module})
	_, stdout, stderr := runCmd("check", "--format", "json", dir)
	rep := decodeReport(t, stdout)
	if len(rep.Files) != 1 {
		t.Fatalf("report %s %s", stdout, stderr)
	}
	var iamLocation string
	for _, d := range rep.Files[0].Diagnostics {
		_, label, _ := strings.Cut(d.Location, " (as ")
		if !strings.HasPrefix(d.Message, "(as "+label) {
			t.Errorf("%s %q at location %q", d.Code, d.Message, d.Location)
		}
		if d.Code == "IAM003" {
			iamLocation = d.Location
		}
	}
	settings := `{"suppressions": [{"file": "main.tf", "location": ` + strconv.Quote(iamLocation) + `, "rule": "ACT002"}]}`
	writeFiles(t, dir, map[string]string{".policyls.json": settings})
	_, stdout, _ = runCmd("check", "--format", "json", dir)
	var left []string
	for _, f := range decodeReport(t, stdout).Files {
		for _, d := range f.Diagnostics {
			left = append(left, d.Code+" "+d.Location)
		}
	}
	slices.Sort(left)
	want := []string{"ACT002 data.aws_iam_policy_document.d (as ses-identity in aws_ses_identity_policy.a.policy)", "IAM003 " + iamLocation}
	if !slices.Equal(left, want) {
		t.Errorf("with ACT002 suppressed in %q: %v, want %v", iamLocation, left, want)
	}
}
