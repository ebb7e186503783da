package host

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// fastJSONEncodeDiff compares what the fast reader reads in src with
// hclsyntax: each argument it reads must parse, alone, without a
// diagnostic and convert to the same value; and the File of src must be
// the same with the fast reader and without it. read is how many
// arguments it read, diff how they differ ("" when they do not).
func fastJSONEncodeDiff(src []byte) (read int, diff string) {
	args := fastValues(src)
	for _, a := range args {
		v := a.value
		expr, diags := hclsyntax.ParseExpression(src[v.Start:v.End], "", hcl.Pos{Byte: v.Start, Line: 1, Column: 1})
		if diags.HasErrors() {
			return len(args), fmt.Sprintf("read %q, which hclsyntax refuses: %s", src[v.Start:v.End], diags.Error())
		}
		t := &tfConverter{converter: newConverter(src)}
		if want := t.value(expr); !reflect.DeepEqual(v, want) || !reflect.DeepEqual(a.computed, t.computed) {
			var got, exp strings.Builder
			dumpValue(&got, src, &v, "")
			dumpValue(&exp, src, &want, "")
			return len(args), fmt.Sprintf("fast reader:\n%s%v\nhclsyntax:\n%s%v", got.String(), a.computed, exp.String(), t.computed)
		}
	}
	fast, fastOK := Terraform(src, nil)
	readValuesFast = false
	slow, slowOK := Terraform(src, nil)
	readValuesFast = true
	if fastOK != slowOK || (fast == nil) != (slow == nil) {
		return len(args), fmt.Sprintf("read: %v, %v without the fast reader", fastOK, slowOK)
	}
	if fast != nil {
		if g, e := dumpFile(src, fast), dumpFile(src, slow); g != e {
			return len(args), fmt.Sprintf("file:\n%s\nwithout the fast reader:\n%s", g, e)
		}
	}
	return len(args), ""
}

// terraformCorpus is every .tf file of the tests and examples.
func terraformCorpus(t testing.TB) map[string][]byte {
	corpus := filesNamed(t, "testdata/terraform/*.tf", "../../examples/*.tf")
	corpus["generated"] = []byte(generatedJSONEncode)
	return corpus
}

// generatedJSONEncode holds jsonencode arguments in and around the fast
// reader's subset.
const generatedJSONEncode = `resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Version = "2012-10-17"
    "Statement" = [{ Effect: "Allow", Action = ["s3:GetObject",], Resource = "*" },
      {
        Effect    = "Deny"
        NotAction = []
        Resource  = ["arn:aws:s3:::b/*"]
        Condition = { NumericLessThan = { "aws:MultiFactorAuthAge" = 3600 }, Bool = { "aws:SecureTransport" = false } }
        Sid       = null
      }
    ]
  })
}
resource "aws_iam_policy" "b" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::${var.bucket}/${var.key}", "${var.arn}/${var.key}/*", "${var.arn}", "a$b%c"] }] })
}
resource "aws_iam_policy" "c" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = aws_s3_bucket.b.arn }] # a comment
  })
}
resource "aws_iam_role_policy" "d" {
  policy = var.on ? jsonencode({ Statement = [] }) : null
}
locals {
  doc = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })
  text = "jsonencode({ Statement = [] })"
}
# policy = jsonencode({ Statement = [] })
data "aws_iam_policy_document" "e" {
  statement {
    sid       = "Home"
    actions   = ["s3:GetObject", "s3:PutObject",
      "s3:ListBucket"]
    resources = ["arn:aws:s3:::b/home/&{aws:username}/*"] # a comment
    condition {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = [3600]
    }
    condition { test = "Bool", variable = "aws:SecureTransport", values = [true] }
  }
  statement {
    actions   = [var.action, "s3:*"]
    resources = ["arn:aws:s3:::${var.bucket}"]
    not_actions = ["a"][0]
    effect = var.on == ["x"] ? "Allow" : "Deny"
  }
}
resource "aws_iam_role" "f" {
  assume_role_policy = data.aws_iam_policy_document.e.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  tags = { a = ["b"], c = jsonencode({ d = ["e"] }) }
  inline_policy {
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = data.aws_iam_policy_document.e.json }] })
  }
  description = <<EOT
x = ["not a tuple"]
EOT
}
`

// TestFastJSONEncodeSameValue: wherever the fast reader reads a
// jsonencode argument, hclsyntax reads the same value there and the file's
// policies are the same: the corpus files and variants of them (a byte
// removed; a space, a line break, a quote, a bracket, a comma, an operator,
// a comment, an escape or a letter inserted). The reader must read a fair
// share of the arguments, or the comparison proves little.
func TestFastJSONEncodeSameValue(t *testing.T) {
	read, calls := 0, 0
	check := func(name string, src []byte) {
		if _, diff := fastJSONEncodeDiff(src); diff != "" {
			t.Errorf("%s:\n%s\n%s", name, src, diff)
		}
	}
	for name, src := range terraformCorpus(t) {
		check(name, src)
		for _, a := range fastValues(src) {
			if !a.tuple {
				read++
			}
		}
		calls += strings.Count(string(src), "jsonencode(")
		// The generated file blanks a tuple inside a heredoc: parsed as
		// written. Every other file is parsed blanked.
		if p := parseHCL(src); (p.fast == nil) != (name == "generated") {
			t.Errorf("%s: parsed with the values read: %v", name, p.fast != nil)
		}
		for i := 0; i < len(src); i += 83 {
			check(fmt.Sprintf("%s without byte %d", name, i), append(src[:i:i], src[i+1:]...))
			for _, ins := range []string{" ", "\n", "\r\n", "\"", "{", "}", "[", "]", ",", "=", ":", "+", "-", ".", "# c\n", "/* c */", "\\n", "${x}", "é", "1", "true", "x"} {
				check(fmt.Sprintf("%s with %q at %d", name, ins, i), []byte(string(src[:i])+ins+string(src[i:])))
			}
		}
	}
	t.Logf("the fast reader read %d of the corpus's %d jsonencode calls", read, calls)
	if read < calls/2 {
		t.Errorf("the fast reader read only %d of %d jsonencode calls", read, calls)
	}
}

// FuzzFastJSONEncode: on any text the fast reader never panics, and what it
// reads hclsyntax reads the same.
func FuzzFastJSONEncode(f *testing.F) {
	for _, src := range terraformCorpus(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, diff := fastJSONEncodeDiff(src); diff != "" {
			t.Fatalf("%q\n%s", src, diff)
		}
	})
}
