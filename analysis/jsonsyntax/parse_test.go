package jsonsyntax

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// dump renders a tree compactly: objects as {k:v,...}, arrays as [..],
// strings with their decoded text, missing values as _, unclosed containers
// and strings marked with !.
func dump(n *Node) string {
	if n == nil {
		return "_"
	}
	var b strings.Builder
	var walk func(*Node)
	walk = func(n *Node) {
		if n == nil {
			b.WriteString("_")
			return
		}
		switch n.Kind() {
		case Object:
			b.WriteByte('{')
			for i, c := range n.Children() {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(c)
			}
			if !n.Closed() {
				b.WriteByte('!')
			}
			b.WriteByte('}')
		case Array:
			b.WriteByte('[')
			for i, c := range n.Children() {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(c)
			}
			if !n.Closed() {
				b.WriteByte('!')
			}
			b.WriteByte(']')
		case Property:
			walk(n.Key())
			if n.Colon() < 0 {
				b.WriteString("~")
			} else {
				b.WriteString(":")
			}
			walk(n.Value())
		case String:
			b.WriteString(strconv.Quote(n.Text()))
			if !n.Closed() {
				b.WriteByte('!')
			}
		case Invalid:
			b.WriteString("?" + n.Text())
		default:
			b.WriteString(n.Text())
		}
	}
	walk(n)
	return b.String()
}

