package completion

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
	"github.com/policyls/policyls/analysis/policy"
)

// The cursor query. Completion and hover ask the same questions about an
// offset: is it in a key or a value, of which element, inside which
// statement, condition operator or principal type, what is already there,
// and which partial token is being typed? NewCursor answers them once, from
// the tolerant tree, so the feature files never poke at offsets.
//
// A token is "being typed" when the cursor is inside it: inside the quotes
// of a string (an unclosed string counts up to its end; a host's YAML
// string may be single-quoted, which JSON never is), or on a bare word
// the parser could not read as JSON (`Allo`). Right after a complete token
// (`"Allow"|`, `]|`) there is nothing to complete: typing a closing quote
// must not pop up a list.
//
// The replace range covers the whole token, quotes included, except that an
// unclosed string (or a closed one that obviously swallowed the rest of the
// line, such as `"ses:Sen, "`) is replaced only up to the end of the word
// under the cursor.

// Place says what kind of position the cursor is at.
type Place uint8

// The places.
const (
	PlaceNone     Place = iota // nothing to propose here
	PlaceDocument              // an empty document
	PlaceKey                   // a member name, typed or about to be
	PlaceValue                 // a member's value or an array element
)

// Level names the object a key belongs to (PlaceKey) or the object holding
// the member whose value is at the cursor (PlaceValue).
type Level uint8

// The levels.
const (
	LevelOther     Level = iota // not a place the policy grammar knows
	LevelPolicy                 // the top-level object
	LevelStatement              // a statement object
	LevelPrincipal              // the object of Principal or NotPrincipal
	LevelCondition              // the Condition object: its keys are operators
	LevelOperator               // an operator's object: its keys are condition keys
)

// Cursor is what completion and hover know about one offset.
type Cursor struct {
	Src    string
	Offset int
	Result *policy.Result
	Kind   policy.Kind

	Place Place
	Level Level
	// Object is the object whose key is typed, or the object holding the
	// member whose value is typed. Nil for PlaceNone and PlaceDocument.
	Object *jsonsyntax.Node
	// Property is the member whose key or value is at the cursor; nil for a
	// key not typed yet.
	Property *jsonsyntax.Node
	// Element is the key of Property for PlaceValue: "Action", "Version",
	// a principal type ("Service") or a condition key ("aws:SourceArn").
	Element string
	// Array is the array the value is an element of, or nil.
	Array *jsonsyntax.Node
	// Statement is the enclosing statement object, or nil.
	Statement *jsonsyntax.Node
	// Operator is the condition operator as written, for LevelOperator.
	Operator string
	// HasColon reports, for a typed key, that its member already has a
	// colon: only the name is replaced then.
	HasColon bool

	// Token is the string or bare word being typed, or nil.
	Token *jsonsyntax.Node
	// Quoted reports that Token starts with a quote (double, or a host's
	// single quote).
	Quoted bool
	// Start and End are the byte range an item replaces: the token (quotes
	// included) or the empty range at the cursor.
	Start, End int
	// Typed is the raw text of the token from just after its opening quote
	// to the cursor; After is the rest of its text, closing quote excluded.
	Typed, After string

	// CommaBefore is where a comma must be inserted before a new entry (the
	// previous entry has none), or -1. CommaAfter reports that a new entry
	// needs a comma after it.
	CommaBefore int
	CommaAfter  bool
}

// NewCursor computes the cursor query for a byte offset into the analysed
// source. Offsets outside the source are clamped. It never fails: a place
// it cannot make sense of is PlaceNone.
func NewCursor(res *policy.Result, offset int) *Cursor {
	c := &Cursor{Result: res, CommaBefore: -1, Kind: policy.KindUnknown}
	if res == nil || res.Doc == nil || tooLarge(res) {
		return c
	}
	c.Src = res.Doc.Source
	c.Offset = min(max(offset, 0), len(c.Src))
	c.Start, c.End = c.Offset, c.Offset
	if res.IsPolicy && res.Kind != "" {
		c.Kind = res.Kind
	}
	root := res.Doc.Root
	if root == nil {
		if strings.TrimSpace(c.Src) == "" {
			c.Place = PlaceDocument
		}
		return c
	}
	n := res.Doc.NodeAt(c.Offset)
	if n == nil {
		// Past the end of the root: only an unclosed root goes on there.
		if root.Closed() || c.Offset < root.Start() {
			return c
		}
		n = root
	}
	if isToken(n) {
		switch {
		case insideToken(c.Src, n, c.Offset):
			c.locateToken(n)
			return c
		case c.Offset == n.End():
			return c // right after a complete token
		}
		n = n.Parent() // before the token: the container decides
	}
	for n != nil && n.Kind() == jsonsyntax.Property {
		n = n.Parent()
	}
	if n == nil || !insideContainer(n, c.Offset) {
		return c
	}
	c.locateIn(n)
	return c
}

