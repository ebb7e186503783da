package jsonsyntax

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"unsafe"
)

// Error recovery, in short. The parser is recursive descent over a byte
// cursor. Every loop iteration either consumes input or stops, so no input
// can make it spin. After a token it cannot use, an object or array loop
// reports the problem and resumes at the next ',' '}' or ']' at its own
// level; a closing bracket of the wrong kind is left for an enclosing
// container, so `{"a": [1, 2}` closes the object and reports the array as
// unclosed. Nesting deeper than MaxDepth is skipped in one flat pass, so a
// hostile document cannot exhaust the stack.

// MaxDepth is the deepest nesting of objects and arrays the parser descends
// into. Policies nest five or six levels; anything deeper than this is
// skipped and reported.
const MaxDepth = 128

// maxSourceSize is the largest source Parse reads: offsets are 32-bit, and
// nobody edits a 2 GB policy. A variable so tests can lower it.
var maxSourceSize = math.MaxInt32

// none marks a missing node index (no parent, no value yet).
const none = -1

type parser struct {
	doc   *Document
	src   []byte
	text  string // src as a string, so node texts are substrings, not copies
	pos   int
	depth int
	errs  []Error

	dropped int // errors beyond MaxErrors, counted only
	// duplicates are the duplicate-key errors, kept aside and recorded after
	// the syntax errors: when a document has more errors than MaxErrors,
	// the ones that make it unreadable are the ones to keep.
	duplicates []Error

	nodes    []Node
	stack    []int32 // children of the containers being parsed
	children []int32 // finished containers' children, one run each
}

// Parse parses src. It never fails: problems are returned in Document.Errors
// and the tree holds whatever could be recognised.
//
// The tree's strings share memory with src (no copy is made), so src must not
// be modified after Parse; editors and the CLI hand over a fresh buffer for
// every version of a document.
func Parse(src []byte) *Document {
	doc := &Document{Source: unsafe.String(unsafe.SliceData(src), len(src))}
	if len(src) > maxSourceSize {
		doc.Errors = []Error{{Code: ErrTooLarge, Message: "document is too large to parse (more than 2 GB)"}}
		return doc
	}
	// Policies hold about one node per 11 bytes and nest a few levels; start
	// with room for that so a typical parse grows nothing. (The stack holds
	// the members of the containers still open.)
	expected := len(src)/10 + 8
	p := &parser{
		doc: doc, src: src, text: doc.Source,
		nodes:    make([]Node, 0, expected),
		children: make([]int32, 0, expected),
		stack:    make([]int32, 0, 64),
	}
	p.skipTrivia()
	root := int32(none)
	if p.pos < len(src) {
		p.skipLeadingLines()
		root = p.parseValue(none)
		if root == none {
			// The document starts with something that is no value at all,
			// such as a stray '}' or ':'.
			root = p.invalidUntilEnd()
		}
		p.skipTrivia()
		if p.pos < len(src) {
			start := p.pos
			end := len(src)
			for end > start && isSpace(src[end-1]) {
				end--
			}
			p.errorf(ErrTrailingContent, start, end, "unexpected content after the end of the document")
		}
	}
	// Nodes no longer move: hand out pointers to them.
	doc.nodes = p.nodes
	if len(p.children) > 0 {
		doc.children = make([]*Node, len(p.children), len(p.children)+1)
		for i, c := range p.children {
			doc.children[i] = &doc.nodes[c]
		}
	}
	if root != none {
		doc.Root = &doc.nodes[root]
		doc.rootSlot = int32(len(doc.children))
		doc.children = append(doc.children, doc.Root)
	}
	for _, e := range p.duplicates {
		p.errorf(e.Code, e.Start, e.End, e.Message)
	}
	// Errors are found out of order (an unclosed object is known only at
	// the end); hand them out in document order.
	slices.SortStableFunc(p.errs, func(a, b Error) int { return a.Start - b.Start })
	doc.Errors = p.errs
	doc.ErrorsDropped = p.dropped
	return doc
}

