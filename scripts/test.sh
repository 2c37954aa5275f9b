#!/bin/sh
# `npm test`: the type check (`npm run typecheck`), dist/ (built when it is older than its sources:
# `npm ci` built it through `prepare`, so CI builds once), and every test under test/ with Node's test
# runner.
#
# The type check runs beside the tests, and the runner runs TEST_CONCURRENCY files at once (default
# 4; Node's own default is one less than the cores): the server tests mostly wait on timers and
# sockets, so on 2 cores 4 files at a time keep the machine busy (bench/README.md, "Test suite").
# scripts/run-tests.ts starts the longest files first (scripts/test-durations.json); with arguments
# (runner flags, files), `node --test` runs instead, with them after "test/**/*.test.ts". Either way
# every test process loads test/support/unit-guard.mjs: redis-server fails in a test file outside
# test/server/ (tests that start one live there; `npm run test:unit` runs the others). Every process
# shares V8's compile cache (NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off): the tests
# start the CLI, Pulumi's SDK and TypeScript hundreds of times.
set -u
cd "$(dirname "$0")/.."
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-${TMPDIR:-/tmp}/node-compile-cache}"
sh scripts/build-if-stale.sh || exit 1
# SKIP_TYPECHECK=1 leaves the type check to the caller: .ci/run, whose lint step type-checks the same
# program (tsconfig.json) in the process that lints it (scripts/typecheck-and-lint.ts).
typecheck=
if [ "${SKIP_TYPECHECK:-0}" != 1 ]; then
  npm run --silent typecheck &
  typecheck=$!
fi
if [ $# -eq 0 ]; then
  sh scripts/node.sh scripts/run-tests.ts
else
  # The same unit-test guard as the runner's (scripts/test-files.ts): NODE_OPTIONS, appended.
  NODE_OPTIONS=$(sh scripts/node.sh --input-type=module -e \
    'import { testEnv } from "./scripts/test-files.ts"; process.stdout.write(testEnv(process.env).NODE_OPTIONS ?? "")') || exit 1
  export NODE_OPTIONS
  sh scripts/node.sh --test --test-concurrency="${TEST_CONCURRENCY:-4}" --test-timeout=240000 \
    "test/**/*.test.ts" "$@"
fi
tests=$?
if [ -n "$typecheck" ] && ! wait "$typecheck"; then
  echo "npm test: the type check failed (npm run typecheck)" >&2
  exit 1
fi
exit "$tests"
