package jsonsyntax

// Writer writes a Document node by node in source order, for a host front
// end that reads its own syntax straight into nodes instead of into a Value
// tree for Build to copy (the fast YAML reader writes a policy's block
// mappings and sequences so). Objects and arrays are opened and closed, a
// member's key is written before its value, and whatever the front end
// reads otherwise is written whole as a Value. What it writes is the
// Document Build makes of the same tree (TestWriterWritesWhatBuildBuilds).
//
// One Writer writes many documents, one after the other. Their nodes go
// on shared blocks, each document's after the one before, so that a
// document's nodes are neither allocated by guess nor copied to their
// number when done. A new block is started when the room left is less
// than the largest document so far; a document that outgrows its room
// moves to a larger block (append's), which the next documents go on.
type Writer struct {
	p parser
	// open holds the Objects, Arrays and Properties being written,
	// innermost last; bases, for each open Object or Array, where its
	// entries start on p.stack.
	open  []int32
	bases []int
	root  int32
	// room is what is left of the current block after the last document;
	// blockSize the size of the last block allocated; largest the most
	// nodes a document written had.
	room      []Node
	blockSize int
	largest   int
}

// Blocks start small, for the one policy of a small template, and double
// up to the largest.
const (
	firstBlock   = 256
	largestBlock = 4096
)

// NewWriter returns a Writer of documents whose nodes hold offsets into
// source (the whole host file, as for Build).
func NewWriter(source string) *Writer {
	return &Writer{p: parser{text: source}, root: none}
}

// Begin starts a new document, dropping whatever was written since the
// last Document.
func (w *Writer) Begin() {
	p := &w.p
	p.doc = &Document{Source: p.text}
	if cap(w.room) < max(w.largest, firstBlock/4) {
		w.blockSize = min(max(2*w.blockSize, firstBlock), largestBlock)
		w.room = make([]Node, 0, max(w.blockSize, 2*w.largest))
	}
	// The room was never written: newNode counts on the fields it does not
	// set being zero.
	p.nodes, p.children, p.stack = w.room, p.children[:0], p.stack[:0]
	w.open, w.bases, w.root = w.open[:0], w.bases[:0], none
}

// OpenObject starts an Object at start; its members follow, each a Key and
// a value, until Close.
func (w *Writer) OpenObject(start int) { w.openContainer(Object, start) }

// OpenArray starts an Array at start; its elements follow until Close.
func (w *Writer) OpenArray(start int) { w.openContainer(Array, start) }

func (w *Writer) openContainer(kind Kind, start int) {
	n := w.p.newNode(kind, w.parent(), start, start)
	w.p.nodes[n].closed = true
	w.open = append(w.open, n)
	w.bases = append(w.bases, len(w.p.stack))
}

// Close ends the innermost open Object or Array at end.
func (w *Writer) Close(end int) {
	p := &w.p
	n := w.open[len(w.open)-1]
	base := w.bases[len(w.bases)-1]
	w.open, w.bases = w.open[:len(w.open)-1], w.bases[:len(w.bases)-1]
	node := &p.nodes[n]
	node.end = int32(end)
	node.a = int32(len(p.children))
	node.b = int32(len(p.stack) - base)
	p.children = append(p.children, p.stack[base:]...)
	p.stack = p.stack[:base]
	w.place(n)
}

// Key starts a member of the innermost open Object: its key, and the
// colon's offset (or -1). The member's value is what is written next.
func (w *Writer) Key(key *Value, colon int) {
	p := &w.p
	prop := p.newNode(Property, w.parent(), key.Start, key.End)
	k := p.newNode(String, prop, key.Start, key.End)
	p.nodes[k].closed = true
	p.setText(k, key.Text)
	p.nodes[prop].a = k
	p.nodes[prop].colon = int32(colon)
	p.stack = append(p.stack, prop)
	w.open = append(w.open, prop)
}

// Value writes v, with everything under it, in its place: the value of the
// member whose key was written last, the next element of an Array, or the
// root.
func (w *Writer) Value(v *Value) {
	kind := v.Kind
	if kind == Property || kind > Hole {
		kind = Invalid
	}
	switch kind {
	case Object:
		w.OpenObject(v.Start)
		for i := range v.Members {
			m := &v.Members[i]
			w.Key(&m.Key, m.Colon)
			if m.Value != nil {
				w.Value(m.Value)
			} else {
				w.open = w.open[:len(w.open)-1] // a key without a value
			}
		}
		w.Close(v.End)
	case Array:
		w.OpenArray(v.Start)
		for i := range v.Elements {
			w.Value(&v.Elements[i])
		}
		w.Close(v.End)
	default:
		n := w.p.newNode(kind, w.parent(), v.Start, v.End)
		w.p.nodes[n].closed = true
		w.p.setText(n, v.Text)
		w.place(n)
	}
}

// parent is the innermost open node, or none for the root.
func (w *Writer) parent() int32 {
	if len(w.open) == 0 {
		return none
	}
	return w.open[len(w.open)-1]
}

// place records the finished value n where it goes: as the value of the
// open Property (which it ends), an element of the open Array, or the
// root.
func (w *Writer) place(n int32) {
	p := &w.p
	if len(w.open) == 0 {
		w.root = n
		return
	}
	top := w.open[len(w.open)-1]
	switch p.nodes[top].kind {
	case Property:
		prop := &p.nodes[top]
		prop.b = int32(len(p.children))
		prop.end = max(prop.end, p.nodes[n].end)
		p.children = append(p.children, n)
		w.open = w.open[:len(w.open)-1]
	case Array:
		p.stack = append(p.stack, n)
	default:
		panic("jsonsyntax: Writer: a value inside an Object without its key")
	}
}

// Document returns the document written since Begin.
func (w *Writer) Document() *Document {
	p := &w.p
	doc := p.doc
	if len(w.open) > 0 {
		panic("jsonsyntax: Writer: Document with an Object or Array still open")
	}
	if w.root == none {
		return doc
	}
	n := len(p.nodes)
	doc.nodes, w.room = p.nodes[:n:n], p.nodes[n:n]
	w.largest = max(w.largest, n)
	doc.children = make([]*Node, len(p.children), len(p.children)+1)
	for i, c := range p.children {
		doc.children[i] = &doc.nodes[c]
	}
	doc.Root = &doc.nodes[w.root]
	doc.rootSlot = int32(len(doc.children))
	doc.children = append(doc.children, doc.Root)
	return doc
}
