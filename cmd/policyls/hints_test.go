package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// upperPrefix is written as the Terraform provider's examples and the SNS
// console write actions: its only finding is ACT005, a hint.
const upperPrefix = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["SNS:Publish"], "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}]}`

// TestCheckLeavesOutHints: hints are the editor's suggestions; check prints,
// counts and fails on them only when asked (--hints or --fail-on hint).
func TestCheckLeavesOutHints(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"topic.json": upperPrefix})
	tests := []struct {
		args              []string
		code              int
		reported, summary string
	}{
		{[]string{"check", "topic.json"}, exitOK, "", "policyls: 1 file checked (1 policy): no findings"},
		{[]string{"check", "--fail-on", "info", "topic.json"}, exitOK, "", "no findings"},
		{[]string{"check", "--format", "json", "topic.json"}, exitOK, `"diagnostics":[]`, ""},
		{[]string{"check", "--format", "github", "topic.json"}, exitOK, "", "no findings"},
		{[]string{"check", "--hints", "topic.json"}, exitOK, "hint: AWS spells this action \"sns:Publish\"", "1 hint"},
		{[]string{"check", "--hints", "--format", "json", "topic.json"}, exitOK, `"code":"ACT005","severity":"hint"`, ""},
		{[]string{"check", "--fail-on", "hint", "topic.json"}, exitFindings, "[ACT005]", "1 hint"},
	}
	for _, tt := range tests {
		stdout, stderr, code := runBinary(t, dir, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tt.args, code, tt.code, stderr)
		}
		if tt.reported == "" && strings.Contains(stdout, "ACT005") || !strings.Contains(stdout, tt.reported) {
			t.Errorf("%v: stdout %q, want %q", tt.args, stdout, tt.reported)
		}
		if !strings.Contains(stderr, tt.summary) {
			t.Errorf("%v: stderr %q, want %q", tt.args, stderr, tt.summary)
		}
	}
}

// TestFixStillAppliesHintFixes: leaving hints out of the report does not
// drop their safe fixes: --fix writes AWS's spelling.
func TestFixStillAppliesHintFixes(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"topic.json": upperPrefix})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--fix", filepath.Join(dir, "topic.json")}, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d (stderr %q)", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "applied 1 fix") {
		t.Errorf("stderr %q, want one fix applied", stderr.String())
	}
	fixed, err := os.ReadFile(filepath.Join(dir, "topic.json"))
	if err != nil || !strings.Contains(string(fixed), `"sns:Publish"`) {
		t.Errorf("after --fix: %s (%v), want \"sns:Publish\"", fixed, err)
	}
}
