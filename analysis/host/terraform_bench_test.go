package host

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/policyls/policyls/analysis/policy"
)

// BenchmarkTerraformModule checks the module of TF_BENCH (a folder of .tf
// files) as check does: the uses once, then each file read and analysed.
// Skipped without TF_BENCH; see BENCHMARKS.md for the module measured.
func BenchmarkTerraformModule(b *testing.B) {
	dir := os.Getenv("TF_BENCH")
	if dir == "" {
		b.Skip("TF_BENCH names a folder of .tf files")
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	var files [][]byte
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, src)
	}
	b.ResetTimer()
	for b.Loop() {
		m := TerraformUses(files...)
		for _, src := range files {
			f, _ := Terraform(src, &m)
			Analyze(src, f, policy.Options{})
		}
	}
}
