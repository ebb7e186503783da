package server

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

const initParams = `{"processId": null, "rootUri": null, "capabilities": {"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}}}}`

// A policy whose Effect value follows Japanese text and an emoji on its line,
// so a byte-based column would be far off.
const badEffect = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"送信😀\", \"Effect\": \"Allw\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}\n  ]\n}\n"

const cleanPolicy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"Send\", \"Effect\": \"Allow\", \"Action\": \"ses:SendEmail\", \"Resource\": \"*\"}\n  ]\n}\n"

// utf16Range finds the first occurrence of needle in src and returns its
// range the way an editor counts: 0-based lines, UTF-16 columns. It is an
// oracle independent of analysis/text.
func utf16Range(t *testing.T, src, needle string) wireRange {
	t.Helper()
	at := strings.Index(src, needle)
	if at < 0 {
		t.Fatalf("%q not in source", needle)
	}
	pos := func(offset int) wirePosition {
		before := src[:offset]
		line := strings.Count(before, "\n")
		lineStart := strings.LastIndex(before, "\n") + 1
		return wirePosition{Line: line, Character: len(utf16.Encode([]rune(before[lineStart:])))}
	}
	return wireRange{Start: pos(at), End: pos(at + len(needle))}
}

func TestPublishOnOpenChangeClose(t *testing.T) {
	c := newTestClient(t, initParams)
	c.takeNotes()
	const uri = "file:///work/ses/policy.json"

	// Neovim opens documents at version 0: the version must still be sent.
	c.didOpen(uri, 0, badEffect)
	pubs := c.published()
	if len(pubs) != 1 || pubs[0].URI != uri || pubs[0].Version == nil || *pubs[0].Version != 0 {
		t.Fatalf("after didOpen published %+v, want one publish for %s at version 0", pubs, uri)
	}
	var effect *wireDiagnostic
	diags := pubs[0].diagnostics(t)
	for i := range diags {
		if diags[i].Code == "POL009" {
			effect = &diags[i]
		}
	}
	if effect == nil {
		t.Fatalf("no POL009 diagnostic in %+v", diags)
	}
	if want := utf16Range(t, badEffect, `"Allw"`); effect.Range != want {
		t.Errorf("POL009 range = %v, want %v (UTF-16 columns)", effect.Range, want)
	}
	if effect.Severity != 1 || effect.Source != "policyls" || string(effect.Data) != `{"rule":"POL009"}` || effect.Message == "" {
		t.Errorf("POL009 fields = %+v", effect)
	}

	c.didChange(uri, 1, cleanPolicy)
	pubs = c.published()
	if len(pubs) != 1 || *pubs[0].Version != 1 {
		t.Fatalf("after didChange published %+v, want one publish at version 1", pubs)
	}
	if got := string(*pubs[0].Diagnostics); got != "[]" {
		t.Errorf("clean document published %s, want []", got)
	}

	c.didChange(uri, 2, badEffect)
	if pubs = c.published(); len(pubs) != 1 || len(pubs[0].diagnostics(t)) == 0 {
		t.Fatalf("after a second didChange published %+v, want diagnostics again", pubs)
	}

	c.notify("textDocument/didClose", `{"textDocument": {"uri": "`+uri+`"}}`)
	pubs = c.published()
	if len(pubs) != 1 || pubs[0].URI != uri || string(*pubs[0].Diagnostics) != "[]" {
		t.Fatalf("after didClose published %+v, want [] for %s", pubs, uri)
	}
	if got := c.request("textDocument/documentSymbol", `{"textDocument": {"uri": "`+uri+`"}}`); got != "[]" {
		t.Errorf("documentSymbol after close = %s, want []", got)
	}
}

func TestNotAPolicyIsQuiet(t *testing.T) {
	c := newTestClient(t, initParams)
	c.takeNotes()
	c.didOpen("file:///work/package.json", 3, `{"name": "x", "version": "1.0.0"}`)
	pubs := c.published()
	if len(pubs) != 1 || string(*pubs[0].Diagnostics) != "[]" || *pubs[0].Version != 3 {
		t.Fatalf("published %+v, want [] at version 3", pubs)
	}
}

func TestUnknownDocuments(t *testing.T) {
	c := newTestClient(t, initParams)
	c.takeNotes()
	const uri = "untitled:Untitled-1"
	if got := c.request("textDocument/documentSymbol", `{"textDocument": {"uri": "`+uri+`"}}`); got != "[]" {
		t.Errorf("documentSymbol of an unknown document = %s, want []", got)
	}
	// A change to a document never opened is taken as its full text.
	c.didChange(uri, 4, badEffect)
	if pubs := c.published(); len(pubs) != 1 || len(pubs[0].diagnostics(t)) == 0 {
		t.Errorf("didChange of an unknown document published %+v", pubs)
	}
	c.notify("textDocument/didClose", `{"textDocument": {"uri": "file:///never/opened.json"}}`)
	if pubs := c.published(); len(pubs) != 1 || string(*pubs[0].Diagnostics) != "[]" {
		t.Errorf("didClose of an unknown document published %+v", pubs)
	}
}

func TestRangedChangesAreApplied(t *testing.T) {
	c := newTestClient(t, initParams)
	c.takeNotes()
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, badEffect)
	c.takeNotes()
	// Replace "Allw" with "Allow" through a ranged change, as a client
	// ignoring our full-sync capability might send it.
	r := utf16Range(t, badEffect, "Allw")
	c.notify("textDocument/didChange", `{"textDocument": {"uri": "`+uri+`", "version": 2}, "contentChanges": [`+
		`{"range": {"start": {"line": `+itoa(r.Start.Line)+`, "character": `+itoa(r.Start.Character)+`}, "end": {"line": `+itoa(r.End.Line)+`, "character": `+itoa(r.End.Character)+`}}, "text": "Allow"}]}`)
	pubs := c.published()
	if len(pubs) != 1 {
		t.Fatalf("published %+v", pubs)
	}
	for _, d := range pubs[0].diagnostics(t) {
		if d.Code == "POL009" {
			t.Errorf("Effect still flagged after the ranged fix: %+v", d)
		}
	}
	if got := string(c.s.document(uri).src); got != strings.Replace(badEffect, "Allw", "Allow", 1) {
		t.Errorf("text after ranged change = %q", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
