#!/usr/bin/env bash
# Starts the RcMcp MCP server on stdio. With no Redis Cloud keys in the environment it runs on the built-in sandbox
# (a simulated account); with REDIS_CLOUD_API_KEY and REDIS_CLOUD_API_SECRET_KEY it uses the real API.
#
# The server is built once, into artifacts/run/: the native executable (Native AOT) where the compiler works here,
# else the framework-dependent dll. It is rebuilt only when the sources changed, under a lock, so several clients
# starting it at once never collide; every later start execs the built program at once. stdout is reserved for MCP
# messages: build output and logs go to stderr. At a terminal the first start says that it builds (and that this takes
# minutes), and the server says when it is ready and waiting for an MCP client on stdin.
#
#   scripts/run.sh [server options]     start (build first when needed)
#   scripts/run.sh --build              only build (do this once before registering it with a client)
#   scripts/run.sh --install [DIR]      build, then put an `rcmcp` command into DIR (default ~/.local/bin)
#
# RCMCP_BUILD=dll skips the native build; RCMCP_RUN_DIR builds into another folder (the tests use it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${RCMCP_RUN_DIR:-$root/artifacts/run}"
stamp="$dir/.sources"

sources_hash() {
  (
    cd "$root"
    find src prompts -type f -not -path '*/bin/*' -not -path '*/obj/*' -print0 | sort -z | xargs -0 sha256sum
    sha256sum Directory.Build.props Directory.Packages.props global.json
  ) | sha256sum | cut -c1-64
}

built_program() {
  if [[ -x "$dir/native/rcmcp" ]]; then echo "$dir/native/rcmcp"
  elif [[ -f "$dir/dll/RcMcp.Server.dll" ]]; then echo "$dir/dll/RcMcp.Server.dll"
  fi
}

up_to_date() { [[ -f "$stamp" && "$(cat "$stamp")" == "$1" && -n "$(built_program)" ]]; }

build() {
  command -v dotnet >/dev/null || { echo "rcmcp: the .NET 10 SDK is required to build the server (dotnet not found)." >&2; exit 1; }
  mkdir -p "$dir"
  exec 9>"$dir/.lock"
  flock 9
  local hash
  hash="$(sources_hash)"
  if up_to_date "$hash"; then exec 9>&-; return; fi   # another start built it while this one waited
  local started=$SECONDS ticker=
  echo "rcmcp: building the server once into $dir: the first build takes a few minutes; later starts skip it and are instant." >&2
  if [[ -t 2 ]]; then
    # At a terminal, a line every 30 s shows it is still at work (it ends with this script, or when the build is done).
    ( exec 9>&- >/dev/null </dev/null; while sleep 30 && kill -0 $$ 2>/dev/null; do echo "rcmcp: still building ($((SECONDS - started)) s)..." >&2; done ) &
    ticker=$!
  else
    echo "rcmcp: an MCP client that starts this may give up while it builds: run scripts/run.sh --build once first (or --install)." >&2
  fi
  rm -rf "$dir/native" "$dir/dll" "$stamp"
  if [[ "${RCMCP_BUILD:-auto}" != dll ]] && bash "$root/scripts/publish.sh" "$dir/native" >/dev/null; then
    echo "rcmcp: built the native executable $dir/native/rcmcp in $((SECONDS - started)) s" >&2
  else
    [[ "${RCMCP_BUILD:-auto}" == dll ]] || echo "rcmcp: the native build failed; building the dll instead" >&2
    rm -rf "$dir/native"
    dotnet publish "$root/src/RcMcp.Server/RcMcp.Server.csproj" -c Release -o "$dir/dll" --nologo -v quiet >&2
    echo "rcmcp: built $dir/dll/RcMcp.Server.dll in $((SECONDS - started)) s" >&2
  fi
  [[ -z "$ticker" ]] || kill "$ticker" 2>/dev/null || true
  echo "$hash" >"$stamp"
  exec 9>&-
}

case "${1:-}" in
  --build)
    up_to_date "$(sources_hash)" || build
    built_program
    exit 0
    ;;
  --install)
    up_to_date "$(sources_hash)" || build
    target="${2:-$HOME/.local/bin}"
    mkdir -p "$target"
    program="$(built_program)"
    if [[ "$program" == *.dll ]]; then
      printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$program" >"$target/rcmcp"
      chmod +x "$target/rcmcp"
    else
      ln -sf "$program" "$target/rcmcp"
    fi
    echo "rcmcp: installed $target/rcmcp -> $program" >&2
    case ":$PATH:" in *":$target:"*) ;; *) echo "rcmcp: add $target to PATH to use the rcmcp command" >&2 ;; esac
    exit 0
    ;;
esac

up_to_date "$(sources_hash)" || build
program="$(built_program)"
args=("$@")
# No keys: the sandbox. The server itself decides, after reading its options and environment (--api-key=K included).
# --version and --help stand alone.
case " ${args[*]-} " in
  *" --sandbox-when-no-keys "* | *" --version "* | *" --help "* | *" -h "* | *" -? "*) ;;
  *) args=(--sandbox-when-no-keys "${args[@]}") ;;
esac
if [[ "$program" == *.dll ]]; then exec dotnet "$program" "${args[@]}"; fi
exec "$program" "${args[@]}"
