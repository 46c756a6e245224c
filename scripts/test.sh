#!/usr/bin/env bash
# Builds the solution and runs every test project; ends with one line "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
[[ -f ../shared/reference/redis-cloud-openapi.json ]] || echo "warning: ../shared/reference/redis-cloud-openapi.json not found; the spec conformance tests will fail." >&2

results="$root/TestResults"
rm -rf "$results"
dotnet build RcMcp.sln -c Release --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test RcMcp.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; total=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi   # a crash or build error without a counted failure
if [[ $total -eq 0 ]]; then echo "no test ran" >&2; failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
