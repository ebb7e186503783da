// Package completion computes what an editor shows about a policy: for now
// the outline, later completions, hover documentation and templates.
//
// Everything here is plain data over byte offsets into the analysed source.
// There are no LSP types: the server converts offsets to editor positions
// (through analysis/text) and data to protocol structures. This package must
// never import glsp.
package completion
