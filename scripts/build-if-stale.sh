#!/bin/sh
# Builds dist/ (`npm run build`) unless it is newer than everything it is built from. Used by the
# lifecycle scripts: `prepack` (npm pack / npm publish: the tarball ships dist/, so a consumer's
# install runs no script) and `prepare` (npm ci in a clone, and a git install, e.g. the one
# `pulumi package add` does, whose fresh clone has no dist/).
set -eu
cd "$(dirname "$0")/.."
stamp=dist/.built
if [ -f "$stamp" ]; then
  newer=$(find src scripts/rewrite-declaration-imports.ts scripts/analyzer-sources.ts tsconfig.base.json tsconfig.build.json \
    tsconfig.cjs.json package.json -newer "$stamp" -type f 2>/dev/null | head -n 1)
  if [ -z "$newer" ]; then
    echo "dist/ is up to date (npm run build rebuilds it)" >&2
    exit 0
  fi
  echo "dist/ is older than $newer: rebuilding" >&2
fi
npm run build >&2
