package host

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// The fast reader reads the plain YAML that CloudFormation templates are
// written in, more than ten times faster than go-yaml (BENCHMARKS.md, issue
// 14 item 8): block mappings and sequences indented with spaces, one-line
// plain and quoted scalars, one-line flow collections, the short intrinsic
// tags (!Ref, !Sub, ...) and block scalars (| and >, with - chomping). It
// builds exactly the tree the go-yaml conversion builds (same kinds, texts,
// ranges, computed ranges and Fn::Sub arguments): TestFastYAMLSameTree and
// FuzzFastYAML hold it equal to go-yaml on every text it accepts. Anything
// else (anchors, aliases, tabs, multi-line plain or quoted scalars, empty
// values, document markers, duplicate keys, a syntax error) makes it give
// up, and go-yaml, the reference, reads the template as before. Like that
// path, it reads a Resources entry that cannot hold a policy as its Type
// line alone (resource, policyResourcesOnly).

// giveUp is panicked inside the fast reader when the text leaves the subset.
type giveUp struct{}

// maxFastDepth is far below maxYAMLDepth, so both readers see the same tree.
const maxFastDepth = 64

type fastReader struct {
	*converter
	depth int
	// go-yaml places each token after a tag one column short for every
	// tag before it on its line (and a range whose text is then not found
	// runs to the end of the line): the tree keeps those ranges, so the
	// fast reader reproduces them. shift tags were met on the line ending
	// at shiftEnd.
	shift, shiftEnd int
	// resourcesAt is the offset of the first key of the Resources mapping
	// whose entries are read as go-yaml reads policyResourcesOnly's copy.
	resourcesAt int
	// The members and elements of the collections being read, and the
	// blocks the finished ones are copied to: a few large allocations
	// instead of one per value.
	members    []jsonsyntax.Member
	elements   []jsonsyntax.Value
	keys       []string // the keys of the mappings being read (seenKeys)
	memberSlab []jsonsyntax.Member
	valueSlab  []jsonsyntax.Value
	// file, when set, receives each Resources entry's policies as soon
	// as the entry is read (resourceToFile).
	file *File
	// wordFrom and word remember policyWordAt's last answer.
	wordFrom, word int
	// awsType: streaming, some Resources entry's Type names an AWS type
	// (the entries are not kept for isTemplate to look at).
	awsType bool
	// streamed: the Resources mapping's policies went to file as it was
	// read (a Resources written otherwise, flow style or with a comment
	// resourcesLine does not take, is read whole).
	streamed bool
	// flowMappings is the number of flow mappings open around the flow
	// collection being read.
	flowMappings int
	lastPlain    scannedPlain
	// plan, streaming, leads to the documents of the resource being read,
	// which writer writes as they are read (yaml_write.go);
	// documentsWritten counts them (the tests see that they are).
	plan             docPlan
	writer           *jsonsyntax.Writer
	documentsWritten int
}

const slabSize = 1024

// keep moves the entries of a collection being read, (*stack)[base:], on
// to a block of *slab, and returns them there.
func keep[T any](stack, slab *[]T, base int) []T {
	n := len(*stack) - base
	if n == 0 {
		return nil
	}
	if n > cap(*slab)-len(*slab) {
		*slab = make([]T, 0, max(slabSize, n))
	}
	start := len(*slab)
	*slab = append(*slab, (*stack)[base:]...)
	*stack = (*stack)[:base]
	return (*slab)[start:len(*slab):len(*slab)]
}

func (r *fastReader) keepMembers(base int) []jsonsyntax.Member {
	return keep(&r.members, &r.memberSlab, base)
}

func (r *fastReader) keepElements(base int) []jsonsyntax.Value {
	return keep(&r.elements, &r.valueSlab, base)
}

// newValue is a copy of v on a block.
func (r *fastReader) newValue(v jsonsyntax.Value) *jsonsyntax.Value {
	if len(r.valueSlab) == cap(r.valueSlab) {
		r.valueSlab = make([]jsonsyntax.Value, 0, slabSize)
	}
	r.valueSlab = append(r.valueSlab, v)
	return &r.valueSlab[len(r.valueSlab)-1]
}

// readFast reads src with the fast reader, handing each Resources entry's
// policies to file as it is read when file is set (readFastTemplate), or
// keeping the whole tree (the tests' readFastYAML); ok is false when src
// leaves the subset. A panic other than giving up is a bug and is not
// caught here (the fuzz targets must see it; see fastTemplate).
func readFast(src []byte, file *File) (root jsonsyntax.Value, r *fastReader, ok bool) {
	if !plainBytes(src) {
		return root, nil, false
	}
	r = &fastReader{converter: newConverter(src), resourcesAt: -1, file: file}
	defer func() {
		if e := recover(); e != nil {
			if _, is := e.(giveUp); !is {
				panic(e)
			}
			root, r, ok = jsonsyntax.Value{}, nil, false
		}
	}()
	return r.document(), r, true
}

// readFastTemplate reads the YAML template src with the fast reader, each
// resource's policies found as soon as the resource is read; read is false
// when src leaves the subset, f nil when it is no template.
func readFastTemplate(src []byte) (f *File, read bool) {
	f = &File{Syntax: YAML}
	root, r, ok := readFast(src, f)
	if !ok {
		return nil, false
	}
	if !isTemplate(&root) && !r.awsType {
		return nil, true
	}
	f.words = cloudFormationWords(YAML)
	if !r.streamed {
		r.policies(f, &root)
		return f, true
	}
	if res := member(&root, "Resources"); res != nil && res.Kind == jsonsyntax.Object {
		f.resources = res
	}
	return f, true
}