func errorCodes(errs []Error) string {
	var parts []string
	for _, e := range errs {
		parts = append(parts, fmt.Sprintf("%d@%d-%d", e.Code, e.Start, e.End))
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src, tree, errs string
	}{
		{"empty", "", "_", ""},
		{"whitespace", " \n\t", "_", ""},
		{"object", `{"a": 1, "b": [true, null, "x"]}`, `{"a":1,"b":[true,null,"x"]}`, ""},
		{"escapes", `"a\"b\\c\/\n\u00e9\ud83d\ude00"`, `"a\"b\\c/\né😀"`, ""},
		{"lone surrogate escape", `"\ud83d"`, "\"\uFFFD\"", ""},
		{"bad escape", `"a\qb"`, `"a\\qb"`, fmt.Sprintf("%d@2-4", ErrInvalidEscape)},
		{"bad unicode escape", `"\u12"`, `"\\u12"`, fmt.Sprintf("%d@1-5", ErrInvalidEscape)},
		{"unclosed string ends at line", "{\"Effect\": \"Allow\n, \"Sid\": \"x\"}", `{"Effect":"Allow"!,"Sid":"x"}`, fmt.Sprintf("%d@11-17", ErrUnclosedString)},
		{"unclosed string at crlf", "[\"ab\r\n]", `["ab"!]`, fmt.Sprintf("%d@1-4", ErrUnclosedString)},
		{"unquoted word value", `{"Effect": Allow}`, `{"Effect":?Allow}`, fmt.Sprintf("%d@11-16", ErrInvalidToken)},
		{"unquoted key", `{Effect: "Allow"}`, `{"Effect"!:"Allow"}`, fmt.Sprintf("%d@1-7", ErrExpectedKey)},
		{"key without colon", `{"Effect"}`, `{"Effect"~_}`, fmt.Sprintf("%d@1-9", ErrExpectedColon)},
		{"key without value", `{"Effect": }`, `{"Effect":_}`, fmt.Sprintf("%d@9-10", ErrExpectedValue)},
		{"key without value at end", `{"Effect":`, `{"Effect":_!}`, fmt.Sprintf("%d@0-1 %d@9-10", ErrUnclosedObject, ErrExpectedValue)},
		{"forgotten colon same line", `{"Effect" "Allow"}`, `{"Effect"~"Allow"}`, fmt.Sprintf("%d@1-9", ErrExpectedColon)},
		{"missing colon next line is next key", "{\"a\"\n\"b\": 1}", `{"a"~_,"b":1}`, fmt.Sprintf("%d@1-4 %d@5-6", ErrExpectedColon, ErrExpectedComma)},
		{"missing comma", `{"a": 1 "b": 2}`, `{"a":1,"b":2}`, fmt.Sprintf("%d@8-9", ErrExpectedComma)},
		{"missing comma in array", `["a" "b"]`, `["a","b"]`, fmt.Sprintf("%d@5-6", ErrExpectedComma)},
		{"trailing comma object", `{"a": 1,}`, `{"a":1}`, fmt.Sprintf("%d@7-8", ErrTrailingComma)},
		{"trailing comma array", `[1,]`, `[1]`, fmt.Sprintf("%d@2-3", ErrTrailingComma)},
		{"leading comma array", `[,1]`, `[1]`, fmt.Sprintf("%d@1-2", ErrExpectedValue)},
		{"line comment", "{\"a\": 1 // note\n}", `{"a":1}`, fmt.Sprintf("%d@8-15", ErrComment)},
		{"block comment", `[/* x */ 1]`, `[1]`, fmt.Sprintf("%d@1-8", ErrComment)},
		{"unclosed block comment", `[1 /* x`, `[1!]`, fmt.Sprintf("%d@0-1 %d@3-7", ErrUnclosedArray, ErrComment)},
		{"unclosed object", `{"a": [1, 2`, `{"a":[1,2!]!}`, fmt.Sprintf("%d@0-1 %d@6-7", ErrUnclosedObject, ErrUnclosedArray)},
		{"mismatched close", `{"a": [1, 2}`, `{"a":[1,2!]}`, fmt.Sprintf("%d@6-7", ErrUnclosedArray)},
		{"brace in array closes object", `[{"a": 1]`, `[{"a":1!}]`, fmt.Sprintf("%d@1-2", ErrUnclosedObject)},
		{"duplicate key", `{"a": 1, "b": 2, "a": 3}`, `{"a":1,"b":2,"a":3}`, fmt.Sprintf("%d@17-20", ErrDuplicateKey)},
		{"duplicate key nested", `[{"x":1,"x":2}]`, `[{"x":1,"x":2}]`, fmt.Sprintf("%d@8-11", ErrDuplicateKey)},
		{"trailing content", `{} x`, `{}`, fmt.Sprintf("%d@3-4", ErrTrailingContent)},
		{"starts with close", `} {`, `?} {`, fmt.Sprintf("%d@0-1", ErrInvalidToken)},
		// Pasted policies: lines before a document that starts on a later
		// line with '{' are reported, and the object is the root.
		{"leading hash line", "# note\n{\"a\": 1}", `{"a":1}`, fmt.Sprintf("%d@0-6", ErrComment)},
		{"leading shell line and trailing EOF", "cat <<EOF > p.json\n\n  {}\nEOF\n", `{}`, fmt.Sprintf("%d@0-18 %d@25-28", ErrLeadingContent, ErrTrailingContent)},
		{"leading word without a later brace", "policy {}", `?policy`, fmt.Sprintf("%d@0-6 %d@7-9", ErrInvalidToken, ErrTrailingContent)},
		{"literal before a brace line", "true\n{}", `true`, fmt.Sprintf("%d@5-7", ErrTrailingContent)},
		{"bad number", `[01, 1.5e3, -0, 1.]`, `[01,1.5e3,-0,1.]`, fmt.Sprintf("%d@1-3 %d@16-18", ErrInvalidNumber, ErrInvalidNumber)},
		{"colon in array", `[1 : 2]`, `[1,2]`, fmt.Sprintf("%d@3-4 %d@3-4 %d@5-6", ErrExpectedComma, ErrInvalidToken, ErrExpectedComma)},
		{"control char", "\"a\tb\"", `"a\tb"`, fmt.Sprintf("%d@2-3", ErrControlCharacter)},
		{"bom", "\uFEFF{}", `{}`, ""},
		{"lone slash", `[/]`, `[?/]`, fmt.Sprintf("%d@1-2", ErrInvalidToken)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Parse([]byte(tt.src))
			if got := dump(doc.Root); got != tt.tree {
				t.Errorf("tree:\n got %s\nwant %s", got, tt.tree)
			}
			if got := errorCodes(doc.Errors); got != tt.errs {
				t.Errorf("errors:\n got %s\nwant %s", got, tt.errs)
			}
			checkInvariants(t, doc, []byte(tt.src))
		})
	}
}

