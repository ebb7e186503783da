package host

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// The YAML front end converts go-yaml's AST into jsonsyntax.Values with
// byte offsets into the template (go-yaml counts columns in runes from 1;
// its Offset field is neither bytes nor stable across token kinds, so
// offsets are computed from line and column). Every scalar becomes a
// String, as CloudFormation passes them on (an unquoted account ID or
// 2012-10-17 is a string to IAM); an empty value or null is Null.

// parseGoYAML is go-yaml's reading of src, for the templates the fast
// reader gives up on (readFastTemplate), with a syntax error's place.
// go-yaml costs about 150 ns a byte (blank space included), ten times the
// policy analysis of the same text, so the lines of the resources that
// cannot hold a policy are left out first (policyResourcesOnly); when that
// copy does not parse (a layout the line scan misread), the whole template
// is parsed as written.
func parseGoYAML(src []byte) (root *jsonsyntax.Value, c *converter, serr *SyntaxError) {
	if lean, starts := policyResourcesOnly(src); lean != nil {
		if root, c, serr = parseYAMLOf(lean, src, starts); serr == nil {
			return root, c, nil
		}
	}
	return parseYAMLOf(src, src, lineStarts(src))
}

// fastTemplate is readFastTemplate, which must not take the server down.
func fastTemplate(src []byte) (f *File, read bool) {
	defer func() {
		if recover() != nil {
			f, read = nil, false
		}
	}()
	return readFastTemplate(src)
}

// parseYAMLOf parses text, whose line i is the line of src starting at
// starts[i] (text is src or some of its whole lines), and converts it with
// the bytes of src.
func parseYAMLOf(text, src []byte, starts []int) (root *jsonsyntax.Value, c *converter, serr *SyntaxError) {
	c = newConverter(src)
	defer func() {
		// go-yaml is a large hand-written parser: a panic on some input
		// must not take the server down.
		if r := recover(); r != nil {
			root, serr = nil, &SyntaxError{Start: 0, End: 0, Message: "YAML: this template could not be read"}
		}
	}()
	file, err := parser.ParseBytes(crlfAsLF(text), 0)
	if err != nil {
		return nil, c, c.yamlError(err, starts)
	}
	y := &yamlReader{converter: c, lines: starts}
	for _, d := range file.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		v := y.value(d.Body, 0)
		return &v, c, nil
	}
	return nil, c, nil
}

// crlfAsLF returns text with each CRLF written LF for go-yaml, which
// counts the CRLF that ends a comment as two lines (goccy/go-yaml#560):
// every position below a comment would be a line too low. Lines and
// columns (which positions are read from) stay the same, "\r" being the
// last byte of its line; YAML reads a CRLF as LF anyway.
func crlfAsLF(text []byte) []byte {
	if !bytes.Contains(text, []byte("\r\n")) {
		return text
	}
	return bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n"))
}

func (c *converter) yamlError(err error, starts []int) *SyntaxError {
	msg := err.Error()
	var se *goyaml.SyntaxError
	start := 0
	if errors.As(err, &se) {
		msg = se.Message
		if se.Token != nil && se.Token.Position != nil {
			start = offsetOf(c.src, starts, se.Token.Position.Line, se.Token.Position.Column)
		}
	}
	end := start
	for end < len(c.src) && c.src[end] != '\n' && c.src[end] != '\r' {
		end++
	}
	return &SyntaxError{Start: start, End: end, Message: "YAML: " + msg}
}

