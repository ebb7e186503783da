package host

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/parser"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// removalsTemplate holds policies whose fixes remove members in each
// layout yamlRemoveMember writes: a member after a sequence's "- ", a
// member with a comment on its line, a flow mapping, the last member of a
// mapping, a condition key moved between operators (into a new or an
// existing BoolIfExists block, block or flow style). (go-yaml refuses a
// duplicate key, so that fix never reaches YAML.)
const removalsTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WithPrincipal:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Principal:
              AWS: arn:aws:iam::111122223333:root
            Effect: Allow
            Action: ses:SendEmail
            Resource: "*"
          # a comment line above the member stays
          - Effect: Allow
            Principal: "*"   # goes with its line
            Action: ses:SendRawEmail
            Resource: "*"
          - {Effect: Allow, Principal: {AWS: "111122223333"}, Action: ses:SendEmail, Resource: "*"}
          - Principal:
              Service: ses.amazonaws.com
          - Effect: Allow
            Action: ses:ListIdentities
            Resource: "*"
            NotPrincipal:
              AWS: arn:aws:iam::111122223333:root
  Mfa:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              Bool:
                aws:SecureTransport: "true"
                aws:MultiFactorAuthPresent: "false"
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition: {Bool: {"aws:MultiFactorAuthPresent": "false", "aws:SecureTransport": "true"}}
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: "false"
                aws:SecureTransport: "true"
              StringEquals:
                aws:PrincipalAccount: "111122223333"
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              BoolIfExists:
                aws:SecureTransport: "true"
              Bool:
                aws:MultiFactorAuthPresent:
                  - "false"
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition:
              Bool: {"aws:MultiFactorAuthPresent": "false", "aws:SecureTransport": "true"}
              BoolIfExists:
                aws:ViaAWSService: "true"
