/**
 * The unit-test guard's other side (test/scripts/unit-guard.test.ts): a test file under
 * test/server/, run with the runner's environment, finds the real redis-server. Needs redis-server.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { isProbe, probe, runProbe } from "../../support/guard-probe.ts";

if (isProbe()) {
  probe();
} else {
  test("a test file under test/server/ that calls findRedisServer() gets the real redis-server", () => {
    const r = runProbe(fileURLToPath(import.meta.url));
    assert.ok("path" in r.find, JSON.stringify(r.find));
    assert.doesNotMatch(r.find.path, /unit-tests-must-not-start-redis-server/);
    assert.equal(r.spawn.status, 0, r.spawn.stderr);
    assert.match(r.spawn.stdout, /v=\d+\.\d+/);
  });
}
