#!/usr/bin/env bash
# The check step of the policyls GitHub Action (action.yml at the
# repository root). .ci/integrations.sh runs this same script directly.
# Inputs, as environment variables:
#   POLICYLS_BIN         the policyls binary (default: policyls on PATH)
#   POLICYLS_PATHS       files and folders, separated by spaces or new lines (default .)
#   POLICYLS_CONFIG      a .policyls.json for every policy (default: each one's nearest)
#   POLICYLS_FAIL_ON     error, warning, info, hint or none (default error)
#   POLICYLS_SARIF_FILE  where the SARIF report goes (default policyls.sarif)
# It writes the SARIF report, then prints GitHub annotations, and exits with
# check's status only after both: a later step with "if: always()" can then
# upload the report even when there are findings.
set -uo pipefail

bin=${POLICYLS_BIN:-policyls}
sarif=${POLICYLS_SARIF_FILE:-policyls.sarif}
fail_on=${POLICYLS_FAIL_ON:-error}
case $fail_on in
  error | warning | info | hint) check_fail_on=$fail_on ;;
  none) check_fail_on=error ;; # findings never fail the step; exit 2 (files or settings that cannot be read) still does
  *)
    echo "::error title=policyls::fail-on must be error, warning, info, hint or none, not \"$fail_on\""
    exit 2
    ;;
esac

# Split on spaces and new lines; the paths are taken as written, never globbed.
read -r -d '' -a paths <<<"${POLICYLS_PATHS:-}"
[ ${#paths[@]} -gt 0 ] || paths=(.)
args=(--fail-on "$check_fail_on")
if [ -n "${POLICYLS_CONFIG:-}" ]; then args+=(--config "$POLICYLS_CONFIG"); fi

mkdir -p "$(dirname "$sarif")"
# The annotations run below prints the same errors (files or settings that
# cannot be read), so this run keeps its stderr to itself.
"$bin" check --format sarif "${args[@]}" -- "${paths[@]}" >"$sarif" 2>/dev/null
sarif_status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"; fi

"$bin" check --format github "${args[@]}" -- "${paths[@]}"
status=$?
if [ "$sarif_status" -gt "$status" ]; then status=$sarif_status; fi
if [ "$fail_on" = none ] && [ "$status" -eq 1 ]; then status=0; fi
exit "$status"
