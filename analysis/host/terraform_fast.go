package host

import (
	"bytes"
	"slices"
	"unsafe"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// The literal objects given to jsonencode and the literal tuples given to
// arguments (a policy document's actions, resources, values), most of a
// Terraform policy's text, are read here rather than by hclsyntax, whose
// parse was most of a .tf check's cost (BENCHMARKS.md, issue 15 item 7).
// The fast reader reads double-quoted ASCII strings (with ${reference}
// parts), whole numbers, true, false, null, references, tuples and objects
// into the Value tfConverter.value makes from hclsyntax's tree
// (TestFastJSONEncodeSameValue and FuzzFastJSONEncode hold them equal), and
// hclsyntax parses the file with those values' insides blanked out
// (jsonencode(   ), [   ], every offset kept). Anything else (a call, an
// operator, an escape, a block comment) leaves the value to hclsyntax. The
// values read are used only when hclsyntax's parse shows each blanked text
// was the whole inside of a jsonencode call or a tuple; otherwise, and on
// any syntax error, the file is parsed as written.

// hclParse is a .tf file's parse.
type hclParse struct {
	file  *hcl.File
	diags hcl.Diagnostics
	// fast maps the offset just after a jsonencode call's "(" or a
	// tuple's "[" to the value the fast reader read there (the call has
	// no argument, the tuple no element, in file's tree).
	fast map[int]*fastArg
}

// readValuesFast is false only in tests that compare the fast reader
// with hclsyntax.
var readValuesFast = true

// parseHCL parses the .tf file src.
func parseHCL(src []byte) hclParse {
	if args := fastValues(src); readValuesFast && len(args) > 0 {
		blank := slices.Clone(src)
		for _, a := range args {
			for i := a.start; i < a.end; i++ {
				if blank[i] != '\n' {
					blank[i] = ' '
				}
			}
		}
		file, diags := hclsyntax.ParseConfig(blank, "", hcl.InitialPos)
		if body, ok := file.Body.(*hclsyntax.Body); ok && !diags.HasErrors() {
			values := make(map[int]*fastArg, len(args))
			for i := range args {
				values[args[i].start] = &args[i]
			}
			if blankedFound(body, values) == len(args) {
				file.Bytes = src
				return hclParse{file: file, diags: diags, fast: values}
			}
		}
	}
	file, diags := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
	return hclParse{file: file, diags: diags}
}

// blankedFound counts the blanked texts that are, in body's tree, the
// whole inside of a jsonencode() call or of a tuple [].
func blankedFound(body *hclsyntax.Body, blanked map[int]*fastArg) int {
	n := 0
	hclsyntax.VisitAll(body, func(node hclsyntax.Node) hcl.Diagnostics {
		switch e := node.(type) {
		case *hclsyntax.FunctionCallExpr:
			if a := blanked[e.OpenParenRange.End.Byte]; a != nil && !a.tuple && e.Name == "jsonencode" && len(e.Args) == 0 && a.end == e.CloseParenRange.Start.Byte {
				n++
			}
		case *hclsyntax.TupleConsExpr:
			if a := blanked[e.OpenRange.End.Byte]; a != nil && a.tuple && len(e.Exprs) == 0 && a.end == e.SrcRange.End.Byte-1 {
				n++
			}
		}
		return nil
	})
	return n
}

// fastArg is a value the fast reader read: src[start:end] is the text
// between jsonencode's parentheses or a tuple's brackets; computed are the
// ranges of its values built from references (as tfConverter.computed).
type fastArg struct {
	start, end int
	tuple      bool
	value      jsonsyntax.Value
	computed   [][2]int
}

// fastValues reads the jsonencode arguments of src and the literal tuples
// given to arguments outside them, in source order.
func fastValues(src []byte) []fastArg {
	args := fastJSONEncodeArgs(src)
	text := unsafe.String(unsafe.SliceData(src), len(src))
	var out []fastArg
	next := 0 // the first jsonencode argument not yet passed
	for from := 0; ; {
		i := bytes.IndexByte(src[from:], '[')
		if i < 0 {
			break
		}
		at := from + i
		from = at + 1
		for next < len(args) && args[next].end <= at {
			out = append(out, args[next])
			next++
		}
		if next < len(args) && args[next].start <= at {
			from = args[next].end
			continue
		}
		if a, ok := readTupleArgument(src, text, at); ok {
			out = append(out, a)
			from = a.end + 1
		}
	}
	return append(out, args[next:]...)
}

// readTupleArgument reads the tuple at p when it is an argument's whole
// value (after "=", before the line's end) of literal strings, numbers and
// booleans.
func readTupleArgument(src []byte, text string, p int) (a fastArg, ok bool) {
	q := p - 1
	for q >= 0 && src[q] == ' ' {
		q--
	}
	if q < 1 || src[q] != '=' || bytes.IndexByte([]byte("=<>!"), src[q-1]) >= 0 {
		return fastArg{}, false
	}
	defer func() {
		if e := recover(); e != nil {
			if _, is := e.(giveUp); !is {
				panic(e)
			}
			ok = false
		}
	}()
	h := &literalReader{src: src, text: text, p: p, literalsOnly: true}
	v := h.tuple()
	for _, e := range v.Elements {
		if e.Kind != jsonsyntax.String && e.Kind != jsonsyntax.Number && e.Kind != jsonsyntax.Bool {
			return fastArg{}, false
		}
	}
	h.space(false)
	if len(v.Elements) == 0 || !(h.p == len(src) || h.atLineEnd() || src[h.p] == '}') {
		return fastArg{}, false
	}
	return fastArg{start: p + 1, end: v.End - 1, tuple: true, value: v}, true
}

// fastJSONEncodeArgs reads the literal objects written as
// jsonencode({...}) in src. A match inside a string or a comment reads as
// well, and is then not found as a call in hclsyntax's parse (parseHCL).
func fastJSONEncodeArgs(src []byte) []fastArg {
	var args []fastArg
	text := unsafe.String(unsafe.SliceData(src), len(src))
	call := []byte("jsonencode(")
	for from := 0; ; {
		i := bytes.Index(src[from:], call)
		if i < 0 {
			return args
		}
		at := from + i
		from = at + len(call)
		if at > 0 && (isIdentByte(src[at-1]) || src[at-1] == '.') {
			continue
		}
		// A reference to a policy document stays in hclsyntax's tree,
		// where the module scan looks for it.
		if a, ok := readJSONEncodeArg(src, text, from); ok && !bytes.Contains(src[a.start:a.end], []byte("aws_iam_policy_document")) {
			args = append(args, a)
			from = a.end
		}
	}
}

// readJSONEncodeArg reads the argument starting at p, just after
// "jsonencode(": an object and the ")" after it.
func readJSONEncodeArg(src []byte, text string, p int) (a fastArg, ok bool) {
	defer func() {
		if e := recover(); e != nil {
			if _, is := e.(giveUp); !is {
				panic(e)
			}
			ok = false
		}
	}()
	h := &literalReader{src: src, text: text, p: p}
	h.space(true)
	if h.peek() != '{' {
		return fastArg{}, false
	}
	v := h.object()
	h.space(true)
	if h.peek() != ')' {
		return fastArg{}, false
	}
	return fastArg{start: p, end: h.p, value: v, computed: h.computed}, true
}

// literalReader reads the literal HCL values of a jsonencode argument from
// p, panicking giveUp on anything else.
type literalReader struct {
	src      []byte
	text     string
	p        int
	depth    int
	computed [][2]int
	// literalsOnly: a reference gives up (its tuple's references must
	// stay in hclsyntax's tree for the module scan).
	literalsOnly bool
}

func (h *literalReader) fail() { panic(giveUp{}) }

// peek is the byte at p; there must be one.
func (h *literalReader) peek() byte {
	if h.p >= len(h.src) {
		h.fail()
	}
	return h.src[h.p]
}

// space skips spaces and, when lines is set, line breaks and line
// comments.
func (h *literalReader) space(lines bool) {
	for h.p < len(h.src) {
		switch c := h.src[h.p]; {
		case c == ' ':
		case lines && c == '\n':
		case lines && c == '\r' && h.p+1 < len(h.src) && h.src[h.p+1] == '\n':
		case lines && h.atComment():
			h.p += bytes.IndexByte(h.src[h.p:], '\n') // there is one: atComment
		default:
			return
		}
		h.p++
	}
}

// atComment: a # or // comment starts at p and ends with a line break.
func (h *literalReader) atComment() bool {
	rest := h.src[h.p:]
	return (rest[0] == '#' || bytes.HasPrefix(rest, []byte("//"))) && bytes.IndexByte(rest, '\n') >= 0
}

// atLineEnd: the item ends at p with a line break or a line comment.
func (h *literalReader) atLineEnd() bool {
	rest := h.src[h.p:]
	return len(rest) > 0 && (rest[0] == '\n' || bytes.HasPrefix(rest, []byte("\r\n")) || h.atComment())
}

func (h *literalReader) enter() {
	h.depth++
	if h.depth > maxFastDepth {
		h.fail()
	}
}

func (h *literalReader) value() jsonsyntax.Value {
	switch c := h.peek(); {
	case c == '{':
		return h.object()
	case c == '[':
		return h.tuple()
	case c == '"':
		return h.quoted()
	case c >= '0' && c <= '9':
		return h.number()
	case isIdentStart(c):
		start := h.p
		switch name := h.ident(); name {
		case "true", "false":
			return jsonsyntax.Value{Kind: jsonsyntax.Bool, Start: start, End: h.p, Text: name}
		case "null":
			return jsonsyntax.Value{Kind: jsonsyntax.Null, Start: start, End: h.p}
		case "for":
		default:
			// A reference (var.x, aws_s3_bucket.b.arn): a Hole.
			if h.literalsOnly {
				h.fail()
			}
			h.traversal()
			if h.p < len(h.src) && (h.src[h.p] == '(' || h.src[h.p] == '.' || h.src[h.p] == '[') {
				h.fail() // a call, a splat
			}
			h.computed = append(h.computed, [2]int{start, h.p})
			return jsonsyntax.Value{Kind: jsonsyntax.Hole, Start: start, End: h.p, Text: "expression"}
		}
	}
	h.fail()
	return jsonsyntax.Value{}
}

// object reads {key = value, ...}: items end at a comma or a line break,
// keys are names or quoted strings, = or : between.
func (h *literalReader) object() jsonsyntax.Value {
	h.enter()
	v := jsonsyntax.Value{Kind: jsonsyntax.Object, Start: h.p}
	h.p++
	h.space(true)
	for h.peek() != '}' {
		var key jsonsyntax.Value
		if h.peek() == '"' {
			key = h.quoted()
			if key.Kind != jsonsyntax.String || bytes.Contains(h.src[key.Start:key.End], []byte("${")) {
				h.fail() // a key with a reference is computed: not read
			}
		} else {
			start := h.p
			if !isIdentStart(h.peek()) {
				h.fail()
			}
			name := h.ident()
			switch name {
			case "true", "false", "null", "for":
				h.fail() // not read as a name by hclsyntax
			}
			key = jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: h.p, Text: name}
		}
		h.space(false)
		if c := h.peek(); c != '=' && c != ':' {
			h.fail()
		}
		colon := h.p
		h.p++
		h.space(false)
		val := h.value()
		v.Members = append(v.Members, jsonsyntax.Member{Key: key, Colon: colon, Value: &val})
		h.space(false)
		switch {
		case h.atLineEnd():
			h.space(true)
		case h.peek() == ',':
			h.p++
			h.space(true)
		case h.peek() != '}':
			h.fail()
		}
	}
	h.p++
	v.End = h.p
	h.depth--
	return v
}

