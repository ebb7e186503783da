package host

import (
	"strings"

	"github.com/policyls/policyls/analysis/jsonsyntax"
)

// Streaming, the fast reader writes a resource's policy documents straight
// into jsonsyntax nodes as it reads them (a jsonsyntax.Writer), instead of
// reading them into Values for jsonsyntax.Build to copy: that copy was a
// third of a large template's read (BENCHMARKS.md, issue 14 item 8).
// docPlan follows the keys that lead to the documents, by what
// resourcePolicies looks up (documentProperty): once a resource's Type is
// read, before its Properties, the Properties mapping's keys are matched,
// and the entries of a list of {PolicyName, PolicyDocument}. The Value
// left in the resource's tree for a written document is an Object with
// its range only; converter.add takes the written document for it. What
// the plan does not see (a Type after Properties, flow style) is read into
// Values and built as before. The documents are the ones Build makes of
// the Values (jsonsyntax's TestWriterWritesWhatBuildBuilds; the streamed
// File is compared with go-yaml's in TestFastYAMLSameTree and
// FuzzFastYAML).

// docPlan is where the reader stands on the way to a resource's documents.
type docPlan struct {
	// watch is the depth of the mapping whose keys are matched (0: none),
	// at stage.
	watch int
	stage planStage
	// typ is the resource's Type, once read (typeRead) before Properties.
	typ      string
	typeRead bool
}

type planStage int

const (
	inResource   planStage = iota // the resource's mapping: its Type, then Properties
	inProperties                  // its Properties: a document, or a list of them
	inPolicyList                  // an entry of such a list: its PolicyDocument
)

// plannedValue reads the value of the member key (colon at colon) of a
// mapping at column col and depth r.depth that the plan watches.
func (r *fastReader) plannedValue(key string, colon, col int) (jsonsyntax.Value, int) {
	plan := &r.plan
	switch plan.stage {
	case inResource:
		if key == "Properties" && plan.typeRead {
			plan.stage, plan.watch = inProperties, r.depth+1
			v, next := r.mappingValue(colon+1, col)
			plan.stage, plan.watch = inResource, r.depth
			return v, next
		}
		v, next := r.mappingValue(colon+1, col)
		if key == "Type" && v.Kind == jsonsyntax.String {
			plan.typ, plan.typeRead = v.Text, true
		}
		return v, next
	case inProperties:
		switch document, list := documentProperty(plan.typ, key); {
		case document:
			return r.policyDocument(colon+1, col)
		case list:
			// The list's block sequence is one level down, its entries'
			// mappings two.
			plan.stage, plan.watch = inPolicyList, r.depth+2
			v, next := r.mappingValue(colon+1, col)
			plan.stage, plan.watch = inProperties, r.depth
			return v, next
		}
	case inPolicyList:
		if key == "PolicyDocument" {
			return r.policyDocument(colon+1, col)
		}
	}
	return r.mappingValue(colon+1, col)
}

// policyDocument reads the value of a key whose value resourcePolicies reads as
// a policy document, from p just after the colon: a block mapping is
// written as a document, anything else (a string, an intrinsic function, a
// flow mapping) read as a Value.
func (r *fastReader) policyDocument(p, col int) (jsonsyntax.Value, int) {
	at, indent, block := r.valueStart(p, col)
	if !block || r.isEntry(at) || r.intrinsicKeyAt(at) {
		return r.mappingValue(p, col)
	}
	if r.writer == nil {
		r.writer = jsonsyntax.NewWriter(r.text)
	}
	r.writer.Begin()
	r.enter()
	start, end, next := r.writeMapping(at, indent)
	r.leave()
	r.written = append(r.written, writtenDocument{start: start, end: end, doc: r.writer.Document()})
	r.documentsWritten++
	return jsonsyntax.Value{Kind: jsonsyntax.Object, Start: start, End: end}, next
}

// intrinsicKeyAt: the block mapping at p starts with the key Ref or
// Fn::..., which makes it an intrinsic function when it is its only key.
func (r *fastReader) intrinsicKeyAt(p int) bool {
	if c := r.src[p]; c != 'R' && c != 'F' && c != '"' && c != '\'' {
		return false // (most keys: no need to read it twice)
	}
	key, _ := r.key(p, false)
	return key.Text == "Ref" || strings.HasPrefix(key.Text, "Fn::")
}

// The write functions read as mapping, mappingValue, blockNode and
// blockSequence do, writing what they read instead of returning it; each
// returns the range of what it wrote and the start of the line after.

// writeMapping writes the block mapping whose first key is at at, column
// col (entered).
func (r *fastReader) writeMapping(at, col int) (start, end, next int) {
	w := r.writer
	seen := r.seen()
	for first := true; ; first = false {
		key, colon := r.key(at, false)
		seen.add(r, key.Text)
		placed := r.at(colon)
		if first {
			start = key.Start
			w.OpenObject(start)
		}
		w.Key(&key, placed)
		var valStart, valEnd int
		valStart, valEnd, next = r.writeValue(colon+1, col)
		r.checkRange(key, valStart, valEnd)
		end = max(key.End, valEnd)
		var more bool
		if at, more = r.nextKey(next, col); !more {
			break
		}
	}
	seen.done(r)
	w.Close(end)
	return start, end, next
}

// writeValue writes the value of a block mapping's key at column col, from
// p just after the colon.
func (r *fastReader) writeValue(p, col int) (start, end, next int) {
	at, indent, block := r.valueStart(p, col)
	if block {
		return r.writeNode(at, indent)
	}
	return r.writeRead(r.inline(at, col))
}

// writeNode writes the block sequence or mapping at p, column col; a
// mapping that may be an intrinsic function is read as a Value, which
// the converter turns into what the policy sees.
func (r *fastReader) writeNode(p, col int) (start, end, next int) {
	switch {
	case r.isEntry(p):
		return r.writeSequence(p, col)
	case r.intrinsicKeyAt(p):
		return r.writeRead(r.blockMapping(p, col))
	}
	r.enter()
	defer r.leave()
	return r.writeMapping(p, col)
}

// writeSequence writes the block sequence whose first '-' is at p, column
// col.
func (r *fastReader) writeSequence(p, col int) (start, end, next int) {
	r.enter()
	defer r.leave()
	w := r.writer
	start = r.at(p)
	w.OpenArray(start)
	for {
		var last int
		switch at, c, where := r.entryValue(p, col); where {
		case entryBlock, entryKey:
			_, last, next = r.writeNode(at, c)
		default:
			_, last, next = r.writeRead(r.inline(at, col))
		}
		end = max(start+1, last)
		var more bool
		if p, more = r.nextEntry(next, col); !more {
			break
		}
	}
	w.Close(end)
	return start, end, next
}

// writeRead writes a value read as a Value.
func (r *fastReader) writeRead(v jsonsyntax.Value, next int) (start, end, after int) {
	r.writer.Value(&v)
	return v.Start, v.End, next
}
