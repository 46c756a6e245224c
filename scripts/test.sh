#!/usr/bin/env bash
# Builds the solution, installs the pinned Node packages (TypeScript SDK interop, MCP conformance suite, mcpb;
# cached), runs every test project and the MCP conformance suite against the HTTP endpoint, then builds the Native AOT
# executable (scripts/publish.sh) and runs the end-to-end tests marked Native against it (stdio story, token path, HTTP
# smoke, client configs, the Claude Desktop bundle), and checks scripts/run.sh (one build under concurrent starts, no
# rebuild after, what a person sees at a terminal). Ends with one line "N passed, N failed" (conformance scenarios and
# the run.sh check count too).
# RCMCP_SKIP_NATIVE=1 leaves out the native part (for a quick local run).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
[[ -f ../shared/reference/redis-cloud-openapi.json ]] || echo "note: ../shared/reference/redis-cloud-openapi.json not found; the tests use the vendored spec/redis-cloud-operations.json as it is." >&2

results="$root/TestResults"
rm -rf "$results"
dotnet build RcMcp.sln -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
bash scripts/npm-setup.sh >&2 || echo "warning: scripts/npm-setup.sh failed; the interop and conformance checks will fail." >&2
dotnet test RcMcp.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

conformance=$(CONFORMANCE_OUT="$results/conformance" bash scripts/conformance.sh 2>"$results/conformance.err"; echo "exit=$?")
echo "$conformance" | grep -v '^exit=' || true
c_passed=$(sed -n 's/^conformance: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$conformance")
c_failed=$(sed -n 's/^conformance: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$conformance")
if [[ -z "$c_passed" ]] || ! grep -q '^exit=0$' <<<"$conformance"; then
  echo "conformance run failed:" >&2; tail -20 "$results/conformance.err" >&2
  c_failed=$(( ${c_failed:-0} > 0 ? ${c_failed:-0} : 1 ))
fi

extra_passed=0; extra_failed=0
if [[ "${RCMCP_SKIP_NATIVE:-}" != 1 ]]; then
  echo "native: building the Native AOT executable..." >&2
  if native="$(bash scripts/publish.sh "$root/artifacts/native" 2>"$results/publish.err" | tail -1)" && [[ -x "$native" ]]; then
    RCMCP_SERVER="$native" dotnet test tests/RcMcp.IntegrationTests -c Release --no-build --nologo --filter "Category=Native" \
      --logger "trx;LogFileName=native.trx" --results-directory "$results" || status=1
  else
    echo "native: scripts/publish.sh failed:" >&2; tail -20 "$results/publish.err" >&2
    extra_failed=$((extra_failed + 1))
  fi
fi
check_run=$(bash scripts/check-run.sh 2>"$results/check-run.err" | tail -1)
echo "$check_run"
if [[ "$check_run" == "check-run: 1 passed, 0 failed" ]]; then extra_passed=$((extra_passed + 1)); else extra_failed=$((extra_failed + 1)); tail -20 "$results/check-run.err" >&2; fi

passed=0; failed=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
passed=$((passed + ${c_passed:-0} + extra_passed)); failed=$((failed + ${c_failed:-0} + extra_failed))
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi   # a crash or build error without a counted failure
if [[ $total -eq 0 ]]; then echo "no test ran" >&2; failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
