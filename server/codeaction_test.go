package server

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/policyls/policyls/analysis/policy"
)

// initActions declares what VS Code declares for code actions: literals
// with kinds, and versioned document changes that may create files; plus
// dynamic registration of file watchers.
const initActions = `{"processId": null, "rootUri": %s, "initializationOptions": %s, "capabilities": {
  "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]},
                "didChangeWatchedFiles": {"dynamicRegistration": true}},
  "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}}}}}`

// initActionsPlain declares code action literals but only plain changes.
const initActionsPlain = `{"processId": null, "rootUri": %s, "initializationOptions": %s, "capabilities": {
  "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}}}}`

// actionsClient starts a session with init (initActions or
// initActionsPlain) for the root folder ("" for none) and settings ("" for
// none).
func actionsClient(t *testing.T, init, root, settings string) *testClient {
	t.Helper()
	rootURI := "null"
	if root != "" {
		rootURI = quoteJSON(fileURI(root))
	}
	if settings == "" {
		settings = "null"
	}
	return newTestClient(t, fmt.Sprintf(init, rootURI, settings))
}

type wireTextEdit struct {
	Range   wireRange `json:"range"`
	NewText string    `json:"newText"`
}

// wireDocumentChange is a TextDocumentEdit or a resource operation.
type wireDocumentChange struct {
	Kind    string `json:"kind"` // "create" for CreateFile, else empty
	URI     string `json:"uri"`
	Options *struct {
		Overwrite      *bool `json:"overwrite"`
		IgnoreIfExists *bool `json:"ignoreIfExists"`
	} `json:"options"` // of a CreateFile
	TextDocument *struct {
		URI     string `json:"uri"`
		Version *int   `json:"version"`
	} `json:"textDocument"`
	Edits []wireTextEdit `json:"edits"`
}

type wireAction struct {
	Title       string           `json:"title"`
	Kind        string           `json:"kind"`
	IsPreferred bool             `json:"isPreferred"`
	Diagnostics []wireDiagnostic `json:"diagnostics"`
	Edit        struct {
		Changes         map[string][]wireTextEdit `json:"changes"`
		DocumentChanges []wireDocumentChange      `json:"documentChanges"`
	} `json:"edit"`
	Command any `json:"command"`
}

// editsFor returns the text edits an action makes to uri, in either form,
// and the version it names (-1 when none).
func (a wireAction) editsFor(uri string) ([]wireTextEdit, int) {
	if a.Edit.Changes != nil {
		return a.Edit.Changes[uri], -1
	}
	for _, dc := range a.Edit.DocumentChanges {
		if dc.TextDocument != nil && dc.TextDocument.URI == uri {
			v := -1
			if dc.TextDocument.Version != nil {
				v = *dc.TextDocument.Version
			}
			return dc.Edits, v
		}
	}
	return nil, -1
}

// codeActions sends textDocument/codeAction. rng is a wireRange; context
// is the raw JSON of the context ("" for no diagnostics and no filter).
func (c *testClient) codeActions(uri string, rng wireRange, context string) []wireAction {
	c.t.Helper()
	if context == "" {
		context = `{"diagnostics": []}`
	}
	raw := c.request("textDocument/codeAction", fmt.Sprintf(`{"textDocument": {"uri": %q}, "range": %s, "context": %s}`, uri, mustJSON(c.t, rng), context))
	if !strings.HasPrefix(raw, "[") {
		c.t.Fatalf("codeAction result %s: want an array", raw)
	}
	var out []wireAction
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		c.t.Fatalf("codeAction result %s: %v", raw, err)
	}
	for _, a := range out {
		if a.Command != nil || a.Kind == "" {
			c.t.Errorf("action %q: kind %q, command %v; want a kind and an edit only", a.Title, a.Kind, a.Command)
		}
	}
	return out
}

// titles lists the actions' titles.
func titles(actions []wireAction) []string {
	var out []string
	for _, a := range actions {
		out = append(out, a.Title)
	}
	return out
}

