#!/usr/bin/env bash
# CI for the editor integrations (editors/). From a fresh Debian 12 machine
# with Go and Node.js 20+ it:
#   1. installs Neovim, Emacs with Eglot and lsp-mode (Debian packages) when
#      missing, and the VS Code extension's npm packages (npm ci);
#   2. builds policyls once and puts it on PATH;
#   3. builds the VS Code extension (compile, lint), packages it for
#      linux-x64 with `make vsix`, checks the package (the server it carries
#      runs; LICENSE and NOTICE, no node_modules, no relative links) and runs
#      the node tests (unit tests, and the launch and extension tests against
#      the real server, including the packaged extension and its server);
#   4. runs the Neovim, Emacs and Helix checks, and .ci/integrations.sh (the
#      GitHub Action's steps and the pre-commit hooks).
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

vsix_dir=$tmp/vsix
export POLICYLS_EXTENSION_DIR=$vsix_dir/unpacked/extension
package_vsix() { # the linux-x64 package, built as a release builds it
  make -C "$repo" --no-print-directory vsix TARGETS=linux-x64 VSIX_OUT="$vsix_dir"
}

vsix_contents() { # what the package holds, and that its server runs
  python3 - "$vsix_dir" "$repo" <<'PY'
import glob, json, os, re, subprocess, sys, zipfile
out, repo = sys.argv[1], sys.argv[2]
[vsix] = glob.glob(os.path.join(out, "policyls_*_vscode_linux-x64.vsix"))
z = zipfile.ZipFile(vsix)
names = set(z.namelist())
pkg = json.loads(z.read("extension/package.json"))
main = "extension/" + pkg["main"].removeprefix("./")
want = {"[Content_Types].xml", "extension.vsixmanifest", "extension/package.json", "extension/readme.md",
        "extension/LICENSE.txt", "extension/NOTICE", main, "extension/server/policyls",
        "extension/policyls.schema.json"}
assert names == want, f"the .vsix holds {sorted(names - want)} besides, and lacks {sorted(want - names)}"
assert not any("node_modules" in n for n in names), "node_modules in the .vsix"
for packaged, source in (("extension/LICENSE.txt", "LICENSE"), ("extension/NOTICE", "NOTICE"),
                         ("extension/policyls.schema.json", "docs/policyls.schema.json")):
    assert z.read(packaged) == open(os.path.join(repo, source), "rb").read(), f"{packaged} differs from {source}"
assert pkg["extensionKind"] == ["workspace"], pkg.get("extensionKind")
assert 'TargetPlatform="linux-x64"' in z.read("extension.vsixmanifest").decode()
readme = z.read("extension/readme.md").decode()
relative = [l for l in re.findall(r"\]\(([^)]*)\)", readme) if not l.startswith(("https://", "#"))]
assert not relative, f"relative links in the packaged README: {relative}"
assert "upcoming" not in readme, "the README still promises upcoming rules"
# Unpack as VS Code does, keeping the file modes the zip records.
dest = os.path.join(out, "unpacked")
for info in z.infolist():
    path = z.extract(info, dest)
    mode = info.external_attr >> 16 & 0o777
    if mode:
        os.chmod(path, mode)
server = os.path.join(dest, "extension", "server", "policyls")
assert os.stat(server).st_mode & 0o777 == 0o755, oct(os.stat(server).st_mode)
version = subprocess.run([server, "version"], capture_output=True, text=True, check=True).stdout
assert version.startswith("policyls "), version
size = sum(i.file_size for i in z.infolist())
print(f"{os.path.basename(vsix)}: {len(names)} files, {size // 1024} KiB unpacked; server/policyls version: {version.splitlines()[0]}")
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
step "vscode: package (make vsix TARGETS=linux-x64)" package_vsix
step "vscode: .vsix contents and its server" vsix_contents
step "vscode: node tests (unit, launch, extension, packaged)" vscode npm test
step "go: editors/ outside the Go module" outside_go_module
step "neovim: headless test" "$editors/nvim/test/run.sh"
if [ "${POLICYLS_CI_SKIP_EMACS:-}" != 1 ]; then
  step "emacs: byte-compile and batch tests" "$editors/emacs/test/run.sh"
fi
step "helix: languages.toml" python3 "$editors/helix/check_languages_toml.py"
step "ci: the GitHub Action's steps and the pre-commit hooks" bash "$repo/.ci/integrations.sh"

echo
echo "editors: took $(($(date +%s) - start)) s"
[ ${#failures[@]} -eq 0 ] || printf 'editors: failed step: %s\n' "${failures[@]}"
echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
