package policy

import "github.com/policyls/policyls/analysis/jsonsyntax"

// Element is one policy element as found in the document: the Property node
// (key and value) so that a finding can point at the key, the value or both.
// A nil *Element means the element is absent.
type Element struct {
	Name     string           // the element name as written, e.g. "Action"
	Property *jsonsyntax.Node // the "Name": value member
}

// Value returns the element's value node, or nil when the element is absent
// or has no value yet.
func (e *Element) Value() *jsonsyntax.Node {
	if e == nil || e.Property == nil {
		return nil
	}
	return e.Property.Value()
}

// Policy is the typed view of a policy document. Every field keeps its node.
type Policy struct {
	Root *jsonsyntax.Node // the top-level object

	Version   *Element
	ID        *Element // the "Id" element
	Statement *Element

	// Statements holds the statement objects, whether Statement is a single
	// object or an array. Elements of other JSON types are left out (they are
	// reported as wrong types).
	Statements []*Statement
}

// Statement is one statement object.
type Statement struct {
	Node  *jsonsyntax.Node // the statement object
	Index int              // position in the Statement array (0 for a lone object)

	Sid          *Element
	Effect       *Element
	Principal    *Element
	NotPrincipal *Element
	Action       *Element
	NotAction    *Element
	Resource     *Element
	NotResource  *Element
	Condition    *Element

	misspelt []string // element names reported as misspelt in this statement

	principalList  []principal // see principals()
	principalsDone bool
}

// stringsOf returns v itself when it is a string, or the string elements of
// an array; other values give nothing. It allocates only for an array that
// mixes strings with other values.
func stringsOf(v *jsonsyntax.Node) []*jsonsyntax.Node {
	if v == nil {
		return nil
	}
	values := v.Values()
	for i, c := range values {
		if c.Kind() != jsonsyntax.String {
			out := values[:i:i] // appending copies: the tree is never written
			for _, c := range values[i+1:] {
				if c.Kind() == jsonsyntax.String {
					out = append(out, c)
				}
			}
			return out
		}
	}
	return values
}

// Strings returns the string values of an element whose value is a string or
// an array of strings (Action, Resource, ...), as nodes so callers keep their
// ranges. Non-string array members are skipped.
func Strings(e *Element) []*jsonsyntax.Node { return stringsOf(e.Value()) }
