package host

import (
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// readFastYAML reads src whole with the fast reader (readFast without a
// file): the tree the tests compare with go-yaml's.
func readFastYAML(src []byte) (*jsonsyntax.Value, *converter, bool) {
	root, r, ok := readFast(src, nil)
	if !ok {
		return nil, nil, false
	}
	return &root, r.converter, true
}

// fastYAMLDiff reads src with the fast reader and, when it accepts, with
// go-yaml: accepted says whether the fast reader did, diff how the trees
// differ ("" when they are equal).
func fastYAMLDiff(src []byte) (accepted bool, diff string) {
	root, c, ok := readFastYAML(src)
	if !ok {
		// The streamed read takes no more than the whole one.
		if _, read := readFastTemplate(src); read {
			return false, "readFastTemplate accepts what readFastYAML gives up on"
		}
		return false, ""
	}
	wantRoot, want, err := parseGoYAML(src)
	switch {
	case err != nil:
		return true, "go-yaml refuses it: " + err.Message
	case wantRoot == nil:
		return true, "go-yaml reads no document"
	case !reflect.DeepEqual(root, wantRoot):
		var got, exp strings.Builder
		dumpValue(&got, src, root, "")
		dumpValue(&exp, src, wantRoot, "")
		g, e := strings.Split(got.String(), "\n"), strings.Split(exp.String(), "\n")
		for i := range min(len(g), len(e)) {
			if g[i] != e[i] {
				return true, fmt.Sprintf("tree line %d:\n%s\ngo-yaml:\n%s", i, g[i], e[i])
			}
		}
		return true, "tree lengths differ"
	case !reflect.DeepEqual(c.computed, want.computed):
		return true, fmt.Sprintf("computed %v, go-yaml %v", c.computed, want.computed)
	case !reflect.DeepEqual(c.subArgs, want.subArgs):
		return true, fmt.Sprintf("Fn::Sub arguments %v, go-yaml %v", c.subArgs, want.subArgs)
	}
	return true, streamedFileDiff(src, wantRoot, want)
}

// streamedFileDiff compares the File readFastTemplate reads, each
// resource's policies taken as soon as it is read and its tree dropped,
// with the File of go-yaml's tree: "" when they are the same.
func streamedFileDiff(src []byte, wantRoot *jsonsyntax.Value, want *converter) string {
	got, read := readFastTemplate(src)
	if !read {
		return "readFastYAML accepts it but readFastTemplate gives up"
	}
	if !isTemplate(wantRoot) {
		if got != nil {
			return "read as a template, go-yaml's tree is none"
		}
		return ""
	}
	if got == nil {
		return "not read as a template"
	}
	exp := &File{Syntax: YAML, words: cloudFormationWords(YAML)}
	want.policies(exp, wantRoot)
	g, e := dumpFile(src, got), dumpFile(src, exp)
	if g != e {
		gl, el := strings.Split(g, "\n"), strings.Split(e, "\n")
		for i := range min(len(gl), len(el)) {
			if gl[i] != el[i] {
				return fmt.Sprintf("streamed file line %d:\n%s\nfrom the whole tree:\n%s", i, gl[i], el[i])
			}
		}
		return "streamed file lengths differ"
	}
	return ""
}

// dumpFile writes out what a File says about its policies and resources.
func dumpFile(src []byte, f *File) string {
	var b strings.Builder
	fmt.Fprintf(&b, "syntax %v, errors %v, sam %v\n", f.Syntax, f.Errors, f.samUses)
	if f.resources != nil {
		// Streaming, the first entry is kept (with its range only) and
		// every name.
		fmt.Fprintf(&b, "resources %d-%d\n", f.resources.Start, f.resources.End)
		if ms := f.resources.Members; len(ms) > 0 {
			fmt.Fprintf(&b, " first %q at %d, %d-%d\n", ms[0].Key.Text, ms[0].Key.Start, ms[0].Value.Start, ms[0].Value.End)
		}
		names := slices.Sorted(maps.Keys(f.resourceNames))
		if f.resourceNames == nil {
			for _, m := range f.resources.Members {
				names = append(names, m.Key.Text)
			}
			slices.Sort(names)
		}
		fmt.Fprintf(&b, " names %q\n", names)
	}
	for _, p := range f.Policies {
		fmt.Fprintf(&b, "policy %s %s %v computed %v sub %v label %q identity %q %v %v %v %v\n", p.Location, p.Kind, p.Syntax, p.Computed, p.SubStrings, p.Label, p.Identity, p.statementOnly, p.document, p.samInline, p.kindGuessed)
		var walk func(n *jsonsyntax.Node, indent string)
		walk = func(n *jsonsyntax.Node, indent string) {
			fmt.Fprintf(&b, "%s%v %d-%d %q closed %v colon %d\n", indent, n.Kind(), n.Start(), n.End(), n.Text(), n.Closed(), n.Colon())
			for _, c := range n.Children() {
				walk(c, indent+" ")
			}
		}
		if p.Doc.Root != nil {
			walk(p.Doc.Root, " ")
		}
	}
	return b.String()
}

func dumpValue(b *strings.Builder, src []byte, v *jsonsyntax.Value, indent string) {
	if v == nil {
		b.WriteString(indent + "<nil>\n")
		return
	}
	lo, hi := max(0, min(v.Start, len(src))), max(0, min(v.End, len(src)))
	fmt.Fprintf(b, "%s%v %d-%d %q %q\n", indent, v.Kind, v.Start, v.End, v.Text, src[lo:max(lo, hi)])
	for _, m := range v.Members {
		fmt.Fprintf(b, "%s key %d-%d %q colon %d\n", indent, m.Key.Start, m.Key.End, m.Key.Text, m.Colon)
		dumpValue(b, src, m.Value, indent+"    ")
	}
	for i := range v.Elements {
		dumpValue(b, src, &v.Elements[i], indent+"  ")
	}
}

// filesNamed reads the files the patterns name, by path.
func filesNamed(t testing.TB, patterns ...string) map[string][]byte {
	corpus := map[string][]byte{}
	for _, pattern := range patterns {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			corpus[p] = b
		}
	}
	return corpus
}

