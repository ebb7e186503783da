package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policyls/policyls/analysis/policy"
)

// fixable has four preferred fixes: Version, Effect case, a did-you-mean
// action, a trailing comma. All but the did-you-mean are safe.
const (
	fixable   = "{\n  \"Statement\": [\n    {\n      \"Sid\": \"Send\",\n      \"Effect\": \"allow\",\n      \"Action\": \"ses:SendEmial\",\n      \"Resource\": \"*\",\n    }\n  ]\n}\n"
	safeFixed = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Send\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"ses:SendEmial\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	fixed     = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Send\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"ses:SendEmail\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
	// unfixable has one fix (the Effect) and an error no fix resolves.
	unfixable      = `{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "ses:Send", "Resource": "*"}]}`
	unfixableFixed = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:Send", "Resource": "*"}]}`
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// agedFiles writes files and dates them an hour back, so a rewrite shows
// in their modification time.
func agedFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := writeFiles(t, t.TempDir(), files)
	past := time.Now().Add(-time.Hour)
	for name := range files {
		if err := os.Chtimes(filepath.Join(dir, name), past, past); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func modTime(t *testing.T, path string) time.Time {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime()
}

func TestCheckFix(t *testing.T) {
	// The fixture and the library agree on what fixing does.
	if got, _ := policy.FixAll([]byte(fixable), policy.Options{}); string(got) != fixed {
		t.Fatalf("FixAll gives\n%s", got)
	}
	dir := agedFiles(t, map[string]string{
		"fixable.json": fixable, "clean.json": cleanSES, "package.json": packageJSON, "sub/unfixable.json": unfixable,
	})
	if err := os.Chmod(filepath.Join(dir, "fixable.json"), 0o640); err != nil {
		t.Fatal(err)
	}
	untouched := modTime(t, filepath.Join(dir, "clean.json"))

	// --fix applies the safe fixes only and prints each change.
	stdout, stderr, code := runBinary(t, dir, "check", "--fix", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1 for the errors the safe fixes leave (stderr %q)", code, stderr)
	}
	if got := readFile(t, filepath.Join(dir, "fixable.json")); got != safeFixed {
		t.Errorf("fixable.json after --fix:\n%s\nwant:\n%s", got, safeFixed)
	}
	if got := readFile(t, filepath.Join(dir, "sub", "unfixable.json")); got != unfixableFixed {
		t.Errorf("unfixable.json after --fix:\n%s", got)
	}
	info, err := os.Stat(filepath.Join(dir, "fixable.json"))
	if err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode after --fix: %v, %v; want 0640", info.Mode(), err)
	}
	if modTime(t, filepath.Join(dir, "clean.json")) != untouched || readFile(t, filepath.Join(dir, "package.json")) != packageJSON {
		t.Error("files with nothing to fix were written")
	}
	wantErr := `fixable.json:2: (nothing) -> "Version": "2012-10-17",
fixable.json:6: "allow" -> "Allow"
fixable.json:8: , -> (nothing)
` + filepath.Join("sub", "unfixable.json") + `:1: "allow" -> "Allow"
policyls: --fix applied 4 fixes to 2 files
policyls: 1 preferred fix not applied: more than spelling or syntax changes (--diff=all shows, --fix=all applies)
`
	if !strings.HasPrefix(stderr, wantErr) {
		t.Errorf("stderr:\n%s\nwant it to start with:\n%s", stderr, wantErr)
	}
	// What remains is reported as usual.
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "fixable.json:7:") || !strings.Contains(lines[1], "unfixable.json:1:") {
		t.Errorf("stdout %q, want the two ACT002 that remain", stdout)
	}

	// --fix=all applies the preferred rename too.
	_, stderr, code = runBinary(t, dir, "check", "--fix=all", ".")
	if code != 1 || readFile(t, filepath.Join(dir, "fixable.json")) != fixed {
		t.Errorf("--fix=all: exit %d, fixable.json:\n%s", code, readFile(t, filepath.Join(dir, "fixable.json")))
	}
	if want := "fixable.json:7: \"ses:SendEmial\" -> \"ses:SendEmail\"\npolicyls: --fix=all applied 1 fix to 1 file\n"; !strings.HasPrefix(stderr, want) {
		t.Errorf("--fix=all stderr %q, want it to start with %q", stderr, want)
	}

	// A second run has nothing left to fix and writes nothing.
	again := modTime(t, filepath.Join(dir, "fixable.json"))
	_, stderr, _ = runBinary(t, dir, "check", "--fix=all", ".")
	if strings.Contains(stderr, "applied") || strings.Contains(stderr, "->") || modTime(t, filepath.Join(dir, "fixable.json")) != again {
		t.Errorf("second --fix run: %q", stderr)
	}
}

