#!/usr/bin/env bash
# Builds the MCP bundle for Claude Desktop's one-click install: artifacts/rcmcp-<version>.mcpb, a zip that holds
# packaging/mcpb/manifest.json and the native executable as server/rcmcp, validated and packed by the MCP bundle tools
# (@anthropic-ai/mcpb, installed by scripts/npm-setup.sh). The two API keys are the bundle's sensitive settings, passed
# to the server as REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY; left empty, the server runs on the sandbox.
#
#   scripts/bundle.sh [--binary PATH] [--out DIR]
#
# Without --binary it builds the native executable with scripts/publish.sh (minutes). The bundle declares the platform
# of the executable (RCMCP_RID, default linux-<arch>): linux-* is "linux", osx-* is "darwin" (build that one on a Mac).
# Everything but the last line goes to stderr; the last line on stdout is the bundle's path.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary=""
out="$root/artifacts"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bundle.sh: unknown argument $1 (see scripts/bundle.sh --help)" >&2; exit 2 ;;
  esac
done

case "${RCMCP_RID:-linux}" in
  linux*) platform=linux ;;
  osx*) platform=darwin ;;
  *) echo "bundle.sh: no bundle for runtime ${RCMCP_RID}: the manifest runs server/rcmcp (linux-* or osx-*)." >&2; exit 2 ;;
esac

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)"
[[ -n "$version" ]] || { echo "bundle.sh: no <Version> in Directory.Build.props" >&2; exit 1; }

bash "$root/scripts/npm-setup.sh" >&2
modules="$root/tests/interop/node_modules"
node="$modules/node/bin/node"
mcpb="$modules/@anthropic-ai/mcpb/dist/cli/cli.js"

if [[ -z "$binary" ]]; then
  echo "bundle.sh: building the native executable (scripts/publish.sh; this takes minutes)..." >&2
  binary="$(bash "$root/scripts/publish.sh" | tail -1)"
fi
[[ -f "$binary" && -x "$binary" ]] || { echo "bundle.sh: $binary is not an executable file" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/server" "$out"
cp "$binary" "$stage/server/rcmcp"
chmod 755 "$stage/server/rcmcp"
# The template's version must be the product's (a test checks it too); the platform is the executable's.
"$node" -e '
  const fs = require("fs");
  const [template, target, version, platform] = process.argv.slice(1);
  const manifest = JSON.parse(fs.readFileSync(template, "utf8"));
  if (manifest.version !== version) {
    console.error(`bundle.sh: ${template} says version ${manifest.version} but the product is ${version} (Directory.Build.props): make them equal.`);
    process.exit(1);
  }
  manifest.compatibility = { ...(manifest.compatibility ?? {}), platforms: [platform] };
  fs.writeFileSync(target, JSON.stringify(manifest, null, 2) + "\n");
' "$root/packaging/mcpb/manifest.json" "$stage/manifest.json" "$version" "$platform"

"$node" "$mcpb" validate "$stage/manifest.json" >&2
bundle="$out/rcmcp-$version.mcpb"
rm -f "$bundle"
"$node" "$mcpb" pack "$stage" "$bundle" >&2
[[ -s "$bundle" ]] || { echo "bundle.sh: mcpb pack produced no $bundle" >&2; exit 1; }
echo "bundle.sh: $bundle ($(du -h "$bundle" | cut -f1), $platform), sha256 $(sha256sum "$bundle" | cut -d' ' -f1)" >&2
echo "$bundle"