// plainBytes: no tab, carriage return or other control character, valid
// UTF-8, no Unicode space but the ASCII one (go-yaml trims some of them
// from tokens, YAML reads U+0085, U+2028 and U+2029 as line breaks) and no
// byte order mark.
func plainBytes(src []byte) bool {
	ascii := true
	i := 0
	for ; i+8 <= len(src); i += 8 {
		// Eight bytes at a time, each tested exactly (a line break is no
		// reason to look closer): none below 0x20 but '\n', no 0x7f, none
		// 0x80 or above.
		w := binary.LittleEndian.Uint64(src[i:])
		if printableWord(w) || notPlainWord(w)|w&highs == 0 {
			continue
		}
		if !plainByteRun(src[i:i+8], &ascii) {
			return false
		}
	}
	if !plainByteRun(src[i:], &ascii) {
		return false
	}
	if ascii {
		return true
	}
	for _, c := range string(src) {
		if c >= 0x80 && (c == utf8.RuneError || c == '\ufeff' || unicode.IsSpace(c)) {
			return false
		}
	}
	return true
}

const ones, lows, highs = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080

// printableWord: every byte of w is printable ASCII, 0x20 to 0x7e (most
// words of a template: the cheaper test, before notPlainWord's, which
// takes line breaks too).
func printableWord(w uint64) bool {
	t := w & lows
	return (t+ones|w|^(t+ones*0x60))&highs == 0
}

// notPlainWord marks, with its high bit, each ASCII byte of w below 0x20
// but '\n', and each 0x7f.
func notPlainWord(w uint64) uint64 {
	below := ^((w & lows) + ones*(0x80-0x20)) &^ w & highs
	return below&^zeroBytes(w^ones*'\n') | zeroBytes(w^ones*0x7f)
}

// zeroBytes marks, with its high bit, each byte of x that is zero (no
// carry crosses from one byte to the next).
func zeroBytes(x uint64) uint64 { return ^((x&lows + lows) | x) & highs }

// plainByteRun is plainBytes' look at each byte of b; it clears ascii at
// the first byte of a longer UTF-8 sequence.
func plainByteRun(b []byte, ascii *bool) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			*ascii = false
		}
	}
	return true
}

func (r *fastReader) fail() { panic(giveUp{}) }

// tagAt records a tag at p: the tokens after it on its line move.
func (r *fastReader) tagAt(p int) {
	if p >= r.shiftEnd {
		r.shift, r.shiftEnd = 0, r.lineEnd(p)
	}
	r.shift++
}

// at is where go-yaml places the token that starts at p (columns count
// runes).
func (r *fastReader) at(p int) int {
	if p >= r.shiftEnd {
		return p
	}
	for range r.shift {
		_, n := utf8.DecodeLastRune(r.src[:p])
		p -= n
	}
	return p
}

// token is go-yaml's range of the token src[start:end]: from where it
// places it for the token's length when the token's text is there, else
// to the end of the line (see yamlReader.tokenRange).
func (r *fastReader) token(start, end int) (int, int) {
	s := r.at(start)
	if s == start || bytes.HasPrefix(r.src[s:], r.src[start:end]) {
		return s, s + end - start
	}
	return s, r.lineEnd(s)
}

func (r *fastReader) enter() {
	r.depth++
	if r.depth > maxFastDepth {
		r.fail()
	}
}

func (r *fastReader) leave() { r.depth-- }

// lineEnd is the offset of the line break ending the line holding p, or
// the end of the source.
func (r *fastReader) lineEnd(p int) int {
	if i := bytes.IndexByte(r.src[p:], '\n'); i >= 0 {
		return p + i
	}
	return len(r.src)
}

// nextLine is the start of the line after the one holding p.
func (r *fastReader) nextLine(p int) int {
	return min(r.lineEnd(p)+1, len(r.src))
}

// content returns the first line at or after the line start p that holds
// more than blank space and a comment: the offset of its first character
// and its indentation; len(src) and -1 at the end.
func (r *fastReader) content(p int) (at, indent int) {
	src := r.src
	for p < len(src) {
		q := p + spaces(src[p:])
		if q < len(src) && src[q] != '\n' && src[q] != '#' {
			return q, q - p
		}
		p = r.nextLine(q)
	}
	return len(src), -1
}