// skipLeadingLines passes over lines of text that stand before a document
// starting on a later line with '{': a "# policy for ..." comment, a shell
// line such as `cat <<EOF > policy.json`, a Terraform `policy = <<EOF`.
// Pasted policies carry them; reporting each line and parsing the object
// after them keeps the policy a policy. A document that starts with a
// value, or with no later line starting with '{', is left as it is.
func (p *parser) skipLeadingLines() {
	src := p.src
	switch c := src[p.pos]; {
	case c == '{' || c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9':
		return
	}
	word := p.text[p.pos:]
	for _, literal := range []string{"true", "false", "null"} {
		if strings.HasPrefix(word, literal) && (len(word) == len(literal) || isDelimiter(word[len(literal)])) {
			return
		}
	}
	brace := -1
	for i := p.pos; brace < 0; {
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			return
		}
		i += nl + 1
		j := i
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
			j++
		}
		if j < len(src) && src[j] == '{' {
			brace = j
		}
	}
	for at := p.pos; at < brace; {
		end := at + bytes.IndexByte(src[at:brace], '\n')
		if end < at {
			end = brace
		}
		line := strings.TrimSpace(p.text[at:end])
		start := at + strings.Index(p.text[at:end], line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//"):
			p.errorf(ErrComment, start, start+len(line), "comments are not allowed in policy JSON")
		default:
			p.errorf(ErrLeadingContent, start, start+len(line), "unexpected content before the document; a policy starts with '{'")
		}
		at = end + 1
	}
	p.pos = brace
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// MaxErrors is how many errors a Document keeps. Garbage input can have an
// error every two bytes; beyond this many they are only counted
// (Document.ErrorsDropped), so memory stays bounded by the source size.
const MaxErrors = 1000

func (p *parser) errorf(code ErrorCode, start, end int, msg string) {
	if len(p.errs) >= MaxErrors {
		p.dropped++
		return
	}
	p.errs = append(p.errs, Error{Code: code, Start: start, End: end, Message: msg})
}

// newNode appends a node spanning [start, end) and returns its index.
func (p *parser) newNode(kind Kind, parent int32, start, end int) int32 {
	i := len(p.nodes)
	if i == cap(p.nodes) {
		p.nodes = append(p.nodes, Node{})
	} else {
		p.nodes = p.nodes[:i+1]
	}
	// Field by field: a Node holds a pointer, and copying a whole Node in
	// while the collector runs costs a bulk write barrier; the slots past
	// the length were never used (the slice is only appended to).
	n := &p.nodes[i]
	n.doc, n.kind, n.parent = p.doc, kind, parent
	n.start, n.end = int32(start), int32(end)
	n.a, n.b, n.colon = none, none, none
	return int32(i)
}

// endContainer records the children pushed since base as node i's children.
func (p *parser) endContainer(i int32, base int, closed bool) {
	n := &p.nodes[i]
	n.end = int32(p.pos)
	n.closed = closed
	n.a = int32(len(p.children))
	n.b = int32(len(p.stack) - base)
	p.children = append(p.children, p.stack[base:]...)
	p.stack = p.stack[:base]
}

// text returns node i's text while parsing (before Document.nodes is set).
func (p *parser) nodeText(i int32) string {
	n := &p.nodes[i]
	if n.decoded {
		return p.doc.decoded[n.textStart]
	}
	return p.text[n.textStart:n.textEnd]
}

// parseValue parses the value at p.pos (trivia already skipped). It returns
// none, consuming nothing, when the next byte cannot start a value.
func (p *parser) parseValue(parent int32) int32 {
	if p.pos >= len(p.src) {
		return none
	}
	switch c := p.src[p.pos]; c {
	case '{', '[':
		if p.depth >= MaxDepth {
			return p.skipNested(parent)
		}
		if c == '{' {
			return p.parseObject(parent)
		}
		return p.parseArray(parent)
	case '"':
		return p.readString(parent)
	case '}', ']', ',', ':':
		return none
	default:
		return p.readWord(parent)
	}
}

