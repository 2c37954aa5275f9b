/**
 * Loaded into every Node.js process the test runner starts (scripts/run-tests.ts appends
 * `--import=<this file>` to NODE_OPTIONS, so the processes those start load it too). In a unit test
 * (a process whose main script is a `*.test.*` file outside test/server/) it puts
 * test/support/unit-tests-must-not-start-redis-server/ first on PATH: the `redis-server` there says
 * that unit tests must not start redis-server and exits 1. findRedisServer (the testing kit, the
 * CLI's `local` and `demo`) reads PATH when it is called and runs `redis-server --version`, so a test
 * that starts a server from the wrong directory fails loudly instead of needing redis-server in
 * `npm run test:unit`; everything the test starts (CLI runs, programs) inherits the PATH. Tests
 * under test/server/ are left as they are, and so is a redis-server given by path.
 *
 * Plain JavaScript with node: built-ins only: it loads on every Node.js the tests start (22.15, and
 * the older 20 that test/server/cli/node-version.test.ts runs).
 */
import { realpathSync } from "node:fs";
import process from "node:process";
import { delimiter, dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const support = dirname(fileURLToPath(import.meta.url));
const shims = join(support, "unit-tests-must-not-start-redis-server");
const main = process.argv[1];

/** Whether `file` lies inside `dir` (both real paths: the repository may sit behind a symlink). */
function inside(file, dir) {
  const rel = relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

if (main && /\.test\.[^/\\]+$/.test(main)) {
  let file = main;
  let server = join(dirname(support), "server");
  try {
    file = realpathSync(main);
    server = realpathSync(server);
  } catch {}
  const path = process.env.PATH ?? "";
  if (!inside(file, server) && !path.split(delimiter).includes(shims)) {
    process.env.PATH = path ? shims + delimiter + path : shims;
  }
}