// spaces is the number of spaces b starts with, counted eight at a time:
// a template's lines are indented deep.
func spaces(b []byte) int {
	const eight = 0x2020202020202020
	n := 0
	for len(b)-n >= 8 {
		if x := binary.LittleEndian.Uint64(b[n:]) ^ eight; x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < len(b) && b[n] == ' ' {
		n++
	}
	return n
}

// column is the indentation-relative column of offset p.
func (r *fastReader) column(p int) int {
	return p - (bytes.LastIndexByte(r.src[:p], '\n') + 1)
}

// endOfLine requires only blank space and a comment from p to the line's
// end, and returns the start of the next line.
func (r *fastReader) endOfLine(p int) int {
	src := r.src
	q := p
	for q < len(src) && src[q] == ' ' {
		q++
	}
	if q < len(src) && src[q] != '\n' && (src[q] != '#' || q == p) {
		r.fail()
	}
	return r.nextLine(q)
}

func (r *fastReader) document() jsonsyntax.Value {
	at, indent := r.content(0)
	if indent != 0 {
		r.fail() // empty, or not a mapping at the margin
	}
	v, next := r.blockMapping(at, 0)
	if end, _ := r.content(next); end != len(r.src) {
		r.fail()
	}
	return v
}

// blockMapping reads the mapping whose first key is at offset at, column
// col, and returns it and the start of the line after it.
func (r *fastReader) blockMapping(at, col int) (jsonsyntax.Value, int) {
	r.enter()
	defer r.leave()
	if at == r.resourcesAt && r.file != nil {
		r.streamed = true
		if key, _ := r.key(at, false); key.Text != "Ref" && !strings.HasPrefix(key.Text, "Fn::") {
			return r.streamResources(at, col)
		}
		// A Resources mapping whose one entry is Ref or Fn::... is an
		// intrinsic function, which holds no resource: read whole, its
		// entries handed to the file only once it is known to be none.
		file := r.file
		r.file = nil
		v, next := r.mapping(at, col)
		r.file = file
		for i := range v.Members {
			r.resourcePolicies(file, v.Members[i].Key.Text, v.Members[i].Value)
		}
		return v, next
	}
	return r.mapping(at, col)
}

// mapping is blockMapping's reading of a mapping, entered.
func (r *fastReader) mapping(at, col int) (jsonsyntax.Value, int) {
	v := jsonsyntax.Value{Kind: jsonsyntax.Object}
	var next int
	seen := r.seen()
	base := len(r.members)
	resources := at == r.resourcesAt
	planned := r.plan.watch == r.depth
	for {
		key, colon := r.key(at, false)
		seen.add(r, key.Text)
		placed := r.at(colon)
		var val jsonsyntax.Value
		switch {
		case resources:
			val, next = r.resource(key.Text, at, col, colon)
		case planned:
			val, next = r.plannedValue(key.Text, colon, col)
		default:
			if col == 0 && r.depth == 1 && resourcesLine(r.src[at:r.lineEnd(at)]) {
				r.resourcesAt, _ = r.content(r.nextLine(colon))
				if r.resourcesAt < len(r.src) && r.src[r.resourcesAt] == '-' {
					r.fail() // policyResourcesOnly would read "- Name:" lines as entries
				}
			}
			val, next = r.mappingValue(colon+1, col)
		}
		r.members = append(r.members, r.member(key, placed, val))
		var more bool
		if at, more = r.nextKey(next, col); !more {
			break
		}
	}
	seen.done(r)
	v.Members = r.keepMembers(base)
	last := v.Members[len(v.Members)-1]
	v.Start, v.End = v.Members[0].Key.Start, max(last.Key.End, last.Value.End)
	if name, ok := intrinsic(&v); ok {
		return r.computedValue(name, v.Members[0].Value, v.Start, v.End), next
	}
	return v, next
}

// nextKey finds the next key of a block mapping at column col from the
// line start next: its offset, or false when the mapping ends there.
func (r *fastReader) nextKey(next, col int) (int, bool) {
	p, indent := r.content(next)
	if indent < col {
		return p, false
	}
	if indent > col || r.src[p] == '-' {
		r.fail() // more indented after a value, or a sequence entry beside keys
	}
	return p, true
}

// streamResources reads the Resources mapping whose first key is at at
// while streaming (each entry's policies go to r.file as it is read). Of
// its entries it keeps the first, whose indentation the insert action
// follows, and every name (File.resourceNames): keeping a member for each
// cost more than reading a resource that holds no policy.
func (r *fastReader) streamResources(at, col int) (jsonsyntax.Value, int) {
	seen := seenKeys{set: make(map[string]bool, len(r.src)>>8)}
	var first jsonsyntax.Member
	var next, end int
	for count := 0; ; count++ {
		key, colon := r.key(at, false)
		seen.add(r, key.Text)
		placed := r.at(colon)
		var val jsonsyntax.Value
		val, next = r.resource(key.Text, at, col, colon)
		if count == 0 {
			first = r.member(key, placed, val)
		} else {
			r.checkMember(key, val)
		}
		end = max(key.End, val.End)
		var more bool
		if at, more = r.nextKey(next, col); !more {
			break
		}
	}
	base := len(r.members)
	r.members = append(r.members, first)
	v := jsonsyntax.Value{Kind: jsonsyntax.Object, Members: r.keepMembers(base), Start: first.Key.Start, End: end}
	r.file.resourceNames = seen.set
	return v, next
}

// resource reads the value of the Resources entry whose name is at at,
// column col, as go-yaml reads the copy policyResourcesOnly makes (its
// lines' syntax is not checked either): an entry whose text cannot hold a
// policy reads as its Type line alone.
func (r *fastReader) resource(id string, at, col, colon int) (jsonsyntax.Value, int) {
	src := r.src
	if !keyOnlyLine(src[at-col:r.lineEnd(at)], col) {
		return r.wholeResource(id, colon, col)
	}
	// The entry holds a policy when it names one (or a statement) before
	// its end (mayHoldPolicy): such an entry's lines need no look.
	word := r.policyWordAt(at - col)
	end := len(src) // the start of the line after the entry
	typeAt, types, childIndent := -1, 0, -1
	for p := r.nextLine(at); p < len(src); {
		if p > word {
			return r.wholeResource(id, colon, col)
		}
		n := spaces(src[p:])
		if q := p + n; q < len(src) && src[q] != '\n' && src[q] != '#' { // not quietLine (no tab or CR here)
			if n <= col {
				end = p
				break
			}
			if childIndent < 0 {
				childIndent = n
			}
			if n == childIndent && src[q] == 'T' && typeLine(src[p:r.lineEnd(q)], n) {
				typeAt, types = q, types+1
			}
		}
		p = r.nextLine(p + n)
	}
	if word < end {
		return r.wholeResource(id, colon, col)
	}
	if types != 1 {
		r.fail() // an empty value or a repeated key in the copy
	}
	r.endOfLine(colon + 1) // the name's line holds nothing else
	if r.file != nil {
		// Streaming, only whether some entry names an AWS type is still
		// asked (isTemplate): nothing of the entry is kept. typeLine took
		// "Type: AWS::" on a line without a comment, tag or flow or block
		// indicator, so the rest of the line is the plain scalar the type
		// is unless a colon ends it or a part of it (a mapping) or a space
		// ends the line (go-yaml misplaces it), as inline reads it.
		le := r.lineEnd(typeAt)
		value := src[typeAt+len("Type: ") : le]
		if value[len(value)-1] == ':' || value[len(value)-1] == ' ' || bytes.Contains(value, []byte(": ")) {
			r.fail()
		}
		r.awsType = true
		return jsonsyntax.Value{Kind: jsonsyntax.Object, Start: typeAt, End: le}, end
	}
	base := len(r.members)
	key, typeColon := r.key(typeAt, false)
	placed := r.at(typeColon)
	val, _ := r.mappingValue(typeColon+1, childIndent)
	r.members = append(r.members, r.member(key, placed, val))
	v := jsonsyntax.Value{Kind: jsonsyntax.Object, Members: r.keepMembers(base)}
	v.Start, v.End = key.Start, max(key.End, val.End)
	return v, end
}

// wholeResource reads the value of the Resources entry id, which may hold a
// policy, in full.
func (r *fastReader) wholeResource(id string, colon, col int) (jsonsyntax.Value, int) {
	if r.file != nil {
		return r.resourceToFile(id, colon, col)
	}
	return r.mappingValue(colon+1, col)
}

// policyWordAt is the offset of the first "Polic" or "Statement" at or
// after from, len(src) when there is none: the words mayHoldPolicy looks
// for. The answer holds for every offset from the one asked to it, so
// most resources that hold no policy reuse the one before.
func (r *fastReader) policyWordAt(from int) int {
	if r.wordFrom <= from && from <= r.word && r.word > 0 {
		return r.word
	}
	r.wordFrom, r.word = from, len(r.src)
	for _, w := range []string{"Polic", "Statement"} {
		if i := bytes.Index(r.src[from:r.word], []byte(w)); i >= 0 {
			r.word = from + i
		}
	}
	return r.word
}

// resourceToFile reads the value of the Resources entry id in full, adds
// its policies to r.file at once, and returns a stand-in with its range
// only: the entry's tree is dropped and its blocks are reused for the next
// entry, so a template's tree never exists whole (it was most of a read's
// garbage, BENCHMARKS.md). Nothing read inside the entry is kept: the
// converter copies what it keeps (jsonsyntax.Build, ranges), and its ranges
// and Fn::Sub arguments from the entry are forgotten here.
func (r *fastReader) resourceToFile(id string, colon, col int) (jsonsyntax.Value, int) {
	members, values := r.memberSlab, r.valueSlab
	computed, subStrings := len(r.computed), len(r.subStrings)
	r.plan = docPlan{watch: r.depth + 1, stage: inResource}
	val, next := r.mappingValue(colon+1, col)
	r.plan = docPlan{}
	r.resourcePolicies(r.file, id, &val)
	clear(r.written)
	r.written = r.written[:0]
	r.awsType = r.awsType || namesAWSType(member(&val, "Type"))
	r.memberSlab, r.valueSlab = rewind(r.memberSlab, members), rewind(r.valueSlab, values)
	r.computed, r.subStrings = r.computed[:computed], r.subStrings[:subStrings]
	clear(r.subArgs)
	return jsonsyntax.Value{Kind: val.Kind, Start: val.Start, End: val.End, Text: val.Text}, next
}

// rewind is a block list's current block as it was at mark, when it is
// still that block, or else its newest block emptied: everything put on
// the blocks since mark is dropped.
func rewind[T any](slab, mark []T) []T {
	if cap(mark) > 0 && cap(slab) == cap(mark) && &slab[:cap(slab)][0] == &mark[:cap(mark)][0] {
		return slab[:len(mark)]
	}
	return slab[:0]
}

// seenKeys finds a key repeated in a mapping, which go-yaml refuses: a
// linear look in small mappings, a set in large ones (a Resources map).
// The mapping's keys so far are r.keys[base:] (until the set takes over).
type seenKeys struct {
	base int
	set  map[string]bool
}

// seen starts looking for repeated keys in a mapping being read; done ends
// it.
func (r *fastReader) seen() seenKeys { return seenKeys{base: len(r.keys)} }

func (s *seenKeys) done(r *fastReader) { r.keys = r.keys[:s.base] }

func (s *seenKeys) add(r *fastReader, key string) {
	if strings.IndexByte(key, '\'') >= 0 {
		r.fail() // go-yaml tells keys apart by a path in which ' quotes
	}
	if s.set == nil {
		earlier := r.keys[s.base:]
		if slices.Contains(earlier, key) {
			r.fail()
		}
		if len(earlier) < 16 {
			r.keys = append(r.keys, key)
			return
		}
		s.set = make(map[string]bool, 2*len(earlier))
		for _, k := range earlier {
			s.set[k] = true
		}
	}
	if s.set[key] {
		r.fail()
	}
	s.set[key] = true
}

// key reads a mapping key at p: a plain or quoted one-line scalar directly
// followed by ':' and blank space (or, in a flow mapping, a space). It
// returns the key and the colon's offset (in the text, not moved).
func (r *fastReader) key(p int, flow bool) (jsonsyntax.Value, int) {
	src := r.src
	var key jsonsyntax.Value
	colon := -1
	if src[p] == '"' || src[p] == '\'' {
		key, colon = r.quoted(p)
		if colon >= len(src) || src[colon] != ':' || bytes.IndexByte(src[p:colon], '\\') >= 0 {
			// (go-yaml misplaces the end of some keys with escapes)
			r.fail()
		}
	} else {
		if c := src[p]; !plainStart(src, p) || c == '=' || (c == '.' || c == '-') && (bytes.HasPrefix(src[p:], []byte("...")) || bytes.HasPrefix(src[p:], []byte("---"))) {
			r.fail()
		}
		q := p
		for ; q < len(src); q++ {
			c := src[q]
			if notInKey[c] {
				r.fail()
			}
			if c == ':' && (q+1 == len(src) || src[q+1] == ' ' || src[q+1] == '\n') {
				break
			}
		}
		if q == len(src) || src[q-1] == ' ' || q-p > 1000 {
			r.fail()
		}
		key = jsonsyntax.Value{Kind: jsonsyntax.String, Text: r.text[p:q]}
		key.Start, key.End = r.token(p, q)
		colon = q
	}
	after := colon + 1
	if after < len(src) && src[after] != ' ' && (flow || src[after] != '\n') {
		r.fail()
	}
	return key, colon
}

// member is the member key: value whose colon go-yaml places at colon,
// checked for the empty value it places elsewhere.
func (r *fastReader) member(key jsonsyntax.Value, colon int, val jsonsyntax.Value) jsonsyntax.Member {
	r.checkMember(key, val)
	return jsonsyntax.Member{Key: key, Colon: colon, Value: r.newValue(val)}
}

// checkMember gives up on the empty value go-yaml places elsewhere.
func (r *fastReader) checkMember(key, val jsonsyntax.Value) { r.checkRange(key, val.Start, val.End) }

// checkRange is checkMember for a value written, of which the range is
// left.
func (r *fastReader) checkRange(key jsonsyntax.Value, start, end int) {
	if end < start || start < key.Start {
		r.fail()
	}
}

// byteSet is a set of bytes, for the tests made at each byte.
type byteSet [256]bool

func setOf(chars string) (s byteSet) {
	for i := range len(chars) {
		s[chars[i]] = true
	}
	return s
}

var (
	// notInKey: the bytes the fast reader does not take in a plain key
	// ('<' as "<<" is a merge key to go-yaml).
	notInKey = setOf("\n[]{},\"'#<")
	// notPlainStart: the indicators and blank space.
	notPlainStart = setOf("-?:,[]{}#&*!|>'\"%@` \n")
)

// plainStart: the byte at p may start a plain scalar (not an indicator,
// and not '-' before blank space).
func plainStart(src []byte, p int) bool {
	c := src[p]
	if notPlainStart[c] {
		return c == '-' && p+1 < len(src) && src[p+1] != ' ' && src[p+1] != '\n' && strings.IndexByte(",[]{}", src[p+1]) < 0
	}
	return true
}

// mappingValue reads the value of a block mapping's key at column col,
// from p just after the colon.
func (r *fastReader) mappingValue(p, col int) (jsonsyntax.Value, int) {
	at, indent, block := r.valueStart(p, col)
	if block {
		return r.blockNode(at, indent)
	}
	return r.inline(at, col)
}

// valueStart finds the value of a block mapping's key at column col, from
// p just after the colon: a value on the key's line at at, or a block node
// on the lines after (block), at at in column indent (more indented than
// the key, or a sequence at its column).
func (r *fastReader) valueStart(p, col int) (at, indent int, block bool) {
	src := r.src
	q := p
	for q < len(src) && src[q] == ' ' {
		q++
	}
	if q < len(src) && src[q] != '\n' && src[q] != '#' {
		return q, 0, false
	}
	at, indent = r.content(r.nextLine(q))
	if indent > col || indent == col && r.isEntry(at) {
		return at, indent, true
	}
	r.fail() // an empty value: go-yaml places its null oddly
	return
}

// isEntry: a block sequence entry ("- " or "-" alone) at p.
func (r *fastReader) isEntry(p int) bool {
	src := r.src
	return src[p] == '-' && (p+1 == len(src) || src[p+1] == ' ' || src[p+1] == '\n')
}

// blockNode reads the block sequence or mapping starting at p.
func (r *fastReader) blockNode(p, col int) (jsonsyntax.Value, int) {
	if r.isEntry(p) {
		return r.blockSequence(p, col)
	}
	return r.blockMapping(p, col)
}

// blockSequence reads the sequence whose first '-' is at p, column col.
func (r *fastReader) blockSequence(p, col int) (jsonsyntax.Value, int) {
	r.enter()
	defer r.leave()
	v := jsonsyntax.Value{Kind: jsonsyntax.Array, Start: r.at(p)}
	var next int
	base := len(r.elements)
	for {
		var e jsonsyntax.Value
		switch at, c, where := r.entryValue(p, col); where {
		case entryBlock:
			e, next = r.blockNode(at, c)
		case entryKey:
			e, next = r.blockMapping(at, c)
		default:
			e, next = r.inline(at, col)
		}
		r.elements = append(r.elements, e)
		var more bool
		if p, more = r.nextEntry(next, col); !more {
			break
		}
	}
	v.Elements = r.keepElements(base)
	v.End = max(v.Start+1, v.Elements[len(v.Elements)-1].End)
	return v, next
}

// Where a sequence entry's value is (entryValue).
const (
	entryInline = iota // a value on the entry's line
	entryBlock         // a block sequence or mapping (on the entry's line or after it)
	entryKey           // a block mapping starting on the entry's line
)

// entryValue finds the value of the sequence entry whose '-' is at p, in
// column col: where it starts, its column (a block's) and what it is.
func (r *fastReader) entryValue(p, col int) (at, c, where int) {
	src := r.src
	q := p + 1
	for q < len(src) && src[q] == ' ' {
		q++
	}
	switch {
	case q == len(src) || src[q] == '\n' || src[q] == '#':
		at, indent := r.content(r.nextLine(q))
		if indent <= col {
			r.fail() // an empty entry
		}
		return at, indent, entryBlock
	case r.isEntry(q):
		return q, r.column(q), entryBlock
	case r.isKey(q):
		return q, r.column(q), entryKey
	}
	return q, col, entryInline
}

// nextEntry finds the next entry of a block sequence at column col from
// the line start next: the offset of its '-', or false when the sequence
// ends there.
func (r *fastReader) nextEntry(next, col int) (int, bool) {
	at, indent := r.content(next)
	if indent < col || indent == col && !r.isEntry(at) {
		return at, false
	}
	if indent > col {
		r.fail()
	}
	return at, true
}

// isKey: the line from p reads as "key: ..." (a compact mapping in a
// sequence entry) rather than a scalar.
func (r *fastReader) isKey(p int) bool {
	src := r.src
	end := r.lineEnd(p)
	if src[p] == '"' || src[p] == '\'' {
		q := p + 1
		for q < end && src[q] != src[p] {
			if src[p] == '"' && src[q] == '\\' {
				q++
			}
			q++
		}
		return q+1 < end && src[q+1] == ':'
	}
	if !plainStart(src, p) {
		return false
	}
	_, _, key := r.plainLine(p)
	return key
}

// plainLine scans the plain scalar starting at p to the end of its line:
// where it stops (a comment's '#', or the line's end), the line's end, and
// whether it is a key instead (stop is then its colon). The last answer is
// kept: a sequence entry's line is scanned once for isKey and inline.
func (r *fastReader) plainLine(p int) (stop, end int, key bool) {
	if l := &r.lastPlain; l.at == p+1 {
		return l.stop, l.end, l.key
	}
	src := r.src
	end = r.lineEnd(p)
	q := p
	for q < end {
		if q+8 <= end {
			// Eight bytes at a time to the next ':' or '#' (an ARN holds
			// several colons, none of them a key's).
			w := binary.LittleEndian.Uint64(src[q:])
			m := zeroBytes(w^ones*':') | zeroBytes(w^ones*'#')
			if m == 0 {
				q += 8
				continue
			}
			q += bits.TrailingZeros64(m) / 8
		}
		if src[q] == ':' && (q+1 == end || src[q+1] == ' ') {
			key = true
			break
		}
		if src[q] == '#' && src[q-1] == ' ' {
			break
		}
		q++
	}
	r.lastPlain = scannedPlain{at: p + 1, stop: q, end: end, key: key}
	return q, end, key
}

// scannedPlain is plainLine's last answer, for the plain scalar at at-1.
type scannedPlain struct {
	at, stop, end int
	key           bool
}

// inline reads a value that starts on the line of its key or entry, at p;
// col is the column of that key or entry.
func (r *fastReader) inline(p, col int) (jsonsyntax.Value, int) {
	src := r.src
	switch c := src[p]; c {
	case '"', '\'':
		v, end := r.quoted(p)
		return v, r.endOfLine(end)
	case '[', '{':
		v, end := r.flow(p)
		return v, r.endOfLine(end)
	case '!':
		return r.tagged(p, col)
	case '|', '>':
		return r.blockScalar(p, col)
	}
	if !plainStart(src, p) {
		r.fail()
	}
	q, end, key := r.plainLine(p)
	if key {
		r.fail() // a mapping where a scalar was expected
	}
	if q == end && src[q-1] == ' ' {
		r.fail() // go-yaml misplaces a plain scalar followed by blank space
	}
	for src[q-1] == ' ' {
		q--
	}
	return r.plain(p, q), min(end+1, len(src)) // the next line
}

// plain is the plain scalar src[start:end].
func (r *fastReader) plain(start, end int) jsonsyntax.Value {
	v := jsonsyntax.Value{Kind: jsonsyntax.String, Text: r.text[start:end]}
	switch v.Text {
	case "null", "Null", "NULL", "~":
		v.Kind, v.Text = jsonsyntax.Null, "null"
	}
	v.Start, v.End = r.token(start, end)
	return v
}

// tagged reads a short intrinsic function (!Ref X, !Sub ..., !Join
// followed by a block sequence) at p.
func (r *fastReader) tagged(p, col int) (jsonsyntax.Value, int) {
	r.enter()
	defer r.leave()
	src := r.src
	q := p + 1
	for q < len(src) && (src[q] >= 'A' && src[q] <= 'Z' || src[q] >= 'a' && src[q] <= 'z') {
		q++
	}
	if q == p+1 || q < len(src) && src[q] != ' ' && src[q] != '\n' {
		r.fail()
	}
	tag, start := r.text[p:q], r.at(p)
	r.tagAt(p)
	for q < len(src) && src[q] == ' ' {
		q++
	}
	var inner jsonsyntax.Value
	var next int
	if q == len(src) || src[q] == '\n' || src[q] == '#' {
		at, indent := r.content(r.nextLine(q))
		if indent <= col {
			r.fail()
		}
		inner, next = r.blockNode(at, indent)
	} else {
		if src[q] == '!' {
			r.fail() // a tag on a tag: go-yaml refuses it
		}
		inner, next = r.inline(q, col)
	}
	return r.intrinsicTag(tag, inner, start), next
}

// intrinsicTag is the value of the tag (as "!Sub") placed at start applied
// to inner, as the go-yaml conversion makes it.
func (r *fastReader) intrinsicTag(tag string, inner jsonsyntax.Value, start int) jsonsyntax.Value {
	name := "Fn::" + tag[1:]
	if tag == "!Ref" || tag == "!Condition" {
		name = tag[1:]
	}
	return r.computedValue(name, &inner, start, max(inner.End, start+len(tag)))
}

// quoted reads a one-line single- or double-quoted scalar at p and
// returns it and the offset after its closing quote.
func (r *fastReader) quoted(p int) (jsonsyntax.Value, int) {
	src := r.src
	quote := src[p]
	var b []byte // the decoded text, once an escape is met
	q := p + 1
	for {
		if q >= len(src) || src[q] == '\n' {
			r.fail()
		}
		c := src[q]
		if c == quote {
			if quote == '\'' && q+1 < len(src) && src[q+1] == '\'' {
				if b == nil {
					b = append([]byte{}, src[p+1:q]...)
				}
				b = append(b, '\'')
				q += 2
				continue
			}
			break
		}
		if quote == '"' && c == '\\' {
			if b == nil {
				b = append([]byte{}, src[p+1:q]...)
			}
			var n int
			b, n = r.escape(b, q)
			q += n
			continue
		}
		if b != nil {
			b = append(b, c)
		}
		q++
	}
	text := r.text[p+1 : q]
	if b != nil {
		if q+1 < len(src) && src[q+1] != '\n' {
			// go-yaml ends a scalar with escapes at its line's end when
			// anything follows its closing quote ("\x20" and a space)
			r.fail()
		}
		text = string(b)
	}
	v := jsonsyntax.Value{Kind: jsonsyntax.String, Text: text}
	v.Start, v.End = r.token(p, q+1)
	return v, q + 1
}

// escape decodes the escape sequence at p (a backslash) onto b and returns
// its length. Only the JSON escapes and \x are read.
func (r *fastReader) escape(b []byte, p int) ([]byte, int) {
	src := r.src
	if p+1 >= len(src) {
		r.fail()
	}
	switch c := src[p+1]; c {
	case '"', '\\', '/':
		return append(b, c), 2
	case 'n':
		return append(b, '\n'), 2
	case 't':
		return append(b, '\t'), 2
	case 'r':
		return append(b, '\r'), 2
	case 'b':
		return append(b, '\b'), 2
	case 'f':
		return append(b, '\f'), 2
	case 'x', 'u':
		n := 2
		if c == 'u' {
			n = 4
		}
		if p+2+n > len(src) {
			r.fail()
		}
		code, err := strconv.ParseUint(string(src[p+2:p+2+n]), 16, 32)
		if err != nil || code < 0x20 || code >= 0x7f && code < 0xa0 || code >= 0xd800 && code < 0xe000 {
			r.fail() // control characters and surrogates: leave them to go-yaml
		}
		return utf8.AppendRune(b, rune(code)), 2 + n
	}
	r.fail()
	return b, 0
}

// flow reads a one-line flow sequence or mapping at p and returns it and
// the offset after its closing bracket.
func (r *fastReader) flow(p int) (jsonsyntax.Value, int) {
	r.enter()
	defer r.leave()
	src := r.src
	v := jsonsyntax.Value{Kind: jsonsyntax.Array}
	start := r.at(p)
	closing := byte(']')
	if src[p] == '{' {
		v.Kind, closing = jsonsyntax.Object, '}'
	}
	q := r.flowSpace(p + 1)
	seen := r.seen()
	memberBase, elementBase := len(r.members), len(r.elements)
	if v.Kind == jsonsyntax.Object {
		r.flowMappings++
		defer func() { r.flowMappings-- }()
	}
	for src[q] != closing {
		if v.Kind == jsonsyntax.Object {
			if src[q] != '"' && src[q] != '\'' && bytes.IndexByte(src[q:r.lineEnd(q)], ':') < bytes.Index(src[q:], []byte(": ")) {
				r.fail() // go-yaml splits a plain key at its colon
			}
			key, colon := r.key(q, true)
			seen.add(r, key.Text)
			placed := r.at(colon)
			val, end := r.flowNode(r.flowSpace(colon + 1))
			r.members = append(r.members, r.member(key, placed, val))
			q = end
		} else {
			e, end := r.flowNode(q)
			if r.flowMappings > 0 && plainStart(src, q) && colonInPlain(src[q:end]) && !r.splitPlainRead(q, end) {
				// go-yaml splits a plain scalar at a colon in a flow
				// sequence inside a flow mapping ({A: [s3:GetObject]}
				// reads as {A: [{s3: GetObject}]}); its conversion
				// reads it whole again (splitPlain) where it can.
				r.fail()
			}
			r.elements = append(r.elements, e)
			q = end
		}
		q = r.flowSpace(q)
		if src[q] == ',' {
			q = r.flowSpace(q + 1)
			if src[q] == closing {
				r.fail() // a trailing comma
			}
		} else if src[q] != closing {
			r.fail()
		}
	}
	seen.done(r)
	v.Members, v.Elements = r.keepMembers(memberBase), r.keepElements(elementBase)
	// The ranges as the go-yaml conversion derives them (span, closeAfter).
	if v.Kind == jsonsyntax.Array {
		v.Start = start
		v.End = v.Start + 1
		if len(v.Elements) > 0 {
			v.End = max(v.End, v.Elements[len(v.Elements)-1].End)
		}
	} else {
		if len(v.Members) > 0 {
			last := v.Members[len(v.Members)-1]
			v.End = max(last.Key.End, last.Value.End)
		}
		v.Start, v.End = start, max(v.End, start)
	}
	if at := r.at(q); at >= v.End {
		v.End = at + 1
	}
	if v.Kind == jsonsyntax.Object && colonInPlainKey(src, v.Members) {
		r.computed = append(r.computed, [2]int{v.Start, v.End})
		return jsonsyntax.Value{Kind: jsonsyntax.Hole, Start: v.Start, End: v.End}, q + 1
	}
	if name, ok := intrinsic(&v); ok {
		return r.computedValue(name, v.Members[0].Value, v.Start, v.End), q + 1
	}
	return v, q + 1
}

// splitPlainRead: the plain scalar src[p:end], which go-yaml splits at its
// first colon but ":/", is read whole again by the go-yaml conversion
// (yamlReader.splitPlain), as the fast reader reads it: no tag before it
// on its line (go-yaml would misplace the parts), a name before the colon
// that go-yaml reads as a string, and something after it.
func (r *fastReader) splitPlainRead(p, end int) bool {
	text := r.src[p:end]
	colon := -1
	for i, c := range text {
		if c == ':' && (i+1 == len(text) || text[i+1] != '/') {
			colon = i
			break
		}
	}
	if r.at(p) != p || colon < 1 || colon+1 == len(text) || !isIdentStart(text[0]) {
		return false
	}
	for _, c := range text[:colon] {
		if !isIdentByte(c) && c != '-' {
			return false
		}
	}
	switch strings.ToLower(string(text[:colon])) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false // read as a boolean or null
	}
	return true
}

