#!/usr/bin/env bash
# Benchmarks (not part of the tests): builds what it needs (the dll, the native executable, the harness) and prints
# one table. Absolute times on a shared machine are noisy: compared things are measured alternately in one run and
# their ratio is printed. docs/performance.md records the figures of one run.
# Usage: bench/run.sh [--runs 9] [--calls 500] [--http-calls 10000] [--sessions 32] [--list-args "--toolsets all"]
#                     [--fleet-calls 5000 (0 skips the fleet part)] [--fleet-only]
#                     [--start-runs 20] [--start-only (only the start and memory figures)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$root/src/RcMcp.Server/RcMcp.Server.csproj" -c Release --nologo -v quiet >&2
native="$root/artifacts/native/rcmcp"
if [[ "${BENCH_SKIP_NATIVE:-}" != 1 ]]; then
  native="$(bash "$root/scripts/publish.sh" "$root/artifacts/native" | tail -1)" || { echo "bench: the native build failed; measuring the dll only" >&2; native=""; }
else
  [[ -x "$native" ]] || native=""
fi
dotnet build "$root/bench/RcMcp.Bench/RcMcp.Bench.csproj" -c Release --nologo -v quiet >&2
dotnet "$root/bench/RcMcp.Bench/bin/Release/net10.0/RcMcp.Bench.dll" \
  --dll "$root/src/RcMcp.Server/bin/Release/net10.0/RcMcp.Server.dll" ${native:+--native "$native"} "$@"
