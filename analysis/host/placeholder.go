package host

import "bytes"

// Where nothing is typed yet in a YAML template (`Resource: ‸`, `- ‸`, a
// blank line at a mapping's indentation), go-yaml reads an empty value as a
// null at the colon, a `- ` alone as a null item and a blank line as
// nothing: there is no token at the cursor, often not even a policy around
// it (an empty last value ends the policy before the cursor). Completion
// answers there from a copy of the template with an empty double-quoted
// scalar typed at the cursor, the token an item then replaces.

// A Placeholder is a copy of a YAML template with an empty quoted scalar
// ("") inserted at the cursor's offset: its token is [offset, offset+2) and
// the cursor, offset+1, is between its quotes. Key says the scalar is a new
// key ("" followed by a colon), else it is a value.
type Placeholder struct {
	Text []byte
	Key  bool
}

// Placeholders returns the copies of src worth reading at offset, the
// likelier first: a value after `Key: `, a value then a key after a
// sequence dash (`- ‸` is an item of a list of strings or a new statement),
// a key on a line holding only indentation. None when something is typed
// at the cursor's place or after it on the line (but for a comment), or
// when the line is no such place.
func Placeholders(src []byte, offset int) []Placeholder {
	if offset <= 0 || offset > len(src) {
		return nil
	}
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	lineEnd := offset + bytes.IndexByte(src[offset:], '\n')
	if lineEnd < offset {
		lineEnd = len(src)
	}
	before := src[lineStart:offset]
	after := bytes.TrimRight(src[offset:lineEnd], " \t\r")
	trimmed := bytes.TrimRight(before, " ")
	if rest := bytes.TrimLeft(after, " "); len(trimmed) < len(before) && len(rest) > 0 && (rest[0] == '}' || rest[0] == ',') &&
		trimmed[len(trimmed)-1] == ':' && OpenBracket(trimmed) == '{' {
		// A value after `Key: ` in a flow mapping ({Service: ‸}).
		return []Placeholder{placeholder(src, offset, false)}
	}
	if len(after) > 0 && (after[0] != ' ' && after[0] != '\t' || bytes.TrimLeft(after, " \t")[0] != '#') {
		return nil // something typed after the cursor, not a comment
	}
	switch {
	case len(trimmed) == 0 && len(before) > 0: // no policy is a template's top level
		return []Placeholder{placeholder(src, offset, true)}
	case len(trimmed) == len(before):
		return nil // the cursor touches a word, a colon or a dash
	case isDashes(trimmed):
		return []Placeholder{placeholder(src, offset, false), placeholder(src, offset, true)}
	case trimmed[len(trimmed)-1] == ':' && !bytes.ContainsAny(trimmed, "{}[]#"):
		return []Placeholder{placeholder(src, offset, false)}
	}
	return nil
}

// OpenBracket is the last bracket a line's text leaves open, '{' or '[' (the
// text ends inside a flow mapping or sequence), or 0, also when it ends
// inside a quoted scalar.
func OpenBracket(line []byte) byte {
	open, quote := openOn(line)
	if quote != 0 || len(open) == 0 {
		return 0
	}
	return open[len(open)-1]
}

// isDashes reports a line's text that is indentation and one or more
// sequence dashes (`  -`, `- -`): the start of a new item.
func isDashes(text []byte) bool {
	text = bytes.TrimLeft(text, " ")
	for i, b := range text {
		switch {
		case b == '-' && (i+1 == len(text) || text[i+1] == ' '):
		case b == ' ' && i > 0 && text[i-1] == '-':
		default:
			return false
		}
	}
	return len(text) > 0
}

func placeholder(src []byte, offset int, key bool) Placeholder {
	insert := `""`
	if key {
		insert = `"":`
	}
	text := make([]byte, 0, len(src)+len(insert))
	text = append(append(append(text, src[:offset]...), insert...), src[offset:]...)
	return Placeholder{Text: text, Key: key}
}
