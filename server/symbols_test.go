package server

import (
	"encoding/json"
	"testing"
)

// outlinePolicy has a statement with a Sid after Japanese and emoji text and
// one without a Sid.
const outlinePolicy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"ses:SendEmail\", \"ses:SendRawEmail\"], \"Resource\": \"*\"},\n    {\"Effect\": \"Deny\", \"Sid\": \"送信😀拒否\", \"Action\": \"ses:*\", \"Resource\": \"*\"}\n  ]\n}\n"

type wireSymbol struct {
	Name           string       `json:"name"`
	Detail         string       `json:"detail"`
	Kind           int          `json:"kind"`
	Range          wireRange    `json:"range"`
	SelectionRange wireRange    `json:"selectionRange"`
	Children       []wireSymbol `json:"children"`
}

func TestDocumentSymbolHierarchical(t *testing.T) {
	c := newTestClient(t, initParams)
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, outlinePolicy)
	var syms []wireSymbol
	if err := json.Unmarshal([]byte(c.request("textDocument/documentSymbol", `{"textDocument": {"uri": "`+uri+`"}}`)), &syms); err != nil {
		t.Fatal(err)
	}
	if len(syms) != 2 || syms[0].Name != "Version" || syms[1].Name != "Statement" {
		t.Fatalf("top-level symbols = %+v, want Version and Statement", syms)
	}
	st := syms[1]
	if st.Kind != 18 || st.SelectionRange != utf16Range(t, outlinePolicy, `"Statement"`) {
		t.Errorf("Statement symbol = %+v", st)
	}
	if len(st.Children) != 2 {
		t.Fatalf("statements = %+v", st.Children)
	}
	first, second := st.Children[0], st.Children[1]
	if first.Name != "Statement 1" || first.Detail != "Allow ses:SendEmail" || first.Kind != 19 {
		t.Errorf("first statement = %+v", first)
	}
	firstText := `{"Effect": "Allow", "Action": ["ses:SendEmail", "ses:SendRawEmail"], "Resource": "*"}`
	if want := utf16Range(t, outlinePolicy, firstText); first.Range != want {
		t.Errorf("first statement range = %v, want %v", first.Range, want)
	}
	if want := utf16Range(t, outlinePolicy, "{\"Effect\": \"Allow\""); first.SelectionRange.Start != want.Start ||
		first.SelectionRange.End != (wirePosition{want.Start.Line, want.Start.Character + 1}) {
		t.Errorf("first statement selection = %v, want its opening brace", first.SelectionRange)
	}
	if second.Name != "送信😀拒否" || second.Detail != "Deny ses:*" {
		t.Errorf("second statement = %+v", second)
	}
	if want := utf16Range(t, outlinePolicy, `"送信😀拒否"`); second.SelectionRange != want {
		t.Errorf("second statement selection = %v, want the Sid value at %v", second.SelectionRange, want)
	}
	// The statement's children, after Japanese and an emoji on the line.
	if len(second.Children) != 2 {
		t.Fatalf("second statement's children = %+v, want Action and Resource", second.Children)
	}
	action := second.Children[0]
	if action.Name != "Action" || action.Detail != "ses:*" || action.Kind != 15 {
		t.Errorf("Action child = %+v", action)
	}
	if want := utf16Range(t, outlinePolicy, `"Action": "ses:*"`); action.Range != want {
		t.Errorf("Action child range = %v, want %v", action.Range, want)
	}
	if want := utf16Range(t, outlinePolicy, `"Action": "ses:*"`); action.SelectionRange.Start != want.Start {
		t.Errorf("Action child selection = %v, want it to start at %v", action.SelectionRange, want.Start)
	}
}

func TestDocumentSymbolFlat(t *testing.T) {
	c := newTestClient(t, `{"processId": null, "rootUri": null, "capabilities": {}}`)
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, outlinePolicy)
	var syms []struct {
		Name          string  `json:"name"`
		ContainerName *string `json:"containerName"`
		Location      struct {
			URI   string    `json:"uri"`
			Range wireRange `json:"range"`
		} `json:"location"`
	}
	if err := json.Unmarshal([]byte(c.request("textDocument/documentSymbol", `{"textDocument": {"uri": "`+uri+`"}}`)), &syms); err != nil {
		t.Fatal(err)
	}
	if len(syms) != 8 {
		t.Fatalf("flat symbols = %+v, want 8", syms)
	}
	second := syms[5]
	if second.Name != "送信😀拒否" || second.ContainerName == nil || *second.ContainerName != "Statement" || second.Location.URI != uri {
		t.Errorf("second statement's flat symbol = %+v", second)
	}
	last := syms[7]
	if last.Name != "Resource" || last.ContainerName == nil || *last.ContainerName != "送信😀拒否" {
		t.Errorf("last flat symbol = %+v, want the second statement's Resource", last)
	}
}
