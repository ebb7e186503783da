package host

import (
	"fmt"
	"strings"
	"testing"
)

// TestPlaceholders: the copies read where nothing is typed yet, each with
// an empty quoted scalar at the cursor (‸), and none where something is
// typed at the cursor or after it on its line.
func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string // each copy's line, the likelier first
	}{
		{"    Action: ‸", []string{`    Action: ""`}},
		{"    Action:   ‸  # which?", []string{`    Action:   ""  # which?`}},
		{`    "aws:SourceAccount": ‸`, []string{`    "aws:SourceAccount": ""`}},
		{"    - ‸", []string{`    - ""`, `    - "":`}},
		{"    - - ‸", []string{`    - - ""`, `    - - "":`}},
		{"    - Effect: ‸", []string{`    - Effect: ""`}},
		{"    ‸", []string{`    "":`}},
		{"    ‸ # later", []string{`    "": # later`}},
		{"    Action: s‸", nil},
		{"    Action:‸", nil},
		{"    Action: ‸ses:Send", nil},
		{"    Action: ‸#x", nil},
		{"    -‸", nil},
		{"    --- ‸", nil},
		{"    Action: [‸]", nil},
		{"    Principal: {Service: ‸}", []string{`    Principal: {Service: ""}`}},
		{"    Principal: {AWS: x, Service: ‸ }", []string{`    Principal: {AWS: x, Service: "" }`}},
		{"    Principal: {Service: ‸, AWS: x}", []string{`    Principal: {Service: "", AWS: x}`}},
		{"    Principal: {Service:‸}", nil},
		{"    Principal: {Service: ‸]", nil},
		{"    Action: [a: ‸]", nil},
		{"    Action: [ses:SendEmail, ‸", nil},
		{"    Resource: !Sub ‸", nil},
		{"‸", nil},
	} {
		at := strings.Index(tc.line, "‸")
		src := "Resources:\n" + tc.line[:at] + tc.line[at+len("‸"):] + "\nOutputs: {}\n"
		offset := len("Resources:\n") + at
		var got []string
		for _, p := range Placeholders([]byte(src), offset) {
			text := string(p.Text)
			if !strings.HasPrefix(text, src[:offset]) || !strings.HasSuffix(text, src[offset:]) {
				t.Errorf("%q: the copy changes more than the cursor's place: %q", tc.line, text)
			}
			if p.Key != strings.HasPrefix(text[offset:], `"":`) {
				t.Errorf("%q: Key %v for %q", tc.line, p.Key, text)
			}
			got = append(got, strings.Split(text, "\n")[1])
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q: copies %q, want %q", tc.line, got, tc.want)
		}
	}
}
