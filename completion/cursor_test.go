package completion

import (
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// TestCursor checks what the cursor query says at typical places, the
// cursor marked with ‸.
func TestCursor(t *testing.T) {
	tests := []struct {
		in       string
		place    Place
		level    Level
		element  string
		operator string
		typed    string
		replaced string // the source text of the replace range
	}{
		{"‸", PlaceDocument, LevelOther, "", "", "", ""},
		{"{‸}", PlaceKey, LevelPolicy, "", "", "", ""},
		{`{"Ver‸`, PlaceKey, LevelPolicy, "", "", "Ver", `"Ver`},
		{`{"Statement": [{"Eff‸ect": "Allow"}]}`, PlaceKey, LevelStatement, "", "", "Eff", `"Effect"`},
		{`{"Statement": [{"Effect": "Al‸"}]}`, PlaceValue, LevelStatement, "Effect", "", "Al", `"Al"`},
		{`{"Statement": [{"Effect": ‸`, PlaceValue, LevelStatement, "Effect", "", "", ""},
		{`{"Statement": {"Action": ["a", "ses:‸"]}}`, PlaceValue, LevelStatement, "Action", "", "ses:", `"ses:"`},
		{`{"Statement": [{"Principal": {"Service": "pin‸`, PlaceValue, LevelPrincipal, "Service", "", "pin", `"pin`},
		{`{"Statement": [{"Principal": {‸}}]}`, PlaceKey, LevelPrincipal, "", "", "", ""},
		{`{"Statement": [{"Condition": {"Str‸": {}}}]}`, PlaceKey, LevelCondition, "", "", "Str", `"Str"`},
		{`{"Statement": [{"Condition": {"StringLike": {"ses:‸`, PlaceKey, LevelOperator, "", "StringLike", "ses:", `"ses:`},
		{`{"Statement": [{"Condition": {"Bool": {"aws:SecureTransport": "t‸"}}}]}`, PlaceValue, LevelOperator, "aws:SecureTransport", "Bool", "t", `"t"`},
		{`{"Statement": [{"Effect": "Allow"‸}]}`, PlaceNone, LevelOther, "", "", "", ""},
		{`{"Statement": [{"Effect": ‸"Allow"}]}`, PlaceNone, LevelOther, "", "", "", ""},
		{`{"Statement": []}‸`, PlaceNone, LevelOther, "", "", "", ""},
		{`{"Other": {"Action": "‸"}}`, PlaceValue, LevelOther, "Action", "", "", `""`},
		// A policy variable (or a host's ${...}) after the cursor is part
		// of the string, not a sign that it swallowed the rest of the line.
		{`{"Statement": {"Resource": "arn:aws:s3:::b‸/${aws:username}/*"}}`, PlaceValue, LevelStatement, "Resource", "", "arn:aws:s3:::b", `"arn:aws:s3:::b/${aws:username}/*"`},
		{`{"Statement": {"Resource": "a‸${var.x}"}}`, PlaceValue, LevelStatement, "Resource", "", "a", `"a${var.x}"`},
		{`{"Statement": {"Action": "ses:Sen‸, "Resource": "*"}}`, PlaceValue, LevelStatement, "Action", "", "ses:Sen", `"ses:Sen`},
	}
	for _, tt := range tests {
		at := strings.Index(tt.in, cursorMark)
		src := tt.in[:at] + tt.in[at+len(cursorMark):]
		c := NewCursor(policy.Analyze([]byte(src), policy.Options{}), at)
		if c.Place != tt.place || c.Level != tt.level || c.Element != tt.element || c.Operator != tt.operator ||
			c.Typed != tt.typed || src[c.Start:c.End] != tt.replaced {
			t.Errorf("%s: place %d level %d element %q operator %q typed %q replaces %q; want %d %d %q %q %q %q",
				tt.in, c.Place, c.Level, c.Element, c.Operator, c.Typed, src[c.Start:c.End],
				tt.place, tt.level, tt.element, tt.operator, tt.typed, tt.replaced)
		}
	}
}

func TestCursorNilAndOutOfRange(t *testing.T) {
	if c := NewCursor(nil, 3); c.Place != PlaceNone {
		t.Errorf("nil result: %+v", c)
	}
	if list := Complete(nil, 3, Options{}); len(list.Items) != 0 {
		t.Errorf("Complete(nil) = %+v", list)
	}
	if _, ok := HoverAt(nil, 3); ok {
		t.Error("HoverAt(nil) answered")
	}
	// A document too large to parse has an empty tree but not an empty
	// source: no whole-policy templates there.
	big := policy.Analyze([]byte(`{"Statement": [`+strings.Repeat(" ", policy.MaxParsedSize)+`]}`), policy.Options{})
	if list := Complete(big, 0, Options{}); len(list.Items) != 0 {
		t.Errorf("too large a document: %d items", len(list.Items))
	}
	res := policy.Analyze([]byte(`{"Statement": [{"Effect": "Allow", }]}`), policy.Options{})
	for _, offset := range []int{-5, 1 << 30} {
		c := NewCursor(res, offset)
		if c.Offset < 0 || c.Offset > len(c.Src) || c.Place != PlaceNone {
			t.Errorf("offset %d: clamped to %d, place %d", offset, c.Offset, c.Place)
		}
	}
}
