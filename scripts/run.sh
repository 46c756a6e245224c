#!/usr/bin/env bash
# Builds and starts the RcMcp MCP server on stdio. With no Redis Cloud keys in the environment it runs on the
# built-in sandbox (a simulated account); with REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY it uses the real API.
# stdout is reserved for MCP messages: build output and logs go to stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dll="$root/src/RcMcp.Server/bin/Release/net10.0/RcMcp.Server.dll"

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
dotnet build "$root/src/RcMcp.Server/RcMcp.Server.csproj" -c Release --nologo -v quiet >&2

args=("$@")
have_keys() { [[ -n "${REDIS_CLOUD_API_KEY:-${REDIS_API_KEY:-}}" && -n "${REDIS_CLOUD_API_SECRET_KEY:-${REDIS_API_SECRET:-}}" ]]; }
if ! have_keys && [[ ! " ${args[*]-} " =~ " --sandbox " ]] && [[ ! " ${args[*]-} " =~ " --api-key " ]]; then
  echo "rcmcp: no Redis Cloud API keys in the environment: starting on the sandbox (simulated account)." >&2
  args=(--sandbox "${args[@]}")
fi
exec dotnet "$dll" "${args[@]}"