// yamlCorpus is every YAML file of the tests and examples and the
// benchmark templates.
func yamlCorpus(t testing.TB) map[string][]byte {
	corpus := filesNamed(t, "testdata/templates/*.yaml", "../../examples/*.yaml")
	one, _ := benchTemplate(1)
	corpus["bench, one role"] = one
	tmpl, _ := benchTemplate(3)
	corpus["bench"] = tmpl
	corpus["mixed bench"] = mixedBenchTemplate(tmpl)
	corpus["mixed"] = []byte(mixedTemplate)
	return corpus
}

// TestFastYAMLSameTree: wherever the fast reader accepts a text, go-yaml
// reads it too and the two trees are equal: the files of the corpus, the
// generated variants of the small ones (a byte removed; a YAML indicator, a
// space, a line break or a non-ASCII letter inserted) and small generated
// templates. The reader must accept a fair share of them, or the
// comparison proves little.
func TestFastYAMLSameTree(t *testing.T) {
	corpus := yamlCorpus(t)
	accepted, tried := 0, 0
	check := func(name string, src []byte) {
		tried++
		ok, diff := fastYAMLDiff(src)
		if ok {
			accepted++
		}
		if diff != "" {
			t.Errorf("%s:\n%q\n%s", name, src, diff)
		}
	}
	for name, src := range corpus {
		check(name, src)
		if len(src) > 8000 {
			continue // the variants of the small ones cover the same text
		}
		for i := 0; i < len(src); i += 29 {
			check(fmt.Sprintf("%s without byte %d", name, i), append(src[:i:i], src[i+1:]...))
			for _, ins := range []string{":", "- ", " ", "#", "\"", "'", "[", "{", "]", "!", "|", ">", "\n", "&a ", "*", "\\", "null", "é"} {
				check(fmt.Sprintf("%s with %q at %d", name, ins, i), []byte(string(src[:i])+ins+string(src[i:])))
			}
		}
	}
	for _, src := range generatedYAML() {
		check("generated", []byte(src))
	}
	t.Logf("fast reader accepted %d of %d texts", accepted, tried)
	if accepted < tried/3 {
		t.Errorf("the fast reader accepted only %d of %d texts", accepted, tried)
	}
}

