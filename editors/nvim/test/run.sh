#!/usr/bin/env bash
# Headless Neovim test of editors/nvim: builds policyls (unless POLICYLS_BIN
# names a binary), makes a small project with broken policies, and runs
# test/init.lua in `nvim --headless` twice: with the plugin (lua/policyls.lua)
# and with the README's Neovim 0.7 snippet. Exits non-zero on any failure; a
# hung Neovim is killed after 90 seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)

command -v nvim >/dev/null || { echo "nvim-test: nvim is not installed (apt-get install -y neovim)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bin=${POLICYLS_BIN:-}
if [ -z "$bin" ]; then
  bin=$tmp/policyls
  (cd "$repo" && go build -o "$bin" ./cmd/policyls)
fi
[ -x "$bin" ] || { echo "$(basename "$(dirname "$here")")-test: FAIL: no policyls binary at $bin" >&2; exit 1; }

project=$tmp/project
mkdir -p "$project/trust" "$project/ses" "$project/sub"
broken=$repo/testdata/broken-sending-policy.json
cp "$broken" "$project/policy.json"
cp "$broken" "$project/trust/role.json"
cp "$broken" "$project/ses/identity.json"
printf '%s\n' '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ses:Send' >"$project/typing.json"
printf '%s\n' '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*"}]}' >"$project/closed.json"
cat >"$project/.policyls.json" <<'JSON'
{"kinds": [{"glob": "trust/*.json", "kind": "trust"}]}
JSON

# The README snippet runs "policyls" from PATH.
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/policyls"

cd "$project/sub" # not the root: the root must come from .policyls.json
failed=0
for setup in plugin readme; do
  status=0
  PATH=$tmp/bin:$PATH POLICYLS_SETUP=$setup POLICYLS_BIN=$bin POLICYLS_PROJECT=$project \
    timeout -k 5 90 nvim --headless -n -i NONE -u "$here/init.lua" || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "nvim-test ($setup): FAIL: Neovim did not finish within 90 seconds" >&2
  elif [ "$status" -ne 0 ]; then
    echo "nvim-test ($setup): FAIL (exit status $status)" >&2
  else
    echo "nvim-test ($setup): passed"
  fi
  [ "$status" -eq 0 ] || failed=1
done
exit "$failed"
