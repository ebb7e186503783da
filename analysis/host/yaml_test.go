package host

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

const mixedTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # the bucket holds no policy: left out but for its name and type
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-bucket
      Tags:
        - Key: team
          Value: mail
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
Outputs:
  Name:
    Value: !Ref Bucket
`

func TestPolicyResourcesOnly(t *testing.T) {
	src := []byte(mixedTemplate)
	lean, starts := policyResourcesOnly(src)
	if lean == nil {
		t.Fatal("nothing left out")
	}
	kept := bytes.SplitAfter(lean, []byte("\n"))
	kept = kept[:len(kept)-1] // after the last line break
	if len(kept) != len(starts) {
		t.Fatalf("%d lines, %d starts", len(kept), len(starts))
	}
	for i, line := range kept {
		if !bytes.HasPrefix(src[starts[i]:], line) {
			t.Errorf("line %d %q is not at %d of the template", i, line, starts[i])
		}
	}
	got := string(lean)
	for _, gone := range []string{"my-bucket", "team", "PAY_PER_REQUEST", "BillingMode"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q is still there", gone)
		}
	}
	for _, kept := range []string{"  Bucket:\n    Type: AWS::S3::Bucket\n", "  Table:\n    Type: AWS::DynamoDB::Table\n", "Service: lambda.amazonaws.com", "Value: !Ref Bucket"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q was left out", kept)
		}
	}
	for _, plain := range []string{"Resources: {Bucket: {Type: AWS::S3::Bucket}}\n", "Resources:\n\tBucket:\n\t\tType: AWS::S3::Bucket\n"} {
		if lean, _ := policyResourcesOnly([]byte(plain)); lean != nil {
			t.Errorf("%q: a layout the scan does not read must be parsed whole", plain)
		}
	}
}

// TestLeanParseSameFindings: the templates of testdata and a mixed one give
// the same policies and findings through the copy without other resources as through the
// whole template.
func TestLeanParseSameFindings(t *testing.T) {
	paths, _ := filepath.Glob("testdata/templates/*.yaml")
	srcs := [][]byte{[]byte(mixedTemplate)}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, b)
	}
	tmpl, _ := benchTemplate(3)
	srcs = append(srcs, tmpl)
	for i, src := range srcs {
		leanRoot, lc, lerr := parseYAML(src)
		wholeRoot, wc, werr := parseYAMLOf(src, src, lineStarts(src))
		if (lerr == nil) != (werr == nil) || (leanRoot == nil) != (wholeRoot == nil) {
			t.Fatalf("template %d: parse differs: %v / %v", i, lerr, werr)
		}
		if leanRoot == nil || !isTemplate(leanRoot) {
			continue
		}
		lf, wf := &File{Syntax: YAML}, &File{Syntax: YAML}
		lc.policies(lf, leanRoot)
		wc.policies(wf, wholeRoot)
		if len(lf.Policies) != len(wf.Policies) {
			t.Fatalf("template %d: %d policies, whole parse %d", i, len(lf.Policies), len(wf.Policies))
		}
		lr, wr := Analyze(src, lf, policy.Options{}), Analyze(src, wf, policy.Options{})
		if len(lr.Diagnostics) != len(wr.Diagnostics) {
			t.Fatalf("template %d: %d findings, whole parse %d", i, len(lr.Diagnostics), len(wr.Diagnostics))
		}
		for j := range lr.Diagnostics {
			l, w := lr.Diagnostics[j], wr.Diagnostics[j]
			if l.Code != w.Code || l.Start != w.Start || l.End != w.End || l.Message != w.Message {
				t.Errorf("template %d: %+v, whole parse %+v", i, l, w)
			}
		}
	}
}

// An alias to an anchor in a resource left out: go-yaml reads an unknown
// alias without error, and an alias is a Hole either way, so the policy
// reads the same as from the whole template (were the copy to fail, the
// whole template would be parsed).
func TestAliasToBlankedAnchor(t *testing.T) {
	src := strings.Replace(mixedTemplate, "BucketName: my-bucket", "BucketName: &name my-bucket", 1)
	src = strings.Replace(src, "Action: sts:AssumeRole", "Action: sts:AssumeRole\n            Resource: *name", 1)
	f, ok := CloudFormation([]byte(src), true)
	if !ok || len(f.Errors) != 0 || len(f.Policies) != 1 {
		t.Fatalf("ok=%v errors=%v policies=%d", ok, f.Errors, len(f.Policies))
	}
}

// A syntax error in a resource that holds no policy is not ours to report
// (yaml-language-server or cfn-lint do): the policies are still analysed.
func TestBrokenResourceWithoutPolicy(t *testing.T) {
	src := strings.Replace(mixedTemplate, "BucketName: my-bucket", "BucketName: [my-bucket", 1)
	f, ok := CloudFormation([]byte(src), true)
	if !ok || len(f.Errors) != 0 || len(f.Policies) != 1 {
		t.Fatalf("ok=%v errors=%v policies=%d", ok, f.Errors, len(f.Policies))
	}
	if _, _, err := parseYAMLOf([]byte(src), []byte(src), lineStarts([]byte(src))); err == nil {
		t.Fatal("the whole template should not parse")
	}
}

func TestClosedLine(t *testing.T) {
	for _, tc := range []struct{ src, at, want string }{
		{"a:\n  Action: [ses:Sen\nb: 1\n", "ses:Sen", "a:\n  Action: [ses:Sen]\nb: 1\n"},
		{"  - \"ses:Sen\n", "ses:Sen", "  - \"ses:Sen\"\n"},
		{"  P: {AWS: ['arn:aws:iam::1:root\r\n", "arn", "  P: {AWS: ['arn:aws:iam::1:root']}\r\n"},
		{"  - 'it''s\n", "it", "  - 'it''s'\n"},
		{"  Action: ses:Sen # [not open\n", "ses", ""},
		{"  Action: [a, b]\n", "a,", ""},
		{"  Sid: don't\n", "don", ""},
	} {
		at := strings.Index(tc.src, tc.at)
		got, end := ClosedLine([]byte(tc.src), at)
		if string(got) != tc.want {
			t.Errorf("%q: got %q, want %q", tc.src, got, tc.want)
		}
		if got != nil && !strings.HasPrefix(string(got), tc.src[:end]) {
			t.Errorf("%q: the text before %d changed", tc.src, end)
		}
	}
}

// TestCloudFormationAround: in a template broken elsewhere, the resource
// holding the offset is read alone, at the template's offsets; a line
// broken in that resource is left out, the offset's own never; an offset
// outside Resources or on a resource's name gets nothing.
func TestCloudFormationAround(t *testing.T) {
	broken := strings.Replace(mixedTemplate, "Value: !Ref Bucket", "Value: [Bucket", 1)
	if f, _ := CloudFormation([]byte(broken), true); f == nil || len(f.Errors) == 0 {
		t.Fatal("the template should not parse")
	}
	src := []byte(broken)
	at := strings.Index(broken, "sts:AssumeRole") + 3
	f, ok := CloudFormationAround(src, at)
	if !ok || len(f.Policies) != 1 || f.Policies[0].Location != "Resources.Role.Properties.AssumeRolePolicyDocument" {
		t.Fatalf("ok=%v %+v", ok, f)
	}
	action := f.Policies[0].Doc.NodeAt(at)
	if action == nil || action.Text() != "sts:AssumeRole" || string(src[action.Start():action.End()]) != "sts:AssumeRole" {
		t.Errorf("the node at the offset: %+v", action)
	}
	// A line broken in the same resource is left out.
	sameResource := strings.Replace(broken, "Service: lambda.amazonaws.com", "Service: \"lambda.amazonaws.com", 1)
	if f, ok := CloudFormationAround([]byte(sameResource), at); !ok || len(f.Policies) != 1 {
		t.Errorf("with a break in the same resource: ok=%v", ok)
	}
	// The offset's own broken line is never left out.
	ownLine := strings.Replace(broken, "Action: sts:AssumeRole", "Action: \"sts:AssumeRole", 1)
	if _, ok := CloudFormationAround([]byte(ownLine), strings.Index(ownLine, "sts:AssumeRole")+3); ok {
		t.Error("read with the offset's line left out")
	}
	for _, elsewhere := range []string{"Value: [Bucket", "  Role:", "AWSTemplate"} {
		if _, ok := CloudFormationAround(src, strings.Index(broken, elsewhere)+2); ok {
			t.Errorf("at %q: read", elsewhere)
		}
	}
}

// TestCRLFTemplatesSameFindings: a YAML template saved with CRLF line
// breaks has the findings and fixes of the same template with LF, at the
// same lines and columns. go-yaml counts a comment's CRLF as two lines
// (goccy/go-yaml#560), which put every finding below a comment lines too
// low and made fixes delete the wrong lines.
func TestCRLFTemplatesSameFindings(t *testing.T) {
	paths, _ := filepath.Glob("testdata/templates/*.yaml")
	srcs := map[string][]byte{"mixed": []byte(mixedTemplate)}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[filepath.Base(p)] = b
	}
	comments := 0
	for name, lf := range srcs {
		if bytes.Contains(lf, []byte("\r")) {
			continue
		}
		comments += bytes.Count(lf, []byte("#"))
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		f, ok := CloudFormation(lf, true)
		fc, okc := CloudFormation(crlf, true)
		want := render(lf, f, ok)
		got := strings.ReplaceAll(render(crlf, fc, okc), `\r`, "")
		if got != want {
			t.Errorf("%s with CRLF:\n%s--- with LF:\n%s", name, got, want)
		}
	}
	if comments == 0 {
		t.Fatal("no template with a comment")
	}
}

// A quoted scalar over several lines of a CRLF template ends at its
// closing quote, as with LF (go-yaml reads the text with LF breaks).
func TestCRLFMultiLineScalarRange(t *testing.T) {
	for _, src := range []string{"a: \"x\n  y\"\nb: 1\n", "a: \"x\r\n  y\"\r\nb: 1\r\n"} {
		root, _, err := parseYAMLOf([]byte(src), []byte(src), lineStarts([]byte(src)))
		if err != nil {
			t.Fatal(err)
		}
		v := root.Members[0].Value
		if got := src[v.Start:v.End]; strings.ReplaceAll(got, "\r", "") != "\"x\n  y\"" || v.Text != "x y" {
			t.Errorf("%q: value %q (text %q)", src, got, v.Text)
		}
	}
}

// parseYAML reads src whole, as CloudFormation did before it streamed a
// template: the fast reader, or go-yaml where it gives up.
func parseYAML(src []byte) (root *jsonsyntax.Value, c *converter, serr *SyntaxError) {
	if root, c, ok := readFastYAML(src); ok {
		return root, c, nil
	}
	return parseGoYAML(src)
}