// generatedYAML is small templates in and around the fast reader's subset.
func generatedYAML() []string {
	values := []string{
		"x", "a b", "ses:SendEmail", "\"x\\x20\"", "\" x \"", "{\"a\\x20\": b}", "\n  \"a\\x20\": b", "\n  \"a \": b", "arn:aws:s3:::b/*", "\"q\"", "'it''s'", "\"a\\\"b\\u00e9\\x41\\/\\t\"", "\"\\e\"",
		"null", "~", "Null", "true", "12", "0x1F", "-1", "-x", "\"\"", "''", "[]", "{}", "[a, b]", "[a,b]", "[ a , b ]",
		"{A: b}", "{A: b, C: [d]}", "{\"A\": b}", "{aws:X: y}", "[a, [b, c], {D: e}]", "[a,]", "[a: b]", "{a}",
		"{A: [s3:G], B: c}", "{A: [x, [s3::G]]}", "[{A: x}, s3:G]", "{A: [s3:/x]}", "{A: {B: s3:G}}",
		"{A: [arn:aws:s3:::b/*, port:80]}", "{A: [!Ref x, s3:G]}", "{A: [true:x, s3:]}", "{A: [a-b_c:d]}", "{A: [é:x]}",
		"!Ref X", "!Sub \"x-${AWS::Region}\"", "!Sub '{\"a\": 1}'", "!GetAtt R.Arn", "!Join [\"\", [a, !Ref B]]",
		"!Select [0, !GetAZs \"\"]", "[!Ref é,!Ref é,x]", "[!Ref é, !Ref éé, \"é\"]", "{A: !Ref é, B: é, C: [é, !Ref é]}", "!!str x", "!Ref", "&a x", "*a", "x # c", "x #c", "x#c", "\"x\" # c", "[a] # c",
		"|\n  a\n  b\n", "|-\n  a\n\n  b\n", ">\n  a\n  b\n\n  c\n", ">-\n  a\n   b\n", "|\n   a\n  b\n", "|+\n  a\n\n",
		"|2\n  a\n", "|\n\n  a\n", "|\n  a\n  \n  b\n", "|\n  a\n    \n  b\n", "!Sub |\n  {\"a\": 1}\n", "|\n  # x\n  y\n",
		"\n  - a\n  - b", "\n- a\n- b", "\n  - a\n  -\n    - b", "\n  - - a\n    - b\n  - c", "\n  - A: b\n    C: d\n  - E: f",
		"\n  A: b\n  C:\n    D: e", "\n  Ref: X", "\n  Fn::Sub: \"a${B}\"", "\n  Fn::Sub:\n    - \"{}\"\n    - {}", "!Join\n  - ''\n  - - a",
		"\n  -\n    A: b", "\n  - |\n    t\n  - x", "\n  - A: |\n      t\n    B: c", "\n  - A: >\n     t\n    B: c",
		"", " ", "\n", "\n  A:", "\n  - ", "a: b", "- a", "x\n  y", "\"a\n  b\"", "[a,\n  b]",
	}
	out := []string{
		"Resources:\n  - Bucket:\n      Type: AWS::S3::Bucket\n      Properties:\n        A: b\n",
		"Resources:\n  Bucket:  # c\n      Type: AWS::S3::Bucket\n    Properties: x\n  Other:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  Bucket:\n    Properties: {}\n",
		"Resources:\n  Bucket:\n    Type: \"AWS::S3::Bucket\"\n    Properties: {}\n",
		// Type lines of a resource without policies, between two others.
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket:\n  C:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket: x\n  C:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket \n  C:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::S3::Bucket:x\n    Properties:\n      Name: b\n  C:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  A:\n    Type: AWS::S3::Bucket\n  B:\n    Type: AWS::é:: x\n  C:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  Bucket: x\n    Type: AWS::S3::Bucket\n    Properties: {}\n",
		// Resources computed by its one entry's name: no policy.
		"AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Fn::Transform:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: \"*\"\n",
		// A Resources mapping whose one entry is Ref or Fn::... is an
		// intrinsic function: no resource, no policy, no AWS type.
		"AWSTemplateFormatVersion: x\nResources:\n  Fn::If:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement: []\n",
		"Resources:\n  Fn::If:\n    Type: AWS::S3::Bucket\n",
		"Resources:\n  Ref:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement: []\n  B:\n    Type: AWS::S3::Bucket\n",
		// Resources written so that it is not streamed: its policies are
		// found all the same.
		"Resources: # a: b\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement: []\n",
		"\"Resources\":\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement: []\n",
		"Resources: {R: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: []}}}}\n",
	}
	for _, v := range values {
		sep := " "
		if strings.HasPrefix(v, "\n") || v == "" {
			sep = ""
		}
		out = append(out,
			"Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:"+sep+v+"\n",
			"A:"+sep+v+"\nB: c\n",
			"A:"+sep+v,
			"A:\n  - B:"+sep+strings.ReplaceAll(v, "\n", "\n    ")+"\n  - c\n",
			// Inside a document written while read (yaml_write.go).
			"Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: p\n          PolicyDocument:\n            Statement:\n              - Resource:"+sep+strings.ReplaceAll(v, "\n", "\n              ")+"\n                Effect: Allow\n",
		)
	}
	return out
}

