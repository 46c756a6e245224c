#!/usr/bin/env bash
# Writes spec/redis-cloud-operations.json anew from the official OpenAPI document (../shared/reference by default):
# its machine-readable facts without prose (see tests/RcMcp.Server.Tests/OperationsFileTests.cs). Review the diff.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
official="$root/../shared/reference/redis-cloud-openapi.json"
[[ -f "$official" ]] || { echo "vendor-spec: $official not found" >&2; exit 2; }
dotnet build "$root/tests/RcMcp.Server.Tests" -c Release --nologo -v quiet >&2
UPDATE_SNAPSHOTS=1 dotnet test "$root/tests/RcMcp.Server.Tests" -c Release --no-build --nologo \
  --filter "FullyQualifiedName~OperationsFileTests.The_vendored_operations_file_equals" >&2
git -C "$root" diff --stat -- spec/redis-cloud-operations.json >&2 || true
