#!/usr/bin/env bash
# The install step of the policyls GitHub Action (action.yml at the
# repository root). .ci/integrations.sh runs this same script directly.
# Inputs, as environment variables:
#   POLICYLS_PATH     a policyls binary to use as it is (the policyls-path input)
#   POLICYLS_VERSION  a version for "go install ...@VERSION" (v1.2.3, latest)
#   POLICYLS_SOURCE   the action's own checkout, built when neither is given,
#                     so the default is exactly the action's ref
# It prints the binary's version, writes policyls=PATH to $GITHUB_OUTPUT and
# puts its folder on $GITHUB_PATH, so later steps can run policyls too.
set -euo pipefail

if [ -n "${POLICYLS_PATH:-}" ]; then
  bin=$(cd "$(dirname "$POLICYLS_PATH")" && pwd)/$(basename "$POLICYLS_PATH")
  [ -x "$bin" ] || { echo "::error title=policyls::policyls-path $POLICYLS_PATH is not an executable file"; exit 2; }
else
  dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/policyls-bin
  mkdir -p "$dir"
  if [ -n "${POLICYLS_VERSION:-}" ]; then
    GOBIN=$dir go install "github.com/policyls/policyls/cmd/policyls@$POLICYLS_VERSION"
  else
    (cd "${POLICYLS_SOURCE:?POLICYLS_SOURCE, the action checkout, is needed to build policyls}" &&
      go build -o "$dir/policyls$(go env GOEXE)" ./cmd/policyls)
  fi
  bin=$dir/policyls$(go env GOEXE) # .exe on Windows runners
fi

"$bin" version
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "policyls=$bin" >>"$GITHUB_OUTPUT"; fi
if [ -n "${GITHUB_PATH:-}" ]; then dirname "$bin" >>"$GITHUB_PATH"; fi