// colonInPlain: a plain scalar's text holds a colon that go-yaml, in a
// flow mapping, reads as a mapping value indicator (all but ":/").
func colonInPlain(text []byte) bool {
	for i, c := range text {
		if c == ':' && (i+1 == len(text) || text[i+1] != '/') {
			return true
		}
	}
	return false
}

// flowSpace skips spaces inside a one-line flow collection; the line must
// not end there.
func (r *fastReader) flowSpace(p int) int {
	for p < len(r.src) && r.src[p] == ' ' {
		p++
	}
	if p == len(r.src) || r.src[p] == '\n' || r.src[p] == '#' {
		r.fail()
	}
	return p
}

// flowNode reads an entry of a flow collection at p and returns the offset
// after it.
func (r *fastReader) flowNode(p int) (jsonsyntax.Value, int) {
	src := r.src
	switch src[p] {
	case '"', '\'':
		return r.quoted(p)
	case '[', '{':
		return r.flow(p)
	case '!':
		r.enter()
		defer r.leave()
		start := r.at(p)
		r.tagAt(p)
		q := p + 1
		for q < len(src) && (src[q] >= 'A' && src[q] <= 'Z' || src[q] >= 'a' && src[q] <= 'z') {
			q++
		}
		if q == p+1 || q == len(src) || src[q] != ' ' {
			r.fail()
		}
		tag := r.text[p:q]
		q = r.flowSpace(q)
		if src[q] == '!' {
			r.fail()
		}
		inner, end := r.flowNode(q)
		if src[q] != '"' && src[q] != '\'' && src[q] != '[' && src[q] != '{' && bytes.IndexByte(src[q:end], ':') >= 0 {
			// a plain scalar with a colon after a tag in a flow
			// collection: go-yaml may read a key there ({0: !A 0:0})
			r.fail()
		}
		return r.intrinsicTag(tag, inner, start), end
	}
	if !plainStart(src, p) {
		r.fail()
	}
	q := p
	for ; q < len(src); q++ {
		c := src[q]
		if c == '\n' || c == ',' || c == ']' || c == '}' {
			break
		}
		if c == '[' || c == '{' || c == '#' && src[q-1] == ' ' {
			r.fail()
		}
		if c == ':' && (q+1 == len(src) || strings.IndexByte(" \n,[]{}", src[q+1]) >= 0) {
			r.fail() // a single-pair mapping, or a key
		}
	}
	end := q
	for src[end-1] == ' ' {
		end--
	}
	return r.plain(p, end), end
}