// tuple reads [value, ...], line breaks anywhere between.
func (h *literalReader) tuple() jsonsyntax.Value {
	h.enter()
	v := jsonsyntax.Value{Kind: jsonsyntax.Array, Start: h.p}
	h.p++
	h.space(true)
	for h.peek() != ']' {
		v.Elements = append(v.Elements, h.value())
		h.space(true)
		if h.peek() == ',' {
			h.p++
			h.space(true)
		} else if h.peek() != ']' {
			h.fail()
		}
	}
	h.p++
	v.End = h.p
	h.depth--
	return v
}

// traversal reads the rest of a reference after its first name: .name
// and [digits] steps.
func (h *literalReader) traversal() {
	for h.p+1 < len(h.src) {
		switch c := h.src[h.p]; {
		case c == '.' && isIdentStart(h.src[h.p+1]):
			h.p++
			h.ident()
		case c == '[' && h.src[h.p+1] >= '0' && h.src[h.p+1] <= '9':
			h.p++
			for h.peek() >= '0' && h.peek() <= '9' {
				h.p++
			}
			if h.peek() != ']' {
				h.fail()
			}
			h.p++
		default:
			return
		}
	}
}

// quoted reads a one-line double-quoted string of printable ASCII without
// an escape or a template directive (hclsyntax decodes those, and
// normalizes other text); its ${reference} parts read as tfConverter's
// template reads them: written with dots only, and a string that starts
// with one a Hole.
func (h *literalReader) quoted() jsonsyntax.Value {
	start := h.p
	var b []byte // the text, once a reference is met
	from, parts, hole := start+1, 0, false
	for h.p++; ; h.p++ {
		switch c := h.peek(); {
		case c == '"':
			h.p++
			v := jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: h.p, Text: h.text[start+1 : h.p-1]}
			switch {
			case hole:
				// hclsyntax: a string that is one interpolation is that
				// expression; one that starts with one, a Hole.
				v.Kind, v.Text = jsonsyntax.Hole, "interpolation"
				if parts == 1 && from == h.p-1 {
					v.Text = "expression"
				}
			case parts > 0:
				v.Text = string(append(b, h.src[from:h.p-1]...))
			default:
				return v
			}
			h.computed = append(h.computed, [2]int{start, h.p})
			return v
		case c < 0x20 || c >= 0x7f || c == '\\' || c == '%' && h.p+1 < len(h.src) && h.src[h.p+1] == '{':
			h.fail()
		case c == '$' && h.p+1 < len(h.src) && h.src[h.p+1] == '{':
			if h.literalsOnly || h.p > start+1 && h.src[h.p-1] == '$' {
				h.fail() // $${ writes ${
			}
			at := h.p
			h.p += 2
			if !isIdentStart(h.peek()) {
				h.fail()
			}
			h.ident()
			h.traversal()
			if h.peek() != '}' {
				h.fail()
			}
			hole = hole || at == start+1
			if !hole {
				b = append(b, h.src[from:at]...)
				b = append(b, "${"+variableText(h.text[at+2:h.p])+"}"...)
			}
			parts++
			from = h.p + 1
		}
	}
}

// number reads a whole number of at most six digits, which hclsyntax's
// value writes back as it is written.
func (h *literalReader) number() jsonsyntax.Value {
	start := h.p
	for h.p < len(h.src) && h.src[h.p] >= '0' && h.src[h.p] <= '9' {
		h.p++
	}
	if h.p-start > 6 || h.src[start] == '0' && h.p-start > 1 {
		h.fail()
	}
	if h.p < len(h.src) && (isIdentByte(h.src[h.p]) || h.src[h.p] == '.') {
		h.fail() // a fraction, an exponent or a name
	}
	return jsonsyntax.Value{Kind: jsonsyntax.Number, Start: start, End: h.p, Text: h.text[start:h.p]}
}

// ident reads a name of ASCII letters, digits, _ and -.
func (h *literalReader) ident() string {
	start := h.p
	for h.p < len(h.src) && (isIdentByte(h.src[h.p]) || h.src[h.p] == '-') {
		h.p++
	}
	if h.p < len(h.src) && h.src[h.p] >= 0x80 {
		h.fail() // hclsyntax's names take Unicode letters
	}
	return h.text[start:h.p]
}

func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

func isIdentByte(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }
