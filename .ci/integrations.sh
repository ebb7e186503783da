#!/usr/bin/env bash
# CI for the ways people run policyls in their own CI (README: "In GitHub
# Actions", "pre-commit"):
#   - the composite GitHub Action (action.yml), its shell steps run through
#     .ci/run_action.py with the inputs a workflow would give: SARIF written
#     and valid even with findings, annotations printed, exit status per
#     fail-on; and action/install.sh's three ways to get policyls;
#   - the pre-commit hooks (.pre-commit-hooks.yaml), with Debian's pre-commit
#     (installed when missing) and "pre-commit try-repo" on a scratch
#     repository holding a good, a bad and an unformatted policy.
# The hooks are built from the committed HEAD of this repository.
# Ends with "integrations: N passed, N failed" and exits non-zero on failure.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
passed=0
failed=0
failures=()
check() { # check NAME COMMAND...: run one assertion, record its result
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "-- ok: $name"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "-- FAILED: $name"
  fi
}

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT # (Go makes module caches read-only)
export RUNNER_TEMP=$tmp/runner-temp
mkdir -p "$RUNNER_TEMP"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

echo "== integrations: set-up"
if ! command -v pre-commit >/dev/null || ! /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
  echo "installing Debian's pre-commit (it brings python3-yaml)"
  as_root apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends pre-commit git >/dev/null ||
    { echo "integrations: cannot install pre-commit"; exit 1; }
fi
pre-commit --version
(cd "$repo" && go build -o "$tmp/bin/policyls" ./cmd/policyls) || { echo "integrations: build failed"; exit 1; }
bin=$tmp/bin/policyls

# The policies both integrations are tried on.
work=$tmp/policies
mkdir -p "$work"
cp "$repo/examples/ses-identity-policy.json" "$work/good.json"           # no findings
cp "$repo/examples/pinpoint-trust-policy.json" "$work/info.json"         # one info (PIN001)
grep -v '"Version"' "$repo/examples/ses-identity-policy.json" >"$work/warning.json" # one warning (POL003)
cp "$repo/testdata/broken-sending-policy.json" "$work/bad.json"          # errors
/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' \
  "$repo/examples/ses-identity-policy.json" >"$work/unformatted.json"    # clean, on one line
echo '{"name": "not-a-policy", "version": "1.0.0"}' >"$work/package.json"
echo '{"rules": {"POL003": "off"}}' >"$work/ci-settings.json"
echo '{"rules": {"PIN001": "info"}}' >"$work/.policyls.json" # a settings file, as repositories have

echo
echo "== integrations: GitHub Action (action.yml through .ci/run_action.py)"
# action NAME INPUT=VALUE...: runs the action in $work, keeps its stdout in
# $tmp/NAME.out and its outputs (NAME=VALUE lines on stderr) in $tmp/NAME.err.
action() {
  local name=$1
  shift
  (cd "$work" && /usr/bin/python3 "$repo/.ci/run_action.py" "$repo" . "$@") >"$tmp/$name.out" 2>"$tmp/$name.err"
  echo $? >"$tmp/$name.status"
}
status_is() { # status_is NAME WANT
  local got
  got=$(cat "$tmp/$1.status")
  [ "$got" = "$2" ] || { echo "$1: exit status $got, want $2"; sed 's/^/  | /' "$tmp/$1.out" "$tmp/$1.err"; return 1; }
}
out_has() { grep -qF -- "$2" "$tmp/$1.out" || { echo "$1: no line with: $2"; sed 's/^/  | /' "$tmp/$1.out"; return 1; }; }
out_lacks() { ! grep -qF -- "$2" "$tmp/$1.out" || { echo "$1: unexpected: $2"; return 1; }; }
# sarif_results FILE WANT_RULES...: FILE is SARIF 2.1.0 whose results have exactly these rule IDs.
sarif_results() {
  /usr/bin/python3 - "$@" <<'PY'
import json, sys
path, want = sys.argv[1], sorted(sys.argv[2:])
log = json.load(open(path))
assert log["version"] == "2.1.0", log.get("version")
got = sorted(r["ruleId"] for run in log["runs"] for r in run["results"])
assert got == want, f"{path}: results {got}, want {want}"
PY
}

