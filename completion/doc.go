// Package completion computes what an editor shows about a policy: the
// outline, completion items, hover documentation and whole-policy templates.
//
// Everything here is plain data over byte offsets into the analysed source.
// There are no LSP types: the server converts offsets to editor positions
// (through analysis/text) and data to protocol structures. This package must
// never import glsp.
//
// Completion and hover start from a Cursor (cursor.go), computed once from
// the tolerant tree: is the offset in a key or a value, of which element,
// inside which statement, condition operator or principal type, what is
// already there, and which partial token (with its byte range) is being
// typed. Each feature file then answers from the Cursor and the in-memory
// catalogue: complete_keys.go, complete_actions.go, complete_resources.go,
// complete_principals.go, complete_conditions.go, complete_values.go,
// templates.go, and hover*.go.
//
// Ranges of completion edits include the quotes of the string being typed:
// accepting ses:SendEmail after `"ses:Sen` replaces `"ses:Sen` with
// `"ses:SendEmail"`, and the item's FilterText is quoted the same way, so
// editors that filter on the text between the range start and the cursor
// compare like with like. An unclosed string is replaced up to the end of
// the word under the cursor, never to the end of its line.
package completion
