package catalog

import "strings"

// OperatorFamily groups condition operators by the kind of value they
// compare: String, Numeric, Date, Bool, Binary, IpAddress, Arn or Null.
type OperatorFamily string

// The operator families.
const (
	FamilyString    OperatorFamily = "String"
	FamilyNumeric   OperatorFamily = "Numeric"
	FamilyDate      OperatorFamily = "Date"
	FamilyBool      OperatorFamily = "Bool"
	FamilyBinary    OperatorFamily = "Binary"
	FamilyIPAddress OperatorFamily = "IpAddress"
	FamilyARN       OperatorFamily = "Arn"
	FamilyNull      OperatorFamily = "Null"
)

// Operator is a base condition operator such as StringEquals, without
// IfExists or a ForAllValues:/ForAnyValue: qualifier.
type Operator struct {
	// Name is the operator as AWS spells it ("StringEquals").
	Name string
	// Family is the kind of comparison.
	Family OperatorFamily
	// ValueType is the type the policy values must have.
	ValueType KeyType
	// Negated marks the Not forms (StringNotEquals, NotIpAddress, ...).
	Negated bool
	// IgnoreCase marks StringEqualsIgnoreCase and StringNotEqualsIgnoreCase.
	IgnoreCase bool
	// Wildcards reports whether '*' and '?' in values act as wildcards.
	Wildcards bool
	// IfExistsAllowed reports whether the IfExists suffix may be added
	// (every operator but Null).
	IfExistsAllowed bool
	// QualifierAllowed reports whether ForAllValues:/ForAnyValue: may be
	// put in front (every operator but Null).
	QualifierAllowed bool
	// PolicyVariables reports whether ${...} in values is substituted
	// (String and Arn operators).
	PolicyVariables bool
	// Description is our one-line description.
	Description string
}

// Qualifier is a set operator prefix of a condition operator.
type Qualifier uint8

// The qualifiers.
const (
	NoQualifier  Qualifier = iota
	ForAllValues           // "ForAllValues:"
	ForAnyValue            // "ForAnyValue:"
)

// String returns the prefix as written in policies, colon included.
func (q Qualifier) String() string {
	switch q {
	case ForAllValues:
		return "ForAllValues:"
	case ForAnyValue:
		return "ForAnyValue:"
	}
	return ""
}

// OperatorUse is a condition operator as written in a policy, taken apart.
type OperatorUse struct {
	Qualifier Qualifier
	Base      *Operator
	IfExists  bool
}

// Name returns the operator's canonical spelling, e.g.
// "ForAnyValue:StringLikeIfExists". Comparing it with what the policy says
// finds case mistakes.
func (u OperatorUse) Name() string {
	s := u.Qualifier.String() + u.Base.Name
	if u.IfExists {
		s += "IfExists"
	}
	return s
}

// Problem explains why AWS rejects this combination, or returns "" when it
// is valid: Null takes neither IfExists nor a qualifier.
func (u OperatorUse) Problem() string {
	switch {
	case u.IfExists && !u.Base.IfExistsAllowed:
		return u.Base.Name + " cannot take the IfExists suffix"
	case u.Qualifier != NoQualifier && !u.Base.QualifierAllowed:
		return u.Base.Name + " cannot take a " + strings.TrimSuffix(u.Qualifier.String(), ":") + " qualifier"
	}
	return ""
}

// ParseOperator takes a condition operator name apart into qualifier,
// base operator and IfExists suffix, ignoring case. It fails only when no
// base operator fits; use OperatorUse.Problem for combinations AWS rejects
// and OperatorUse.Name to detect wrong case.
func (c *Catalog) ParseOperator(name string) (OperatorUse, bool) {
	var u OperatorUse
	rest := name
	switch {
	case hasPrefixFold(rest, "ForAllValues:"):
		u.Qualifier, rest = ForAllValues, rest[len("ForAllValues:"):]
	case hasPrefixFold(rest, "ForAnyValue:"):
		u.Qualifier, rest = ForAnyValue, rest[len("ForAnyValue:"):]
	}
	f := facts()
	if op, ok := getFold(f.operatorNames, rest); ok {
		u.Base = op
		return u, true
	}
	const suffix = "IfExists"
	if len(rest) > len(suffix) && equalFold(rest[len(rest)-len(suffix):], suffix) {
		if op, ok := getFold(f.operatorNames, rest[:len(rest)-len(suffix)]); ok {
			u.Base, u.IfExists = op, true
			return u, true
		}
	}
	return OperatorUse{}, false
}

// Operators returns the base condition operators in AWS's order.
func (c *Catalog) Operators() []*Operator { return facts().operators }

// Operator returns the base operator with the given name, ignoring case.
func (c *Catalog) Operator(name string) (*Operator, bool) {
	return getFold(facts().operatorNames, name)
}

// OperatorNames returns every valid operator name: each base operator,
// its IfExists form and their qualified forms, where allowed.
func (c *Catalog) OperatorNames() []string {
	var out []string
	for _, q := range []Qualifier{NoQualifier, ForAllValues, ForAnyValue} {
		for _, op := range facts().operators {
			if q != NoQualifier && !op.QualifierAllowed {
				continue
			}
			out = append(out, q.String()+op.Name)
			if op.IfExistsAllowed {
				out = append(out, q.String()+op.Name+"IfExists")
			}
		}
	}
	return out
}

// SuggestOperators returns up to n valid operator names close to an
// unknown one, best first.
func (c *Catalog) SuggestOperators(name string, n int) []string {
	return suggest(name, c.OperatorNames(), n)
}

// OperatorFamilies returns the operator families that can compare values
// of this type: String for String keys, Arn and String for ARN keys, and
// so on. The set qualifier, not the family, handles ArrayOf types.
func (t KeyType) OperatorFamilies() []OperatorFamily {
	f := facts()
	if fams, ok := f.typeFamilies[t]; ok {
		return fams
	}
	return f.typeFamilies[t.Element()]
}
