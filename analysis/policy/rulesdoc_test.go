package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRulesDoc keeps docs/rules.md equal to what the rule registry and the
// fixtures say. Run `go test ./analysis/policy -update` to regenerate it.
func TestRulesDoc(t *testing.T) {
	want := renderRulesDoc(t)
	path := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("docs/rules.md is stale: run go test ./analysis/policy -update")
	}
}

// maxExampleBytes keeps the size-limit fixtures (kilobytes long) out of the
// document; those rules name their fixture instead.
const maxExampleBytes = 600

func renderRulesDoc(t *testing.T) string {
	var b strings.Builder
	b.WriteString("# policyls rules\n\n")
	b.WriteString("Generated from the rule registry (`analysis/policy/rules.go`) and the rule fixtures\n")
	b.WriteString("(`analysis/policy/testdata/rules/`) by `go test ./analysis/policy -update`. Do not edit by hand.\n\n")
	b.WriteString("Rule IDs are stable. Kinds: `ses-identity` (SES sending-authorization policy), `iam-identity`\n")
	b.WriteString("(IAM permission policy), `trust` (role trust policy), `rcp` (AWS Organizations resource control policy),\n")
	b.WriteString("`scp` (service control policy; only when forced), `unknown` (another resource-based policy). How a kind is\n")
	b.WriteString("inferred: see \"Policy kinds\" in ARCHITECTURE.md.\n\n")
	b.WriteString("| ID | default severity | kinds | summary |\n| --- | --- | --- | --- |\n")
	for _, r := range Rules() {
		b.WriteString("| [" + r.ID + "](#" + strings.ToLower(r.ID) + ") | " + r.Severity.String() + " | " + kindList(r.Kinds) + " | " + r.Summary + " |\n")
	}
	paths := fixturePaths(t)
	for _, r := range Rules() {
		b.WriteString("\n## " + r.ID + "\n\n**" + r.Summary + "** (" + r.Severity.String() + "; " + kindList(r.Kinds) + ")\n\n" + r.Why + "\n")
		for _, mode := range []string{"fires", "quiet"} {
			title := "Flagged"
			if mode == "quiet" {
				title = "Not flagged"
			}
			for _, p := range paths {
				base := filepath.Base(p)
				if !strings.HasPrefix(base, r.ID+"-"+mode) {
					continue
				}
				f := readFixture(t, p)
				src, _ := stripMarkers(t, f.input)
				if strings.TrimSpace(src) == "" {
					continue // an empty document makes a poor example
				}
				if len(src) > maxExampleBytes {
					b.WriteString("\n" + title + ": see `analysis/policy/testdata/rules/" + base + "` (" + thousands(len(src)) + " bytes).\n")
					break
				}
				b.WriteString("\n" + title + ":\n\n```json\n" + src + "\n```\n")
				if mode == "fires" {
					for _, line := range strings.Split(strings.TrimSpace(f.want), "\n")[1:] {
						if strings.Contains(line, " "+r.ID+" ") {
							b.WriteString("\n> " + line + "\n")
						}
					}
				}
				break
			}
		}
	}
	return b.String()
}

func kindList(kinds []Kind) string {
	if kinds == nil {
		return "all"
	}
	var names []string
	for _, k := range kinds {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}
