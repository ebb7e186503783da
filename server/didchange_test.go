package server

import (
	"strings"
	"testing"
)

// TestDidChangeFastPathMatchesGlsp sends the same didChange params through
// our decoding and through glsp's, and expects the same stored text, the
// same version and the same published diagnostics. Params neither can
// decode get glsp's invalid-params answer, and before initialize glsp's
// refusal.
func TestDidChangeFastPathMatchesGlsp(t *testing.T) {
	r := utf16Range(t, badEffect, "Allw")
	ranged := `{"range": {"start": {"line": ` + itoa(r.Start.Line) + `, "character": ` + itoa(r.Start.Character) + `}, "end": {"line": ` +
		itoa(r.End.Line) + `, "character": ` + itoa(r.End.Character) + `}}, "rangeLength": 4, "text": "Allow"}`
	for name, changes := range map[string]string{
		"whole":                 `[{"text": ` + quoteJSON(cleanPolicy) + `}]`,
		"whole with null range": `[{"range": null, "text": "{\"Statement\": []}"}]`,
		"ranged":                `[` + ranged + `]`,
		"whole then ranged":     `[{"text": ` + quoteJSON(badEffect) + `}, ` + ranged + `]`,
		"none":                  `[]`,
		"escapes":               `[{"text": "{\"Sid\": \"\ud83d\ude00 \ud800 \u00e9\"}"}]`,
	} {
		t.Run(name, func(t *testing.T) {
			fast, slow := newTestClient(t, initParams), newTestClient(t, initParams)
			for _, c := range []*testClient{fast, slow} {
				c.didOpen("file:///p.json", 1, badEffect)
				c.takeNotes()
			}
			params := `{"textDocument": {"uri": "file:///p.json", "version": 2}, "contentChanges": ` + changes + `}`
			fast.notify(didChangeMethod, params)
			if _, _, _, err := slow.s.handler.Handle(slow.context(didChangeMethod, params)); err != nil {
				t.Fatal(err)
			}
			f, s := fast.s.document("file:///p.json"), slow.s.document("file:///p.json")
			if string(f.src) != string(s.src) || f.version != s.version {
				t.Errorf("fast path stored %q version %d, glsp's path %q version %d", f.src, f.version, s.src, s.version)
			}
			if fn, sn := fast.takeNotes(), slow.takeNotes(); len(fn) != 1 || len(sn) != 1 || fn[0] != sn[0] {
				t.Errorf("fast path published %v, glsp's path %v", fn, sn)
			}
		})
	}

	c := newTestClient(t, initParams)
	if _, err := c.tryRequest(didChangeMethod, `{"textDocument": {"uri": "file:///p.json", "version": "two"}, "contentChanges": []}`); err == nil || !strings.Contains(err.Error(), "invalid params") {
		t.Errorf("undecodable params: error %v, want invalid params", err)
	}
	early := newUninitializedClient(t)
	if _, err := early.tryRequest(didChangeMethod, `{"textDocument": {"uri": "file:///p.json", "version": 1}, "contentChanges": []}`); err == nil || !strings.Contains(err.Error(), "not initialized") {
		t.Errorf("didChange before initialize: error %v, want glsp's refusal", err)
	}
}