// tooLarge reports a document analysed without parsing (beyond
// policy.MaxParsedSize): its tree is empty but its source is not.
func tooLarge(res *policy.Result) bool {
	return res.Doc.Root == nil && len(res.Diagnostics) > 0 && res.Diagnostics[0].Code == policy.RuleTooLarge
}

// isToken reports a scalar node: a string or a bare word.
func isToken(n *jsonsyntax.Node) bool {
	switch n.Kind() {
	case jsonsyntax.Object, jsonsyntax.Array, jsonsyntax.Property:
		return false
	}
	return true
}

// insideToken reports whether the cursor is in a token being typed.
func insideToken(src string, n *jsonsyntax.Node, offset int) bool {
	if n.Kind() == jsonsyntax.String && n.Start() < len(src) && isQuote(src[n.Start()]) {
		return offset > n.Start() && (offset < n.End() || !n.Closed())
	}
	// A bare word (an unquoted key, `Allo`, a number): the cursor may be
	// anywhere on it. Stray punctuation is not a word.
	if n.Start() >= n.End() || n.Start() >= len(src) || !isWordByte(src[n.Start()]) {
		return false
	}
	return offset >= n.Start() && offset <= n.End()
}

// isQuote reports a byte that opens a string: a double quote, or the single
// quote of a host's YAML scalar.
func isQuote(b byte) bool { return b == '"' || b == '\'' }

// isWordByte reports bytes that can start a bare word worth replacing.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '*' || b == '-' || b == '$' || b >= 0x80
}

// insideContainer reports whether offset lies between an object's or
// array's brackets (anywhere after the opening one for an unclosed one).
func insideContainer(n *jsonsyntax.Node, offset int) bool {
	if n.Kind() != jsonsyntax.Object && n.Kind() != jsonsyntax.Array {
		return false
	}
	return offset > n.Start() && (offset < n.End() || !n.Closed())
}

// locateToken fills in the token being typed, its range, and where it sits.
func (c *Cursor) locateToken(tok *jsonsyntax.Node) {
	src := c.Src
	c.Token = tok
	c.Quoted = tok.Kind() == jsonsyntax.String && isQuote(src[tok.Start()])
	contentStart, contentEnd := tok.Start(), tok.End()
	c.End = tok.End()
	if c.Quoted {
		contentStart++
		switch {
		case !tok.Closed():
			contentEnd = wordEnd(src, c.Offset, tok.End())
			c.End = contentEnd
		case swallowed(src[c.Offset : tok.End()-1]):
			contentEnd = wordEnd(src, c.Offset, tok.End()-1)
			c.End = contentEnd
		default:
			contentEnd = tok.End() - 1
		}
	}
	c.Start = tok.Start()
	c.Typed = src[contentStart:c.Offset]
	c.After = src[c.Offset:contentEnd]
	c.placeToken(tok)
}

// locateHostString places a cursor inside the quoted string [start, end)
// that a host wrote inside the value tok (the template of a CloudFormation
// !Sub): that string is the token being typed. It leaves the cursor as it
// is when the offset is not inside the string.
func (c *Cursor) locateHostString(start, end int) {
	if start < 0 || end > len(c.Src) || end-start < 2 || c.Offset <= start || c.Offset >= end || !isQuote(c.Src[start]) || c.Src[end-1] != c.Src[start] {
		return
	}
	tok := c.Result.Doc.NodeAt(c.Offset)
	if tok == nil || tok.Kind() != jsonsyntax.String || tok.Start() > start || tok.End() < end {
		return
	}
	*c = Cursor{Src: c.Src, Offset: c.Offset, Result: c.Result, Kind: c.Kind, CommaBefore: -1}
	c.Token, c.Quoted = tok, true
	c.Start, c.End = start, end
	c.Typed, c.After = c.Src[start+1:c.Offset], c.Src[c.Offset:end-1]
	c.placeToken(tok)
	// The string is the value's whole text: no neighbour to separate.
	c.CommaBefore, c.CommaAfter = -1, false
}