type yamlReader struct {
	*converter
	lines []int
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offsetOf turns a 1-based line and rune column into a byte offset,
// clamped to the source.
func offsetOf(src []byte, lines []int, line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(lines) {
		return len(src)
	}
	off := lines[line-1]
	for i := 1; i < col && off < len(src) && src[off] != '\n'; i++ {
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

// tokenRange is the byte range of a scalar token: from its position for
// the length of its source text (go-yaml's Origin, without the
// whitespace around it), or to the end of the line when that text is not
// found there.
func (y *yamlReader) tokenRange(tk *token.Token) (int, int) {
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	start := offsetOf(y.src, y.lines, tk.Position.Line, tk.Position.Column)
	raw := strings.TrimSpace(tk.Origin)
	if raw != "" && strings.HasPrefix(y.text[start:], raw) {
		return start, start + len(raw)
	}
	if strings.Contains(raw, "\n") { // go-yaml read the CRLF template with LF (crlfAsLF)
		if crlf := strings.ReplaceAll(raw, "\n", "\r\n"); strings.HasPrefix(y.text[start:], crlf) {
			return start, start + len(crlf)
		}
	}
	end := start
	for end < len(y.src) && y.src[end] != '\n' && y.src[end] != '\r' {
		end++
	}
	return start, end
}

// closeAfter returns the offset just past the first closing bracket at or
// after from (a flow collection's end), or from.
func (y *yamlReader) closeAfter(tk *token.Token, from int) int {
	if tk == nil || tk.Position == nil {
		return from
	}
	at := offsetOf(y.src, y.lines, tk.Position.Line, tk.Position.Column)
	if at >= from && at < len(y.src) {
		return at + 1
	}
	return from
}

// maxYAMLDepth bounds the recursion on hostile nesting.
const maxYAMLDepth = 200

func (y *yamlReader) value(n ast.Node, depth int) jsonsyntax.Value {
	if n == nil || depth > maxYAMLDepth {
		return jsonsyntax.Value{Kind: jsonsyntax.Hole}
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		if v, ok := y.splitPlain(n); ok {
			return v
		}
		v := jsonsyntax.Value{Kind: jsonsyntax.Object}
		for _, mv := range n.Values {
			v.Members = append(v.Members, y.member(mv, depth))
		}
		v.Start, v.End = y.span(n.Start, n.IsFlowStyle, n.End, v.Members)
		if n.IsFlowStyle && colonInPlainKey(y.src, v.Members) {
			// {aws:SourceAccount: x}: go-yaml splits the key at its first
			// colon (YAML 1.2 keeps it whole; PyYAML refuses it). What the
			// deployment reads is unsure: check nothing in it.
			y.computed = append(y.computed, [2]int{v.Start, v.End})
			return jsonsyntax.Value{Kind: jsonsyntax.Hole, Start: v.Start, End: v.End}
		}
		if name, ok := intrinsic(&v); ok {
			return y.computedValue(name, v.Members[0].Value, v.Start, v.End)
		}
		return v
	case *ast.MappingValueNode:
		v := jsonsyntax.Value{Kind: jsonsyntax.Object, Members: []jsonsyntax.Member{y.member(n, depth)}}
		v.Start, v.End = y.span(nil, false, nil, v.Members)
		if name, ok := intrinsic(&v); ok {
			return y.computedValue(name, v.Members[0].Value, v.Start, v.End)
		}
		return v
	case *ast.SequenceNode:
		v := jsonsyntax.Value{Kind: jsonsyntax.Array}
		for _, e := range n.Values {
			v.Elements = append(v.Elements, y.value(e, depth+1))
		}
		v.Start, _ = y.tokenRange(n.Start)
		v.End = v.Start + 1
		if len(v.Elements) > 0 {
			v.End = max(v.End, v.Elements[len(v.Elements)-1].End)
		}
		if n.IsFlowStyle {
			v.End = y.closeAfter(n.End, v.End)
		}
		return v
	case *ast.TagNode:
		start, _ := y.tokenRange(n.Start)
		inner := y.value(n.Value, depth+1)
		tag := n.Start.Value
		if strings.HasPrefix(tag, "!!") {
			return inner // a YAML core tag (!!str): the value as written
		}
		end := max(inner.End, start+len(tag))
		name := "Fn::" + tag[1:]
		if tag == "!Ref" || tag == "!Condition" {
			name = tag[1:]
		}
		return y.computedValue(name, &inner, start, end)
	case *ast.AnchorNode:
		return y.value(n.Value, depth+1)
	case *ast.LiteralNode:
		start, _ := y.tokenRange(n.Start)
		v := jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: blockEnd(y.src, start)}
		if n.Value != nil {
			v.Text = n.Value.Value
		}
		return v
	case *ast.NullNode:
		start, end := y.tokenRange(n.Token)
		return jsonsyntax.Value{Kind: jsonsyntax.Null, Start: start, End: end, Text: "null"}
	case ast.ScalarNode:
		start, end := y.tokenRange(n.GetToken())
		text := n.GetToken().Value
		if s, ok := n.(*ast.StringNode); ok {
			text = s.Value
		}
		return jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: end, Text: text}
	}
	// Aliases, merge keys and anything else: computed, never checked.
	start, end := y.tokenRange(n.GetToken())
	y.computed = append(y.computed, [2]int{start, end})
	return jsonsyntax.Value{Kind: jsonsyntax.Hole, Start: start, End: end}
}

// splitPlain reads as the one plain scalar it is a mapping go-yaml made by
// splitting a plain scalar at a colon: in a flow sequence inside a flow
// mapping it reads [s3:GetObject] as [{s3: GetObject}] (goccy/go-yaml#832),
// where YAML, and CloudFormation, read the string "s3:GetObject". The
// mapping is one pair, a plain key, the colon and a plain scalar value
// written without a space between, whose text is key:value.
func (y *yamlReader) splitPlain(n *ast.MappingNode) (jsonsyntax.Value, bool) {
	if n.IsFlowStyle || len(n.Values) != 1 {
		return jsonsyntax.Value{}, false
	}
	mv := n.Values[0]
	key, isString := mv.Key.(*ast.StringNode)
	value, isScalar := mv.Value.(ast.ScalarNode)
	colon := mv.GetToken()
	if !isString || !isScalar || colon == nil || colon.Position == nil || key.GetToken() == nil || value.GetToken() == nil {
		return jsonsyntax.Value{}, false
	}
	start, keyEnd := y.tokenRange(key.GetToken())
	valueStart, end := y.tokenRange(value.GetToken())
	at := offsetOf(y.src, y.lines, colon.Position.Line, colon.Position.Column)
	if at != keyEnd || valueStart != at+1 || end > len(y.text) {
		return jsonsyntax.Value{}, false
	}
	text := y.text[start:end]
	if text != key.GetToken().Value+":"+value.GetToken().Value || strings.ContainsAny(text[:1], "\"'") {
		return jsonsyntax.Value{}, false
	}
	return jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: end, Text: text}, true
}