// checkInvariants asserts what must hold for any input: ranges in bounds,
// children inside parents and in order, parents linked, errors in bounds.
func checkInvariants(t *testing.T, doc *Document, src []byte) {
	t.Helper()
	var walk func(n, parent *Node)
	walk = func(n, parent *Node) {
		if n.Start() < 0 || n.End() > len(src) || n.Start() > n.End() {
			t.Fatalf("node %v range %d-%d out of bounds (len %d)", n.Kind(), n.Start(), n.End(), len(src))
		}
		if n.Parent() != parent {
			t.Fatalf("node %v at %d has wrong parent", n.Kind(), n.Start())
		}
		if parent != nil && (n.Start() < parent.Start() || n.End() > parent.End()) {
			t.Fatalf("node %v %d-%d escapes parent %v %d-%d", n.Kind(), n.Start(), n.End(), parent.Kind(), parent.Start(), parent.End())
		}
		if values := n.Values(); n.Kind() == Array {
			if !slices.Equal(values, n.Children()) {
				t.Fatalf("Values of the array at %d differ from its children", n.Start())
			}
		} else if len(values) != 1 || values[0] != n {
			t.Fatalf("Values of the %v at %d is not the node alone", n.Kind(), n.Start())
		}
		prevEnd := n.Start()
		for _, c := range n.Children() {
			if c.Start() < prevEnd {
				t.Fatalf("children of %v overlap or are out of order at %d", n.Kind(), c.Start())
			}
			prevEnd = c.End()
			walk(c, n)
		}
		if n.Kind() == Property {
			if n.Key() == nil || n.Key().Kind() != String {
				t.Fatalf("property at %d without a string key", n.Start())
			}
			walk(n.Key(), n)
			if n.Value() != nil {
				if n.Value().Start() < n.Key().End() {
					t.Fatalf("value before key at %d", n.Start())
				}
				walk(n.Value(), n)
			}
		}
	}
	if doc.Root != nil {
		walk(doc.Root, nil)
	}
	for i, e := range doc.Errors {
		if e.Start < 0 || e.End > len(src) || e.Start > e.End || e.Message == "" {
			t.Fatalf("error %+v out of bounds (len %d)", e, len(src))
		}
		if i > 0 && e.Start < doc.Errors[i-1].Start {
			t.Fatalf("errors out of order at %+v", e)
		}
	}
}

func TestDeepNesting(t *testing.T) {
	for _, open := range []string{"[", "{\"a\":"} {
		src := []byte(strings.Repeat(open, 100_000))
		doc := Parse(src)
		checkInvariants(t, doc, src)
		tooDeep := 0
		for _, e := range doc.Errors {
			if e.Code == ErrTooDeep {
				tooDeep++
			}
		}
		if tooDeep != 1 {
			t.Errorf("%q x100000: got %d too-deep errors, want 1", open, tooDeep)
		}
	}
	// Exactly at the limit nothing is reported.
	src := []byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth))
	if doc := Parse(src); len(doc.Errors) != 0 {
		t.Errorf("depth %d: unexpected errors %v", MaxDepth, doc.Errors)
	}
	// One deeper is skipped, and parsing goes on after it.
	src = []byte(`{"deep": ` + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + `, "next": "ok"}`)
	doc := Parse(src)
	if doc.Root.Member("next") == nil || doc.Root.Member("next").Value().Text() != "ok" {
		t.Errorf("parsing did not resume after a too-deep value: %s", dump(doc.Root))
	}
}

// A document being typed, truncated at every byte, keeps its invariants and
// keeps every complete key typed so far.
func TestTruncatedPolicy(t *testing.T) {
	full := []byte(samplePolicy)
	for i := 0; i <= len(full); i++ {
		doc := Parse(full[:i])
		checkInvariants(t, doc, full[:i])
	}
}

const samplePolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PinpointUsesSESForEmailSends",
      "Effect": "Allow",
      "Action": ["ses:SendEmail", "ses:SendRawEmail"],
      "Resource": [
        "arn:aws:ses:us-east-1:123456789012:identity/*",
        "arn:aws:ses:us-east-1:123456789012:configuration-set/*"
      ],
      "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}, "Bool": {"aws:SecureTransport": true}},
      "Numbers": [0, -1.5, 2e10, 3E-2]
    }
  ]
}`

// valueOf converts a tree without errors to the generic form encoding/json
// produces, for differential testing.
func valueOf(n *Node) any {
	switch n.Kind() {
	case Object:
		m := map[string]any{}
		for _, p := range n.Children() {
			m[p.Key().Text()] = valueOf(p.Value())
		}
		return m
	case Array:
		a := []any{}
		for _, c := range n.Children() {
			a = append(a, valueOf(c))
		}
		return a
	case String:
		return n.Text()
	case Number:
		f, _ := strconv.ParseFloat(n.Text(), 64)
		return f
	case Bool:
		return n.Text() == "true"
	}
	return nil
}

// agreeWithEncodingJSON checks that valid JSON parses without errors and to
// the same values as encoding/json (duplicate keys aside: both keep the last).
func agreeWithEncodingJSON(t *testing.T, src []byte) {
	t.Helper()
	var want any
	// encoding/json replaces invalid UTF-8 with U+FFFD; this parser keeps
	// the bytes, so only valid UTF-8 is comparable.
	if !utf8.Valid(src) {
		return
	}
	if err := json.Unmarshal(src, &want); err != nil {
		return
	}
	doc := Parse(src)
	for _, e := range doc.Errors {
		if e.Code != ErrDuplicateKey {
			t.Fatalf("valid JSON %q: unexpected error %+v", src, e)
		}
	}
	if doc.Root == nil {
		t.Fatalf("valid JSON %q: no root", src)
	}
	if got := valueOf(doc.Root); !reflect.DeepEqual(got, want) {
		t.Fatalf("valid JSON %q:\n got %#v\nwant %#v", src, got, want)
	}
}

func TestAgreesWithEncodingJSON(t *testing.T) {
	for _, src := range []string{samplePolicy, `"x"`, `[]`, `{}`, `-0.5e-3`, `{"a":{"b":[{"c":null}]}}`, `"\u00e9\"\t"`, `{"a":1,"a":2}`} {
		agreeWithEncodingJSON(t, []byte(src))
	}
}

func TestNodeAtAndPath(t *testing.T) {
	src := samplePolicy
	doc := Parse([]byte(src))
	at := strings.Index(src, "ses:SendRaw")
	n := doc.NodeAt(at + 3)
	if n == nil || n.Kind() != String || n.Text() != "ses:SendRawEmail" {
		t.Fatalf("NodeAt: got %+v", n)
	}
	if got := n.Path().String(); got != "/Statement/0/Action/1" {
		t.Errorf("path = %q", got)
	}
	key := doc.NodeAt(strings.Index(src, `"Effect"`) + 1)
	if key == nil || key.Text() != "Effect" || key.Parent().Kind() != Property {
		t.Fatalf("NodeAt key: got %+v", key)
	}
	if got := key.Path().String(); got != "/Statement/0/Effect" {
		t.Errorf("key path = %q", got)
	}
	if got := doc.PathAt(0).String(); got != "" {
		t.Errorf("root path = %q", got)
	}
	if doc.NodeAt(len(src)+5) != nil {
		t.Error("NodeAt past the end should be nil")
	}
	// A cursor right after an unclosed string still finds it.
	half := `{"Action": "ses:Sen`
	hdoc := Parse([]byte(half))
	if n := hdoc.NodeAt(len(half)); n == nil || n.Kind() != String || n.Text() != "ses:Sen" {
		t.Errorf("NodeAt end of unclosed string: %+v", n)
	}
	if got := (Path{{Key: "a/b~c"}, {Index: 2, IsIndex: true}}).String(); got != "/a~1b~0c/2" {
		t.Errorf("pointer escaping: %q", got)
	}
}

func TestMember(t *testing.T) {
	doc := Parse([]byte(`{"a": 1, "a": 2, "b": 3}`))
	if got := doc.Root.Member("a").Value().Text(); got != "2" {
		t.Errorf("Member with duplicates: got %s, want the last", got)
	}
	if doc.Root.Member("c") != nil || (*Node)(nil).Member("a") != nil {
		t.Error("Member of a missing key should be nil")
	}
}