`

// removalsJSONTemplate: the same removals in a JSON template, where the
// policy's own edits apply as they are.
const removalsJSONTemplate = `{
  "Resources": {
    "Dup": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*", "Effect": "Allow"},
            {
              "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
              "Effect": "Allow",
              "Action": "ses:SendEmail",
              "Resource": "*"
            },
            {"Principal": "*"}
          ]
        }
      }
    }
  }
}
`

// TestFixesKeepStructure is the property host fixes are held to: for every
// fix of every policy in the YAML and JSON templates of testdata (and
// removalsTemplate), the template with the fix applied parses, and the
// policy at the same place equals, as a tree, the policy the same fix
// gives when the policy is a JSON document of its own.
func TestFixesKeepStructure(t *testing.T) {
	paths, _ := filepath.Glob("testdata/templates/*")
	type template struct {
		name string
		src  []byte
	}
	templates := []template{{"removals.yaml", []byte(removalsTemplate)}, {"removals.json", []byte(removalsJSONTemplate)}}
	for _, p := range paths {
		if strings.HasSuffix(p, ".want") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		templates = append(templates, template{filepath.Base(p), b})
	}
	compared := map[Syntax]int{}
	removals := map[Syntax]int{}
	for _, tmpl := range templates {
		yaml := !strings.HasSuffix(tmpl.name, ".json")
		f, ok := CloudFormation(tmpl.src, yaml)
		if !ok {
			continue
		}
		r := Analyze(tmpl.src, f, policy.Options{})
		for _, p := range r.Policies {
			if p.Syntax != YAML && p.Syntax != JSON {
				continue
			}
			alone := renderJSON(p.Doc.Root, "")
			aloneResult := policy.Analyze([]byte(alone), policy.Options{Kind: p.Kind})
			jsonFixes := fixesByFinding(aloneResult.Doc, aloneResult.Diagnostics)
			for key, fixes := range fixesByFinding(p.Doc, p.Result.Diagnostics) {
				for i, fix := range fixes {
					if i >= len(jsonFixes[key]) {
						t.Errorf("%s %s: %s: no such fix on the policy alone", tmpl.name, p.Location, key)
						continue
					}
					out, err := policy.ApplyEdits(tmpl.src, fix.Edits)
					if err != nil {
						t.Errorf("%s %s: %s: %v", tmpl.name, p.Location, key, err)
						continue
					}
					got, ok := policyTreeAt(t, out, yaml, p.Location, len(f.Errors))
					if !ok {
						t.Errorf("%s %s: %s: the fixed template lost the policy:\n%s", tmpl.name, p.Location, key, out)
						continue
					}
					fixedAlone, err := policy.ApplyEdits([]byte(alone), jsonFixes[key][i].Edits)
					if err != nil {
						t.Fatal(err)
					}
					want := jsonsyntax.Parse(fixedAlone)
					if !reflect.DeepEqual(got, tree(want.Root)) {
						t.Errorf("%s %s: %s:\n got %v\nwant %v\n%s", tmpl.name, p.Location, key, got, tree(want.Root), out)
					}
					compared[p.Syntax]++
					if slices.ContainsFunc(jsonFixes[key][i].Edits, func(e policy.Edit) bool { return e.NewText == "" }) {
						removals[p.Syntax]++
					}
				}
			}
		}
	}
	if removals[YAML] < 6 || removals[JSON] < 2 || compared[JSON] == 0 || removals[JSON] == 0 {
		t.Errorf("compared %v fixes, %v removals: too few to say anything", compared, removals)
	}
}

// fixesByFinding lists the fixes of findings by rule, the path of the node
// the finding starts at, and title (a host keeps only some fixes, so the
// place, not the order, pairs them).
func fixesByFinding(doc *jsonsyntax.Document, diags []policy.Diagnostic) map[string][]policy.Fix {
	out := map[string][]policy.Fix{}
	for _, d := range diags {
		path := "(the policy)" // where a YAML mapping starts, its first key does
		if n := doc.NodeAt(d.Start); n != nil && d.Start != doc.Root.Start() {
			path = n.Path().String()
		}
		for _, f := range d.Fixes {
			key := d.Code + " at " + path + " / " + f.Title
			out[key] = append(out[key], f)
		}
	}
	return out
}

// policyTreeAt reads src as a template and returns the tree of its policy
// at location; false when src does not parse (has more syntax errors than
// before the fix) or has no such policy.
func policyTreeAt(t *testing.T, src []byte, yaml bool, location string, errorsBefore int) (any, bool) {
	t.Helper()
	if yaml {
		if _, err := parser.ParseBytes(src, 0); err != nil {
			return nil, false
		}
	} else if !json.Valid(src) {
		return nil, false
	}
	f, ok := CloudFormation(src, yaml)
	if !ok || len(f.Errors) > errorsBefore {
		return nil, false
	}
	for _, p := range f.Policies {
		if p.Location == location {
			return tree(p.Doc.Root), true
		}
	}
	return nil, false
}

// treeMember is one key and value of a tree's object; objects are lists of
// them, so order and duplicate keys count.
type treeMember struct {
	Key   string
	Value any
}

// tree is the structure of a policy: objects as member lists, arrays as
// lists, every scalar as its text (YAML scalars are all strings to
// CloudFormation) and a computed value as "${computed}".
func tree(n *jsonsyntax.Node) any {
	switch n.Kind() {
	case jsonsyntax.Object:
		out := []treeMember{}
		for _, c := range n.Children() {
			var v any
			if c.Value() != nil {
				v = tree(c.Value())
			}
			out = append(out, treeMember{c.Key().Text(), v})
		}
		return out
	case jsonsyntax.Array:
		out := []any{}
		for _, c := range n.Children() {
			out = append(out, tree(c))
		}
		return out
	case jsonsyntax.Hole:
		return "${computed}"
	case jsonsyntax.Null:
		return nil
	}
	return n.Text()
}

// renderJSON writes a policy's tree as an indented JSON document, every
// scalar a string (as CloudFormation passes YAML scalars on) and a
// computed value as "${computed}".
func renderJSON(n *jsonsyntax.Node, indent string) string {
	inner := indent + "  "
	switch n.Kind() {
	case jsonsyntax.Object, jsonsyntax.Array:
		open, close := "{", "}"
		if n.Kind() == jsonsyntax.Array {
			open, close = "[", "]"
		}
		if len(n.Children()) == 0 {
			return open + close
		}
		parts := make([]string, 0, len(n.Children()))
		for _, c := range n.Children() {
			if n.Kind() == jsonsyntax.Array {
				parts = append(parts, inner+renderJSON(c, inner))
				continue
			}
			v := "null"
			if c.Value() != nil {
				v = renderJSON(c.Value(), inner)
			}
			k, _ := json.Marshal(c.Key().Text())
			parts = append(parts, inner+string(k)+": "+v)
		}
		return open + "\n" + strings.Join(parts, ",\n") + "\n" + indent + close
	case jsonsyntax.Hole:
		return `"${computed}"`
	case jsonsyntax.Null:
		return "null"
	}
	s, _ := json.Marshal(n.Text())
	return string(s)
}
