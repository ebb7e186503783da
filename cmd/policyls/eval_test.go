package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestEvalSESSendingAuthorization(t *testing.T) {
	const policyFile = "../../examples/ses-cross-account-sending-authorization.json"
	args := []string{"eval", "--principal", "arn:aws:iam::444455556666:user/app", "--action", "ses:SendEmail",
		"--context", "ses:FromAddress=marketing+news@example.com",
		"--context", "ses:Recipients=a@example.com", "--context", "ses:Recipients=b@example.org",
		"--context", "aws:CurrentTime=2026-01-01T00:00:00Z", policyFile}
	out, errOut, code := runCLI(args...)
	want := `allowed by statement "AuthorizePartnerToSendAsMarketing" (line 5); condition ses:FromAddress StringLike, ses:Recipients ForAllValues:StringLike, aws:CurrentTime DateLessThan matched` + "\n"
	if code != exitOK || out != want {
		t.Fatalf("code %d\n got %q\nwant %q\nstderr %s", code, out, want, errOut)
	}

	// A recipient outside the list: implicitly denied, with the closest
	// statement and the failed condition.
	args[8] = "ses:Recipients=b@gmail.com"
	out, _, code = runCLI(args...)
	if code != exitFindings || !strings.HasPrefix(out, "implicitly denied: no statement allows ses:SendEmail on arn:aws:ses:us-east-1:123456789012:identity/example.com\nclosest: statement \"AuthorizePartnerToSendAsMarketing\" (line 5); condition ses:Recipients ForAllValues:StringLike failed") {
		t.Fatalf("code %d, out %q", code, out)
	}

	out, _, code = runCLI(append([]string{"eval", "--format", "json"}, args[1:]...)...)
	var got struct {
		Decision   string `json:"decision"`
		Statements []struct {
			Sid     string `json:"sid"`
			Line    int    `json:"line"`
			Effect  string `json:"effect"`
			Matched bool   `json:"matched"`
			Reason  string `json:"reason"`
		} `json:"statements"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitFindings {
		t.Fatalf("code %d, %v: %s", code, err, out)
	}
	if got.Decision != "implicit-deny" || len(got.Statements) != 1 || got.Statements[0].Line != 5 ||
		got.Statements[0].Effect != "Allow" || got.Statements[0].Matched || got.Statements[0].Sid != "AuthorizePartnerToSendAsMarketing" {
		t.Errorf("json %+v", got)
	}
}

func TestEvalPinpointRole(t *testing.T) {
	out, _, code := runCLI("eval", "--principal", "pinpoint.amazonaws.com", "--action", "sts:AssumeRole",
		"--context", "aws:SourceAccount=123456789012", "../../examples/pinpoint-trust-policy.json")
	if code != exitOK || !strings.HasPrefix(out, `allowed by statement "AllowPinpoint" (line 4)`) {
		t.Errorf("trust: code %d, %q", code, out)
	}
	out, _, code = runCLI("eval", "--principal", "pinpoint.amazonaws.com", "--action", "sts:AssumeRole",
		"--context", "aws:SourceAccount=999999999999", "../../examples/pinpoint-trust-policy.json")
	if code != exitFindings || !strings.Contains(out, "aws:SourceAccount StringEquals failed") {
		t.Errorf("other account: code %d, %q", code, out)
	}
	out, _, code = runCLI("eval", "--action", "ses:SendRawEmail", "--resource", "arn:aws:ses:us-east-1:123456789012:identity/example.com",
		"../../examples/pinpoint-ses-permission-policy.json")
	if code != exitOK {
		t.Errorf("permission: code %d, %q", code, out)
	}
}

func TestEvalExplicitDeny(t *testing.T) {
	file := writeFiles(t, t.TempDir(), map[string]string{"p.json": `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
  ]
}`}) + "/p.json"
	out, _, code := runCLI("eval", "--action", "s3:DeleteObject", "--resource", "arn:aws:s3:::b/k", file)
	if code != exitFindings || !strings.HasPrefix(out, `explicitly denied by statement "NoDelete" (line 5)`) {
		t.Errorf("code %d, %q", code, out)
	}
	out, _, code = runCLI("eval", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k", file)
	if code != exitOK || !strings.HasPrefix(out, `allowed by statement #1 (line 4)`) {
		t.Errorf("code %d, %q", code, out)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"eval", "../../examples/ses-identity-policy.json"}, // no --action
		{"eval", "--action", "ses:SendEmail"},               // no file
		{"eval", "--action", "ses:SendEmail", "--format", "xml", "../../examples/ses-identity-policy.json"},
		{"eval", "--action", "ses:SendEmail", "--context", "novalue", "../../examples/ses-identity-policy.json"},
		{"eval", "--action", "ses:SendEmail", "--kind", "bucket", "../../examples/ses-identity-policy.json"},
		{"eval", "--action", "ses:SendEmail", "does-not-exist.json"},
	} {
		if _, _, code := runCLI(args...); code != exitUsage {
			t.Errorf("%v: code %d, want %d", args, code, exitUsage)
		}
	}
}

func TestExplain(t *testing.T) {
	out, errOut, code := runCLI("explain", "../../examples/pinpoint-trust-policy.json")
	want := `../../examples/pinpoint-trust-policy.json: trust policy

Allows — statement "AllowPinpoint" (line 4)
  AWS Security Token Service (sts)
    Write (1 of `
	if code != exitOK || !strings.HasPrefix(out, want) || !strings.Contains(out, "principals: Service pinpoint.amazonaws.com\n  conditions (all must hold): aws:SourceAccount StringEquals 123456789012\n") {
		t.Errorf("code %d\n%s%s", code, out, errOut)
	}
	if _, _, code := runCLI("explain"); code != exitUsage {
		t.Errorf("no file: code %d", code)
	}
}

// The README's eval and explain examples print what the README says.
func TestReadmeEvaluationExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "### What does this policy allow?")
	end := strings.Index(text[start:], "\n### ")
	if start < 0 || end < 0 {
		t.Fatal("README has no evaluation section")
	}
	section := text[start : start+end]
	examples := 0
	for _, block := range strings.Split(section, "```console\n")[1:] {
		block = block[:strings.Index(block, "```")]
		lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
		for i := 0; i < len(lines); {
			cmd, ok := strings.CutPrefix(lines[i], "$ policyls ")
			if !ok {
				t.Fatalf("expected a command, got %q", lines[i])
			}
			for i++; strings.HasSuffix(cmd, "\\"); i++ {
				cmd = strings.TrimSuffix(cmd, "\\") + " " + strings.TrimSpace(lines[i])
			}
			var want []string
			for ; i < len(lines) && !strings.HasPrefix(lines[i], "$ "); i++ {
				want = append(want, lines[i])
			}
			args := strings.Fields(cmd)
			for j, a := range args {
				if strings.HasPrefix(a, "examples/") {
					args[j] = "../../" + a
				}
			}
			out, errOut, _ := runCLI(args...)
			out = strings.ReplaceAll(out, "../../examples/", "examples/")
			if got := strings.TrimSuffix(out, "\n"); got != strings.Join(want, "\n") {
				t.Errorf("policyls %s\n got %s%s\nwant %s", cmd, got, errOut, strings.Join(want, "\n"))
			}
			examples++
		}
	}
	if examples < 4 {
		t.Errorf("%d examples checked, want the 4 the README shows", examples)
	}
}
