package config

import "testing"

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern string
		name    string
		want    bool
	}{
		{"*.json", "a.json", true},
		{"*.json", "dir/a.json", false},
		{"**/*.json", "a.json", true},
		{"**/*.json", "dir/sub/a.json", true},
		{"**/*.json", "/abs/dir/a.json", true},
		{"**/trust/*.json", "trust/role.json", true},
		{"**/trust/*.json", "infra/trust/role.json", true},
		{"**/trust/*.json", "infra/trust/deep/role.json", false},
		{"**/trust/**", "infra/trust/deep/role.json", true},
		{"**/trust/**", "infra/trusted/role.json", false},
		{"policies/**/ses-*.json", "policies/ses-a.json", true},
		{"policies/**/ses-*.json", "policies/x/y/ses-a.json", true},
		{"policies/**/ses-*.json", "other/policies/ses-a.json", false},
		{"a/**/b/**/c", "a/x/b/y/b/z/c", true},
		{"a/**/b/**/c", "a/b/c", true},
		{"a/**/b/**/c", "a/c", false},
		{"**", "anything/at/all", true},
		{"./iam/*.json", "iam/x.json", true},
		{"iam/*.json", "./iam/x.json", true},
		{"/etc/policies/*.json", "/etc/policies/p.json", true},
		{"/etc/policies/*.json", "etc/policies/p.json", false},
		{"role-?.json", "role-1.json", true},
		{"role-[0-9].json", "role-x.json", false},
		{"*", "a/b", false},
		{"gen/", "gen", true},
		{"gen/", "gen/deep/a.json", true},
		{"gen/", "generated/a.json", false},
		{"**/gen/", "infra/gen/a.json", true},
		{"/abs/gen/", "/abs/gen/a.json", true},
	}
	for _, tt := range tests {
		g, err := CompileGlob(tt.pattern)
		if err != nil {
			t.Fatalf("CompileGlob(%q): %v", tt.pattern, err)
		}
		if got := g.Match(tt.name); got != tt.want {
			t.Errorf("%q.Match(%q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestCompileGlobErrors(t *testing.T) {
	for _, pattern := range []string{"", "[a-", "dir/[", "./"} {
		if _, err := CompileGlob(pattern); err == nil {
			t.Errorf("CompileGlob(%q) succeeded, want an error", pattern)
		}
	}
}
