#!/usr/bin/env bash
# Headless Emacs tests of editors/emacs: byte-compiles policyls-eglot.el and
# policyls-lsp.el, builds policyls (unless POLICYLS_BIN names a binary),
# makes a small git project with broken policies, and runs test/eglot-test.el
# and test/lsp-mode-test.el in `emacs --batch`. Needs Debian's emacs-nox and
# elpa-eglot (Emacs 28; eglot is built in from 29); the lsp-mode test runs
# when lsp-mode is installed (elpa-lsp-mode). Exits non-zero on any failure;
# a hung Emacs is killed after 90 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "$here/.." && pwd)
repo=$(cd "$dir/../.." && pwd)

command -v emacs >/dev/null || { echo "emacs-test: emacs is not installed (apt-get install -y emacs-nox elpa-eglot)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Byte-compile with warnings as errors, on copies (no .elc in the tree).
for el in policyls-eglot.el policyls-lsp.el; do
  cp "$dir/$el" "$tmp/"
  emacs --batch -q --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile "$tmp/$el" 2>"$tmp/stderr" ||
    { cat "$tmp/stderr" >&2; echo "emacs-test: FAIL: $el does not byte-compile cleanly" >&2; exit 1; }
  echo "emacs-test: $el byte-compiles without warnings"
done

bin=${POLICYLS_BIN:-}
if [ -z "$bin" ]; then
  bin=$tmp/policyls
  (cd "$repo" && go build -o "$bin" ./cmd/policyls)
fi
[ -x "$bin" ] || { echo "$(basename "$(dirname "$here")")-test: FAIL: no policyls binary at $bin" >&2; exit 1; }

project=$tmp/project
mkdir -p "$project/trust" "$project/ses"
broken=$repo/testdata/broken-sending-policy.json
cp "$broken" "$project/policy.json"
cp "$broken" "$project/trust/role.json"
cp "$broken" "$project/ses/identity.json"
echo '{"kinds": [{"glob": "trust/*.json", "kind": "trust"}]}' >"$project/.policyls.json"
git -C "$project" init -q # Eglot's project root comes from project.el (VC)

tests=(eglot-test.el)
if emacs --batch -q --eval "(kill-emacs (if (locate-library \"lsp-mode\") 0 1))" 2>/dev/null; then
  tests+=(lsp-mode-test.el)
else
  echo "emacs-test: lsp-mode is not installed; skipping lsp-mode-test.el"
fi

failed=0
for t in "${tests[@]}"; do
  echo "== emacs-test: $t"
  status=0
  HOME=$tmp POLICYLS_BIN=$bin POLICYLS_PROJECT=$project POLICYLS_EMACS_DIR=$dir \
    timeout -k 5 90 emacs --batch -q -l "$here/$t" 2>"$tmp/stderr" </dev/null || status=$?
  if [ "$status" -ne 0 ]; then
    echo "emacs-test: $t FAIL (exit status $status); Emacs said:" >&2
    tail -n 30 "$tmp/stderr" >&2
    failed=1
  else
    echo "emacs-test: $t passed"
  fi
done
exit "$failed"
