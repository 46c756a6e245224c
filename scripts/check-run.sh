#!/usr/bin/env bash
# Checks scripts/run.sh the way MCP clients use it: three clients start it at once on a fresh folder (one build, under
# the lock, and all three answer initialize), then a fourth start execs the built program without building. Uses the
# dll build (RCMCP_BUILD=dll) in a temporary RCMCP_RUN_DIR. Prints "check-run: 1 passed, 0 failed" or the failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export RCMCP_RUN_DIR="$tmp/run" RCMCP_BUILD=dll XDG_STATE_HOME="$tmp/state"
unset REDIS_CLOUD_API_KEY REDIS_CLOUD_API_SECRET_KEY REDIS_CLOUD_API_URL REDIS_API_KEY REDIS_API_SECRET
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"check","version":"1"}}}'
fail() { echo "check-run: $*" >&2; echo "check-run: 0 passed, 1 failed"; exit 1; }

start() { # $1: name; answers initialize within the time the build may take
  { echo "$init"; sleep 2; } | timeout 600 bash "$root/scripts/run.sh" --audit-log none >"$tmp/$1.out" 2>"$tmp/$1.err"
}
start a & start b & start c & wait
for n in a b c; do
  grep -q '"protocolVersion"' "$tmp/$n.out" || { cat "$tmp/$n.err" >&2; fail "start $n did not answer initialize"; }
  grep -qv '^{' "$tmp/$n.out" && fail "start $n wrote something that is not an MCP message to stdout"
done
builds=$(cat "$tmp"/{a,b,c}.err | grep -c "building the server once")
[[ "$builds" == 1 ]] || fail "three concurrent first starts built $builds times (expected once)"
start d
grep -q '"protocolVersion"' "$tmp/d.out" || fail "the fourth start did not answer"
grep -q "building" "$tmp/d.err" && fail "the fourth start built again although nothing changed"
grep -q "Sandbox mode" "$tmp/d.err" || fail "without keys run.sh did not start the sandbox"
echo "check-run: 1 passed, 0 failed"