# With the policyls-path input: no Go set-up, no build.
action errors policyls-path="$bin" paths="good.json bad.json"
check "fail-on error (default), an error found: exit 1" status_is errors 1
check "SARIF written and valid with findings" sarif_results "$work/policyls.sarif" IAM002 JSON004 POL001 POL003 POL009
check "annotations printed" out_has errors "::error file=bad.json,line=5,col=17,endLine=5,endColumn=24,title=policyls POL009::"
check "warning annotation printed" out_has errors "::warning file=bad.json,line=1,col=1"
check "clean file gets no annotation" out_lacks errors "file=good.json"
check "sarif-file output" grep -qx "sarif-file=policyls.sarif" "$tmp/errors.err"

action none policyls-path="$bin" paths="bad.json" fail-on=none sarif-file=reports/none.sarif
check "fail-on none: exit 0 with errors" status_is none 0
check "fail-on none: SARIF in a new folder" sarif_results "$work/reports/none.sarif" IAM002 JSON004 POL001 POL003 POL009
check "fail-on none: annotations still printed" out_has none "::error file=bad.json"

action warning-error policyls-path="$bin" paths="warning.json" sarif-file=w.sarif
check "fail-on error, only a warning: exit 0" status_is warning-error 0
check "warning in SARIF though it does not fail" sarif_results "$work/w.sarif" POL003
action warning-warning policyls-path="$bin" paths="warning.json" fail-on=warning sarif-file=w.sarif
check "fail-on warning, a warning: exit 1" status_is warning-warning 1
action info-warning policyls-path="$bin" paths="info.json" fail-on=warning sarif-file=i.sarif
check "fail-on warning, only an info: exit 0" status_is info-warning 0
action info-info policyls-path="$bin" paths="info.json" fail-on=info sarif-file=i.sarif
check "fail-on info, an info: exit 1" status_is info-info 1
check "info annotation is a notice" out_has info-info "::notice file=info.json"

action config policyls-path="$bin" paths="warning.json" fail-on=warning config=ci-settings.json sarif-file=c.sarif
check "config input (POL003 off): exit 0" status_is config 0
check "config input: SARIF without POL003" sarif_results "$work/c.sarif"

action lines policyls-path="$bin" paths=$'good.json\n  info.json\n' fail-on=info sarif-file=l.sarif
check "paths on several lines" sarif_results "$work/l.sarif" PIN001

action default-path policyls-path="$bin" sarif-file=d.sarif
check "paths default . (non-policy JSON left alone)" sarif_results "$work/d.sarif" IAM002 JSON004 PIN001 POL001 POL003 POL003 POL009

action missing policyls-path="$bin" paths="nowhere.json" sarif-file=m.sarif
check "unreadable path: exit 2" status_is missing 2
echo '{' >"$work/broken-settings.json"
action broken-config policyls-path="$bin" paths="good.json" fail-on=none config=broken-settings.json sarif-file=b.sarif
check "fail-on none: settings that cannot be read still fail (exit 2)" status_is broken-config 2
action bad-fail-on policyls-path="$bin" paths="good.json" fail-on=never
check "unknown fail-on: exit 2" status_is bad-fail-on 2
check "unknown fail-on: says why" out_has bad-fail-on "::error title=policyls::fail-on must be"
action bad-binary policyls-path="$tmp/nowhere/policyls" paths="good.json"
check "policyls-path not a binary: exit 2" status_is bad-binary 2

# No policyls-path: the action sets up Go (skipped here, Go is installed)
# and builds its own checkout.
action source paths="good.json" sarif-file=s.sarif
check "default install builds the action's source" status_is source 0
check "default install: SARIF" sarif_results "$work/s.sarif"
on_github_path() { # the folder the install step adds to $GITHUB_PATH holds a working policyls
  local dir
  dir=$(sed -n 's/^path+=//p' "$tmp/source.err")
  [ -n "$dir" ] && "$dir/policyls" version >/dev/null
}
check "default install: policyls on \$GITHUB_PATH for later steps" on_github_path

