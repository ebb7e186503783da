#!/usr/bin/env bash
# Differential test of policyls's evaluator against @cloud-copilot/iam-simulate
# (docs/evaluation.md). Needs Go and Node with npm. PAIRS and SEED may be set;
# exit 1 on a disagreement that docs/evaluation.md does not explain.
set -euo pipefail
cd "$(dirname "$0")"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/policyls" ../../cmd/policyls
npm ci --no-audit --no-fund --silent
node diff.mjs "$bin/policyls" "${PAIRS:-3000}" "${SEED:-17}"
