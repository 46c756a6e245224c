#!/usr/bin/env bash
# Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode) against RcMcp's Streamable
# HTTP endpoint, and compares the failing scenarios with tests/conformance/expected-failures.txt.
#
# Builds nothing: it needs a Release build (dotnet build src/RcMcp.Server -c Release). It installs the pinned npm
# packages if needed (scripts/npm-setup.sh, instant when they are up to date), starts the server on a free loopback
# port with --sandbox --audit-log none (no token: loopback), waits for /healthz, runs the suite with Node 22, and stops
# the server. Exits non-zero only when a scenario fails that is not in the baseline (a baselined scenario that passes
# is a warning). Results (checks.json per scenario, the suite's and the server's logs) go to TestResults/conformance.
#
# Environment: CONFORMANCE_SUITE=active|all|pending (default active: the suite's default, without pending scenarios),
# CONFORMANCE_SCENARIO=<name> (run one), RCMCP_SERVER_DLL (default the Release build), CONFORMANCE_OUT (results dir).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dll="${RCMCP_SERVER_DLL:-$root/src/RcMcp.Server/bin/Release/net10.0/RcMcp.Server.dll}"
interop="$root/tests/interop"
baseline="$root/tests/conformance/expected-failures.txt"
out="${CONFORMANCE_OUT:-$root/TestResults/conformance}"

fail() { echo "conformance: $*" >&2; echo "conformance: 0 passed, 1 failed, 0 expected failures"; exit 1; }

command -v dotnet >/dev/null || fail "the .NET 10 SDK is required (dotnet not found)."
[[ -f "$dll" ]] || fail "$dll not found: build first with 'dotnet build src/RcMcp.Server -c Release'."
bash "$root/scripts/npm-setup.sh" >&2 || fail "scripts/npm-setup.sh failed."
node="$interop/node_modules/node/bin/node"
cli="$interop/node_modules/@modelcontextprotocol/conformance/dist/index.js"

rm -rf "$out"
mkdir -p "$out"
server_log="$out/server.log"
suite_log="$out/suite.log"

# Port 0: the server takes a free port and says which in its "Listening on" line (no race with another process).
env -u REDIS_CLOUD_API_KEY -u REDIS_CLOUD_API_SECRET_KEY -u REDIS_CLOUD_API_URL -u REDIS_API_KEY -u REDIS_API_SECRET -u RCMCP_HTTP_TOKEN \
  dotnet "$dll" --transport http --http-port 0 --sandbox --audit-log none </dev/null >"$server_log" 2>&1 &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 130' INT TERM

url=""
for _ in $(seq 1 300); do   # up to 30 s
  url="$(grep -o 'Listening on http://[^ ]*/mcp' "$server_log" | head -1 | sed 's/^Listening on //' || true)"
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log" >&2; fail "the server exited before listening."; }
  sleep 0.1
done
[[ -n "$url" ]] || { cat "$server_log" >&2; fail "the server did not log 'Listening on ...' within 30 s."; }
base="${url%/mcp}"
healthy=""
for _ in $(seq 1 100); do
  if curl -sf -o /dev/null "$base/healthz"; then healthy=1; break; fi
  sleep 0.1
done
[[ -n "$healthy" ]] || { cat "$server_log" >&2; fail "$base/healthz did not answer 200."; }
echo "conformance: server at $url; running the $("$node" "$cli" --version) suite (${CONFORMANCE_SCENARIO:-${CONFORMANCE_SUITE:-active}})..." >&2

args=(server --url "$url" --output-dir "$out/results")
if [[ -n "${CONFORMANCE_SCENARIO:-}" ]]; then args+=(--scenario "$CONFORMANCE_SCENARIO"); else args+=(--suite "${CONFORMANCE_SUITE:-active}"); fi
started=$SECONDS
set +e
# One scenario prints no "=== Running scenario" line: add it so the comparison knows what ran.
{ [[ -n "${CONFORMANCE_SCENARIO:-}" ]] && echo "=== Running scenario: $CONFORMANCE_SCENARIO ==="; timeout 600 "$node" "$cli" "${args[@]}"; } >"$suite_log" 2>&1
suite_status=$?
set -e
stop_server
echo "conformance: the suite took $((SECONDS - started)) s (exit $suite_status); its log: $suite_log" >&2
if [[ $suite_status -ne 0 && $suite_status -ne 1 ]]; then
  tail -40 "$suite_log" >&2
  fail "the suite did not complete (exit $suite_status)."
fi

set +e
"$node" "$root/tests/conformance/compare.mjs" "$out/results" "$suite_log" "$baseline"
status=$?
set -e
if [[ $status -ne 0 ]]; then
  echo "conformance: the server's log is in $server_log; the suite's in $suite_log." >&2
  grep -E ' (ERR|FTL)\] ' "$server_log" | tail -20 >&2 || true
fi
exit $status