// blockScalar reads a literal or folded block scalar whose header is at p,
// in a key or entry at column col: its text is the following lines
// indented more than col, as YAML keeps (|) or folds (>) them.
func (r *fastReader) blockScalar(p, col int) (jsonsyntax.Value, int) {
	src := r.src
	literal := src[p] == '|'
	q := p + 1
	strip := false
	if q < len(src) && src[q] == '-' {
		strip = true
		q++
	}
	next := r.endOfLine(q)
	// The content lines: blank ones and those indented more than col.
	indent := -1
	var lines [][]byte // without their indentation; nil for a blank line
	end := next        // after the last content line
	lastText := -1     // offset after the last line's text
	for pos := next; pos < len(src); {
		le := r.lineEnd(pos)
		line := src[pos:le]
		n := 0
		for n < len(line) && line[n] == ' ' {
			n++
		}
		if n == len(line) { // blank
			if indent >= 0 && n > indent || indent < 0 {
				r.fail() // spaces kept in the text, or leading blank lines
			}
			lines = append(lines, nil)
		} else {
			if n <= col {
				break
			}
			if indent < 0 {
				indent = n
			}
			if n != indent && (n < indent || !literal) {
				r.fail() // less indented (an error), or more indented in a folded scalar
			}
			lines = append(lines, line[indent:])
			lastText = le
		}
		pos = min(le+1, len(src))
		end = pos
	}
	start := r.at(p)
	if indent < 0 || lastText != blockEnd(src, start) || !literal && lastText == len(src) {
		// (go-yaml does not fold the lines of a folded scalar that ends the
		// text without a line break)
		r.fail()
	}
	// Trailing blank lines do not count but for the last line break.
	for lines[len(lines)-1] == nil {
		lines = lines[:len(lines)-1]
	}
	var b strings.Builder
	b.Grow(lastText - next + 1)
	for i, line := range lines {
		if i > 0 {
			switch {
			case literal || line == nil:
				b.WriteByte('\n')
			case lines[i-1] != nil:
				b.WriteByte(' ')
			}
		}
		b.Write(line)
	}
	if !strip && lastText < len(src) {
		b.WriteByte('\n')
	}
	return jsonsyntax.Value{Kind: jsonsyntax.String, Start: start, End: lastText, Text: b.String()}, end
}