// FuzzFastYAML: on any text the fast reader never panics, and wherever it
// accepts the text, go-yaml reads it too and the trees are equal.
func FuzzFastYAML(f *testing.F) {
	for _, src := range yamlCorpus(f) {
		if len(src) < 8000 {
			f.Add(src)
		}
	}
	for _, src := range generatedYAML() {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, diff := fastYAMLDiff(src); diff != "" {
			t.Fatalf("%q\n%s", src, diff)
		}
	})
}

// TestFastYAMLReadsTemplates: the fast reader reads the templates of the
// tests and examples (all but the one made of mistakes) and gives up on
// what it does not know, which go-yaml then reads or refuses as before.
func TestFastYAMLReadsTemplates(t *testing.T) {
	for name, src := range yamlCorpus(t) {
		if _, _, ok := readFastYAML(src); ok == strings.HasSuffix(name, "yaml-mistakes.yaml") {
			t.Errorf("%s: fast reader accepts: %v", name, ok)
		}
	}
	const head = "Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n"
	for _, tc := range []struct {
		why, src string
		valid    bool // go-yaml reads it
	}{
		{"an anchor and an alias", head + "      A: &x y\n      B: *x\n", true},
		{"a merge key", head + "      A: {x: 1}\n      B:\n        <<: {y: 2}\n", true},
		{"an empty value", head + "      PolicyDocument:\n", true},
		{"a multi-line plain scalar", head + "      A: one\n        two\n", true},
		{"a multi-line quoted scalar", head + "      A: \"one\n        two\"\n", true},
		{"a tab", head + "      A:\t[x]\n", true},
		{"CRLF line breaks", strings.ReplaceAll(head, "\n", "\r\n") + "      A: x\r\n", true},
		{"a document marker", "---\n" + head + "      A: x\n", true},
		{"a complex key", head + "      ? A\n      : x\n", true},
		{"a repeated key", head + "      A: x\n      A: y\n", false},
		{"a sequence entry as a value", head + "      A: - x\n", false},
		{"a key indented more than its siblings", head + "      A: x\n       B: y\n", false},
		{"an unclosed flow sequence", head + "      A: [x, y\n", false},
		{"a tag on a tag", head + "      A: !Ref !Ref x\n", false},
		{"a repeated key in a document", head + "      PolicyDocument:\n        A: x\n        A: y\n", false},
		{"a repeated resource name", head + "      A: x\n  R:\n    Type: AWS::S3::Bucket\n", false},
	} {
		src := []byte(tc.src)
		if _, _, ok := readFastYAML(src); ok {
			t.Errorf("%s: the fast reader accepts it", tc.why)
		}
		if _, read := readFastTemplate(src); read {
			t.Errorf("%s: the fast reader accepts it streaming", tc.why)
		}
		root, _, err := parseYAML(src)
		if tc.valid != (err == nil && root != nil) {
			t.Errorf("%s: parseYAML gives %v, %v", tc.why, root != nil, err)
		}
	}
}

