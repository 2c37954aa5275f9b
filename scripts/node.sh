#!/bin/sh
# Runs Node.js with the given arguments.
#
#   sh scripts/node.sh <args...>           a Node.js that runs this repository's TypeScript sources
#                                          (22.18+): the machine's own when it is new enough, otherwise
#                                          a private Node.js 24 (AZURE_REDIS_ENTRA_NODE_VERSION)
#   sh scripts/node.sh @<version> <args...> exactly that Node.js (e.g. @22.15.0, @26): the CI matrix
#
# A private copy is installed once from the npm registry's node-<platform>-<arch> package (a plain
# binary package, no install scripts) into .tools/. Its folder goes first on PATH for everything it
# starts, so `#!/usr/bin/env node` scripts and npm run under the same Node.js: `npm ci && npm run
# demo` and `npm test` pass whatever `node` the machine has first on PATH (.ci/run runs them so).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# The oldest Node.js that runs the sources (type stripping on by default).
want=22.18.0

# Installs node-<platform>-<arch>@<spec> into .tools/<dir> (once) and prints the binary's path.
private_node() {
  dir="$root/.tools/$2"
  bin="$dir/node_modules/.bin/node"
  if [ ! -x "$bin" ]; then
    plat=$(node -p 'process.platform + "-" + process.arch' 2>/dev/null || echo linux-x64)
    echo "scripts/node.sh: installing node-$plat@$1 from the npm registry into .tools/$2" >&2
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-$plat@$1" >&2
  fi
  echo "$bin"
}

# 1 when version $1 (e.g. v22.15.0) is at least $2.
at_least() {
  printf '%s\n%s\n' "$2" "${1#v}" | sort -t. -k1,1n -k2,2n -k3,3n -C && echo 1 || echo 0
}

case "${1:-}" in
  @*)
    spec=${1#@}
    shift
    dir=node-$spec
    # The default pin shares .tools/node with the no-version case.
    [ "$spec" = "${AZURE_REDIS_ENTRA_NODE_VERSION:-24}" ] && dir=node
    bin=$(private_node "$spec" "$dir")
    ;;
  *)
    if command -v node >/dev/null 2>&1 &&
      [ "$(at_least "$(node -p process.version 2>/dev/null || echo 0)" "$want")" = 1 ]; then
      exec node "$@"
    fi
    # .tools/node: where earlier versions of this script put it.
    bin=$(private_node "${AZURE_REDIS_ENTRA_NODE_VERSION:-24}" node)
    ;;
esac
PATH="$(dirname "$bin"):$PATH"
export PATH
exec "$bin" "$@"