// Garbage with an error every few bytes keeps at most MaxErrors of them and
// counts the rest, so memory stays bounded.
func TestErrorCap(t *testing.T) {
	src := []byte("[" + strings.Repeat("1 : ", 5000))
	doc := Parse(src)
	if len(doc.Errors) != MaxErrors {
		t.Fatalf("kept %d errors, want %d", len(doc.Errors), MaxErrors)
	}
	if doc.ErrorsDropped < 5000 {
		t.Errorf("dropped %d errors, want the rest counted", doc.ErrorsDropped)
	}
}

// Values is how the analysis reads Action, Resource and the like on every
// keystroke; it must not allocate, whether the value is a lone string or a
// list, a property value, an array element or the root.
func TestValuesDoesNotAllocate(t *testing.T) {
	doc := Parse([]byte(`{"Action": "ses:SendEmail", "Resource": ["a", "b"], "Deep": [["x"], "y"]}`))
	deep := doc.Root.Member("Deep").Value()
	nodes := []*Node{
		doc.Root.Member("Action").Value(),
		doc.Root.Member("Resource").Value(),
		deep.Children()[0].Children()[0],
		deep.Children()[1],
		doc.Root,
	}
	for _, n := range nodes {
		if allocs := testing.AllocsPerRun(100, func() { _ = n.Values() }); allocs != 0 {
			t.Errorf("Values of %q allocates %.0f times", n.Text(), allocs)
		}
	}
	if got := len(doc.Root.Member("Resource").Value().Values()); got != 2 {
		t.Errorf("Values of a two-element array: %d elements", got)
	}
}

// Offsets are 32-bit: a source beyond the limit gets one clear error and no
// tree instead of wrapped offsets.
func TestTooLargeToParse(t *testing.T) {
	defer func(limit int) { maxSourceSize = limit }(maxSourceSize)
	maxSourceSize = 8
	doc := Parse([]byte(`{"Version": "2012-10-17"}`))
	if doc.Root != nil || len(doc.Errors) != 1 || doc.Errors[0].Code != ErrTooLarge {
		t.Fatalf("got root %v and errors %+v, want only ErrTooLarge", doc.Root, doc.Errors)
	}
	if doc := Parse([]byte(`{}`)); doc.Root == nil || len(doc.Errors) != 0 {
		t.Errorf("a source within the limit must still parse: %+v", doc.Errors)
	}
}

// The node layout is what keeps a parse small and quick for the garbage
// collector; growing it should be a decision, not an accident.
func TestNodeStaysSmall(t *testing.T) {
	if size := unsafe.Sizeof(Node{}); size > 48 {
		t.Errorf("Node is %d bytes; node.go promises 48 (one pointer, 32-bit links)", size)
	}
}

// When the error list is full, syntax errors win over duplicate keys, which
// do not make a document unreadable.
func TestSyntaxErrorsKeptBeforeDuplicates(t *testing.T) {
	src := `[{` + strings.Repeat(`"k":1,`, MaxErrors+5) + `"k":1}, {"a" 1}]`
	doc := Parse([]byte(src))
	found := false
	for _, e := range doc.Errors {
		found = found || e.Code == ErrExpectedColon
	}
	if !found || doc.ErrorsDropped == 0 {
		t.Errorf("missing colon kept: %v, dropped %d", found, doc.ErrorsDropped)
	}
}

func TestSyntaxErrorWithin(t *testing.T) {
	src := `{"a": [1, 2,], "b": {"c": 1, "c": 2}, "d": [3]}`
	doc := Parse([]byte(src))
	span := func(needle string) (int, int) {
		i := strings.Index(src, needle)
		return i, i + len(needle)
	}
	if !doc.SyntaxErrorWithin(span(`[1, 2,]`)) {
		t.Error("the trailing comma inside the first array is not seen")
	}
	if doc.SyntaxErrorWithin(span(`{"c": 1, "c": 2}`)) {
		t.Error("a duplicate key counted as a syntax error")
	}
	if doc.SyntaxErrorWithin(span(`[3]`)) {
		t.Error("an error elsewhere counted")
	}
	if tooLarge := (&Document{Errors: []Error{{Code: ErrTooLarge}}}); !tooLarge.SyntaxErrorWithin(0, 0) {
		t.Error("an empty-range error at the start is not seen")
	}
	if dropped := (&Document{ErrorsDropped: 1}); !dropped.SyntaxErrorWithin(5, 6) {
		t.Error("dropped errors must count")
	}
}
