#!/usr/bin/env bash
# Checks scripts/run.sh the way MCP clients use it: three clients start it at once on a fresh folder (one build, under
# the lock, and all three answer initialize), then a fourth start execs the built program without building. Then the
# way a person meets it: started at a terminal (a pseudo-terminal from util-linux `script`) on another fresh folder, it
# says that it builds and that this takes minutes, then that the server waits for an MCP client on stdin, and a request
# typed there is answered on stdout, which carries MCP messages only. Uses the dll build (RCMCP_BUILD=dll) in temporary
# RCMCP_RUN_DIRs. Prints "check-run: 1 passed, 0 failed" or the failure.
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
grep -q "takes a few minutes" "$tmp"/{a,b,c}.err || fail "the first start did not say that building takes minutes"
grep -q "run scripts/run.sh --build once first" "$tmp"/{a,b,c}.err || fail "a start by a client (no terminal) did not say to build first"
start d
grep -q '"protocolVersion"' "$tmp/d.out" || fail "the fourth start did not answer"
grep -q "building" "$tmp/d.err" && fail "the fourth start built again although nothing changed"
grep -q "Sandbox mode" "$tmp/d.err" || fail "without keys run.sh did not start the sandbox"

# At a terminal: stdin and stderr are the terminal (its screen is e.screen), stdout goes to e.out. The request is typed
# once the server says it waits, and the end of input (Ctrl+D) once the answer is there.
command -v script >/dev/null || fail "util-linux script is needed for the terminal check"
waited() { # $1: file, $2: text; waits for the text (not for a margin), up to the build's cap
  local i; for ((i = 0; i < 1200; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done; return 1
}
{
  waited "$tmp/e.screen" "waiting for an MCP client on stdin" && printf '%s\n' "$init"
  waited "$tmp/e.out" '"protocolVersion"'
  printf '\004'
} | RCMCP_RUN_DIR="$tmp/run-tty" timeout 900 script -qefc "bash '$root/scripts/run.sh' --audit-log none >'$tmp/e.out'" /dev/null >"$tmp/e.screen" 2>&1
screen="$(tr -d '\r' <"$tmp/e.screen")"
grep -q "building the server once" <<<"$screen" || { cat "$tmp/e.screen" >&2; fail "at a terminal the first start did not say it is building"; }
grep -q "takes a few minutes" <<<"$screen" || fail "at a terminal the first start did not say that building takes minutes"
grep -q "built .* in [0-9]* s" <<<"$screen" || fail "at a terminal the first start did not say when the build was done"
grep -q "waiting for an MCP client on stdin" <<<"$screen" || fail "at a terminal the server did not say it waits for a client"
grep -q '"serverInfo"' "$tmp/e.out" || { cat "$tmp/e.screen" >&2; fail "at a terminal a typed request was not answered on stdout"; }
grep -qv '^{' "$tmp/e.out" && fail "at a terminal stdout carried something that is not an MCP message"
grep -q "waiting for an MCP client" "$tmp"/{a,b,c,d}.err && fail "started by a client (pipes), the server spoke to a person"
echo "check-run: 1 passed, 0 failed"
