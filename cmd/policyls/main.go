// Command policyls is the policyls language server and linter for AWS policy
// JSON (SES identity policies, IAM permission policies, role trust policies).
//
//	policyls [serve] [--stdio] [--log-file PATH]   serve LSP on stdin/stdout
//	policyls check [flags] PATH...                 lint files and directories
//	policyls fmt [flags] PATH...                   lay policies out as AWS does
//	policyls eval [flags] POLICY_FILE              evaluate one request offline
//	policyls explain POLICY_FILE                   summarise what a policy grants
//	policyls test [PATH...]                        run *.policytest.json policy tests
//	policyls version                               print versions
//
// Run "policyls help" for the details.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK       = 0 // no error-severity findings; a clean LSP shutdown
	exitFindings = 1 // error-severity findings; LSP exit without shutdown
	exitUsage    = 2 // bad command line or unreadable input
)

// run dispatches to a subcommand and returns the exit code. stdout is only
// written by commands that are not the language server, whose stdout is the
// protocol stream.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) && args[0] != "--version" {
		return runServe(args, stderr)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return runServe(rest, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "fmt":
		return runFmt(rest, stdout, stderr)
	case "eval":
		return runEval(rest, stdout, stderr)
	case "explain":
		return runExplain(rest, stdout, stderr)
	case "test":
		return runTest(rest, stdout, stderr)
	case "version", "--version":
		return runVersion(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "policyls: unknown command %q: the commands are %s (see policyls --help)\n", cmd, strings.Join(commands, ", "))
		return exitUsage
	}
}

// commands are the subcommands run dispatches, for the unknown-command
// message.
var commands = []string{"serve", "check", "fmt", "eval", "explain", "test", "version", "help"}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// newFlagSet returns the flag set of a subcommand. It prints nothing:
// usageError reports what parsing returns.
func newFlagSet(command string) *flag.FlagSet {
	fs := flag.NewFlagSet("policyls "+command, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// usageError reports a command line that cannot be run as one line and a
// hint, and returns the exit status: a request for help (-h, --help) prints
// the full usage on stdout and succeeds; anything else is exitUsage.
func usageError(stdout, stderr io.Writer, command string, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "policyls %s: %s (see policyls %s --help)\n", command, flagMessage(err), command)
	return exitUsage
}

// flagMessage rewords the flag package's errors the way the usage text
// spells flags ("--name").
func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "unknown flag --" + name
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "flag --" + name + " needs a value"
	}
	for _, prefix := range []string{"invalid value ", "invalid boolean value "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			rest = strings.Replace(rest, " for flag -", " for -", 1)
			return "invalid value " + strings.Replace(rest, " for -", " for --", 1)
		}
	}
	return msg
}