// --fix goes with every report format: the fix counts are on stderr, the
// report of what remains on stdout. Settings decide what is fixed.
func TestCheckFixWithSettingsAndFormats(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{
		"p.json":         fixable,
		".policyls.json": `{"rules": {"POL003": "off"}, "suppressions": [{"file": "p.json", "path": "/Statement/0/Effect", "rule": "POL009"}]}`,
	})
	stdout, stderr, code := runBinary(t, dir, "check", "--fix=all", "--format", "json", "p.json")
	if code != 0 {
		t.Errorf("exit %d (stderr %q)", code, stderr)
	}
	r := decodeReport(t, stdout)
	if len(r.Files) != 1 || len(r.Files[0].Diagnostics) != 0 {
		t.Errorf("report %+v, want p.json clean", r)
	}
	got := readFile(t, filepath.Join(dir, "p.json"))
	if strings.Contains(got, "Version") || !strings.Contains(got, `"allow"`) || !strings.Contains(got, `"ses:SendEmail"`) {
		t.Errorf("a rule turned off or suppressed was fixed anyway:\n%s", got)
	}
	if stderr != "p.json:6: \"ses:SendEmial\" -> \"ses:SendEmail\"\np.json:7: , -> (nothing)\npolicyls: --fix=all applied 2 fixes to 1 file\n" {
		t.Errorf("stderr %q", stderr)
	}
}

// A link to a file stays a link; its target gets the fixes.
func TestCheckFixThroughALink(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"real/p.json": fixable})
	if err := os.Symlink(filepath.Join("real", "p.json"), filepath.Join(dir, "link.json")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, stderr, code := runBinary(t, dir, "check", "--fix=all", "link.json"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if info, err := os.Lstat(filepath.Join(dir, "link.json")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link.json is no longer a link: %v, %v", info.Mode(), err)
	}
	if got := readFile(t, filepath.Join(dir, "real", "p.json")); got != fixed {
		t.Errorf("target after --fix:\n%s", got)
	}
}

func TestCheckFixUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": fixable})
	if err := os.Chmod(filepath.Join(dir, "p.json"), 0o444); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runBinary(t, dir, "check", "--fix", "p.json")
	if code != 2 || !strings.Contains(stderr, "cannot write p.json") {
		t.Errorf("exit %d, stderr %q; want 2 and the write error", code, stderr)
	}
}

func TestCheckDiff(t *testing.T) {
	dir := agedFiles(t, map[string]string{"a/p.json": fixable, "clean.json": cleanSES, "package.json": packageJSON})
	before := modTime(t, filepath.Join(dir, "a", "p.json"))
	// --diff shows what --fix (the safe fixes) would change.
	stdout, stderr, code := runBinary(t, dir, "check", "--diff", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1: there is something to fix", code)
	}
	if got := applyUnifiedDiff(t, fixable, stdout); got != safeFixed {
		t.Errorf("the --diff applies to\n%s", got)
	}
	if stderr != "policyls: --fix would apply 3 fixes to 1 file\n" {
		t.Errorf("stderr %q", stderr)
	}
	// --diff=all what --fix=all would.
	stdout, stderr, code = runBinary(t, dir, "check", "--diff=all", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1: there is something to fix", code)
	}
	want := `--- a/a/p.json
+++ b/a/p.json
@@ -1,10 +1,11 @@
 {
+  "Version": "2012-10-17",
   "Statement": [
     {
       "Sid": "Send",
-      "Effect": "allow",
-      "Action": "ses:SendEmial",
-      "Resource": "*",
+      "Effect": "Allow",
+      "Action": "ses:SendEmail",
+      "Resource": "*"
     }
   ]
 }
`
	if stdout != want {
		t.Errorf("diff:\n%s\nwant:\n%s", stdout, want)
	}
	if got := applyUnifiedDiff(t, fixable, stdout); got != fixed {
		t.Errorf("the diff applies to\n%s", got)
	}
	if stderr != "policyls: --fix=all would apply 4 fixes to 1 file\n" {
		t.Errorf("stderr %q", stderr)
	}
	if readFile(t, filepath.Join(dir, "a", "p.json")) != fixable || modTime(t, filepath.Join(dir, "a", "p.json")) != before {
		t.Error("--diff changed the file")
	}

	stdout, stderr, code = runBinary(t, dir, "check", "--diff", "clean.json", "package.json")
	if code != 0 || stdout != "" || stderr != "policyls: 2 files checked: nothing to fix\n" {
		t.Errorf("nothing to fix: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, _, code := runBinary(t, dir, "check", "--diff", "missing.json", "clean.json"); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}

func TestCheckFixUsage(t *testing.T) {
	dir := writeFiles(t, t.TempDir(), map[string]string{"p.json": fixable})
	for _, tt := range []struct {
		args []string
		want string // the one line of stderr
	}{
		{[]string{"check", "--fix", "--diff", "p.json"}, "--fix and --diff do not go together"},
		{[]string{"check", "--fix=all", "--diff=all", "p.json"}, "--fix and --diff do not go together"},
		{[]string{"check", "--fix=some", "p.json"}, `invalid value "some" for --fix: want safe or all`},
		{[]string{"check", "--diff=every", "p.json"}, `invalid value "every" for --diff: want safe or all`},
		{[]string{"check", "--diff", "--format", "json", "p.json"}, "--diff prints a diff, not a report"},
		{[]string{"check", "--diff", "--format", "sarif", "p.json"}, "--diff prints a diff, not a report"},
	} {
		_, stderr, code := runBinary(t, dir, tt.args...)
		if code != 2 || !strings.HasPrefix(stderr, "policyls check: "+tt.want) || !strings.HasSuffix(stderr, " (see policyls check --help)\n") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want a one-line usage error %q", tt.args, code, stderr, tt.want)
		}
	}
	if readFile(t, filepath.Join(dir, "p.json")) != fixable {
		t.Error("a usage error changed the file")
	}
}