// placeToken works out where the token being typed sits: a key, a
// member's value or an array element.
func (c *Cursor) placeToken(tok *jsonsyntax.Node) {
	p := tok.Parent()
	switch {
	case p == nil:
		return // a scalar document
	case p.Kind() == jsonsyntax.Property && p.Key() == tok:
		c.Place = PlaceKey
		c.Property = p
		c.HasColon = p.Colon() >= 0
		c.setObject(p.Parent())
	case p.Kind() == jsonsyntax.Property:
		c.Place = PlaceValue
		c.setValueOf(p)
	case p.Kind() == jsonsyntax.Array:
		c.Place = PlaceValue
		c.setArray(p)
	default:
		return
	}
	c.setCommas()
}

// swallowed reports that the rest of a closed string after the cursor is
// not part of what is being typed: the string's closing quote is really the
// opening quote of the next value (`"ses:Sen, "Resource"`).
func swallowed(after string) bool {
	for {
		// A policy variable or a host's ${...} is part of the string: its
		// braces are no sign of the rest of the line swallowed.
		open := strings.Index(after, "${")
		if open < 0 {
			break
		}
		if strings.ContainsAny(after[:open], ",{}[]") {
			return true
		}
		close := strings.IndexByte(after[open:], '}')
		if close < 0 {
			return true
		}
		after = after[open+close+1:]
	}
	return strings.ContainsAny(after, ",{}[]") || strings.HasSuffix(after, " ")
}

// wordEnd returns where the word starting at offset ends, at most limit.
func wordEnd(src string, offset, limit int) int {
	i := offset
	for i < limit && !strings.ContainsRune(" \t\r\n\",{}[]", rune(src[i])) {
		i++
	}
	return i
}

// locateIn places a cursor that is between the tokens of a container.
func (c *Cursor) locateIn(n *jsonsyntax.Node) {
	if n.Kind() == jsonsyntax.Array {
		c.Place = PlaceValue
		c.setArray(n)
		c.setCommas()
		return
	}
	// An object: the value of a member whose colon is behind the cursor,
	// or a new key.
	for _, p := range n.Children() {
		if p.Start() >= c.Offset {
			break
		}
		if p.Colon() < 0 || p.Colon() >= c.Offset || strings.Contains(c.Src[p.Colon()+1:c.Offset], ",") {
			continue
		}
		if v := p.Value(); v != nil && v.Start() < c.Offset {
			continue // the cursor is past the value
		} else if v != nil && !strings.Contains(c.Src[c.Offset:v.Start()], "\n") {
			return // just before a value on the same line
		}
		// No value, or the "value" is the next line's key that the parser
		// took for one while this member was being typed.
		c.Place = PlaceValue
		c.setValueOf(p)
		c.setCommas()
		return
	}
	c.Place = PlaceKey
	c.setObject(n)
	c.setCommas()
}

// setValueOf records that the cursor is at the value of member p.
func (c *Cursor) setValueOf(p *jsonsyntax.Node) {
	c.Property = p
	if p.Key() != nil {
		c.Element = p.Key().Text()
	}
	c.setObject(p.Parent())
}

// setArray records that the cursor is at an element of array a. Only arrays
// that are a member's value have a meaning in a policy.
func (c *Cursor) setArray(a *jsonsyntax.Node) {
	c.Array = a
	if p := a.Parent(); p != nil && p.Kind() == jsonsyntax.Property {
		c.setValueOf(p)
	}
}