// TestColonInFlowReadWhole: a plain scalar with a colon in a flow sequence
// inside a flow mapping, which go-yaml splits into a mapping, reads as the
// string it is in both readers, so a compact policy's actions and ARNs are
// no objects (POL002 fired on every one of them).
func TestColonInFlowReadWhole(t *testing.T) {
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: "
	src := []byte(head + "{Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: [arn:aws:s3:::b/*]}]}\n")
	want := []string{"s3:GetObject", "s3:PutObject", "arn:aws:s3:::b/*"}
	texts := func(root *jsonsyntax.Value) []string {
		st := &member(member(member(member(member(root, "Resources"), "P"), "Properties"), "PolicyDocument"), "Statement").Elements[0]
		var out []string
		for _, name := range []string{"Action", "Resource"} {
			for _, e := range member(st, name).Elements {
				if e.Kind != jsonsyntax.String || string(src[e.Start:e.End]) != e.Text {
					t.Errorf("%s element %v %q at %d-%d", name, e.Kind, e.Text, e.Start, e.End)
				}
				out = append(out, e.Text)
			}
		}
		return out
	}
	fast, _, ok := readFastYAML(src)
	if !ok {
		t.Fatal("the fast reader gave up")
	}
	slow, _, err := parseGoYAML(src)
	if err != nil {
		t.Fatal(err.Message)
	}
	for _, root := range []*jsonsyntax.Value{fast, slow} {
		if got := texts(root); !reflect.DeepEqual(got, want) {
			t.Errorf("read %q, want %q", got, want)
		}
	}
	f, _ := CloudFormation(src, true)
	if ds := Analyze(src, f, policy.Options{}).Diagnostics; len(ds) > 0 {
		t.Errorf("findings on a valid compact policy: %+v", ds)
	}
}

// TestPlainBytes: the eight-bytes-at-a-time look finds a control character,
// a DEL, a Unicode space or invalid UTF-8 wherever it is.
func TestPlainBytes(t *testing.T) {
	// With a non-ASCII letter, and ASCII only.
	for _, base := range []string{strings.Repeat("Key: value-é\n", 3), strings.Repeat("Key: value\n", 9)} {
		if !plainBytes([]byte(base)) {
			t.Fatalf("%q refused", base)
		}
		for _, bad := range []string{"\t", "\r", "\x00", "\x1f", "\x7f", "\u00a0", "\u2028", "\ufeff", "\xff"} {
			for i := 0; i <= len(base); i++ {
				src := base[:i] + bad + base[i:]
				if plainBytes([]byte(src)) {
					t.Errorf("%q accepted", src)
				}
			}
		}
	}
}

// TestSpaces: spaces counts the leading spaces eight at a time and the
// rest one by one, whatever the length and what follows.
func TestSpaces(t *testing.T) {
	for n := range 20 {
		for _, after := range []string{"", "x", "\n", "\t", "!", "  x"[2:], "\x00"} {
			b := []byte(strings.Repeat(" ", n) + after)
			if got := spaces(b); got != n {
				t.Errorf("spaces(%q) = %d, want %d", b, got, n)
			}
		}
	}
}

