#!/usr/bin/env bash
# Installs the Node side of the tests into tests/interop/node_modules, exactly as tests/interop/package-lock.json says:
# the official TypeScript MCP SDK (tests/interop/ts-client.mjs, run by InteropTests), the MCP conformance suite
# (scripts/conformance.sh), the MCP bundle tools @anthropic-ai/mcpb (scripts/bundle.sh packs with them, BundleTests
# validate with them) and a Node 22 binary (node_modules/node/bin/node; the suite needs Node >= 22).
#
# Idempotent and fast when nothing changed: node_modules/.lock-hash records the hash of the lock file it was installed
# from, and a match skips everything. A finished install is also kept in a cache outside the work tree
# (RCMCP_NPM_CACHE, default ~/.cache/rcmcp/interop-node_modules), so a fresh clone on the same machine (CI) restores it
# in a second instead of running npm ci again. npm's own download cache makes a reinstall cheaper too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/tests/interop"
modules="$dir/node_modules"

command -v npm >/dev/null || { echo "npm-setup: npm is required (Node.js 18 or later with npm); install Node.js first." >&2; exit 1; }
[[ -f "$dir/package-lock.json" ]] || { echo "npm-setup: $dir/package-lock.json is missing." >&2; exit 1; }

# What the install depends on: the lock file, the manifest (allowScripts), and the platform (the Node binary is native).
hash="$(cat "$dir/package-lock.json" "$dir/package.json" <(uname -sm) | sha256sum | cut -c1-32)"

installed() { # $1 = a node_modules folder: is it a complete install of this lock file?
  [[ -f "$1/.lock-hash" && "$(cat "$1/.lock-hash")" == "$hash" && -x "$1/node/bin/node" \
     && -f "$1/@modelcontextprotocol/sdk/package.json" && -f "$1/@modelcontextprotocol/conformance/dist/index.js" \
     && -f "$1/@anthropic-ai/mcpb/dist/cli/cli.js" ]]
}

if installed "$modules"; then
  echo "npm-setup: tests/interop/node_modules is up to date."
  exit 0
fi

# One install at a time on this machine (a test run and a script may start together; clones share the cache).
lock="${TMPDIR:-/tmp}/rcmcp-npm-setup.lock"
exec 9>"$lock"
if command -v flock >/dev/null; then flock -w 600 9 || { echo "npm-setup: another install holds $lock." >&2; exit 1; }; fi
if installed "$modules"; then echo "npm-setup: tests/interop/node_modules is up to date."; exit 0; fi

cache_root="${RCMCP_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rcmcp/interop-node_modules}"
cache="$cache_root/$hash"
start=$SECONDS

if installed "$cache/node_modules"; then
  rm -rf "$modules" "$dir/node_modules.tmp"
  # Hard links when the cache is on the same file system (instant), a copy otherwise.
  cp -al "$cache/node_modules" "$dir/node_modules.tmp" 2>/dev/null || { rm -rf "$dir/node_modules.tmp"; cp -a "$cache/node_modules" "$dir/node_modules.tmp"; }
  mv "$dir/node_modules.tmp" "$modules"
  echo "npm-setup: restored tests/interop/node_modules from $cache ($((SECONDS - start)) s)."
  exit 0
fi

echo "npm-setup: installing tests/interop/node_modules with npm ci (10-30 s: Node 22 is a 120 MB binary)..."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! (cd "$dir" && npm ci --no-audit --no-fund --prefer-offline --loglevel=warn >"$log" 2>&1); then
  cat "$log" >&2
  echo "npm-setup: npm ci failed in $dir." >&2
  exit 1
fi
version="$("$modules/node/bin/node" --version 2>/dev/null || true)"
if [[ "$version" != v22.* ]]; then
  cat "$log" >&2
  echo "npm-setup: node_modules/node/bin/node is not a working Node 22 (got '${version:-nothing}'); was the 'node' package's install script blocked?" >&2
  exit 1
fi
echo "$hash" >"$modules/.lock-hash"

# Keep a copy for the next fresh clone; drop installs of older lock files.
if mkdir -p "$cache_root" 2>/dev/null; then
  tmp="$cache_root/.tmp-$$"
  rm -rf "$tmp"
  if cp -al "$modules" "$tmp" 2>/dev/null || { rm -rf "$tmp"; cp -a "$modules" "$tmp"; }; then
    for old in "$cache_root"/*; do [[ "$old" != "$cache" ]] && rm -rf "$old"; done
    rm -rf "$cache" && mkdir -p "$cache" && mv "$tmp" "$cache/node_modules"
  else
    rm -rf "$tmp"
    echo "npm-setup: warning: could not cache node_modules in $cache_root." >&2
  fi
fi
echo "npm-setup: installed tests/interop/node_modules (Node $version) in $((SECONDS - start)) s."
