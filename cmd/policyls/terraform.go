package main

import (
	"path/filepath"
	"sync"

	"github.com/policyls/policyls/analysis/host"
	"github.com/policyls/policyls/analysis/policy"
	"github.com/policyls/policyls/internal/boundedfile"
)

// KindTerraform is the kind check reports for a Terraform file: each of its
// policies has its own kind, named with its resource address in its
// findings' location.
const KindTerraform policy.Kind = "terraform"

// checkTerraform reports the findings of a .tf file's policies in the
// file's lines and columns; a file without policies gets nothing.
func checkTerraform(path string, src []byte, popts policy.Options, opts *checkOptions, r fileReport) fileReport {
	f, ok := host.Terraform(src, terraformModule(path))
	if !ok {
		r.kind, r.diagnostics = policy.KindUnknown, []lineDiagnostic{}
		return r
	}
	r = checkTemplate(src, f, popts, opts, r)
	r.kind = KindTerraform
	return r
}

// fixTerraform is fixSource for a .tf file.
func fixTerraform(path string, src []byte, opts policy.Options, mode policy.FixMode) ([]byte, int, []policy.Change) {
	return host.TerraformFixes(src, terraformModule(path), opts, mode)
}

var terraformModules = struct {
	sync.Mutex
	byFolder map[string]*host.TerraformModule
}{byFolder: map[string]*host.TerraformModule{}}

// terraformModule is how the .tf and .tf.json files of path's folder (a Terraform
// module) use their policy document data sources, read once per folder.
func terraformModule(path string) *host.TerraformModule {
	dir := filepath.Dir(path)
	terraformModules.Lock()
	defer terraformModules.Unlock()
	if m, ok := terraformModules.byFolder[dir]; ok {
		return m
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	jsonPaths, _ := filepath.Glob(filepath.Join(dir, "*.tf.json"))
	paths = append(paths, jsonPaths...)
	var files [][]byte
	for _, p := range paths {
		if src, err := boundedfile.Read(p, "", host.MaxTemplateSize); err == nil {
			files = append(files, src)
		}
	}
	m := host.TerraformUses(files...)
	terraformModules.byFolder[dir] = &m
	return &m
}
