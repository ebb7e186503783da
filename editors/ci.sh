#!/usr/bin/env bash
# CI for the editor integrations (editors/). From a fresh Debian 12 machine
# with Go and Node.js 20+ it:
#   1. installs Neovim, Emacs with Eglot and lsp-mode (Debian packages) when
#      missing, and the VS Code extension's npm packages (npm ci);
#   2. builds policyls once and puts it on PATH;
#   3. builds the VS Code extension (compile, lint, package) and runs its node
#      tests (unit tests and the launch test against the real server);
#   4. runs the Neovim, Emacs and Helix checks.
# It ends with a line "editors: N passed, N failed" and exits non-zero when
# any step failed. Set POLICYLS_CI_SKIP_EMACS=1 to leave Emacs out.
set -uo pipefail
editors=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$editors/.." && pwd)
start=$(date +%s)

passed=0
failed=0
failures=()
step() { # step NAME COMMAND...: run one step, record its result
  local name=$1
  shift
  echo
  echo "== editors: $name"
  local t0=$(date +%s)
  if "$@"; then
    passed=$((passed + 1))
    echo "-- $name: ok ($(($(date +%s) - t0)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "-- $name: FAILED ($(($(date +%s) - t0)) s)"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local want=()
  command -v nvim >/dev/null || want+=(neovim)
  if [ "${POLICYLS_CI_SKIP_EMACS:-}" != 1 ]; then
    command -v emacs >/dev/null || want+=(emacs-nox)
    [ -d /usr/share/emacs/site-lisp/elpa-src ] && ls /usr/share/emacs/site-lisp/elpa-src | grep -q '^eglot-' || want+=(elpa-eglot)
    [ -d /usr/share/emacs/site-lisp/elpa-src ] && ls /usr/share/emacs/site-lisp/elpa-src | grep -q '^lsp-mode-' || want+=(elpa-lsp-mode)
  fi
  if [ ${#want[@]} -eq 0 ]; then
    echo "Debian packages already installed"
    return 0
  fi
  echo "installing ${want[*]}"
  as_root apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export POLICYLS_BIN=$tmp/bin/policyls
build_server() {
  (cd "$repo" && go build -o "$POLICYLS_BIN" ./cmd/policyls) && "$POLICYLS_BIN" version
}
export PATH=$tmp/bin:$PATH

vscode() { (cd "$editors/vscode" && "$@"); }

vsix_contents() { # the .vsix holds the compiled extension and its runtime dependency
  python3 - "$editors/vscode/policyls.vsix" <<'PY'
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
pkg = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
main = "extension/" + pkg["main"].removeprefix("./")
for need in (main, "extension/out/src/launch.js", "extension/node_modules/vscode-languageclient/package.json"):
    assert need in names, f"{need} is missing from the .vsix"
assert not any(n.startswith("extension/src/") or n.startswith("extension/out/test/") for n in names), "sources or tests in the .vsix"
print(f"policyls.vsix: {len(names)} files, main {pkg['main']}")
PY
}

lockfile_registry() { # every package in package-lock.json comes from the public npm registry
  python3 - "$editors/vscode/package-lock.json" <<'PY'
import json, sys
lock = json.load(open(sys.argv[1]))
pkgs = {k: v for k, v in lock["packages"].items() if k}
bad = [k for k, v in pkgs.items() if not v.get("link") and not v.get("resolved", "").startswith("https://registry.npmjs.org/")]
assert not bad, f"not from registry.npmjs.org: {bad[:5]}"
print(f"package-lock.json: {len(pkgs)} packages, all from https://registry.npmjs.org/")
PY
}

outside_go_module() { # editors/go.mod keeps node_modules' stray .go files out of ./...
  local leaked
  leaked=$(cd "$repo" && go list ./... | grep /editors/) || true
  [ -z "$leaked" ] || { echo "go list ./... includes: $leaked"; return 1; }
  echo "go list ./... at the root includes nothing under editors/"
}

step "install Debian packages" install_packages
step "build policyls" build_server
step "vscode: lockfile registry" lockfile_registry
step "vscode: npm ci" vscode npm ci --no-audit --no-fund
step "vscode: compile" vscode npm run compile
step "vscode: lint" vscode npm run lint
step "vscode: node tests (unit, launch, extension)" vscode npm test
step "vscode: package" vscode npm run package
step "vscode: .vsix contents" vsix_contents
step "go: editors/ outside the Go module" outside_go_module
step "neovim: headless test" "$editors/nvim/test/run.sh"
if [ "${POLICYLS_CI_SKIP_EMACS:-}" != 1 ]; then
  step "emacs: byte-compile and batch tests" "$editors/emacs/test/run.sh"
fi
step "helix: languages.toml" python3 "$editors/helix/check_languages_toml.py"

echo
echo "editors: took $(($(date +%s) - start)) s"
[ ${#failures[@]} -eq 0 ] || printf 'editors: failed step: %s\n' "${failures[@]}"
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
