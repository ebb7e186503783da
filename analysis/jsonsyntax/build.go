package jsonsyntax

// Value describes one value that a host front end (a CloudFormation
// template's YAML or JSON, later Terraform) found, for Build. Ranges are byte
// offsets into the host file's source.
type Value struct {
	// Kind is Object, Array, String, Number, Bool, Null, Invalid or Hole.
	Kind       Kind
	Start, End int
	// Text is a scalar's decoded value (a String's text without quotes).
	Text     string
	Members  []Member // an Object's members, in source order
	Elements []Value  // an Array's elements
}

// Member is one key and value of an Object for Build.
type Member struct {
	Key Value // a String
	// Colon is the offset of the separator between key and value, or -1.
	Colon int
	// Value is nil when the member has no value yet.
	Value *Value
}

// Build makes a Document from a tree a host front end built, so the policy
// model and every feature reading a Document serve documents embedded in
// other files. source is the whole host file: nodes keep host offsets, and
// the Document has no Errors (the host reports its own syntax).
func Build(source string, root *Value) *Document {
	doc := &Document{Source: source}
	if root == nil {
		return doc
	}
	// The nodes are allocated once, to the count, so they never move and
	// the slots in doc.children point at them as they are made (each node
	// fills at most one slot: in its container's run, as a property's
	// value, or as the root). Most texts point into the source (setText),
	// so decoded grows as needed.
	nodes := countNodes(root)
	b := &builder{parser: parser{doc: doc, text: source, nodes: make([]Node, 0, nodes)}, slots: make([]*Node, 0, nodes+1)}
	r := b.build(root, none)
	if len(b.nodes) != nodes {
		panic("jsonsyntax: Build made another number of nodes than it counted")
	}
	doc.nodes = b.nodes
	doc.Root = &doc.nodes[r]
	doc.rootSlot = int32(len(b.slots))
	doc.children = append(b.slots, doc.Root)
	return doc
}

// builder is the parser's node writing with doc.children written as
// pointers directly.
type builder struct {
	parser
	slots []*Node
}

// countNodes returns how many nodes (members count twice: the property
// and its key) the tree under v makes, so Build allocates once.
func countNodes(v *Value) int {
	nodes := 1
	switch v.Kind {
	case Object:
		for i := range v.Members {
			nodes += 2
			if m := v.Members[i].Value; m != nil {
				nodes += countNodes(m)
			}
		}
	case Array:
		for i := range v.Elements {
			nodes += countNodes(&v.Elements[i])
		}
	}
	return nodes
}

// build adds v (and its children) under parent and returns its index. Texts
// are stored decoded: a host scalar's source is YAML or an escaped JSON
// string, not the text itself.
func (p *builder) build(v *Value, parent int32) int32 {
	kind := v.Kind
	if kind == Property || kind > Hole {
		kind = Invalid
	}
	n := p.newNode(kind, parent, v.Start, v.End)
	p.nodes[n].closed = true
	switch kind {
	case Object:
		base := len(p.stack)
		for i := range v.Members {
			m := &v.Members[i]
			end := m.Key.End
			if m.Value != nil {
				end = max(end, m.Value.End)
			}
			prop := p.newNode(Property, n, m.Key.Start, end)
			key := p.newNode(String, prop, m.Key.Start, m.Key.End)
			p.nodes[key].closed = true
			p.setText(key, m.Key.Text)
			p.nodes[prop].a = key
			p.nodes[prop].colon = int32(m.Colon)
			if m.Value != nil {
				val := p.build(m.Value, prop)
				p.nodes[prop].b = int32(len(p.slots))
				p.slots = append(p.slots, &p.nodes[val])
			}
			p.stack = append(p.stack, prop)
		}
		p.finish(n, base)
	case Array:
		base := len(p.stack)
		// Each element's build leaves the stack as it found it, so the
		// element goes on top of the ones before it.
		for i := range v.Elements {
			elem := p.build(&v.Elements[i], n)
			p.stack = append(p.stack, elem)
		}
		p.finish(n, base)
	default:
		p.setText(n, v.Text)
	}
	return n
}

// setText gives node n the text, pointing into the source when the node's
// range, or the range inside its quotes, holds exactly that text (a plain
// or quoted scalar without escapes), and storing it decoded otherwise.
func (p *parser) setText(n int32, text string) {
	node := &p.nodes[n]
	start, end := int(node.start), int(node.end)
	if 0 <= start && start <= end && end <= len(p.text) {
		if end-start == len(text) && p.text[start:end] == text {
			node.textStart, node.textEnd = node.start, node.end
			return
		}
		if end-start == len(text)+2 && p.text[start+1:end-1] == text {
			node.textStart, node.textEnd = node.start+1, node.end-1
			return
		}
	}
	node.decoded = true
	p.nodes[n].textStart = int32(len(p.doc.decoded))
	p.doc.decoded = append(p.doc.decoded, text)
}

// finish records the entries pushed since base as node i's children,
// keeping node i's own range.
func (p *builder) finish(i int32, base int) {
	n := &p.nodes[i]
	n.a = int32(len(p.slots))
	n.b = int32(len(p.stack) - base)
	for _, c := range p.stack[base:] {
		p.slots = append(p.slots, &p.nodes[c])
	}
	p.stack = p.stack[:base]
}