# The version input: "go install github.com/policyls/policyls/cmd/policyls@VERSION",
# here from a local module proxy holding this HEAD as v0.0.0-ci, which also
# proves the module installs with "go install ...@version" (no replace
# directives and the like). A scratch module cache keeps v0.0.0-ci out of the
# usual one; the dependencies come from the usual one's download folder.
proxy=$tmp/goproxy/github.com/policyls/policyls/@v
mkdir -p "$proxy"
(cd "$repo" && git archive --format=zip --prefix=github.com/policyls/policyls@v0.0.0-ci/ -o "$proxy/v0.0.0-ci.zip" HEAD -- . ':(exclude)editors') &&
  cp "$repo/go.mod" "$proxy/v0.0.0-ci.mod" &&
  echo '{"Version":"v0.0.0-ci","Time":"2026-01-01T00:00:00Z"}' >"$proxy/v0.0.0-ci.info" &&
  echo v0.0.0-ci >"$proxy/list"
GOPROXY="file://$tmp/goproxy,file://$(go env GOMODCACHE)/cache/download,$(go env GOPROXY)" \
  GOMODCACHE=$tmp/modcache GONOSUMDB=github.com/policyls/policyls GOFLAGS='' \
  action version paths="good.json" version=v0.0.0-ci sarif-file=v.sarif
check "version input installs with go install" status_is version 0
check "version input: the installed binary reports v0.0.0-ci" out_has version "v0.0.0-ci"

echo
echo "== integrations: pre-commit hooks (.pre-commit-hooks.yaml)"
export PRE_COMMIT_HOME=$tmp/pre-commit-home
export GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)} # pre-commit sets its own GOPATH; keep the usual module cache
scratch=$tmp/scratch
mkdir -p "$scratch" && cp "$work"/{good,bad,unformatted,package,.policyls}.json "$scratch/" &&
  git -C "$scratch" init -q && git -C "$scratch" add . || exit 1
hook() { # hook NAME HOOK FILES...: pre-commit try-repo on those files
  local name=$1 id=$2
  shift 2
  (cd "$scratch" && pre-commit try-repo "$repo" "$id" --files "$@") >"$tmp/$name.out" 2>&1
  echo $? >"$tmp/$name.status"
  : >"$tmp/$name.err"
}
hook check-good policyls-check good.json unformatted.json package.json .policyls.json
check "policyls-check passes good policies, settings and other JSON" status_is check-good 0
hook check-bad policyls-check good.json bad.json
check "policyls-check fails a bad policy" status_is check-bad 1
check "policyls-check reports the finding" out_has check-bad "bad.json:5:17: error: Effect \"allow\""
hook fmt-good policyls-fmt good.json package.json .policyls.json
check "policyls-fmt passes formatted policies" status_is fmt-good 0
hook fmt-bad policyls-fmt good.json unformatted.json
check "policyls-fmt fails an unformatted policy" status_is fmt-bad 1
check "policyls-fmt names it" out_has fmt-bad "unformatted.json"
check "policyls-fmt leaves it as it was" cmp -s "$work/unformatted.json" "$scratch/unformatted.json"

echo
echo "== integrations: README's YAML (what users copy)"
# The yaml blocks of README.md's "In GitHub Actions" and "With pre-commit",
# in order, as $tmp/readme-1.yml, readme-2.yml, ...
/usr/bin/python3 - "$repo/README.md" "$tmp" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
section = text[text.index("### In GitHub Actions"):text.index("## Editors")]
for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", section, re.S), 1):
    open(f"{sys.argv[2]}/readme-{i}.yml", "w").write(block)
