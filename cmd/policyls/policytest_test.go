package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPolicyTestsOfTheExamplesPass(t *testing.T) {
	out, errOut, code := runCLI("test", "../../examples")
	if code != exitOK || out != "" || errOut != "policyls: 8 tests, 0 failed\n" {
		t.Errorf("code %d\nstdout %q\nstderr %q", code, out, errOut)
	}
}

func TestPolicyTestFailures(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"policies/send.json": `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Send", "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*",
   "Condition": {"StringEquals": {"ses:FromAddress": "news@example.com"}}}]}`,
		"tests/send.policytest.json": `{
  "policy": "../policies/send.json",
  "tests": [
    {"name": "news may send", "action": "ses:SendEmail", "context": {"ses:FromAddress": "news@example.com"}, "expect": "allow"},
    {"name": "ceo may send", "action": "ses:SendEmail", "context": {"ses:FromAddress": "ceo@example.com"}, "expect": "allow"},
    {"name": "no expectation", "action": "ses:SendEmail"}
  ]
}`,
		"tests/unrelated.json": `{"policy": "nothing.json", "tests": []}`,
	})
	out, errOut, code := runCLI("test", dir)
	if code != exitFindings {
		t.Fatalf("code %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"send.policytest.json:6: no expectation: \"expect\" is required: one of allow, deny, implicit-deny, denied\n",
		"send.policytest.json:5: FAIL ceo may send: expected allow, got implicit-deny\n",
		"    closest: statement \"Send\" (line 2); condition ses:FromAddress StringEquals failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if errOut != "policyls: 2 tests, 1 failed\n" {
		t.Errorf("stderr %q", errOut)
	}

	out, _, code = runCLI("test", "--format", "json", dir)
	var got struct {
		Files []struct {
			Path  string
			Tests []struct {
				Name     string
				Line     int
				Expect   string
				Decision string
				Passed   bool
			}
			Problems []struct {
				Line    int
				Message string
			}
		}
		Tests, Failed int
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != exitFindings {
		t.Fatalf("code %d, %v: %s", code, err, out)
	}
	if got.Tests != 2 || got.Failed != 1 || len(got.Files) != 1 || len(got.Files[0].Problems) != 1 ||
		got.Files[0].Tests[1].Line != 5 || got.Files[0].Tests[1].Passed || got.Files[0].Tests[1].Decision != "implicit-deny" {
		t.Errorf("json %+v", got)
	}
}

func TestPolicyTestUsage(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"missing.policytest.json": `{"policy": "gone.json", "tests": [{"action": "s3:GetObject", "expect": "allow"}]}`,
	})
	if _, _, code := runCLI("test", dir); code != exitUsage {
		t.Errorf("a missing policy: code %d", code)
	}
	if _, _, code := runCLI("test", t.TempDir()); code != exitUsage {
		t.Errorf("no test files: code %d", code)
	}
	if _, _, code := runCLI("test", "--format", "xml", dir); code != exitUsage {
		t.Errorf("bad format: code %d", code)
	}
}

func TestPolicyTestSARIFAndGitHub(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"p.json":            `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}`,
		"p.policytest.json": "{\"policy\": \"p.json\", \"tests\": [\n{\"name\": \"raw\", \"action\": \"ses:SendRawEmail\", \"expect\": \"allow\"}]}",
	})
	out, _, code := runCLI("test", "--format", "sarif", dir)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID, HelpURI string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						Region struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || code != exitFindings || len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("code %d, %v: %s", code, err, out)
	}
	run := log.Runs[0]
	res := run.Results[0]
	if res.RuleID != "policy-test" || run.Tool.Driver.Rules[res.RuleIndex].ID != "policy-test" || res.Level != "error" ||
		res.Locations[0].PhysicalLocation.Region.StartLine != 2 || !strings.HasPrefix(res.Message.Text, `policy test "raw" fails: expected allow, got implicit-deny`) {
		t.Errorf("result %+v", res)
	}
	out, _, code = runCLI("test", "--format", "github", dir)
	if code != exitFindings || !strings.HasPrefix(out, "::error file=") || !strings.Contains(out, "p.policytest.json,line=2,col=1,endLine=2,endColumn=1,title=policyls policy-test::policy test \"raw\" fails") {
		t.Errorf("github: %q", out)
	}
	// The reasons' line breaks are encoded for GitHub (%0A), not printed
	// as a literal \n, and the annotation stays one line.
	if !strings.Contains(out, "got implicit-deny%0Aimplicitly denied") || strings.Contains(out, `\n`) || strings.Count(out, "\n") != 1 {
		t.Errorf("github annotation's line breaks: %q", out)
	}
}
