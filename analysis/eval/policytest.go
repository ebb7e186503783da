package eval

import (
	"fmt"
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// Policy tests live in files named *.policytest.json, one per policy:
//
//	{
//	  "policy": "ses-identity-policy.json",
//	  "kind": "ses-identity",
//	  "tests": [
//	    {
//	      "name": "the partner may send marketing mail",
//	      "principal": "444455556666",
//	      "action": "ses:SendEmail",
//	      "resource": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
//	      "context": {"ses:FromAddress": "marketing@example.com", "ses:Recipients": ["a@example.org"]},
//	      "expect": "allow"
//	    }
//	  ]
//	}
//
// "policy" is relative to the test file; "kind", "resource", "principal"
// and "context" are optional; "expect" is allow, deny (explicit),
// implicit-deny, or denied (either). The file is read with the tolerant
// parser so each test keeps its byte range for reports and the editor.

// TestFile is a parsed *.policytest.json file.
type TestFile struct {
	Policy      string // as written, relative to the test file
	PolicyStart int    // byte range of the "policy" value
	PolicyEnd   int
	Kind        policy.Kind
	Tests       []TestCase
	// Problems are what makes the file or a test unusable, with ranges.
	Problems []TestProblem
}

// TestCase is one request and its expected decision.
type TestCase struct {
	Name       string
	Start, End int // the test's object
	Request    Request
	Expect     string // allow, deny, implicit-deny or denied
}

// TestProblem is a mistake in a test file.
type TestProblem struct {
	Start, End int
	Message    string
}

// Expectations are the values "expect" takes.
var Expectations = []string{"allow", "deny", "implicit-deny", "denied"}

// Passes reports whether decision d meets the expectation.
func Passes(expect string, d Decision) bool {
	if expect == "denied" {
		return d == Deny || d == ImplicitDeny
	}
	return string(d) == expect
}

// ParseTestFile reads a policy test file.
func ParseTestFile(src []byte) TestFile {
	doc := jsonsyntax.Parse(src)
	var tf TestFile
	problem := func(n *jsonsyntax.Node, format string, args ...any) {
		tf.Problems = append(tf.Problems, TestProblem{Start: n.Start(), End: n.End(), Message: fmt.Sprintf(format, args...)})
	}
	for _, e := range doc.Errors {
		tf.Problems = append(tf.Problems, TestProblem{Start: e.Start, End: e.End, Message: "syntax error: " + e.Message})
	}
	root := doc.Root
	if root == nil || root.Kind() != jsonsyntax.Object {
		tf.Problems = append(tf.Problems, TestProblem{Message: "a policy test file holds one object with \"policy\" and \"tests\""})
		return tf
	}
	if p := root.Member("policy"); p == nil || p.Value() == nil || p.Value().Kind() != jsonsyntax.String || p.Value().Text() == "" {
		problem(root, "\"policy\" must name the policy file, relative to this file")
	} else {
		tf.Policy, tf.PolicyStart, tf.PolicyEnd = p.Value().Text(), p.Value().Start(), p.Value().End()
	}
	if k := root.Member("kind"); k != nil && k.Value() != nil {
		kind, ok := policy.ParseKind(k.Value().Text())
		if !ok {
			problem(k.Value(), "unknown kind %q (want ses-identity, iam-identity, trust, rcp, scp or unknown)", k.Value().Text())
		}
		tf.Kind = kind
	}
	tests := root.Member("tests")
	if tests == nil || tests.Value() == nil || tests.Value().Kind() != jsonsyntax.Array {
		problem(root, "\"tests\" must be a list of requests with the decision expected")
		return tf
	}
	for i, t := range tests.Value().Children() {
		if tc, ok := parseTestCase(t, i, problem); ok {
			tf.Tests = append(tf.Tests, tc)
		}
	}
	return tf
}

func parseTestCase(t *jsonsyntax.Node, i int, problem func(*jsonsyntax.Node, string, ...any)) (TestCase, bool) {
	tc := TestCase{Name: fmt.Sprintf("test #%d", i+1), Start: t.Start(), End: t.End()}
	if t.Kind() != jsonsyntax.Object {
		problem(t, "a test is an object with \"action\" and \"expect\"")
		return tc, false
	}
	str := func(name string) (string, *jsonsyntax.Node) {
		p := t.Member(name)
		if p == nil || p.Value() == nil {
			return "", nil
		}
		if p.Value().Kind() != jsonsyntax.String {
			problem(p.Value(), "%q must be a string", name)
			return "", nil
		}
		return p.Value().Text(), p.Value()
	}
	if name, _ := str("name"); name != "" {
		tc.Name = name
	}
	ok := true
	tc.Request.Action, _ = str("action")
	if tc.Request.Action == "" {
		problem(t, "%s: \"action\" is required", tc.Name)
		ok = false
	}
	tc.Request.Resource, _ = str("resource")
	if who, _ := str("principal"); who != "" {
		p := ParsePrincipal(who)
		tc.Request.Principal = &p
	}
	expect, n := str("expect")
	switch {
	case n == nil:
		problem(t, "%s: \"expect\" is required: one of %s", tc.Name, strings.Join(Expectations, ", "))
		ok = false
	case !isExpectation(expect):
		problem(n, "\"expect\" is one of %s", strings.Join(Expectations, ", "))
		ok = false
	}
	tc.Expect = expect
	if c := t.Member("context"); c != nil && c.Value() != nil {
		if c.Value().Kind() != jsonsyntax.Object {
			problem(c.Value(), "\"context\" maps keys to a value or a list of values")
			return tc, false
		}
		for _, kv := range c.Value().Children() {
			key := kv.Key().Text()
			v := kv.Value()
			if v == nil {
				continue
			}
			if v.Kind() == jsonsyntax.Array && len(v.Children()) == 0 {
				tc.Request.Context.SetEmpty(key)
			}
			for _, x := range v.Values() {
				switch x.Kind() {
				case jsonsyntax.String, jsonsyntax.Number, jsonsyntax.Bool:
					tc.Request.Context.Add(key, x.Text())
				default:
					problem(x, "context values are strings, numbers or booleans")
				}
			}
		}
	}
	return tc, ok
}

func isExpectation(s string) bool {
	for _, e := range Expectations {
		if s == e {
			return true
		}
	}
	return false
}

// IsTestFile reports whether a file name is a policy test file.
func IsTestFile(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".policytest.json")
}

