package server

import (
	"os/exec"
	"strings"
	"testing"
)

// TestAnalysisHasNoLSPDependencies keeps the architecture invariant: the
// analysis and completion packages never depend on glsp or commonlog, so
// they stay usable from the command line and free of protocol types.
func TestAnalysisHasNoLSPDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command("go", "list", "-deps", "-test", "-f", "{{.ImportPath}}", "../analysis/...", "../completion/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/tliron/") {
			t.Errorf("analysis or completion depends on %s", pkg)
		}
	}
}
