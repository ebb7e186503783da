package jsonsyntax

import (
	"slices"
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

type parser struct {
	src   []byte
	text  string // src as a string, so node texts are substrings, not copies
	pos   int
	depth int
	errs  []Error

	dropped int // errors beyond MaxErrors, counted only

	nodes   []Node  // current chunk that new nodes are carved from
	stack   []*Node // children of the containers being parsed
	ptrPool []*Node // current chunk that Children slices are carved from
}

// Parse parses src. It never fails: problems are returned in Document.Errors
// and the tree holds whatever could be recognised.
//
// The tree's strings share memory with src (no copy is made), so src must not
// be modified after Parse; editors and the CLI hand over a fresh buffer for
// every version of a document.
func Parse(src []byte) *Document {
	p := &parser{src: src, text: unsafe.String(unsafe.SliceData(src), len(src))}
	doc := &Document{Source: p.text}
	p.skipTrivia()
	if p.pos < len(src) {
		doc.Root = p.parseValue(nil)
		if doc.Root == nil {
			// The document starts with something that is no value at all,
			// such as a stray '}' or ':'.
			doc.Root = p.invalidUntilEnd()
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
	if doc.Root != nil {
		p.reportDuplicates(doc.Root)
	}
	// Errors are found out of order (an unclosed object is known only at
	// the end); hand them out in document order.
	slices.SortStableFunc(p.errs, func(a, b Error) int { return a.Start - b.Start })
	doc.Errors = p.errs
	doc.ErrorsDropped = p.dropped
	return doc
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

// newNode carves a node out of the current chunk.
func (p *parser) newNode(kind Kind, start int) *Node {
	if len(p.nodes) == cap(p.nodes) {
		// Policies hold about one node per 11 bytes: size the chunk for the
		// rest of the document so a typical parse allocates nodes once.
		p.nodes = make([]Node, 0, min((len(p.src)-p.pos)/10+16, 4096))
	}
	// Fill the node in place: the chunk is freshly zeroed, so only the
	// fields that differ from zero are written (no struct copy, no write
	// barriers for pointer fields left nil).
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	n.Kind, n.Start, n.End, n.Colon = kind, start, start, -1
	return n
}

// takeChildren moves the children pushed since base off the stack into a
// slice of their own, carved from a shared chunk to save allocations.
func (p *parser) takeChildren(base int) []*Node {
	n := len(p.stack) - base
	if n == 0 {
		return nil
	}
	if cap(p.ptrPool)-len(p.ptrPool) < n {
		p.ptrPool = make([]*Node, 0, max(n, 512))
	}
	start := len(p.ptrPool)
	p.ptrPool = append(p.ptrPool, p.stack[base:]...)
	clear(p.stack[base:])
	p.stack = p.stack[:base]
	return p.ptrPool[start:len(p.ptrPool):len(p.ptrPool)]
}

// parseValue parses the value at p.pos (trivia already skipped). It returns
// nil, consuming nothing, when the next byte cannot start a value.
func (p *parser) parseValue(parent *Node) *Node {
	if p.pos >= len(p.src) {
		return nil
	}
	var n *Node
	switch c := p.src[p.pos]; c {
	case '{', '[':
		if p.depth >= MaxDepth {
			n = p.skipNested()
		} else if c == '{' {
			n = p.parseObject()
		} else {
			n = p.parseArray()
		}
	case '"':
		n = p.readString()
	case '}', ']', ',', ':':
		return nil
	default:
		n = p.readWord()
	}
	n.Parent = parent
	return n
}

func (p *parser) parseObject() *Node {
	obj := p.newNode(Object, p.pos)
	p.pos++ // '{'
	p.depth++
	base := len(p.stack)
	needComma := false
	for {
		p.skipTrivia()
		if p.pos >= len(p.src) {
			p.errorf(ErrUnclosedObject, obj.Start, obj.Start+1, "object is not closed: '}' expected")
			break
		}
		c := p.src[p.pos]
		if c == '}' {
			p.pos++
			obj.Closed = true
			break
		}
		if c == ']' {
			// Belongs to an enclosing array, or is a stray; either way the
			// object ends here without its brace.
			p.errorf(ErrUnclosedObject, obj.Start, obj.Start+1, "object is not closed: '}' expected before ']'")
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
		if prop := p.parseProperty(obj); prop != nil {
			p.stack = append(p.stack, prop)
		}
		if p.pos == before {
			p.skipBadToken()
		}
		needComma = true
	}
	p.depth--
	obj.Children = p.takeChildren(base)
	obj.End = p.pos
	return obj
}

// parseProperty parses `"key": value` at p.pos. It keeps a key without colon
// or value, because completion needs it.
func (p *parser) parseProperty(obj *Node) *Node {
	var key *Node
	switch c := p.src[p.pos]; {
	case c == '"':
		key = p.readString()
	case c == '{' || c == '[':
		// A value where a key should be: parse it to keep brackets balanced,
		// then drop it.
		start := p.pos
		p.parseValue(obj)
		p.errorf(ErrExpectedKey, start, p.pos, "property name expected")
		return nil
	case c == ':':
		p.errorf(ErrExpectedKey, p.pos, p.pos+1, "property name expected before ':'")
		p.pos++
		p.skipTrivia()
		p.parseValue(obj)
		return nil
	default:
		// An unquoted word used as a key: keep it as a key so the member is
		// still recognised, and say it must be quoted.
		start, end := p.readBareWord()
		key = p.newNode(String, start)
		key.End = end
		key.Text = p.text[start:end]
		p.errorf(ErrExpectedKey, start, end, "property name "+quoteForMessage(key.Text)+" must be in double quotes")
	}
	prop := p.newNode(Property, key.Start)
	prop.Parent = obj
	prop.Key = key
	key.Parent = prop
	prop.End = key.End
	keyEnd := p.pos

	p.skipTrivia()
	if p.pos < len(p.src) && p.src[p.pos] == ':' {
		prop.Colon = p.pos
		p.pos++
		prop.End = p.pos
		p.skipTrivia()
		if v := p.parseValue(prop); v != nil {
			prop.Value = v
			prop.End = v.End
		} else {
			p.errorf(ErrExpectedValue, prop.Colon, prop.Colon+1, "value expected after ':'")
		}
		return prop
	}
	p.errorf(ErrExpectedColon, key.Start, key.End, "':' expected after property name")
	// `"Effect" "Allow"` on one line is a forgotten colon; a string on a later
	// line is more likely the next key, so leave it for the next member.
	if p.pos < len(p.src) && !p.newlineBetween(keyEnd, p.pos) {
		switch p.src[p.pos] {
		case '"', '{', '[':
			if v := p.parseValue(prop); v != nil {
				prop.Value = v
				prop.End = v.End
			}
		}
	}
	return prop
}

func (p *parser) newlineBetween(from, to int) bool {
	for _, c := range p.src[from:to] {
		if c == '\n' || c == '\r' {
			return true
		}
	}
	return false
}

func (p *parser) parseArray() *Node {
	arr := p.newNode(Array, p.pos)
	p.pos++ // '['
	p.depth++
	base := len(p.stack)
	needComma := false
	for {
		p.skipTrivia()
		if p.pos >= len(p.src) {
			p.errorf(ErrUnclosedArray, arr.Start, arr.Start+1, "array is not closed: ']' expected")
			break
		}
		c := p.src[p.pos]
		if c == ']' {
			p.pos++
			arr.Closed = true
			break
		}
		if c == '}' {
			p.errorf(ErrUnclosedArray, arr.Start, arr.Start+1, "array is not closed: ']' expected before '}'")
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
		if v := p.parseValue(arr); v != nil {
			p.stack = append(p.stack, v)
		}
		if p.pos == before {
			p.skipBadToken()
		}
		needComma = true
	}
	p.depth--
	arr.Children = p.takeChildren(base)
	arr.End = p.pos
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
func (p *parser) skipNested() *Node {
	n := p.newNode(Invalid, p.pos)
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
	n.End = i
	n.Text = p.text[n.Start:i]
	n.Closed = depth == 0
	p.pos = i
	p.errorf(ErrTooDeep, n.Start, n.Start+1, "nesting is too deep (more than 128 levels); the nested value is not analysed")
	return n
}

// invalidUntilEnd turns the rest of the document into one Invalid node, for a
// document that does not start with a value.
func (p *parser) invalidUntilEnd() *Node {
	n := p.newNode(Invalid, p.pos)
	end := len(p.src)
	for end > p.pos && isSpace(p.src[end-1]) {
		end--
	}
	n.End = end
	n.Text = p.text[n.Start:end]
	p.errorf(ErrInvalidToken, n.Start, min(n.Start+1, end), "a JSON document must start with a value; a policy starts with '{'")
	p.pos = len(p.src)
	return n
}