func (y *yamlReader) member(mv *ast.MappingValueNode, depth int) jsonsyntax.Member {
	m := jsonsyntax.Member{Colon: -1}
	if mv.Key != nil {
		start, end := y.tokenRange(mv.Key.GetToken())
		m.Key = jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: end, Text: keyText(mv.Key)}
	}
	if tk := mv.GetToken(); tk != nil && tk.Position != nil {
		m.Colon = offsetOf(y.src, y.lines, tk.Position.Line, tk.Position.Column)
	}
	if mv.Value != nil {
		v := y.value(mv.Value, depth+1)
		if v.End < v.Start || v.Start < m.Key.Start {
			// An empty value: go-yaml places its null at the next token.
			at := max(m.Colon+1, m.Key.End)
			v = jsonsyntax.Value{Kind: jsonsyntax.Null, Start: at, End: at, Text: "null"}
		}
		m.Value = &v
	}
	return m
}

func keyText(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	if tk := k.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// span is a mapping's range: its braces in flow style, else from its first
// key to its last value.
func (y *yamlReader) span(open *token.Token, flow bool, close *token.Token, members []jsonsyntax.Member) (int, int) {
	start, end := 0, 0
	if len(members) > 0 {
		start = members[0].Key.Start
		last := members[len(members)-1]
		end = last.Key.End
		if last.Value != nil {
			end = max(end, last.Value.End)
		}
	}
	if flow && open != nil {
		s, _ := y.tokenRange(open)
		start = s
		end = y.closeAfter(close, max(end, s))
	}
	return start, end
}

// colonInPlainKey reports whether a flow mapping has a plain key directly
// followed by ':' and a non-space, which go-yaml reads differently from the
// YAML specification.
func colonInPlainKey(src []byte, members []jsonsyntax.Member) bool {
	for _, m := range members {
		k, c := m.Key.Start, m.Colon
		if k < 0 || k >= len(src) || src[k] == '"' || src[k] == '\'' || c < 0 || c+1 >= len(src) {
			continue
		}
		if !strings.ContainsRune(" \t\r\n,}", rune(src[c+1])) {
			return true
		}
	}
	return false
}

// blockEnd returns the end of a block scalar whose header ('|' or '>')
// is at start: its content is the following lines indented more than the
// header's line (and blank lines among them), without the trailing line
// breaks. go-yaml's content token does not carry a usable position.
func blockEnd(src []byte, start int) int {
	lineStart := start
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	parentIndent := 0
	for lineStart+parentIndent < len(src) && src[lineStart+parentIndent] == ' ' {
		parentIndent++
	}
	end := start + 1
	for end < len(src) && src[end] != '\n' {
		end++ // the rest of the header line (chomping, a comment)
	}
	last := end
	for pos := end + 1; pos < len(src); {
		next := pos
		for next < len(src) && src[next] != '\n' {
			next++
		}
		line := src[pos:next]
		indent := 0
		for indent < len(line) && line[indent] == ' ' {
			indent++
		}
		blank := len(strings.TrimSpace(string(line))) == 0
		if !blank && indent <= parentIndent {
			break
		}
		if !blank {
			last = pos + len(strings.TrimRight(string(line), " \t\r"))
		}
		pos = next + 1
	}
	return last
}

// policyResourcesOnly returns the lines of src without those of each entry
// of the top-level block-style Resources mapping whose text cannot hold a
// policy (no "Polic" as in PolicyDocument, Policies, KeyPolicy, and no
// "Statement"), but for its name line and its Type line: such a resource
// reads as a Type alone. starts[i] is the offset in src of the copy's line
// i; columns are unchanged. It returns nil when there is nothing to leave
// out or the layout is not the plain one the scan understands (no
// Resources: line at column 0, a tab in indentation, an entry indented
// less than the first).
func policyResourcesOnly(src []byte) (lean []byte, starts []int) {
	type line struct{ start, end, indent int }
	var lines []line
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		indent := 0
		for start+indent < end && src[start+indent] == ' ' {
			indent++
		}
		lines = append(lines, line{start, end, indent})
		start = end + 1
	}
	quiet := func(l line) bool { return quietLine(src[l.start:l.end], l.indent) }
	keyOnly := func(l line) bool { return keyOnlyLine(src[l.start:l.end], l.indent) }
	first := -1
	for i, l := range lines {
		if l.indent == 0 && resourcesLine(src[l.start:l.end]) {
			first = i + 1
			break
		}
	}
	if first < 0 {
		return nil, nil
	}
	drop := make([]bool, len(lines))
	dropped := false
	entryIndent := -1
	leaveOut := func(from, to int) { // lines[from] is the entry's name
		if !keyOnly(lines[from]) || mayHoldPolicy(src[lines[from].start:lines[to-1].end]) {
			return
		}
		childIndent := -1
		for j, l := range lines[from+1 : to] {
			if quiet(l) {
				drop[from+1+j], dropped = true, true
				continue
			}
			if childIndent < 0 {
				childIndent = l.indent
			}
			if l.indent == childIndent && typeLine(src[l.start:l.end], l.indent) {
				continue
			}
			drop[from+1+j], dropped = true, true
		}
	}
	entry := -1
	i := first
	for ; i < len(lines); i++ {
		l := lines[i]
		if quiet(l) {
			continue
		}
		if l.start+l.indent < l.end && src[l.start+l.indent] == '\t' {
			return nil, nil
		}
		if l.indent == 0 {
			break
		}
		if entryIndent < 0 {
			entryIndent = l.indent
		}
		if l.indent < entryIndent {
			return nil, nil
		}
		if l.indent == entryIndent {
			if entry >= 0 {
				leaveOut(entry, i)
			}
			entry = i
		}
	}
	if entry >= 0 {
		leaveOut(entry, i)
	}
	if !dropped {
		return nil, nil
	}
	lean = make([]byte, 0, len(src))
	for i, l := range lines {
		if drop[i] {
			continue
		}
		starts = append(starts, l.start)
		lean = append(lean, src[l.start:min(l.end+1, len(src))]...)
	}
	return lean, starts
}