func (p *parser) parseObject(parent int32) int32 {
	obj := p.newNode(Object, parent, p.pos, p.pos)
	start := p.pos
	p.pos++ // '{'
	p.depth++
	base := len(p.stack)
	needComma := false
	closed := false
	for {
		p.skipTrivia()
		if p.pos >= len(p.src) {
			p.errorf(ErrUnclosedObject, start, start+1, "object is not closed: '}' expected")
			break
		}
		c := p.src[p.pos]
		if c == '}' {
			p.pos++
			closed = true
			break
		}
		if c == ']' {
			// Belongs to an enclosing array, or is a stray; either way the
			// object ends here without its brace.
			p.errorf(ErrUnclosedObject, start, start+1, "object is not closed: '}' expected before ']'")
			break
		}
		if c == ',' {
			commaAt := p.pos
			p.pos++
			if !needComma {
				p.errorf(ErrExpectedKey, commaAt, commaAt+1, "property name expected before ','")
				continue
			}
			needComma = false
			p.skipTrivia()
			if p.pos < len(p.src) && p.src[p.pos] == '}' {
				p.errorf(ErrTrailingComma, commaAt, commaAt+1, "trailing comma is not allowed")
			}
			continue
		}
		if needComma {
			p.errorf(ErrExpectedComma, p.pos, p.pos+1, "',' expected between object members")
		}
		before := p.pos
		if prop := p.parseProperty(obj); prop != none {
			p.stack = append(p.stack, prop)
		}
		if p.pos == before {
			p.skipBadToken()
		}
		needComma = true
	}
	p.depth--
	p.reportDuplicates(p.stack[base:])
	p.endContainer(obj, base, closed)
	return obj
}

// reportDuplicates reports every key that repeats an earlier key of the same
// object. The later one is flagged: it is the one to look at, since readers
// disagree on which copy wins.
func (p *parser) reportDuplicates(props []int32) {
	var seen map[string]bool
	if len(props) > 16 {
		seen = make(map[string]bool, len(props))
	}
	for i, prop := range props {
		key := p.nodes[prop].a
		name := p.nodeText(key)
		dup := false
		if seen != nil {
			dup = seen[name]
			seen[name] = true
		} else {
			for _, earlier := range props[:i] {
				if p.nodeText(p.nodes[earlier].a) == name {
					dup = true
					break
				}
			}
		}
		if dup {
			k := &p.nodes[key]
			p.duplicates = append(p.duplicates, Error{Code: ErrDuplicateKey, Start: int(k.start), End: int(k.end), Message: "duplicate key \"" + trimQuotes(quoteForMessage(name)) + "\": an object may name each key once"})
		}
	}
}

func trimQuotes(s string) string { return s[1 : len(s)-1] }

// parseProperty parses `"key": value` at p.pos. It keeps a key without colon
// or value, because completion needs it.
func (p *parser) parseProperty(obj int32) int32 {
	var key int32
	switch c := p.src[p.pos]; {
	case c == '"':
		key = p.readString(none)
	case c == '{' || c == '[':
		// A value where a key should be: parse it to keep brackets balanced,
		// then drop it.
		start := p.pos
		p.parseValue(obj)
		p.errorf(ErrExpectedKey, start, p.pos, "property name expected")
		return none
	case c == ':':
		p.errorf(ErrExpectedKey, p.pos, p.pos+1, "property name expected before ':'")
		p.pos++
		p.skipTrivia()
		p.parseValue(obj)
		return none
	default:
		// An unquoted word used as a key: keep it as a key so the member is
		// still recognised, and say it must be quoted.
		start, end := p.readBareWord()
		key = p.newNode(String, none, start, end)
		k := &p.nodes[key]
		k.textStart, k.textEnd = int32(start), int32(end)
		p.errorf(ErrExpectedKey, start, end, "property name "+quoteForMessage(p.text[start:end])+" must be in double quotes")
	}
	keyStart, keyEnd := int(p.nodes[key].start), int(p.nodes[key].end)
	prop := p.newNode(Property, obj, keyStart, keyEnd)
	p.nodes[prop].a = key
	p.nodes[key].parent = prop

	p.skipTrivia()
	if p.pos < len(p.src) && p.src[p.pos] == ':' {
		colon := p.pos
		p.nodes[prop].colon = int32(colon)
		p.pos++
		p.nodes[prop].end = int32(p.pos)
		p.skipTrivia()
		if v := p.parseValue(prop); v != none {
			p.setValue(prop, v)
		} else {
			p.errorf(ErrExpectedValue, colon, colon+1, "value expected after ':'")
		}
		return prop
	}
	p.errorf(ErrExpectedColon, keyStart, keyEnd, "':' expected after property name")
	// `"Effect" "Allow"` on one line is a forgotten colon; a string on a later
	// line is more likely the next key, so leave it for the next member.
	if p.pos < len(p.src) && !p.newlineBetween(keyEnd, p.pos) {
		switch p.src[p.pos] {
		case '"', '{', '[':
			if v := p.parseValue(prop); v != none {
				p.setValue(prop, v)
			}
		}
	}
	return prop
}

