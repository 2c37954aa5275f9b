/**
 * The tree decides what a test needs (scripts/test-files.ts): tests that start redis-server live
 * under test/server/, tests of the built package under test/package/, and `npm run test:unit` runs the
 * rest. What keeps a server test from hiding among the unit tests is the guard the runner loads into
 * every test process (test/support/unit-guard.mjs): in a test file outside test/server/, redis-server
 * fails. These tests run that guard for real: this file, outside test/server/, is the probe; its twin
 * test/server/scripts/unit-guard.test.ts shows the same probe under test/server/ finds redis-server.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isProbe, probe, runProbe } from "../support/guard-probe.ts";
import { allTestFiles, ROOT, testEnv, UNIT_GUARD_IMPORT } from "../../scripts/test-files.ts";

if (isProbe()) {
  probe();
} else {
  test("a test file outside test/server/ that calls findRedisServer() fails, saying why", () => {
    const r = runProbe(fileURLToPath(import.meta.url));
    assert.ok("error" in r.find, `findRedisServer() found ${JSON.stringify(r.find)}`);
    assert.match(
      r.find.error,
      /unit-tests-must-not-start-redis-server\/redis-server --version did not answer/,
    );
    assert.match(r.find.error, /unit tests must not start redis-server: .*belongs under test\/server\//);
    // What the test starts (the CLI's local or demo, a spawn of its own) gets the same PATH.
    assert.equal(r.spawn.status, 1);
    assert.match(r.spawn.stderr, /unit tests must not start redis-server/);
  });

  test("the runner's environment appends the guard to NODE_OPTIONS, once, keeping what was there", () => {
    assert.equal(testEnv({}).NODE_OPTIONS, UNIT_GUARD_IMPORT);
    assert.equal(
      testEnv({ NODE_OPTIONS: "--max-old-space-size=512" }).NODE_OPTIONS,
      `--max-old-space-size=512 ${UNIT_GUARD_IMPORT}`,
    );
    const once = testEnv({ NODE_OPTIONS: "--enable-source-maps" });
    assert.deepEqual(testEnv(once), once);
    assert.equal(testEnv({ PATH: "/bin" }).PATH, "/bin");
  });

  test("test:unit runs the tree minus test/server/ and test/package/", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.match(pkg.scripts["test:unit"], /scripts\/run-tests\.ts --unit$/);
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/run-tests.ts"), "--unit", "--list"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const listed = r.stdout.split("\n").filter(Boolean).sort();
    const all = allTestFiles();
    const expected = all.filter((f) => !f.startsWith("test/server/") && !f.startsWith("test/package/"));
    assert.deepEqual(listed, expected);
    // Both sides exist, so the difference is not vacuous.
    assert.ok(all.filter((f) => f.startsWith("test/server/")).length >= 50);
    assert.ok(all.some((f) => f.startsWith("test/package/")));
  });
}