const usage = `Usage:
  policyls [serve] [--stdio] [--log-file PATH] [--catalog DIR]
      Serve the Language Server Protocol on stdin and stdout (the default).
      Logs go to stderr, or to PATH with --log-file.

  policyls check [--format text|json|sarif|github] [--fail-on SEVERITY]
                 [--hints] [--kind KIND] [--config FILE] [--catalog DIR]
                 [--fix[=safe|all] | --diff[=safe|all]] [--exclude GLOB]...
                 [--no-ignore] [--verbose] PATH...
      Lint policy files, and the policies inside CloudFormation and SAM
      templates (*.json, *.yaml, *.yml, *.template: content decides) and
      Terraform files (*.tf, *.tf.json). A directory is searched
      recursively for such files, leaving out what "Which files" below
      says; links are followed only to files inside it (see "Symbolic
      links" below). A file reached twice is checked once.
        --format   text (default): file:line:col: severity: message [ID]
                   json: {"files":[{"path","kind","diagnostics":[...]}]}
                   sarif: SARIF 2.1.0 for GitHub code scanning and
                   other SARIF viewers
                   github: GitHub Actions annotations (::error file=...)
        --fail-on  error (default), warning, info or hint: exit 1 when a
                   finding this severe or worse is found
        --hints    also report hints: the editor's suggestions, such as an
                   action's usual spelling or an entry another one covers;
                   without it (and without --fail-on hint) hints are left
                   out of every format, the summary and the exit status
        --kind     force the policy kind of every file: ses-identity,
                   iam-identity, trust, rcp, scp or unknown
        --config   settings file for every file checked; by default each
                   file uses the nearest .policyls.json in its folder or
                   above, up to the repository root (the first folder
                   holding .git). Globs in a settings file are matched
                   against paths relative to the settings file's folder.
                   Settings files must be regular files of at most 1 MiB
                   (a link only to one inside the repository, or for
                   --config inside its folder); settings that silence
                   every finding are reported on stderr.
        --verbose  print on stderr which settings file applied to each
                   folder, and how many folders and files each rule of
                   "Which files" left out
        --exclude  leave out the files and folders matching GLOB
                   (relative to the current directory, or absolute;
                   repeatable); see "Which files"
        --no-ignore
                   search default-skipped, hidden and .gitignore'd
                   folders and files too, and ignore the settings'
                   exclude globs (--exclude still applies)
        --fix      first apply the safe fixes in place (spelling and
                   syntax only: wrong case, a missing Version, a
                   trailing comma), print each change on stderr as
                   "file:line: old -> new", then report what remains,
                   in any --format. Only files that change are
                   written, each atomically (see "Writing files"
                   below). Files that are not
                   policies by their content are never written.
        --fix=all  the same with every preferred fix, as the editor's
                   fix-all: also a did-you-mean with one reading, an
                   aws:SourceAccount condition from settings, removals a
                   forced kind asks for.
                   Preferred fixes never widen what a policy grants.
        --diff     print what --fix (--diff=all: --fix=all) would
                   change as a unified diff (--- a/PATH, +++ b/PATH)
                   and change nothing. No report and no --format: the
                   output is a patch.
      A text report ends with a one-line summary on stderr.
      Exit status: 0 no finding at the --fail-on level, 1 such findings,
      2 usage error or a file that cannot be read (or, with --fix,
      written); with --fix, what remains after fixing counts. With --diff:
      0 nothing to fix, 1 something to fix, 2 as above.

  policyls fmt [--write | --diff] [--indent N | --tabs] [--kind KIND]
               [--config FILE] [--exclude GLOB]... [--no-ignore] PATH...
      Lay policies out as AWS's documentation does, like the editor's
      Format Document: one member or element per line, indented by
      nesting (2 spaces unless --indent or --tabs), ending with a line
      break. Only whitespace changes; strings, numbers and key order stay
      as written. Files that are not policies are skipped (even with
      --kind: a file must have a Statement or an IAM Version); policies with
      syntax errors are reported and left alone. Paths are searched as by
      check, with the same --exclude and --no-ignore.
        (default)  list the policies that are not formatted, on stdout
        --write    rewrite them (see "Writing files" below)
        --diff     print what --write would change as a unified diff
      Exit status: 0 all formatted (or written), 1 some not formatted or
      with syntax errors, 2 usage error or a file that cannot be read or
      written.

  policyls eval [--kind KIND] --action ACTION [--resource ARN]
                [--principal PRINCIPAL] [--context KEY=VALUE]...
                [--format text|json] [--config FILE] POLICY_FILE
      Evaluate one policy offline for one request, as AWS evaluates a
      single policy: an explicit Deny wins, then an Allow, else the
      request is implicitly denied. Says which statements decided (Sid and
      line) and why, or the closest statement and what failed.
        --principal  the caller: an account ID, an IAM or STS ARN, a
                     service (ses.amazonaws.com), a federated provider, a
                     canonical user, or * for anonymous; a prefix AWS:,
                     Service:, Federated: or CanonicalUser: forces the type
        --resource   the resource ARN; for SES identity policies it
                     defaults to the identity the policy names
        --context    a context key and value; give a key twice for a
                     multivalued key. Keys not given are absent.
        --format     text (default) or json: {"decision": "allow" | "deny"
                     | "implicit-deny", "statements": [{"sid", "line",
                     "effect", "matched", "reason"}]}
      Exit status: 0 allowed, 1 denied (explicitly or implicitly), 2 usage
      error or a file that cannot be read.

  policyls explain [--kind KIND] [--config FILE] POLICY_FILE
      Summarise what a policy grants, like the IAM console's policy
      summary: per service, the access levels, resources and conditions;
      for SES identity policies, who may send as the identity, from which
      addresses, to which recipients.

  policyls test [--format text|json|sarif|github] [PATH...]
      Run the policy tests in *.policytest.json files (a directory is
      searched recursively; default "."): each names a policy file and
      requests with the decision expected. Failures are reported as text,
      JSON, SARIF or GitHub annotations (rule "policy-test"). Exit status:
      0 all pass, 1 a test fails or an entry is malformed, 2 usage error
      or a test file or its policy that cannot be read.

  policyls version
      Print the policyls version and the catalogue dataset version.

A command line that cannot run prints one line and a hint and exits 2;
-h, --help and "policyls help" print this text.

Which files (check and fmt): a directory is searched for *.json files
(check: also *.yaml, *.yml, *.template, *.tf and *.tf.json files),
leaving out folders named node_modules, vendor or .terraform, the asset
folders of a CDK output (cdk.out/asset.*), hidden folders (.github...),
version control (.git, .hg, .svn), what the .gitignore files of the tree
and of the folders above it up to the repository root ignore (as git
does: nested files, !negations; and .git/info/exclude), the settings'
"exclude" globs (relative to the settings file's folder) and --exclude
globs. Globs: * within one name, ** across folders ("generated/**",
"**/*.draft.json"); a folder matched is left out whole. A PATH named on
the command line is always checked, even when a rule would leave it out;
the rules apply below a directory named.

--catalog DIR adds AWS's service reference files (one JSON file per service;
AWS lists them at
https://servicereference.us-east-1.amazonaws.com/v1/service-list.json) to the
built-in catalogue, so actions newer than the catalogue are known. Each file
must be a regular file of at most 16 MiB (a link only to one inside DIR).

Symbolic links: a PATH named on the command line is followed wherever it
points; a directory named so is searched as the folder it leads to. While
recursing, links to files inside that directory are followed; links leading
out of it are reported ("skipping symlink X -> Y: outside DIR") and skipped,
as a cloned repository may point anywhere. Links to directories are never
followed: inside the tree they add nothing, outside it they are reported.
A file reached several ways (a link and its target, hard links, a path
named twice) is processed once.

Writing files (check --fix, fmt --write): the new content is written to a
temporary file in the same folder, flushed to disk, given the original's
mode and owner (the owner where permitted) and renamed over the original.
On any failure the file is left byte for byte as it was, the temporary file
is removed, and the exit status is 2. A link is kept and its target
replaced, only when the target lies inside the directory named (or the
folder of the file named); otherwise the file is not written. A file with
hard links gets a new file under the name written; its other names keep the
old content. Read-only files are not rewritten. Line breaks (LF, CRLF or
CR) stay as the document has them. File names with control characters are
printed quoted with escapes ("a\nb.json"), and in SARIF as percent-encoded
URIs.
`