// setValue makes v the value of property prop, in a slot of its own in the
// children array (see Node.Values).
func (p *parser) setValue(prop, v int32) {
	p.nodes[prop].b = int32(len(p.children))
	p.nodes[prop].end = p.nodes[v].end
	p.children = append(p.children, v)
}

func (p *parser) newlineBetween(from, to int) bool {
	for _, c := range p.src[from:to] {
		if c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

func (p *parser) parseArray(parent int32) int32 {
	arr := p.newNode(Array, parent, p.pos, p.pos)
	start := p.pos
	p.pos++ // '['
	p.depth++
	base := len(p.stack)
	needComma := false
	closed := false
	for {
		p.skipTrivia()
		if p.pos >= len(p.src) {
			p.errorf(ErrUnclosedArray, start, start+1, "array is not closed: ']' expected")
			break
		}
		c := p.src[p.pos]
		if c == ']' {
			p.pos++
			closed = true
			break
		}
		if c == '}' {
			p.errorf(ErrUnclosedArray, start, start+1, "array is not closed: ']' expected before '}'")
			break
		}
		if c == ',' {
			commaAt := p.pos
			p.pos++
			if !needComma {
				p.errorf(ErrExpectedValue, commaAt, commaAt+1, "value expected before ','")
				continue
			}
			needComma = false
			p.skipTrivia()
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.errorf(ErrTrailingComma, commaAt, commaAt+1, "trailing comma is not allowed")
			}
			continue
		}
		if needComma {
			p.errorf(ErrExpectedComma, p.pos, p.pos+1, "',' expected between array elements")
		}
		before := p.pos
		if v := p.parseValue(arr); v != none {
			p.stack = append(p.stack, v)
		}
		if p.pos == before {
			p.skipBadToken()
		}
		needComma = true
	}
	p.depth--
	p.endContainer(arr, base, closed)
	return arr
}

// skipBadToken consumes one token the current loop cannot use (a ':' in an
// array, say), so the loop always makes progress.
func (p *parser) skipBadToken() {
	start := p.pos
	p.pos++
	p.errorf(ErrInvalidToken, start, p.pos, "unexpected "+quoteForMessage(p.text[start:p.pos]))
}

// skipNested skips a whole nested object or array that lies beyond MaxDepth,
// counting brackets without recursion, and returns it as one Invalid node.
func (p *parser) skipNested(parent int32) int32 {
	start := p.pos
	depth := 0
	src := p.src
	i := p.pos
scan:
	for ; i < len(src); i++ {
		switch src[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				i++
				break scan
			}
		case '"':
			for i++; i < len(src) && src[i] != '"' && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
			if i >= len(src) {
				break scan
			}
		}
	}
	i = min(i, len(src))
	n := p.newNode(Invalid, parent, start, i)
	p.nodes[n].textStart, p.nodes[n].textEnd = int32(start), int32(i)
	p.nodes[n].closed = depth == 0
	p.pos = i
	p.errorf(ErrTooDeep, start, start+1, "nesting is too deep (more than 128 levels); the nested value is not analysed")
	return n
}

// invalidUntilEnd turns the rest of the document into one Invalid node, for a
// document that does not start with a value.
func (p *parser) invalidUntilEnd() int32 {
	start := p.pos
	end := len(p.src)
	for end > start && isSpace(p.src[end-1]) {
		end--
	}
	n := p.newNode(Invalid, none, start, end)
	p.nodes[n].textStart, p.nodes[n].textEnd = int32(start), int32(end)
	p.errorf(ErrInvalidToken, start, min(start+1, end), "a JSON document must start with a value; a policy starts with '{'")
	p.pos = len(p.src)
	return n
}