PY
readme_workflow() { # the workflow uses only the action's inputs and uploads SARIF whatever the check's outcome
  /usr/bin/python3 - "$repo/action.yml" "$tmp/readme-1.yml" <<'PY'
import sys, yaml
inputs = yaml.safe_load(open(sys.argv[1]))["inputs"]
job = next(iter(yaml.safe_load(open(sys.argv[2]))["jobs"].values()))
assert job["permissions"]["security-events"] == "write"
steps = job["steps"]
i = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("policyls/policyls@"))
given = steps[i].get("with", {})
assert set(given) <= set(inputs), f"not inputs of action.yml: {set(given) - set(inputs)}"
upload = steps[i + 1]
assert upload["uses"].startswith("github/codeql-action/upload-sarif@"), upload
assert "always()" in upload["if"], "the upload step is skipped when the check fails"
sarif = given.get("sarif-file", inputs["sarif-file"]["default"])
assert upload["with"]["sarif_file"] == sarif and sarif in upload["if"], (upload, sarif)
PY
}
check "README workflow: action inputs exist, SARIF uploaded with if: always()" readme_workflow
# The hand-written steps' shell script, run on a folder with a bad policy and
# on one without: SARIF first, annotations, then the status.
/usr/bin/python3 - "$tmp/readme-2.yml" "$tmp/readme-by-hand.sh" <<'PY'
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))
script = next(s["run"] for s in steps if "policyls check" in s.get("run", ""))
assert any("upload-sarif" in s.get("uses", "") and "always()" in s.get("if", "") for s in steps)
open(sys.argv[2], "w").write(script)
PY
by_hand() { # by_hand NAME POLICY...: the README's script in a folder holding policies/POLICY...
  local dir=$tmp/by-hand-$1
  shift
  mkdir -p "$dir/policies" && (cd "$work" && cp "$@" "$dir/policies/")
  (cd "$dir" && PATH=$tmp/bin:$PATH bash --noprofile --norc -eo pipefail "$tmp/readme-by-hand.sh") >"$tmp/by-hand.out" 2>&1
  echo $? >"$tmp/by-hand.status"
}
by_hand bad good.json bad.json
check "README by-hand steps: exit 1 on errors" status_is by-hand 1
check "README by-hand steps: SARIF written before failing" sarif_results "$tmp/by-hand-bad/policyls.sarif" IAM002 JSON004 POL001 POL003 POL009
check "README by-hand steps: annotations" out_has by-hand "::error file=policies/bad.json"
by_hand good good.json
check "README by-hand steps: exit 0 when clean" status_is by-hand 0
# The pre-commit config, pointed at this repository's HEAD.
sed -e "s|repo: https://github.com/policyls/policyls|repo: $repo|" -e "s|rev: main |rev: $(git -C "$repo" rev-parse HEAD) |" \
  "$tmp/readme-3.yml" >"$scratch/.pre-commit-config.yaml"
readme_hooks() { # readme_hooks NAME FILES...: pre-commit run with the README's config
  local name=$1
  shift
  (cd "$scratch" && pre-commit run --files "$@") >"$tmp/$name.out" 2>&1
  echo $? >"$tmp/$name.status"
}
readme_hooks readme-good good.json package.json
check "README pre-commit config: clean files pass" status_is readme-good 0
check "README pre-commit config: both hooks ran" out_has readme-good "policyls fmt"
readme_hooks readme-bad bad.json unformatted.json
check "README pre-commit config: bad and unformatted fail" status_is readme-bad 1
check "README pre-commit config: check found the error" out_has readme-bad "bad.json:5:17: error"
check "README pre-commit config: fmt named the file" out_has readme-bad "unformatted.json"
# The README's variant: args: [--write] formats, and pre-commit fails the run
# because the hook changed a file.
sed 's/- id: policyls-fmt/- id: policyls-fmt\n        args: [--write]/' "$scratch/.pre-commit-config.yaml" >"$tmp/write-config.yaml"
(cd "$scratch" && pre-commit run -c "$tmp/write-config.yaml" policyls-fmt --files unformatted.json) >"$tmp/fmt-write.out" 2>&1
echo $? >"$tmp/fmt-write.status"
check "policyls-fmt --write: the run fails" status_is fmt-write 1
check "policyls-fmt --write: pre-commit says the hook changed files" out_has fmt-write "files were modified by this hook"
check "policyls-fmt --write: the file is formatted" cmp -s "$repo/examples/ses-identity-policy.json" "$scratch/unformatted.json"

echo
echo "integrations: took $(($(date +%s) - start)) s"
[ ${#failures[@]} -eq 0 ] || printf 'integrations: failed: %s\n' "${failures[@]}"
echo "integrations: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
