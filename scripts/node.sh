#!/bin/sh
# Runs Node.js >= 22 with the given arguments: the machine's own when it is new enough, otherwise a
# private copy installed once from the npm registry's node-<platform>-<arch> package (a plain binary
# package, no install scripts) into .tools/node. Used by the npm scripts and by .ci/run, so that
# `npm ci && npm run demo` and `npm test` work on a machine whose Node.js is older.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
want_major=22
pin=${AZURE_REDIS_ENTRA_NODE_VERSION:-24}
if command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge "$want_major" ]; then exec node "$@"; fi
fi
private="$root/.tools/node/node_modules/.bin/node"
if [ ! -x "$private" ]; then
  plat=$(node -p 'process.platform + "-" + process.arch' 2>/dev/null || echo linux-x64)
  echo "scripts/node.sh: Node.js $want_major+ not found; installing node-$plat@$pin from the npm registry into .tools/node" >&2
  npm install --prefix "$root/.tools/node" --no-save --no-audit --no-fund --loglevel=error "node-$plat@$pin" >&2
fi
exec "$private" "$@"
