/**
 * The test tree's one convention: a test that needs a real redis-server is named `*.server.test.ts`,
 * and tests under test/package need the built package (`npm run build`). `npm run test:unit` runs
 * everything else, found by glob, so a new test joins it without anyone keeping a list. This test
 * catches a server test that lost its suffix (it would make test:unit need redis-server).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { globSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** What a test file does when it starts redis-server, directly or through a helper that does. */
const STARTS_A_SERVER = [
  /\bstartLocalEntraRedis\b/,
  /\bstartLocalMigration\b/,
  /\bdefineMigrationScenario\(/, // test/testing/migration-kit.ts starts a local migration per client kind
  /from "(?:\.\.?\/)+integration\.ts"/,
  /from "(?:\.\.?\/)+scenarios\.ts"/,
  /from "\.\/[a-z-]*recipe[a-z-]*\.ts"/, // test/client/recipes: recipe-kit.ts starts the gateway
  /\bfaultMatrix\(/, // test/client/faults: faultMatrix (matrix.ts, through kit.ts) starts a gateway per client kind
  /spawn\(\s*"redis-server"/,
  /\bnew RedisServerProcess\(/,
  /runCli\(\s*\[\s*"local"/,
];

function testFiles(): string[] {
  return globSync("test/**/*.test.ts", { cwd: root }).sort();
}

test("every test that starts a redis-server is named *.server.test.ts", () => {
  // test/package is outside test:unit anyway (it needs the build), and its installed-copy tests name
  // the testing kit in code they run elsewhere.
  const misnamed = testFiles().filter(
    (f) =>
      !f.endsWith(".server.test.ts") &&
      !f.startsWith("test/package/") &&
      STARTS_A_SERVER.some((marker) => marker.test(readFileSync(join(root, f), "utf8"))),
  );
  assert.deepEqual(misnamed, [], "rename these to *.server.test.ts");
});

test("the markers recognise the server tests we have (so the check above can fail)", () => {
  const server = testFiles().filter((f) => f.endsWith(".server.test.ts"));
  assert.ok(server.length >= 10, `only ${server.length} server tests found`);
  const unrecognised = server.filter(
    (f) =>
      !STARTS_A_SERVER.some((marker) => marker.test(readFileSync(join(root, f), "utf8"))) &&
      !f.startsWith("test/cli/"),
  );
  assert.deepEqual(unrecognised, [], "server tests the markers don't recognise");
});

test("test:unit is derived from the tree: the same files as the glob minus server and package tests", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts["test:unit"];
  const patterns = [...script.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  assert.ok(
    patterns.length > 0 && !/\.test\.ts\s/.test(script.replace(/"[^"]+"/g, "")),
    "test:unit lists files by hand",
  );
  const unit = new Set(patterns.flatMap((p) => globSync(p, { cwd: root })));
  const expected = testFiles().filter(
    (f) => !f.endsWith(".server.test.ts") && !f.startsWith("test/package/"),
  );
  assert.deepEqual([...unit].sort(), expected);
});