// setObject records the object and works out its level, statement and
// operator.
func (c *Cursor) setObject(obj *jsonsyntax.Node) {
	c.Object = obj
	root := c.Result.Doc.Root
	// A file holding one bare statement (POL015): its root is the statement.
	p := c.Result.Policy
	bare := p != nil && p.Statement == nil && len(p.Statements) == 1 && p.Statements[0].Node == root
	c.Level, c.Statement, c.Operator = levelOf(root, obj, bare)
}

// levelOf says where an object sits in the policy grammar.
// bare says the root is one statement, not a policy.
func levelOf(root, obj *jsonsyntax.Node, bare bool) (Level, *jsonsyntax.Node, string) {
	if obj == nil || obj.Kind() != jsonsyntax.Object {
		return LevelOther, nil, ""
	}
	if obj == root && !bare {
		return LevelPolicy, nil, ""
	}
	if isStatement(root, obj, bare) {
		return LevelStatement, obj, ""
	}
	p := obj.Parent()
	if p == nil || p.Kind() != jsonsyntax.Property || p.Key() == nil {
		return LevelOther, nil, ""
	}
	owner := p.Parent()
	switch {
	case isStatement(root, owner, bare) && (isName(p, "Principal") || isName(p, "NotPrincipal")):
		return LevelPrincipal, owner, ""
	case isStatement(root, owner, bare) && isName(p, "Condition"):
		return LevelCondition, owner, ""
	}
	if level, stmt, _ := levelOf(root, owner, bare); level == LevelCondition {
		return LevelOperator, stmt, p.Key().Text()
	}
	return LevelOther, nil, ""
}

// isStatement reports whether obj is a statement: the value of the
// top-level Statement member or an element of its array, or the root of a
// file holding one bare statement.
func isStatement(root, obj *jsonsyntax.Node, bare bool) bool {
	if bare {
		return obj == root
	}
	if obj == nil || obj.Kind() != jsonsyntax.Object || obj.Parent() == nil {
		return false
	}
	p := obj.Parent()
	if p.Kind() == jsonsyntax.Array {
		p = p.Parent()
	}
	return p != nil && p.Kind() == jsonsyntax.Property && p.Parent() == root && isName(p, "Statement")
}

// isName reports whether a member's key is name. Case is ignored so that
// completion keeps helping in an element the linter reports as misspelt.
func isName(p *jsonsyntax.Node, name string) bool {
	return p.Key() != nil && strings.EqualFold(p.Key().Text(), name)
}

// setCommas decides whether a new entry at the replace range needs a comma
// before it (the previous entry ends without one) or after it (another
// entry follows). Only whitespace may separate them.
func (c *Cursor) setCommas() {
	i := c.Start
	for i > 0 && isSpace(c.Src[i-1]) {
		i--
	}
	if i > 0 {
		switch b := c.Src[i-1]; {
		case b == '"' || b == '}' || b == ']' || isWordByte(b) && b != '$':
			c.CommaBefore = i
		}
	}
	j := c.End
	for j < len(c.Src) && isSpace(c.Src[j]) {
		j++
	}
	if j < len(c.Src) {
		switch b := c.Src[j]; {
		case b == '"' || b == '{' || b == '[' || isWordByte(b) && b != '$':
			c.CommaAfter = true
		}
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// member returns the member of obj named name, ignoring case (the last one
// when repeated), or nil.
func member(obj *jsonsyntax.Node, name string) *jsonsyntax.Node {
	if obj == nil || obj.Kind() != jsonsyntax.Object {
		return nil
	}
	for i := len(obj.Children()) - 1; i >= 0; i-- {
		if p := obj.Children()[i]; isName(p, name) {
			return p
		}
	}
	return nil
}

// memberValue returns the value of obj's member name, or nil.
func memberValue(obj *jsonsyntax.Node, name string) *jsonsyntax.Node {
	if p := member(obj, name); p != nil {
		return p.Value()
	}
	return nil
}

// eachString calls f for a string value or each string of an array value.
func eachString(v *jsonsyntax.Node, f func(*jsonsyntax.Node)) {
	if v == nil {
		return
	}
	switch v.Kind() {
	case jsonsyntax.String:
		f(v)
	case jsonsyntax.Array:
		for _, e := range v.Children() {
			if e.Kind() == jsonsyntax.String {
				f(e)
			}
		}
	}
}