// TestPolicyDocumentsAreWritten: streaming, the documents resourcePolicies
// reads from block mappings are written while read (yaml_write.go), all
// 200 of the benchmark template; those the plan cannot see coming are read
// as Values and built, and either way the File is the one go-yaml's tree
// gives (TestFastYAMLSameTree holds it for these texts too).
func TestPolicyDocumentsAreWritten(t *testing.T) {
	tmpl, _ := benchTemplate(100)
	doc := "\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub \"arn:${AWS::Partition}:s3:::b/*\"\n"
	for _, tc := range []struct {
		name    string
		src     string
		written int
	}{
		{"benchmark", string(tmpl), 200},
		{"mixed benchmark", string(mixedBenchTemplate(tmpl)), 200},
		{"a role's trust policy and policies", "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:" + doc + "      Policies:\n      - PolicyName: a\n        PolicyDocument:" + strings.ReplaceAll(doc, "\n  ", "\n    ") + "      -\n        PolicyDocument:" + strings.ReplaceAll(doc, "\n  ", "\n    "), 3},
		{"a bucket policy (any other type)", "Resources:\n  B:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:" + doc, 1},
		{"Type after Properties", "Resources:\n  P:\n    Properties:\n      PolicyDocument:" + doc + "    Type: AWS::IAM::Policy\n", 0},
		{"a document in flow style", "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: \"*\"}]}\n", 0},
		{"a document computed by Fn::If", "Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Fn::If: [c, {Statement: []}, {Statement: []}]\n", 0},
		{"an event bus statement", "Resources:\n  E:\n    Type: AWS::Events::EventBusPolicy\n    Properties:\n      Statement:\n        Effect: Allow\n        Action: events:PutEvents\n", 0},
		{"SAM inline documents", "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: s3:GetObject\n              Resource: \"*\"\n", 0},
	} {
		f := &File{Syntax: YAML}
		_, r, ok := readFast([]byte(tc.src), f)
		if !ok {
			t.Errorf("%s: the fast reader gave up", tc.name)
			continue
		}
		if r.documentsWritten != tc.written {
			t.Errorf("%s: %d documents written while read, want %d", tc.name, r.documentsWritten, tc.written)
		}
		if _, diff := fastYAMLDiff([]byte(tc.src)); diff != "" {
			t.Errorf("%s: %s", tc.name, diff)
		}
		if got, _ := readFastTemplate([]byte(tc.src)); got == nil || tc.written > 0 && len(got.Policies) < tc.written {
			t.Errorf("%s: policies %+v", tc.name, got)
		}
	}
}

// TestPrintableWord: printableWord holds exactly when each of the eight
// bytes is 0x20 to 0x7e, whatever the others hold.
func TestPrintableWord(t *testing.T) {
	for c := range 256 {
		for _, fill := range []byte{' ', 'a', '~', '\n', 0x7f, 0x80, 0xff, 0x1f} {
			for at := range 8 {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[at] = byte(c)
				want := true
				for _, x := range b {
					want = want && x >= 0x20 && x <= 0x7e
				}
				if got := printableWord(binary.LittleEndian.Uint64(b[:])); got != want {
					t.Fatalf("printableWord(%q) = %v", b, got)
				}
			}
		}
	}
}

// TestPlainLine: plainLine, eight bytes at a time, stops where a byte by
// byte look stops: at the first colon before blank space or the line's end
// (a key), or the first '#' after a space (a comment), on lines of every
// length and placement.
func TestPlainLine(t *testing.T) {
	parts := []string{"a", "arn:aws:s3:::b", ":", ": ", " #", "#", " ", "x:y", "é"}
	for n := range 3000 {
		var b strings.Builder
		b.WriteString("v")
		for i := n; i > 0; i /= len(parts) {
			b.WriteString(parts[i%len(parts)])
		}
		line := b.String()
		src := []byte(line + "\nnext: x\n")
		wantStop, wantKey := len(line), false
		for q := 0; q < len(line); q++ {
			if line[q] == ':' && (q+1 == len(line) || line[q+1] == ' ') {
				wantStop, wantKey = q, true
				break
			}
			if line[q] == '#' && line[q-1] == ' ' {
				wantStop = q
				break
			}
		}
		r := &fastReader{converter: newConverter(src)}
		stop, end, key := r.plainLine(0)
		if stop != wantStop || key != wantKey || end != len(line) {
			t.Fatalf("plainLine(%q) = %d, %d, %v; want %d, %d, %v", line, stop, end, key, wantStop, len(line), wantKey)
		}
	}
}