// quietLine: a line (indented by indent) blank or a comment only, with no
// say in the structure.
func quietLine(line []byte, indent int) bool {
	rest := bytes.TrimSpace(line[indent:])
	return len(rest) == 0 || rest[0] == '#'
}

// keyOnlyLine: "Name:" with nothing after but a comment.
func keyOnlyLine(line []byte, indent int) bool {
	text := bytes.TrimRight(line, " \r")
	if i := bytes.Index(text, []byte(" #")); i >= 0 {
		text = bytes.TrimRight(text[:i], " ")
	}
	return bytes.HasSuffix(text, []byte(":")) && !containsAny(text[indent:], &notInKeyOnlyLine)
}

// The bytes keyOnlyLine and typeLine refuse, as sets: bytes.ContainsAny
// builds its set at each call (a tenth of the read of a template's
// resources that hold no policy).
var (
	notInKeyOnlyLine = setOf("{}[]&*!|>\"'")
	notInTypeLine    = setOf("#{}[]&*!|>")
)

func containsAny(b []byte, set *byteSet) bool {
	for _, c := range b {
		if set[c] {
			return true
		}
	}
	return false
}

// resourcesLine: the line at the margin that opens a block-style
// Resources mapping.
func resourcesLine(line []byte) bool {
	return bytes.HasPrefix(line, []byte("Resources:")) && keyOnlyLine(line, 0) && !bytes.Contains(line[len("Resources:"):], []byte(":"))
}

