#!/usr/bin/env bash
# Builds the server as a Native AOT executable named rcmcp, with zero trim and AOT warnings (they are errors for
# everything under src/): artifacts/native/rcmcp, plus artifacts/rcmcp-<version>-<rid>.tar.gz holding it.
# Usage: scripts/publish.sh [output-dir]      (RCMCP_RID picks another runtime identifier, e.g. linux-arm64)
# Output of the build goes to stderr; the last line on stdout is the path of the executable.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/native}"
case "$(uname -m)" in
  x86_64|amd64) arch=x64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) echo "publish.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
rid="${RCMCP_RID:-linux-$arch}"
command -v dotnet >/dev/null || { echo "publish.sh: the .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mkdir -p "$out" "$root/artifacts"
dotnet publish "$root/src/RcMcp.Server/RcMcp.Server.csproj" -c Release -r "$rid" -p:PublishAot=true \
  -p:StripSymbols=true -o "$out" --nologo -v quiet >&2
rm -f "$out"/*.pdb "$out"/*.dbg "$out"/*.runtimeconfig.json
[[ -x "$out/rcmcp" ]] || { echo "publish.sh: $out/rcmcp was not produced" >&2; exit 1; }

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)"
version="${version:-0.1.0}"
archive="$root/artifacts/rcmcp-$version-$rid.tar.gz"
tar -czf "$archive" -C "$out" rcmcp
echo "publish.sh: $out/rcmcp ($(du -h "$out/rcmcp" | cut -f1)), archive $archive" >&2
echo "$out/rcmcp"
