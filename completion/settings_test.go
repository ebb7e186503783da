package completion

import (
	"slices"
	"strings"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// settingsAt analyses a settings text with a ‸ cursor as the server does
// (as JSON that is not a policy) and returns it without the cursor.
func settingsAt(t *testing.T, marked string) (*policy.Result, int, string) {
	t.Helper()
	offset := strings.Index(marked, "‸")
	if offset < 0 {
		t.Fatalf("no cursor in %q", marked)
	}
	src := strings.Replace(marked, "‸", "", 1)
	return policy.Analyze([]byte(src), policy.Options{}), offset, src
}

func labelsOf(list List) []string {
	var out []string
	for _, it := range list.Items {
		out = append(out, it.Label)
	}
	return out
}

// Issue 16 item 2: completion in .policyls.json proposes the keys of each
// level (not those present), rule IDs with their summaries, severities
// and kinds; accepting an item gives valid settings.
func TestCompleteSettings(t *testing.T) {
	tests := []struct {
		marked        string
		want, absent  []string
		accept, after string
	}{
		{`{"rules": {}, "‸"}`, []string{"kinds", "partition", "region", "accountId", "suppressions", "$schema"}, []string{"rules", "glob"}, "", ""},
		{`{"policyls": {"‸"}}`, []string{"kinds", "rules"}, []string{"$schema", "policyls"}, "", ""},
		{`{"policyls": {}, "‸"}`, []string{"$schema"}, []string{"rules", "policyls"}, "", ""},
		{`{"kinds": [{"glob": "**", "‸"}]}`, []string{"kind"}, []string{"glob", "rules"}, "kind", `{"kinds": [{"glob": "**", "kind": ""}]}`},
		{`{"kinds": [{"glob": "**", "kind": "tr‸"}]}`, []string{"trust", "scp", "ses-identity"}, nil, "trust", `{"kinds": [{"glob": "**", "kind": "trust"}]}`},
		{`{"suppressions": [{"rule": "‸"}]}`, []string{"*", "POL003", "SES001"}, []string{"off"}, "POL003", `{"suppressions": [{"rule": "POL003"}]}`},
		{`{"suppressions": [{"‸"}]}`, []string{"file", "path", "rule"}, nil, "", ""},
		{`{"rules": {"POL003": "off", "‸"}}`, []string{"POL001", "SEC001"}, []string{"POL003"}, "POL001", `{"rules": {"POL003": "off", "POL001": "off"}}`},
		{`{"rules": {"POL003": "‸"}}`, []string{"off", "error", "warning", "info", "information", "hint"}, nil, "info", `{"rules": {"POL003": "info"}}`},
		{`{"partition": "‸"}`, []string{"aws", "aws-cn", "aws-us-gov"}, nil, "", ""},
		{`{"region": "‸"}`, nil, []string{"aws"}, "", ""},
		{`{"Statement": [{"‸"}]}`, nil, []string{"Effect", "rules"}, "", ""},
	}
	for _, tt := range tests {
		res, offset, src := settingsAt(t, tt.marked)
		list := CompleteSettings(res, offset)
		labels := labelsOf(list)
		for _, w := range tt.want {
			if !slices.Contains(labels, w) {
				t.Errorf("%s: %q missing from %q", tt.marked, w, labels)
			}
		}
		for _, a := range tt.absent {
			if slices.Contains(labels, a) {
				t.Errorf("%s: %q proposed", tt.marked, a)
			}
		}
		for i := range list.Items {
			if list.Items[i].Edit.Start != list.Items[0].Edit.Start || list.Items[i].Edit.End != list.Items[0].Edit.End {
				t.Errorf("%s: items replace different ranges", tt.marked)
				break
			}
		}
		if tt.accept == "" {
			continue
		}
		i := slices.Index(labels, tt.accept)
		if i < 0 {
			continue
		}
		e := list.Items[i].Edit
		if got := src[:e.Start] + e.NewText + src[e.End:]; got != tt.after {
			t.Errorf("%s: accepting %s gives %s, want %s", tt.marked, tt.accept, got, tt.after)
		}
	}
	// A rule ID comes with its summary.
	res, offset, _ := settingsAt(t, `{"rules": {"POL00‸"}}`)
	for _, it := range CompleteSettings(res, offset).Items {
		if it.Label == "POL003" {
			r, _ := policy.RuleByID("POL003")
			if !strings.Contains(it.Detail, r.Summary) || !strings.Contains(it.Documentation, r.Why) {
				t.Errorf("POL003 item %+v, want its summary and why", it)
			}
		}
	}
}

// Hover in .policyls.json explains keys, rule IDs (summary and why),
// severities and kinds.
func TestHoverSettings(t *testing.T) {
	r, _ := policy.RuleByID("ACT002")
	tests := []struct{ marked, want string }{
		{`{"ru‸les": {}}`, "**rules**: Per rule ID"},
		{`{"policyls": {"suppr‸essions": []}}`, "**suppressions**: Silence single findings"},
		{`{"rules": {"ACT0‸02": "off"}}`, r.Why},
		{`{"suppressions": [{"rule": "ACT‸002"}]}`, r.Summary},
		{`{"suppressions": [{"pa‸th": "/Statement"}]}`, "JSON Pointer"},
		{`{"rules": {"ACT002": "inf‸o"}}`, "information"},
		{`{"kinds": [{"glob": "**", "kind": "tr‸ust"}]}`, "IAM role trust policy"},
	}
	for _, tt := range tests {
		res, offset, _ := settingsAt(t, tt.marked)
		h, ok := HoverSettings(res, offset)
		if !ok || !strings.Contains(h.Markdown, tt.want) {
			t.Errorf("%s: hover %q (%v), want %q", tt.marked, h.Markdown, ok, tt.want)
		}
	}
	for _, marked := range []string{`{"region": "eu-we‸st-1"}`, `{"other": {"ru‸les": 1}}`, `{"rules": {"NOPE‸": "off"}}`} {
		res, offset, _ := settingsAt(t, marked)
		if h, ok := HoverSettings(res, offset); ok {
			t.Errorf("%s: hover %q, want none", marked, h.Markdown)
		}
	}
}