// ofKind keeps the actions of one kind.
func ofKind(actions []wireAction, kind string) []wireAction {
	var out []wireAction
	for _, a := range actions {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

// action returns the action with the given title.
func action(t *testing.T, actions []wireAction, title string) wireAction {
	t.Helper()
	for _, a := range actions {
		if a.Title == title {
			return a
		}
	}
	t.Fatalf("no action %q in %q", title, titles(actions))
	return wireAction{}
}

// utf16Offset converts an LSP position into a byte offset of src, counting
// UTF-16 units independently of analysis/text.
func utf16Offset(t *testing.T, src string, p wirePosition) int {
	t.Helper()
	off := 0
	for range p.Line {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			t.Fatalf("line %d past the end of %q", p.Line, src)
		}
		off += i + 1
	}
	for units := 0; units < p.Character; {
		r, size := utf8.DecodeRuneInString(src[off:])
		if size == 0 || r == '\n' || r == '\r' {
			t.Fatalf("character %d past the end of line %d", p.Character, p.Line)
		}
		units += len(utf16.Encode([]rune{r}))
		off += size
	}
	return off
}

// applyWireEdits applies LSP text edits to src, as an editor would.
func applyWireEdits(t *testing.T, src string, edits []wireTextEdit) string {
	t.Helper()
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{utf16Offset(t, src, e.Range.Start), utf16Offset(t, src, e.Range.End), e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	for i, s := range spans {
		if s.end < s.start || i > 0 && s.end > spans[i-1].start {
			t.Fatalf("edits overlap or are reversed: %+v", edits)
		}
		src = src[:s.start] + s.text + src[s.end:]
	}
	return src
}

// cursor is an empty range at the start of needle.
func cursor(t *testing.T, src, needle string) wireRange {
	r := utf16Range(t, src, needle)
	r.End = r.Start
	return r
}

// lastDiagnostics returns the diagnostics last published for uri.
func lastDiagnostics(t *testing.T, pubs []publishedParams, uri string) []wireDiagnostic {
	t.Helper()
	var out []wireDiagnostic
	found := false
	for _, p := range pubs {
		if p.URI == uri {
			out, found = p.diagnostics(t), true
		}
	}
	if !found {
		t.Fatalf("nothing published for %s", uri)
	}
	return out
}

// withCode returns the published diagnostic of a rule.
func withCode(t *testing.T, diags []wireDiagnostic, code string) wireDiagnostic {
	t.Helper()
	for _, d := range diags {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no %s in %+v", code, diags)
	return wireDiagnostic{}
}

// The typos sit after Japanese text and an emoji (two UTF-16 units, four
// bytes) on the same line.
const typoPolicy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Send\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/チーム\": \"メール😀\"}}, \"Effect\": \"allow\", \"Action\": \"ses:SendEmial\", \"Resource\": \"*\"}]\n}\n"

func TestQuickFixInUTF16(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/typo.json"
	c.didOpen(uri, 4, typoPolicy)
	diags := lastDiagnostics(t, c.published(), uri)
	effect := withCode(t, diags, "POL009")
	if want := utf16Range(t, typoPolicy, `"allow"`); effect.Range != want {
		t.Fatalf("POL009 published at %v, want %v", effect.Range, want)
	}
	actions := c.codeActions(uri, effect.Range, `{"diagnostics": [`+mustJSON(t, effect)+`]}`)
	fix := action(t, actions, `Change to "Allow"`)
	if fix.Kind != "quickfix" || !fix.IsPreferred || len(fix.Diagnostics) != 1 || fix.Diagnostics[0].Code != "POL009" || fix.Diagnostics[0].Range != effect.Range {
		t.Errorf("fix = %+v", fix)
	}
	edits, version := fix.editsFor(uri)
	if version != 4 || len(edits) != 1 || edits[0].Range != effect.Range || edits[0].NewText != `"Allow"` {
		t.Fatalf("edits %+v at version %d, want \"Allow\" over %v at version 4", edits, version, effect.Range)
	}
	after := applyWireEdits(t, typoPolicy, edits)
	if want := strings.Replace(typoPolicy, `"allow"`, `"Allow"`, 1); after != want {
		t.Errorf("after the fix:\n%s", after)
	}
	// Only the diagnostic asked about gets fixes; the suppress action
	// needs a workspace root, which this session has not.
	if got := titles(ofKind(actions, "quickfix")); !slices.Equal(got, []string{`Change to "Allow"`}) {
		t.Errorf("actions %q", got)
	}

	// The action typo, further right on the same line.
	action2 := withCode(t, diags, "ACT002")
	if want := utf16Range(t, typoPolicy, `"ses:SendEmial"`); action2.Range != want {
		t.Fatalf("ACT002 published at %v, want %v", action2.Range, want)
	}
	fix = action(t, c.codeActions(uri, action2.Range, `{"diagnostics": [`+mustJSON(t, action2)+`]}`), `Change to "ses:SendEmail"`)
	edits, _ = fix.editsFor(uri)
	if after := applyWireEdits(t, typoPolicy, edits); !strings.Contains(after, `"Action": "ses:SendEmail",`) {
		t.Errorf("after the fix:\n%s", after)
	}
}

// A client that drops the code (glsp's decoding does) still gets its
// fixes through data.rule; one that drops data gets them through the code;
// a diagnostic of another server or of another rule gets none.
func TestQuickFixMatching(t *testing.T) {
	c := actionsClient(t, initActionsPlain, "", "")
	const uri = "file:///work/typo.json"
	c.didOpen(uri, 1, typoPolicy)
	effect := withCode(t, lastDiagnostics(t, c.published(), uri), "POL009")
	rng := mustJSON(t, effect.Range)
	for name, tt := range map[string]struct {
		diag string
		want []string
	}{
		"data only":        {`{"range": ` + rng + `, "message": "x", "data": {"rule": "POL009"}}`, []string{`Change to "Allow"`}},
		"code only":        {`{"range": ` + rng + `, "message": "x", "code": "POL009", "source": "policyls"}`, []string{`Change to "Allow"`}},
		"other rule":       {`{"range": ` + rng + `, "message": "x", "data": {"rule": "POL008"}}`, nil},
		"other server":     {`{"range": ` + rng + `, "message": "x", "code": "POL009", "source": "json"}`, nil},
		"other range":      {`{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "message": "x", "data": {"rule": "POL009"}}`, nil},
		"numeric code":     {`{"range": ` + rng + `, "message": "x", "code": 9}`, nil},
		"twice, one fix":   {`{"range": ` + rng + `, "message": "x", "data": {"rule": "POL009"}}, {"range": ` + rng + `, "message": "y", "data": {"rule": "POL009"}}`, []string{`Change to "Allow"`}},
		"data not object":  {`{"range": ` + rng + `, "message": "x", "data": "POL009", "code": "POL009"}`, []string{`Change to "Allow"`}},
		"no rule anywhere": {`{"range": ` + rng + `, "message": "x"}`, nil},
	} {
		actions := c.codeActions(uri, effect.Range, `{"diagnostics": [`+tt.diag+`], "only": ["quickfix"]}`)
		if got := titles(actions); !slices.Equal(got, tt.want) {
			t.Errorf("%s: actions %q, want %q", name, got, tt.want)
		}
		for _, a := range actions {
			// Plain changes for a client without documentChanges.
			if a.Edit.Changes == nil || a.Edit.DocumentChanges != nil || len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "POL009" {
				t.Errorf("%s: action %+v", name, a)
			}
		}
	}
}

// Without diagnostics in the context, the findings under the range get
// their fixes; preferred flags follow the analysis.
func TestQuickFixesInRange(t *testing.T) {
	const src = `{"Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}}]}`
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/p.json"
	c.didOpen(uri, 1, src)
	c.takeNotes()
	actions := c.codeActions(uri, cursor(t, src, `StringEquals"`), `{"diagnostics": [], "only": ["quickfix"]}`)
	if got := titles(actions); !slices.Equal(got, []string{`Change to "ArnEquals"`, `Change to "ArnLike"`}) {
		t.Fatalf("actions %q", got)
	}
	for _, a := range actions {
		if a.IsPreferred {
			t.Errorf("%s is preferred; with two candidates neither is", a.Title)
		}
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "CND005" || string(a.Diagnostics[0].Data) != `{"rule":"CND005"}` {
			t.Errorf("%s resolves %+v", a.Title, a.Diagnostics)
		}
	}
	// The whole first line holds POL003 (at the first brace) too.
	all := c.codeActions(uri, wireRange{End: wirePosition{Character: len(src)}}, `{"diagnostics": [], "only": ["quickfix"]}`)
	add := action(t, all, `Add "Version": "2012-10-17"`)
	if !add.IsPreferred {
		t.Errorf("adding Version should be preferred")
	}
}

func TestCodeActionsForUnknownDocumentsAndPlaces(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	if got := c.codeActions("file:///nowhere.json", wireRange{}, ""); len(got) != 0 {
		t.Errorf("unknown document: %q", titles(got))
	}
	const uri = "file:///work/typo.json"
	c.didOpen(uri, 1, typoPolicy)
	far := wireRange{Start: wirePosition{Line: 99, Character: 0}, End: wirePosition{Line: 99, Character: 5}}
	if got := c.codeActions(uri, far, ""); len(got) != 0 {
		t.Errorf("range past the end: %q", titles(got))
	}
	huge := `{"start": {"line": 4294967295, "character": 4294967295}, "end": {"line": 4294967295, "character": 4294967295}}`
	raw := c.request("textDocument/codeAction", `{"textDocument": {"uri": "`+uri+`"}, "range": `+huge+`, "context": {"diagnostics": []}}`)
	if raw != "[]" {
		t.Errorf("huge position: %s", raw)
	}
	// A document too large to parse gets nothing to insert or rewrite,
	// though its analysis has no tree (and so no text) to say it is not
	// empty.
	const big = "file:///work/big.json"
	c.didOpen(big, 1, `{"Statement": [`+strings.Repeat(" ", policy.MaxParsedSize)+`]}`)
	if got := c.codeActions(big, wireRange{}, `{"diagnostics": [], "only": ["source", "refactor"]}`); len(got) != 0 {
		t.Errorf("too large a document: %q", titles(got))
	}
	// A character past the end of a real line is clamped, not an error.
	if got := c.codeActions(uri, wireRange{Start: wirePosition{Line: 1, Character: 500}, End: wirePosition{Line: 1, Character: 900}}, ""); got == nil {
		t.Error("nil answer")
	}
}

func TestWrapStatementAction(t *testing.T) {
	const src = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"ses:SendEmail\",\n    \"Resource\": \"*\"\n  }\n}\n"
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/lone.json"
	c.didOpen(uri, 2, src)
	c.takeNotes()
	actions := c.codeActions(uri, cursor(t, src, `"Effect"`), `{"diagnostics": [], "only": ["refactor"]}`)
	if got := titles(actions); !slices.Equal(got, []string{"Wrap Statement in an array"}) {
		t.Fatalf("actions %q", got)
	}
	a := actions[0]
	if a.Kind != "refactor.rewrite" || a.IsPreferred {
		t.Errorf("action %+v", a)
	}
	edits, version := a.editsFor(uri)
	want := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"ses:SendEmail\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	if got := applyWireEdits(t, src, edits); got != want || version != 2 {
		t.Errorf("after wrapping (version %d):\n%s", version, got)
	}
	// Not on Version, and not once Statement is an array.
	if got := c.codeActions(uri, cursor(t, src, `"Version"`), `{"diagnostics": [], "only": ["refactor"]}`); len(got) != 0 {
		t.Errorf("on Version: %q", titles(got))
	}
	c.didChange(uri, 3, want)
	if got := c.codeActions(uri, cursor(t, want, `"Effect"`), `{"diagnostics": [], "only": ["refactor"]}`); len(got) != 0 {
		t.Errorf("on an array: %q", titles(got))
	}
}

func TestSortActionsAction(t *testing.T) {
	const src = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"ses:SendRawEmail\",\n        \"ses:SendEmail\",\n        \"SES:SENDRAWEMAIL\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/sort.json"
	c.didOpen(uri, 4, src)
	c.takeNotes()
	actions := c.codeActions(uri, cursor(t, src, `SendEmail"`), `{"diagnostics": [], "only": ["refactor.rewrite"]}`)
	if got := titles(actions); !slices.Equal(got, []string{"Sort actions and remove repeats"}) {
		t.Fatalf("actions %q", got)
	}
	// Out of order elements get their own action.
	const unordered = `{"Statement": [{"Action": "ses:SendEmail", "Effect": "Allow", "Resource": "*"}], "Version": "2012-10-17"}`
	c.didOpen("file:///work/order.json", 1, unordered)
	c.takeNotes()
	if got := titles(c.codeActions("file:///work/order.json", cursor(t, unordered, `"Effect"`), `{"diagnostics": [], "only": ["refactor"]}`)); !slices.Equal(got, []string{"Order the statement's elements as AWS does"}) {
		t.Fatalf("actions %q", got)
	}
	edits, version := actions[0].editsFor(uri)
	want := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"ses:SendEmail\",\n        \"ses:SendRawEmail\"\n      ],\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	if got := applyWireEdits(t, src, edits); got != want || version != 4 || actions[0].Kind != "refactor.rewrite" {
		t.Errorf("after sorting (version %d, kind %s):\n%s", version, actions[0].Kind, got)
	}
}

var insertTitles = []string{
	"Insert SES sending authorization policy",
	"Insert Amazon Pinpoint SES sending permission policy",
	"Insert Amazon Pinpoint trust policy",
}

// The three documented policies go into an empty document and into an
// empty Statement. Applied, they have no error (placeholders are
// warnings); with partition, region and account configured, no warning
// either.
func TestInsertPolicyActions(t *testing.T) {
	const settings = `{"policyls": {"partition": "aws", "region": "eu-west-1", "accountId": "123456789012"}}`
	docs := []string{
		"",
		"\n",
		"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n",
		"{\n\t\"Version\": \"2012-10-17\",\n\t\"Statement\": {}\n}\n",
		`{"Statement": []}`,
	}
	for _, configured := range []bool{false, true} {
		s := ""
		opts := policy.Options{}
		if configured {
			s = settings
			opts = policy.Options{Partition: "aws", Region: "eu-west-1", AccountID: "123456789012"}
		}
		c := actionsClient(t, initActions, "", s)
		for i, src := range docs {
			uri := fmt.Sprintf("file:///work/new%d.json", i)
			c.didOpen(uri, 1, src)
			c.takeNotes()
			actions := ofKind(c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source"]}`), "source")
			if got := titles(actions); !slices.Equal(got, insertTitles) {
				t.Fatalf("%q: actions %q, want %q", src, got, insertTitles)
			}
			for _, a := range actions {
				if a.Kind != "source" {
					t.Errorf("%s: kind %s", a.Title, a.Kind)
				}
				edits, version := a.editsFor(uri)
				out := applyWireEdits(t, src, edits)
				if version != 1 || strings.Contains(out, "${") {
					t.Errorf("%s (version %d) left snippet syntax:\n%s", a.Title, version, out)
				}
				res := policy.Analyze([]byte(out), opts)
				for _, d := range res.Diagnostics {
					// The delegate sender's account is another account than
					// the user's: no setting fills it, and its placeholder
					// warning is the guidance the user needs.
					delegate := d.Code == policy.RulePlaceholder && strings.Contains(d.Message, `principal "arn:`) && a.Title == "Insert SES sending authorization policy"
					if d.Severity == policy.SeverityError || configured && d.Severity == policy.SeverityWarning && !delegate {
						t.Errorf("%q, %s, settings %v: %s %s: %s\n%s", src, a.Title, configured, d.Severity, d.Code, d.Message, out)
					}
				}
				if !configured && !strings.Contains(out, "accountId") {
					t.Errorf("%s: no accountId placeholder:\n%s", a.Title, out)
				}
			}
		}
		// A policy with statements gets none.
		c.didOpen("file:///work/full.json", 1, typoPolicy)
		if got := c.codeActions("file:///work/full.json", wireRange{}, `{"diagnostics": [], "only": ["source"]}`); len(got) != 1 || got[0].Kind != "source.fixAll.policyls" {
			t.Errorf("full policy: %q", titles(got))
		}
	}
}

func TestFixAllAction(t *testing.T) {
	c := actionsClient(t, initActions, "", "")
	const uri = "file:///work/typo.json"
	c.didOpen(uri, 7, typoPolicy)
	c.takeNotes()
	// VS Code asks exactly for this kind on save.
	actions := c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source.fixAll.policyls"]}`)
	if got := titles(actions); !slices.Equal(got, []string{"Apply all preferred fixes"}) {
		t.Fatalf("actions %q", got)
	}
	edits, version := actions[0].editsFor(uri)
	if len(edits) != 1 || version != 7 {
		t.Fatalf("edits %+v at version %d, want one", edits, version)
	}
	want, _ := policy.FixAll([]byte(typoPolicy), policy.Options{})
	if got := applyWireEdits(t, typoPolicy, edits); got != string(want) {
		t.Errorf("after fix all:\n%s\nwant:\n%s", got, want)
	}
	// The edit spans only what changed: from "allow" to "SendEmial".
	if e := edits[0]; e.Range.Start != utf16Range(t, typoPolicy, `allow"`).Start || e.NewText != `Allow", "Action": "ses:SendEmai` {
		t.Errorf("edit %+v is not the minimal one", e)
	}
	// "source.fixAll" and "source" cover it; "quickfix" and "refactor" do not.
	for only, want := range map[string]bool{`"source.fixAll"`: true, `"source"`: true, `"quickfix"`: false, `"refactor"`: false} {
		got := c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": [`+only+`]}`)
		has := slices.Contains(titles(got), "Apply all preferred fixes")
		if has != want {
			t.Errorf("only %s: fix all offered %v, want %v (%q)", only, has, want, titles(got))
		}
	}
	// Nothing to fix, no action.
	fixed := applyWireEdits(t, typoPolicy, edits)
	c.didChange(uri, 8, fixed)
	if got := c.codeActions(uri, wireRange{}, `{"diagnostics": [], "only": ["source.fixAll"]}`); len(got) != 0 {
		t.Errorf("after fixing: %q", titles(got))
	}
}

func TestMinimalEdit(t *testing.T) {
	for _, tt := range []struct{ old, new string }{
		{"abc", "abc"},
		{"", "x"},
		{"x", ""},
		{`"allow"`, `"Allow"`},
		{"é", "è"},   // same first byte: the cut must not split it
		{"aé", "aè"}, // likewise after ASCII
		{"😀a", "😁a"},
		{"a\r\nb", "a\nb"},
		{"{\r\n}", "{\r\n\r\n}"},
		{"abcabc", "abc"},
	} {
		e := minimalEdit([]byte(tt.old), []byte(tt.new))
		got, err := policy.ApplyEdits([]byte(tt.old), []policy.Edit{e})
		if err != nil || string(got) != tt.new {
			t.Errorf("minimalEdit(%q, %q) = %+v gives %q, %v", tt.old, tt.new, e, got, err)
		}
		if !utf8.ValidString(e.NewText) || !boundary([]byte(tt.old), e.Start) || !boundary([]byte(tt.old), e.End) {
			t.Errorf("minimalEdit(%q, %q) = %+v cuts a character", tt.old, tt.new, e)
		}
	}
	if e := minimalEdit([]byte(`{"Effect": "allow"}`), []byte(`{"Effect": "Allow"}`)); e.Start != 12 || e.End != 13 || e.NewText != "A" {
		t.Errorf("minimal edit = %+v, want the one letter", e)
	}
}
