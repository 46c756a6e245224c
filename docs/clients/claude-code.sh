#!/bin/sh
# Registers RcMcp with Claude Code (user scope). Needs the rcmcp command: scripts/run.sh --install.
claude mcp add --scope user redis-cloud -- rcmcp --sandbox-when-no-keys