// Check runs the tests of a file and returns its problems and one finding
// per failing test, on the test's object, for the editor. load returns the
// analysis of the policy the file names (as written, relative to the test
// file); kind, when set, is to be forced on it.
func (tf TestFile) Check(load func(path string, kind policy.Kind) (*policy.Result, error)) []TestProblem {
	out := append([]TestProblem(nil), tf.Problems...)
	if tf.Policy == "" || len(tf.Tests) == 0 {
		return out
	}
	res, err := load(tf.Policy, tf.Kind)
	if err == nil && (res == nil || !res.IsPolicy || res.Policy == nil) {
		err = fmt.Errorf("%s is not a policy", tf.Policy)
	}
	if err != nil {
		return append(out, TestProblem{Start: tf.PolicyStart, End: tf.PolicyEnd, Message: "cannot run the tests: " + err.Error()})
	}
	src := res.Doc.Source
	line := func(offset int) int { return strings.Count(src[:min(offset, len(src))], "\n") + 1 }
	for _, tc := range tf.Tests {
		req := tc.Request
		if req.Resource == "" && res.Kind == policy.KindSESIdentity {
			req.Resource = SESIdentityARN(res.Policy)
		}
		r := Evaluate(res.Policy, res.Kind, req)
		if Passes(tc.Expect, r.Decision) {
			continue
		}
		out = append(out, TestProblem{Start: tc.Start, End: tc.End, Message: FailureMessage(tc.Name, tc.Expect, r.Decision, r.Explain(req, line))})
	}
	return out
}

// FailureMessage says that a test failed and why.
func FailureMessage(name, expect string, got Decision, explanation string) string {
	return fmt.Sprintf("policy test %q fails: expected %s, got %s\n%s", name, expect, got, explanation)
}

// Tally is what one statement decides among a policy's tests.
type Tally struct {
	Allows, Denies int // tests allowed (explicitly denied) by this statement
}

// TallyTests evaluates tests against a policy and counts, per statement
// (in the order of p.Statements), the tests it decides: a request is
// allowed by every matching Allow statement unless a matching Deny
// statement denies it. Implicitly denied tests count for no statement.
func TallyTests(p *policy.Policy, kind policy.Kind, tests []TestCase) []Tally {
	if p == nil {
		return nil
	}
	out := make([]Tally, len(p.Statements))
	for _, tc := range tests {
		req := tc.Request
		if req.Resource == "" && kind == policy.KindSESIdentity {
			req.Resource = SESIdentityARN(p)
		}
		r := Evaluate(p, kind, req)
		for _, i := range r.Deciding {
			if r.Decision == Deny {
				out[i].Denies++
			} else {
				out[i].Allows++
			}
		}
	}
	return out
}

// String says it as the editor's code lens does: "allows 2 tests, denies 1".
func (t Tally) String() string {
	var parts []string
	if t.Allows > 0 {
		parts = append(parts, "allows "+plural(t.Allows, "test"))
	}
	if t.Denies > 0 {
		word := "denies "
		if t.Allows == 0 {
			word = "denies " + plural(t.Denies, "test")
		} else {
			word += fmt.Sprint(t.Denies)
		}
		parts = append(parts, word)
	}
	if len(parts) == 0 {
		return "decides no test"
	}
	return strings.Join(parts, ", ")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