// mayHoldPolicy: a resource's text names a policy or a statement.
func mayHoldPolicy(text []byte) bool {
	return bytes.Contains(text, []byte("Polic")) || bytes.Contains(text, []byte("Statement"))
}

// typeLine: a plain "Type: AWS::..." line, kept of a resource that cannot
// hold a policy.
func typeLine(line []byte, indent int) bool {
	return bytes.HasPrefix(line[indent:], []byte("Type: AWS::")) && !containsAny(line, &notInTypeLine)
}

// openOn reads a line's text as YAML flow syntax: the brackets it leaves
// open, innermost last, and the quote it leaves open (0 for none); a
// comment ends it.
func openOn(line []byte) (open []byte, quote byte) {
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0 && c == quote:
			if quote == '\'' && i+1 < len(line) && line[i+1] == '\'' {
				i++ // '' inside single quotes
				continue
			}
			quote = 0
		case quote != 0:
		case c == '#' && (i == 0 || line[i-1] == ' '):
			i = len(line) // a comment
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" [{,:-", line[i-1]) >= 0):
			quote = c
		case c == '[' || c == '{':
			open = append(open, c)
		case (c == ']' || c == '}') && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	return open, quote
}

// ClosedLine returns a copy of src in which the line holding offset has
// the quote and flow brackets it leaves open closed at its end, as they
// are while a line is being typed (Action: [ses:Sen, - "ses:Sen), and the
// end of that line in src; nil when the line leaves nothing open. The text
// up to the line's end is unchanged, so offsets there hold in both.
func ClosedLine(src []byte, offset int) (closed []byte, lineEnd int) {
	if offset < 0 || offset > len(src) {
		return nil, 0
	}
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	lineEnd = offset + bytes.IndexByte(src[offset:], '\n')
	if lineEnd < offset {
		lineEnd = len(src)
	}
	line := bytes.TrimRight(src[start:lineEnd], "\r")
	open, quote := openOn(line)
	if quote == 0 && len(open) == 0 {
		return nil, 0
	}
	var closers []byte
	if quote != 0 {
		closers = append(closers, quote)
	}
	for i := len(open) - 1; i >= 0; i-- {
		closers = append(closers, map[byte]byte{'[': ']', '{': '}'}[open[i]])
	}
	end := start + len(line)
	closed = make([]byte, 0, len(src)+len(closers))
	closed = append(append(append(closed, src[:end]...), closers...), src[end:]...)
	return closed, end
}
