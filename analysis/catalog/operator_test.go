package catalog

import "testing"

func TestParseOperator(t *testing.T) {
	c := Default()
	tests := []struct {
		in, canonical string
		q             Qualifier
		base          string
		ifExists      bool
		problem       bool
	}{
		{"StringEquals", "StringEquals", NoQualifier, "StringEquals", false, false},
		{"stringequals", "StringEquals", NoQualifier, "StringEquals", false, false},
		{"StringLikeIfExists", "StringLikeIfExists", NoQualifier, "StringLike", true, false},
		{"ForAllValues:StringLike", "ForAllValues:StringLike", ForAllValues, "StringLike", false, false},
		{"ForAnyValue:ArnLikeIfExists", "ForAnyValue:ArnLikeIfExists", ForAnyValue, "ArnLike", true, false},
		{"forallvalues:stringequalsignorecase", "ForAllValues:StringEqualsIgnoreCase", ForAllValues, "StringEqualsIgnoreCase", false, false},
		{"Null", "Null", NoQualifier, "Null", false, false},
		{"NullIfExists", "NullIfExists", NoQualifier, "Null", true, true},
		{"ForAnyValue:Null", "ForAnyValue:Null", ForAnyValue, "Null", false, true},
		{"IpAddress", "IpAddress", NoQualifier, "IpAddress", false, false},
		{"Bool", "Bool", NoQualifier, "Bool", false, false},
		{"BinaryEqualsIfExists", "BinaryEqualsIfExists", NoQualifier, "BinaryEquals", true, false},
	}
	for _, tt := range tests {
		u, ok := c.ParseOperator(tt.in)
		if !ok {
			t.Errorf("ParseOperator(%q) failed", tt.in)
			continue
		}
		if u.Name() != tt.canonical || u.Qualifier != tt.q || u.Base.Name != tt.base || u.IfExists != tt.ifExists || (u.Problem() != "") != tt.problem {
			t.Errorf("ParseOperator(%q) = %+v %q problem %q", tt.in, u, u.Name(), u.Problem())
		}
	}
	for _, bad := range []string{"", "StringEqual", "ForAllValues:", "ForAllValues", "IfExists", "StringEqualsIfExistsIfExists", "ForAllValues:ForAnyValue:StringLike", "Arn"} {
		if u, ok := c.ParseOperator(bad); ok {
			t.Errorf("ParseOperator(%q) = %+v", bad, u)
		}
	}
}

func TestOperators(t *testing.T) {
	c := Default()
	if n := len(c.Operators()); n != 27 {
		t.Errorf("%d base operators, want 27", n)
	}
	if n := len(c.OperatorNames()); n != 157 {
		t.Errorf("%d operator names, want 157", n)
	}
	op, ok := c.Operator("ArnLike")
	if !ok || op.Family != FamilyARN || op.ValueType != TypeARN || !op.Wildcards || op.Negated {
		t.Errorf("ArnLike = %+v", op)
	}
	op, _ = c.Operator("StringNotEqualsIgnoreCase")
	if !op.Negated || !op.IgnoreCase || op.Wildcards || !op.PolicyVariables {
		t.Errorf("StringNotEqualsIgnoreCase = %+v", op)
	}
	op, _ = c.Operator("DateGreaterThan")
	if op.Family != FamilyDate || op.PolicyVariables || op.Description == "" {
		t.Errorf("DateGreaterThan = %+v", op)
	}
	if ForAllValues.String() != "ForAllValues:" || NoQualifier.String() != "" {
		t.Error("Qualifier.String")
	}
}
